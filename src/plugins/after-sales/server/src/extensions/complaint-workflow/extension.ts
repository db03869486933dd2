import type { ExtensionContext } from '../../extension-api';
import { setComplaintWorkflowContext } from './state';

/**
 * The departments approving a serious complaint's plan are a setting (`seriousPlanApprovers`,
 * read by the workflow engine through the approval's `departmentsSetting`): a save naming a
 * department that does not exist is refused, naming the setting and the first unknown code.
 * While active, its routes serve the complaint archive lists (archive.ts). A complaint marked as a
 * duplicate (`mark-duplicate`, as merging duplicate cases does) must name another existing complaint.
 */
export const activate = (context: ExtensionContext) => {
  const api = context.getApi(1);
  setComplaintWorkflowContext({ api, strapi: context.strapi });
  context.subscriptions.push(
    { dispose: () => setComplaintWorkflowContext(null) },
    api.actions.registerGuard('after-sales.complaint.original-exists', async ({ strapi, data, record }) => {
      const reference = String(data.duplicateOf ?? record.duplicateOf ?? '');
      if (reference === record.reference) return { field: 'duplicateOf', message: 'cannot be the item itself' };
      const original = await strapi.db.query('api::complaint.complaint').findOne({ where: { reference }, select: ['id'] });
      if (!original) return { field: 'duplicateOf', message: `no complaint with reference ${reference}` };
    }),
    api.configuration.check(async (values) => {
      if (!Array.isArray(values.seriousPlanApprovers)) return [];
      const known = new Set(((await context.strapi.db.query('api::department.department').findMany({ select: ['code'] })) as { code: string }[]).map((d) => d.code));
      const unknown = (values.seriousPlanApprovers as string[]).find((code) => !known.has(code));
      return unknown === undefined ? [] : [{ key: 'seriousPlanApprovers', message: `no department "${unknown}"` }];
    })
  );
};
