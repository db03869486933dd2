import type { ExtensionContext } from '../../extension-api';

/** Clocks on intake (the intake API) and on every action of the workflows with an SLA policy (any item kind that declares clocks). */
export const activate = (context: ExtensionContext) => {
  const plugin = context.strapi.plugin('after-sales');
  const sla = plugin.service('sla');
  const onTransition = ({ workflow, transition, record, changes, from, to, now }: Parameters<Parameters<typeof context.actions.registerEffect>[1]>[0]) =>
    sla.clocksOnTransition({ workflow, action: transition.id, record, changes, from, to, at: now });
  context.subscriptions.push(
    plugin.service('intake').onPrepare(({ uid, data, now }: { uid: string; data: Record<string, unknown>; now: Date }) => sla.startClocksOnIntake(uid, data, now)),
    // One effect on every action of every workflow: the clocks run where the item kind declares
    // clocks and an active policy names them (a workflow without one is left alone).
    context.actions.registerEffect('after-sales.sla.clocks', onTransition)
  );
};
