import type { ActionInvocation, ExtensionContext } from '../../extension-api';
import { CONTENT_TYPES } from '../../constants';
import { slaOf } from '../../services/sla';
import { startSlaClocksOnCreate } from './start-clocks';

/**
 * Clocks on intake (the intake API), on items created in the Content Manager or the REST API (a
 * document hook), and on every action of the workflows with an SLA policy.
 */
export const activate = (context: ExtensionContext) => {
  const { strapi } = context;
  const api = context.getApi(1);
  const sla = slaOf(strapi);
  const onTransition = ({ workflow, transition, record, changes, from, to, now }: ActionInvocation) =>
    sla.clocksOnTransition({ workflow, action: transition.id, record, changes, from, to, at: now });
  context.subscriptions.push(
    api.intake.onPrepare(({ uid, data, now }) => sla.startClocksOnIntake(uid, data, now)),
    api.documents.use([CONTENT_TYPES.feedback, CONTENT_TYPES.complaint, CONTENT_TYPES.serviceRecord, CONTENT_TYPES.improvementRecord], startSlaClocksOnCreate(strapi)),
    api.actions.registerEffect('after-sales.sla.feedback-clocks', onTransition),
    api.actions.registerEffect('after-sales.sla.complaint-clocks', onTransition),
    api.actions.registerEffect('after-sales.sla.service-record-clocks', onTransition)
  );
};
