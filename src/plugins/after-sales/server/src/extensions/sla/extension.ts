import { CONTENT_TYPES, type ActionInvocation, type ExtensionContext } from '../../extension-api';
import { slaHandle, slaServices } from './services';
import { staffMemberOf } from './sla';
import { startSlaClocksOnCreate } from './start-clocks';
import { calendarCoverageWidget } from '../../domain/sla/coverage-widget';
import { staffNoticeItem } from '../../domain/messages/variables';
import { languageOf } from '../../domain/notifications/kinds';
import { isoDateOf } from '../../domain/sla/local-date';
import { epochDayAt } from '../../domain/sla/zoned-time';
import { staffName } from '../../domain/staff/display-name';

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
    // A customer's contact added on the customer page completes the 客户反馈记录表 of their items
    // (the record clock checks `customer.phone|customer.email`): their running clocks are checked again.
    api.documents.use(CONTENT_TYPES.customer, async (ctx, next) => {
      const result = await next();
      const id = (result as { id?: unknown } | null)?.id;
      if (ctx.action === 'update' && typeof id === 'number') {
        try {
          await sla.clocksOnRelatedEdit(ctx.uid, id);
        } catch (error) {
          strapi.log.warn(`[after-sales.sla] clocks of customer ${id}'s items not checked again: ${(error as Error).message}`);
        }
      }
      return result;
    }),
    /** The calendars page's coverage warning on the dashboard too (60 days before the last listed date). */
    api.widgets.registerWidget('after-sales.sla.calendar-coverage', async () => {
      const calendars = await settings.listCalendars();
      const zone = calendars.find((row) => row.isDefault)?.calendar.timeZone ?? 'Asia/Shanghai';
      const today = isoDateOf(epochDayAt(zone, api.clock.now().getTime()));
      return calendarCoverageWidget(
        calendars.map((row) => ({ id: row.id, name: row.calendar.name, coverage: row.coverage })),
        today
      );
    }),
    api.events.onThreadEntry(async (entry) => {
      if (entry.kind !== 'reply') return;
      await sla.clocksOnEvent(entry.contentType, entry.documentId, { kind: 'reply' }, new Date(entry.createdAt));
    }),
    /**
     * The survey went unanswered (004 二(五): callback by phone or questionnaire): the agent owes the
     * customer a call. An internal note on the conversation and a message to the assignee (to the
     * department head when nobody is assigned), both the template `escalation.phone-callback` (editable
     * in the template editor) in the recipient's admin language; the item stays in the agent's overdue queue until the call is logged or the survey answered.
     */
    api.escalation.registerStep('queue-phone-callback', async ({ contentType, record, level, at }) => {
      const field = api.itemKinds.get(contentType)?.assigneeField;
      const assignee = field ? staffMemberOf(record[field]) : null;
      // Nobody owns the item (never assigned, or the agent's account was removed): the call is owed all the same, so the
      // department head is asked to make it or hand it on.
      const owner = assignee ?? (await sla.departmentHeadOf(record));
      const who = staffName(owner);
      const locale = languageOf(typeof owner?.preferedLanguage === 'string' ? owner.preferedLanguage : null);
      const templateKey = 'escalation.phone-callback';
      const item = staffNoticeItem(record);
      let rendered: { subject: string; text: string } | null = null;
      let error: string | null = null;
      try {
        rendered = await api.templates.render({
          key: templateKey,
          locale,
          variables: { item, staff: { name: who ?? '' }, sla: { clock: level.clock, clockTitle: level.clock, level: level.level, dueAt: new Date(level.at).toISOString() } },
        });
        if (!rendered) error = `no template "${templateKey}"`;
      } catch (failure) {
        error = `rendering failed: ${(failure as Error).message}`;
      }
      await api.thread.append({
        contentType,
        documentId: record.documentId,
        reference: record.reference ?? null,
        kind: 'note',
        visibility: 'internal',
        channel: 'phone',
        author: { kind: 'system', id: null, name: 'SLA' },
        // The callback is owed whether or not the template could be filled in.
        bodyText: rendered?.text.trim() ?? `Phone callback due (${record.reference}): the survey was not answered (${templateKey}: ${error}).`,
        at,
      });
      await api.outbox.enqueue({
        dedupeKey: `sla:${record.documentId}:${level.clock}:${level.level}:phone-callback`,
        contentType,
        documentId: record.documentId,
        reference: record.reference ?? null,
        templateKey,
        channel: 'email',
        locale,
        recipient: owner?.email ?? null,
        subject: rendered?.subject ?? null,
        bodyText: rendered?.text ?? null,
        bodyHtml: null,
        trigger: `sla.${level.level}`,
        ...(owner?.email ? (error ? { status: 'failed' as const, error } : {}) : { status: 'failed' as const, error: 'no assignee and no department head to notify' }),
      });
      if (!owner) return { note: 'phone callback queued for nobody (no assignee, no department head)' };
      return { note: `phone callback queued for ${who ?? 'staff'}${assignee ? '' : ' (department head: the item has no assignee)'}` };
    })
  );
};
