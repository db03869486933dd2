import type { Core } from '@strapi/strapi';
import { DEFAULT_CALENDAR } from '../domain/sla/default-calendar';
import { businessTimeBetween, addBusinessTime } from '../domain/sla/business-time';
import type { BusinessCalendar } from '../domain/sla/calendar';
import { CALLBACK_AFTER_RESOLUTION, COMPLAINT_INTAKE_CLOCKS, FEEDBACK_INTAKE_CLOCKS, NEEDS_RND_RESPONSE, ROOT_CAUSE, intakeDueDates } from '../domain/sla/policies';
import { dueAt } from '../domain/sla/target';
import { CONTENT_TYPES, TABLES } from '../constants';
import { getService } from '../utils/get-service';

const DUE_FIELDS: Record<string, [string, string][]> = {
  [CONTENT_TYPES.feedback]: [['acknowledgeBy', 'acknowledgedAt'], ['respondBy', 'acknowledgedAt'], ['rootCauseBy', 'rootCause'], ['resolveBy', 'resolvedAt'], ['callbackBy', 'closedAt']],
  [CONTENT_TYPES.complaint]: [['respondBy', 'acknowledgeBy'], ['resolveBy', 'closedAt']],
  [CONTENT_TYPES.serviceRecord]: [['archiveBy', 'archivedAt']],
};

/**
 * SLA clocks on the business calendar: due dates when an item is received, chained dates when it
 * moves on (root cause after triage, callback after resolution), and the resolve clock paused while
 * the item waits for the customer or parts.
 */
const AT_RISK_FRACTION = 0.8;
const SEVERITY_UP: Record<string, string> = { suggestion: 'general', general: 'important', important: 'urgent' };

/** The escalation levels of a feedback item's running clocks: at risk (80% used) and breached. */
export interface EscalationLevel {
  clock: string;
  level: 'at-risk' | 'breached';
  at: number;
  steps: string[];
}

