import type { ExtensionContext } from '../../extension-api';
import { createFieldActions, type FieldActions } from './field-actions';

let active: FieldActions | null = null;
/** The running extension's service (null while it is disabled): for its controller. */
export const activeFieldActions = () => active;

export const activate = (context: ExtensionContext) => {
  const api = context.getApi(1);
  const service = createFieldActions(context.strapi, api);
  active = service;
  context.subscriptions.push(
    {
      dispose: () => {
        if (active === service) active = null;
      },
    },
    // A completed service record of a field action settles its unit as done, in the completion's transaction.
    api.actions.registerAfter('after-sales.field-actions.unit-done', async ({ record }) => {
      await service.serviceRecordCompleted(String(record.documentId), (record.reference as string | null) ?? null);
    })
  );
};
