import type { ActionInvocation, ExtensionContext } from '../../extension-api';
import { slaHandle, slaServices } from './services';
import { startSlaClocksOnCreate } from './start-clocks';

/**
 * Clocks on intake (the intake API), on items created or edited in the Content Manager or the REST
 * API (a document hook on every item kind that declares clocks), on every action of the workflows
 * with an SLA policy, and on every reply to a customer (a thread entry of kind `reply`: the promise
 * and the inform clocks stop on something the customer receives).
 */
export const register = (context: ExtensionContext) => slaHandle.bind(context);

export const activate = (context: ExtensionContext) => {
  const { strapi } = context;
  const api = context.getApi(1);
  const { sla, settings } = slaServices(strapi);
  sla.useTemplates(api.templates);
  context.subscriptions.push(
    { dispose: () => sla.useTemplates(null) },
    // Calendars and policies every extension contributes (their escalation steps registered by then), and clocks of items from before.
    api.events.onStartupFinished(async () => {
      await settings.seedFromContributions();
      await sla.backfillClocks();
    })
  );
  // The sweep: escalates what is due (one instance per interval; `AFTER_SALES_JOB_SLA_SWEEP=off`, or AFTER_SALES_SCHEDULER=off, switches it off here).
  if (strapi.config.get('plugin::after-sales.scheduler', true)) {
    context.subscriptions.push(api.jobs.schedule({ id: 'sla.sweep', intervalMs: strapi.config.get<number>('plugin::after-sales.sweepIntervalMs', 60_000), run: () => sla.sweep() }));
  }
  const onTransition = ({ workflow, transition, record, changes, from, to, now }: ActionInvocation) => sla.clocksOnTransition({ workflow, action: transition.id, record, changes, from, to, at: now });
  context.subscriptions.push(
    api.intake.onPrepare(({ uid, data, now }) => sla.startClocksOnIntake(uid, data, now)),
    api.documents.use(
      api.itemKinds
        .list()
        .filter((kind) => (kind.clocks?.length ?? 0) > 0)
        .map((kind) => kind.contentType),
      startSlaClocksOnCreate(strapi, api)
    ),
    // One effect on every action of every workflow: the clocks run where the item kind declares
    // clocks and an active policy names them (a workflow without one is left alone).
    api.actions.registerEffect('after-sales.sla.clocks', onTransition),
    api.events.onThreadEntry(async (entry) => {
      if (entry.kind !== 'reply') return;
      await sla.clocksOnEvent(entry.contentType, entry.documentId, { kind: 'reply' }, new Date(entry.createdAt));
    }),
    /**
     * The survey went unanswered (004 二(五): callback by phone or questionnaire): the agent owes the
     * customer a call. An internal note on the conversation and a message to the assignee; the item
     * stays in the agent's overdue queue until the call is logged or the survey answered.
     */
    api.escalation.registerStep('queue-phone-callback', async ({ contentType, record, level, at }) => {
      const field = api.itemKinds.get(contentType)?.assigneeField;
      const owner = field ? record[field] : null;
      const who = [owner?.firstname, owner?.lastname].filter(Boolean).join(' ') || owner?.email || null;
      const text = `电话回访:客户未回复满意度问卷,请致电客户并记录回访结果(${record.reference}). Phone callback: the survey was not answered; call the customer and log the outcome.`;
      await api.thread.append({
        contentType,
        documentId: record.documentId,
        reference: record.reference ?? null,
        kind: 'note',
        visibility: 'internal',
        channel: 'phone',
        author: { kind: 'system', id: null, name: 'SLA' },
        bodyText: text,
        at,
      });
      await api.outbox.enqueue({
        dedupeKey: `sla:${record.documentId}:${level.clock}:${level.level}:phone-callback`,
        contentType,
        documentId: record.documentId,
        reference: record.reference ?? null,
        templateKey: 'staff.sla-phone-callback',
        channel: 'email',
        locale: 'zh-Hans',
        recipient: owner?.email ?? null,
        subject: `[SLA] ${record.reference}: 请电话回访 / phone callback due`,
        bodyText: text,
        bodyHtml: null,
        trigger: `sla.${level.level}`,
        ...(owner?.email ? {} : { status: 'failed' as const, error: 'no assignee to notify' }),
      });
      return { note: `phone callback queued for ${who ?? 'nobody (no assignee)'}` };
    })
  );
};
