import type { ExtensionContext } from '../../extension-api';

/** Due dates on intake (REST, Content Manager and the intake API) and on feedback transitions. */
export const activate = (context: ExtensionContext) => {
  const plugin = context.strapi.plugin('after-sales');
  const sla = plugin.service('sla');
  context.subscriptions.push(
    plugin.service('intake').onPrepare(({ uid, data, now }: { uid: string; data: Record<string, unknown>; now: Date }) => sla.intakeDueDates(uid, data, now)),
    context.actions.registerEffect('after-sales.sla.feedback-clocks', ({ transition, record, changes, now, to }) => sla.transitionDueDates(transition.id, record, changes, now, to))
  );
};