const sla = ({ strapi }: { strapi: Core.Strapi }) => {
  const calendar = (): BusinessCalendar => DEFAULT_CALENDAR;
  const now = () => getService(strapi, 'clock').now();
  const isPostgres = () => strapi.db.dialect.client === 'postgres';
  const dbTime = (date: Date) => (isPostgres() ? date.toISOString() : date.getTime());
  const time = (value: unknown) => (value === null || value === undefined || value === '' ? null : new Date(value as string).getTime());

  const escalationLevels = (record: Record<string, any>): EscalationLevel[] => {
    const created = time(record.createdAt);
    const clocks: [string, number | null, number | null, boolean][] = [
      ['acknowledgeBy', created, time(record.acknowledgeBy), !record.acknowledgedAt],
      ['resolveBy', created, time(record.resolveBy), !record.resolvedAt && !record.slaPausedAt],
      ['callbackBy', time(record.resolvedAt), time(record.callbackBy), !!record.resolvedAt && !record.closedAt],
    ];
    const levels: EscalationLevel[] = [];
    for (const [clock, start, due, running] of clocks) {
      if (!running || start === null || due === null || ['closed', 'duplicate', 'rejected'].includes(record.state)) continue;
      const budget = businessTimeBetween(calendar(), new Date(start), new Date(due));
      const riskAt = budget > 0 ? addBusinessTime(calendar(), new Date(start), budget * AT_RISK_FRACTION).getTime() : due;
      levels.push({ clock, level: 'at-risk', at: Math.min(riskAt, due), steps: ['notify-assignee'] });
      levels.push({ clock, level: 'breached', at: due, steps: clock === 'resolveBy' ? ['notify-head', 'raise-severity'] : ['notify-head'] });
    }
    return levels;
  };

  const nextEscalationAt = (record: Record<string, any>, done: Set<string>) => {
    const pending = escalationLevels(record).filter((l) => !l.steps.every((step) => done.has(`${l.clock}:${l.level}:${step}`)));
    const next = pending.reduce<number | null>((min, l) => (min === null || l.at < min ? l.at : min), null);
    return next === null ? null : new Date(next).toISOString();
  };

  const staffName = (user: any) => [user?.firstname, user?.lastname].filter(Boolean).join(' ') || user?.email || 'staff';

  const performStep = async (trx: any, record: Record<string, any>, level: EscalationLevel, step: string, at: Date) => {
    const subject = `[SLA] ${record.reference}: ${level.clock} ${level.level === 'breached' ? 'breached / 已超时' : 'at risk / 即将超时'}`;
    const body = `${record.reference} — ${level.clock} ${new Date(level.at).toISOString()} (${level.level}).\n${record.symptom ?? ''}`;
    const notify = async (user: any, who: string) => {
      await getService(strapi, 'outbox').enqueue({
        dedupeKey: `sla:${record.documentId}:${level.clock}:${level.level}:${step}`,
        contentType: CONTENT_TYPES.feedback,
        documentId: record.documentId,
        reference: record.reference,
        templateKey: `staff.sla-${level.level}`,
        channel: 'email',
        locale: 'zh-Hans',
        recipient: user?.email ?? null,
        subject,
        bodyText: body,
        bodyHtml: null,
        trigger: `sla.${level.level}`,
        ...(user?.email ? {} : { status: 'failed' as const, error: `no ${who} to notify` }),
      });
    };
    let note = '';
    if (step === 'notify-assignee') {
      await notify(record.assignee, 'assignee');
      note = `notified assignee ${staffName(record.assignee)}`;
    } else if (step === 'notify-head') {
      const department = record.department?.id ? await strapi.db.query(CONTENT_TYPES.department).findOne({ where: { id: record.department.id }, populate: { head: true } }) : null;
      await notify(department?.head, 'department head');
      note = `notified department head ${staffName(department?.head)}`;
    } else if (step === 'raise-severity') {
      const raised = SEVERITY_UP[record.severity ?? 'general'];
      if (!raised) return;
      await trx('feedbacks').where({ document_id: record.documentId }).update({ severity: raised, version: trx.raw('version + 1') });
      note = `severity raised from ${record.severity ?? 'none'} to ${raised}`;
    }
    await trx(TABLES.auditEvents).insert({
      content_type: CONTENT_TYPES.feedback,
      document_id: record.documentId,
      reference: record.reference,
      action: 'escalate',
      from_state: record.state,
      to_state: record.state,
      actor_kind: 'system',
      actor_id: null,
      actor_name: 'SLA',
      note: `${level.clock} ${level.level}: ${note}`,
      changed_fields: JSON.stringify(step === 'raise-severity' ? ['severity'] : []),
      version: null,
      created_at: at.toISOString(),
    });
  };

  return {
    escalationLevels,
    nextEscalationAt,

    /**
     * One sweep: the feedback items whose next escalation is due (read through the index on
     * next_escalation_at), claimed with FOR UPDATE SKIP LOCKED on PostgreSQL, each step recorded
     * once per item, clock and level by a unique marker row. SQLite assumes a single instance.
     */
    async sweep(limit = 200) {
      const at = now();
      const result = { items: 0, steps: 0 };
      await strapi.db.transaction(async ({ trx }) => {
        const due = trx('feedbacks').select('document_id').where('next_escalation_at', '<=', dbTime(at)).orderBy('next_escalation_at').limit(limit);
        if (isPostgres()) due.forUpdate().skipLocked();
        for (const { document_id: documentId } of await due) {
          result.items += 1;
          const record = await strapi.db.query(CONTENT_TYPES.feedback).findOne({ where: { documentId }, populate: { assignee: true, department: { select: ['id', 'code'] } } });
          const done = new Set<string>((await trx(TABLES.escalations).where({ content_type: CONTENT_TYPES.feedback, document_id: documentId }).select('clock', 'level', 'step')).map((m: any) => `${m.clock}:${m.level}:${m.step}`));
          for (const level of escalationLevels(record).filter((l) => l.at <= at.getTime())) {
            for (const step of level.steps) {
              const key = `${level.clock}:${level.level}:${step}`;
              if (done.has(key)) continue;
              const inserted = await trx.raw(
                `INSERT INTO ${TABLES.escalations} (content_type, document_id, clock, level, step, instance, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (content_type, document_id, clock, level, step) DO NOTHING RETURNING id`,
                [CONTENT_TYPES.feedback, documentId, level.clock, level.level, step, `${process.pid}`, at.toISOString()]
              );
              done.add(key);
              if ((Array.isArray(inserted) ? inserted : inserted.rows).length === 0) continue;
              await performStep(trx, record, level, step, at);
              result.steps += 1;
            }
          }
          const fresh = await strapi.db.query(CONTENT_TYPES.feedback).findOne({ where: { documentId } });
          await trx('feedbacks').where({ document_id: documentId }).update({ next_escalation_at: (() => { const n = nextEscalationAt(fresh, done); return n === null ? null : dbTime(new Date(n)); })() });
        }
      });
      return result;
    },

    calendar,
    intakeDueDates(uid: string, data: Record<string, any>, receivedAt: Date): Record<string, unknown> {
      if (uid === CONTENT_TYPES.feedback) {
        const due = intakeDueDates(calendar(), FEEDBACK_INTAKE_CLOCKS, data.severity, receivedAt);
        return { ...due, nextEscalationAt: nextEscalationAt({ ...data, ...due, createdAt: receivedAt.toISOString(), state: 'received' }, new Set()) };
      }
      if (uid === CONTENT_TYPES.complaint) return intakeDueDates(calendar(), COMPLAINT_INTAKE_CLOCKS, data.seriousness, receivedAt);
      return {};
    },

    /** Due-date changes of a feedback transition, with the item's next escalation time. */
    transitionDueDates(action: string, record: Record<string, any>, changes: Record<string, any>, at: Date, to?: string): Record<string, unknown> {
      const due = this.dueDateChanges(action, record, changes, at);
      return { ...due, nextEscalationAt: nextEscalationAt({ ...record, ...changes, ...due, state: to ?? record.state }, new Set()) };
    },

    dueDateChanges(action: string, record: Record<string, any>, changes: Record<string, any>, at: Date): Record<string, unknown> {
      const merged = { ...record, ...changes };
      if (action === 'triage') {
        const result: Record<string, unknown> = { ...intakeDueDates(calendar(), FEEDBACK_INTAKE_CLOCKS.filter((c) => c.field === 'resolveBy'), merged.severity, new Date(record.createdAt)) };
        if (merged.needsRnd) result.rootCauseBy = dueAt(calendar(), at, ROOT_CAUSE).toISOString();
        if (merged.needsRnd && !record.acknowledgedAt) result.respondBy = dueAt(calendar(), new Date(record.createdAt), NEEDS_RND_RESPONSE).toISOString();
        return result;
      }
      if (action === 'wait') return { slaPausedAt: at.toISOString() };
      if (action === 'resume' && record.slaPausedAt && record.resolveBy) {
        const paused = businessTimeBetween(calendar(), new Date(record.slaPausedAt), at);
        return { slaPausedAt: null, resolveBy: addBusinessTime(calendar(), new Date(record.resolveBy), Math.max(0, paused)).toISOString() };
      }
      if (action === 'resolve') return { callbackBy: dueAt(calendar(), at, CALLBACK_AFTER_RESOLUTION).toISOString() };
      if ((action === 'reopen' || action === 'record-satisfaction') && changes.reopenCount !== undefined && changes.reopenCount !== record.reopenCount) {
        return { ...intakeDueDates(calendar(), FEEDBACK_INTAKE_CLOCKS.filter((c) => c.field === 'resolveBy'), merged.severity, at), callbackBy: null };
      }
      return {};
    },

    /** Running clocks of a record with the working time left (negative when breached). */
    clocks(uid: string, record: Record<string, any>) {
      const at = now();
      return (DUE_FIELDS[uid] ?? [])
        .filter(([due, done]) => record[due] && (record[done] === null || record[done] === undefined || record[done] === ''))
        .map(([due]) => {
          const dueDate = new Date(record[due]);
          const paused = due === 'resolveBy' && record.slaPausedAt;
          return { clock: due, dueAt: dueDate.toISOString(), paused: !!paused, remainingWorkingMs: businessTimeBetween(calendar(), paused ? new Date(record.slaPausedAt) : at, dueDate) };
        });
    },
  };
};

export default sla;
