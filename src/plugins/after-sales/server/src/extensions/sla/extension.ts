import type { ActionInvocation, ExtensionContext } from '../../extension-api';
import { slaOf } from './sla';
import { startSlaClocksOnCreate } from './start-clocks';

/**
 * Clocks on intake (the intake API), on items created in the Content Manager or the REST API (a
 * document hook on every item kind that declares clocks), and on every action of the workflows with
 * an SLA policy.
 */
export const activate = (context: ExtensionContext) => {
  const { strapi } = context;
  const api = context.getApi(1);
  const sla = slaOf(strapi);
  const onTransition = ({ workflow, transition, record, changes, from, to, now }: ActionInvocation) => sla.clocksOnTransition({ workflow, action: transition.id, record, changes, from, to, at: now });
  context.subscriptions.push(
    api.intake.onPrepare(({ uid, data, now }) => sla.startClocksOnIntake(uid, data, now)),
    api.documents.use(
      api.itemKinds
        .list()
        .filter((kind) => (kind.clocks?.length ?? 0) > 0)
        .map((kind) => kind.contentType),
      startSlaClocksOnCreate(strapi)
    ),
    // One effect on every action of every workflow: the clocks run where the item kind declares
    // clocks and an active policy names them (a workflow without one is left alone).
    api.actions.registerEffect('after-sales.sla.clocks', onTransition)
  );
};
