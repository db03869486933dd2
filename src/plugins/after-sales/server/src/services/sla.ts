import type { Core } from '@strapi/strapi';
import { dbTime as storedTime } from '../utils/db-time';
import { DEFAULT_CALENDAR } from '../domain/sla/default-calendar';
import { businessDayMs, businessTimeBetween, addBusinessTime } from '../domain/sla/business-time';
import type { BusinessCalendar } from '../domain/sla/calendar';
import { BUILTIN_ESCALATION_STEPS, dueDatesFor, escalationFor, type ItemFacts, type SlaPolicy } from '../domain/sla/policies';
import { CONTENT_TYPES, TABLES } from '../constants';
import { getService } from '../utils/get-service';
import type { SlaSnapshot } from './sla-settings';

const DUE_FIELDS: Record<string, [string, string][]> = {
  [CONTENT_TYPES.feedback]: [['acknowledgeBy', 'acknowledgedAt'], ['respondBy', 'acknowledgedAt'], ['rootCauseBy', 'rootCause'], ['resolveBy', 'resolvedAt'], ['callbackBy', 'closedAt']],
  [CONTENT_TYPES.complaint]: [['respondBy', 'acknowledgeBy'], ['resolveBy', 'closedAt']],
  [CONTENT_TYPES.serviceRecord]: [['archiveBy', 'archivedAt']],
};
const WORKFLOW_OF: Record<string, string> = { [CONTENT_TYPES.feedback]: 'feedback', [CONTENT_TYPES.complaint]: 'complaint' };
const FEEDBACK_INTAKE_FIELDS = ['acknowledgeBy', 'respondBy', 'resolveBy'];
const COMPLAINT_INTAKE_FIELDS = ['respondBy', 'resolveBy'];

/**
 * SLA clocks on the business calendar: due dates when an item is received, chained dates when it
 * moves on (root cause after triage, callback after resolution), and the resolve clock paused while
 * the item waits for the customer or parts. Targets and the escalation chain come from the
 * workflow's active SLA policy, the calendar from the item's department (or the default calendar);
 * both are edited by administrators (sla-settings service).
 */
const SEVERITY_UP: Record<string, string> = { suggestion: 'general', general: 'important', important: 'urgent' };

/** One escalation level of a feedback item's running clock: reached at `at`, with its steps. */
export interface EscalationLevel {
  clock: string;
  level: string;
  at: number;
  steps: string[];
}

export interface EscalationStepContext {
  strapi: Core.Strapi;
  trx: any;
  record: Record<string, any>;
  level: EscalationLevel;
  at: Date;
}
/** Does the step; returns the note of its audit event (`changedFields` when it wrote the record). */
export type EscalationStep = (context: EscalationStepContext) => Promise<{ note: string; changedFields?: string[] }>;

const sla = ({ strapi }: { strapi: Core.Strapi }) => {
  const now = () => getService(strapi, 'clock').now();
  const isPostgres = () => strapi.db.dialect.client === 'postgres';
  const dbTime = (date: Date) => storedTime(strapi, date);
  const time = (value: unknown) => (value === null || value === undefined || value === '' ? null : new Date(value as string).getTime());
  const settings = (): Promise<SlaSnapshot> => getService(strapi, 'sla-settings').snapshot();

  /** The calendar of an item: its department's, else the default one (the built-in data if the table is empty). */
  const calendarOf = (snapshot: SlaSnapshot, departmentCode: string | null): BusinessCalendar => {
    const mapped = departmentCode ? snapshot.departmentCalendars.get(departmentCode) : undefined;
    return (mapped && snapshot.calendars.get(mapped)) || (snapshot.defaultCalendarId && snapshot.calendars.get(snapshot.defaultCalendarId)) || DEFAULT_CALENDAR;
  };
  const policyOf = (snapshot: SlaSnapshot, workflow: string): SlaPolicy | null => snapshot.policies.get(workflow) ?? null;

  /** A department given as id, documentId, populated relation or connect payload → its code. */
  const departmentCodeOf = async (value: unknown): Promise<string | null> => {
    if (value === null || value === undefined || value === '') return null;
    if (Array.isArray(value)) return departmentCodeOf(value[0]);
    if (typeof value === 'object') {
      const v = value as Record<string, unknown>;
      if (typeof v.code === 'string') return v.code;
      if (v.connect !== undefined) return departmentCodeOf(v.connect);
      if (v.set !== undefined) return departmentCodeOf(v.set);
      return departmentCodeOf(v.id ?? v.documentId);
    }
    const where = typeof value === 'number' || /^\d+$/.test(String(value)) ? { id: Number(value) } : { documentId: String(value) };
    const found = await strapi.db.query(CONTENT_TYPES.department).findOne({ where, select: ['code'] });
    return found?.code ?? null;
  };

  const facts = (record: Record<string, any>): ItemFacts => ({ severity: record.severity ?? record.seriousness ?? null, type: record.type ?? null, needsRnd: !!record.needsRnd });

  const escalationLevels = (record: Record<string, any>, calendar: BusinessCalendar, policy: SlaPolicy | null): EscalationLevel[] => {
    if (!policy) return [];
    const created = time(record.createdAt);
    const clocks: [string, number | null, number | null, boolean][] = [
      ['acknowledgeBy', created, time(record.acknowledgeBy), !record.acknowledgedAt],
      ['resolveBy', created, time(record.resolveBy), !record.resolvedAt && !record.slaPausedAt],
      ['callbackBy', time(record.resolvedAt), time(record.callbackBy), !!record.resolvedAt && !record.closedAt],
    ];
    const levels: EscalationLevel[] = [];
    for (const [clock, start, due, running] of clocks) {
      if (!running || start === null || due === null || ['closed', 'duplicate', 'rejected'].includes(record.state)) continue;
      const budget = businessTimeBetween(calendar, new Date(start), new Date(due));
      for (const rule of escalationFor(policy, clock)) {
        const at = rule.fraction === 1 || budget <= 0 ? due : addBusinessTime(calendar, new Date(start), budget * rule.fraction).getTime();
        levels.push({ clock, level: rule.level, at: rule.fraction < 1 ? Math.min(at, due) : Math.max(at, due), steps: rule.steps });
      }
    }
    return levels;
  };

  const nextEscalationAt = (record: Record<string, any>, done: Set<string>, calendar: BusinessCalendar, policy: SlaPolicy | null) => {
    const pending = escalationLevels(record, calendar, policy).filter((l) => !l.steps.every((step) => done.has(`${l.clock}:${l.level}:${step}`)));
    const next = pending.reduce<number | null>((min, l) => (min === null || l.at < min ? l.at : min), null);
    return next === null ? null : new Date(next).toISOString();
  };

  const staffName = (user: any) => [user?.firstname, user?.lastname].filter(Boolean).join(' ') || user?.email || 'staff';
  const headOf = async (record: Record<string, any>) =>
    record.department?.id ? (await strapi.db.query(CONTENT_TYPES.department).findOne({ where: { id: record.department.id }, populate: { head: true } }))?.head ?? null : null;

  const notify = async ({ record, level }: EscalationStepContext, step: string, user: any, who: string) => {
    const subject = `[SLA] ${record.reference}: ${level.clock} ${level.level === 'at-risk' ? 'at risk / 即将超时' : `${level.level} / 已超时`}`;
    const body = `${record.reference} — ${level.clock} ${new Date(level.at).toISOString()} (${level.level}).\n${record.symptom ?? ''}`;
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

  /** The escalation steps: the built-in four, and those extensions register. */
  const steps = new Map<string, EscalationStep>([
    [
      'notify-assignee',
      async (context) => {
        await notify(context, 'notify-assignee', context.record.assignee, 'assignee');
        return { note: `notified assignee ${staffName(context.record.assignee)}` };
      },
    ],
    [
      'notify-head',
      async (context) => {
        const head = await headOf(context.record);
        await notify(context, 'notify-head', head, 'department head');
        return { note: `notified department head ${staffName(head)}` };
      },
    ],
    [
      'raise-severity',
      async ({ trx, record }) => {
        const current = (await trx('feedbacks').where({ document_id: record.documentId }).first('severity'))?.severity ?? record.severity;
        const raised = SEVERITY_UP[current ?? 'general'];
        if (!raised) return { note: `severity already ${current}` };
        await trx('feedbacks').where({ document_id: record.documentId }).update({ severity: raised, version: trx.raw('version + 1') });
        return { note: `severity raised from ${current ?? 'none'} to ${raised}`, changedFields: ['severity'] };
      },
    ],
    [
      /** The item goes to its department head, who can hand it on: the assignee has not managed in time. */
      'reassign',
      async ({ trx, record }) => {
        const head = await headOf(record);
        if (!head) return { note: 'not reassigned: the department has no head' };
        if (head.id === record.assignee?.id) return { note: `not reassigned: the department head ${staffName(head)} is already the assignee` };
        await strapi.db.query(CONTENT_TYPES.feedback).update({ where: { id: record.id }, data: { assignee: head.id } });
        await trx('feedbacks').where({ document_id: record.documentId }).update({ version: trx.raw('version + 1') });
        return { note: `reassigned from ${record.assignee ? staffName(record.assignee) : 'nobody'} to department head ${staffName(head)}`, changedFields: ['assignee'] };
      },
    ],
  ]);

  const performStep = async (trx: any, record: Record<string, any>, level: EscalationLevel, step: string, at: Date) => {
    const run = steps.get(step);
    const outcome = run ? await run({ strapi, trx, record, level, at }) : { note: `step "${step}" is not available (its extension is not active)` };
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
      note: `${level.clock} ${level.level}: ${outcome.note}`,
      changed_fields: JSON.stringify(outcome.changedFields ?? []),
      version: null,
      created_at: at.toISOString(),
    });
  };

  return {
    escalationLevels,
    nextEscalationAt,
    departmentCodeOf,

    /** Ids of the escalation steps a policy may name on this instance. */
    escalationStepIds(): string[] {
      return [...new Set([...BUILTIN_ESCALATION_STEPS, ...steps.keys()])];
    },

    /** Adds an escalation step (for extensions); dispose to remove it. */
    registerEscalationStep(id: string, step: EscalationStep) {
      if (!/^[a-z][a-z0-9-]{0,39}$/.test(id)) throw new Error(`escalation step id "${id}" must be lower-case letters, digits and "-" (at most 40)`);
      if (steps.has(id)) throw new Error(`escalation step "${id}" is registered already`);
      steps.set(id, step);
      return { dispose: () => void steps.delete(id) };
    },

    /**
     * One sweep: the feedback items whose next escalation is due (read through the index on
     * next_escalation_at), claimed with FOR UPDATE SKIP LOCKED on PostgreSQL, each step recorded
     * once per item, clock and level by a unique marker row inserted in the same transaction as the
     * step. SQLite assumes a single instance.
     */
    async sweep(limit = 200) {
      const at = now();
      const result = { items: 0, steps: 0 };
      await strapi.db.transaction(async ({ trx }) => {
        const due = trx('feedbacks').select('document_id').where('next_escalation_at', '<=', dbTime(at)).orderBy('next_escalation_at').limit(limit);
        if (isPostgres()) due.forUpdate().skipLocked();
        const rows = await due;
        if (!rows.length) return;
        const snapshot = await settings();
        const policy = policyOf(snapshot, 'feedback');
        for (const { document_id: documentId } of rows) {
          result.items += 1;
          const record = await strapi.db.query(CONTENT_TYPES.feedback).findOne({ where: { documentId }, populate: { assignee: true, department: { select: ['id', 'code'] } } });
          const calendar = calendarOf(snapshot, record.department?.code ?? null);
          const done = new Set<string>((await trx(TABLES.escalations).where({ content_type: CONTENT_TYPES.feedback, document_id: documentId }).select('clock', 'level', 'step')).map((m: any) => `${m.clock}:${m.level}:${m.step}`));
          for (const level of escalationLevels(record, calendar, policy).filter((l) => l.at <= at.getTime()).sort((a, b) => a.at - b.at)) {
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
          const next = nextEscalationAt(fresh, done, calendar, policy);
          await trx('feedbacks').where({ document_id: documentId }).update({ next_escalation_at: next === null ? null : dbTime(new Date(next)) });
        }
      });
      return result;
    },

    /** The calendar an item's clocks run on (its department's, else the default). */
    async calendarFor(department: unknown): Promise<BusinessCalendar> {
      return calendarOf(await settings(), await departmentCodeOf(department));
    },

    async intakeDueDates(uid: string, data: Record<string, any>, receivedAt: Date): Promise<Record<string, unknown>> {
      const workflow = WORKFLOW_OF[uid];
      if (!workflow) return {};
      const snapshot = await settings();
      const policy = policyOf(snapshot, workflow);
      if (!policy) return {};
      const calendar = calendarOf(snapshot, await departmentCodeOf(data.department));
      const due = dueDatesFor(calendar, policy, workflow === 'feedback' ? FEEDBACK_INTAKE_FIELDS : COMPLAINT_INTAKE_FIELDS, facts(data), receivedAt);
      if (workflow !== 'feedback') return due;
      return { ...due, nextEscalationAt: nextEscalationAt({ ...data, ...due, createdAt: receivedAt.toISOString(), state: 'received' }, new Set(), calendar, policy) };
    },

    /** Due-date changes of a feedback transition, with the item's next escalation time. */
    async transitionDueDates(action: string, record: Record<string, any>, changes: Record<string, any>, at: Date, to?: string): Promise<Record<string, unknown>> {
      const snapshot = await settings();
      const policy = policyOf(snapshot, 'feedback');
      const calendar = calendarOf(snapshot, await departmentCodeOf(changes.department !== undefined ? changes.department : record.department));
      const due = this.dueDateChanges(action, record, changes, at, calendar, policy);
      return { ...due, nextEscalationAt: nextEscalationAt({ ...record, ...changes, ...due, state: to ?? record.state }, new Set(), calendar, policy) };
    },

    dueDateChanges(action: string, record: Record<string, any>, changes: Record<string, any>, at: Date, calendar: BusinessCalendar, policy: SlaPolicy | null): Record<string, unknown> {
      if (!policy) return action === 'wait' ? { slaPausedAt: at.toISOString() } : {};
      const merged = { ...record, ...changes };
      const itemFacts = facts(merged);
      if (action === 'triage') {
        const result: Record<string, unknown> = dueDatesFor(calendar, policy, ['resolveBy'], itemFacts, new Date(record.createdAt));
        if (merged.needsRnd) Object.assign(result, dueDatesFor(calendar, policy, ['rootCauseBy'], itemFacts, at));
        if (merged.needsRnd && !record.acknowledgedAt) Object.assign(result, dueDatesFor(calendar, policy, ['respondBy'], itemFacts, new Date(record.createdAt)));
        return result;
      }
      if (action === 'wait') return { slaPausedAt: at.toISOString() };
      if (action === 'resume' && record.slaPausedAt && record.resolveBy) {
        const paused = businessTimeBetween(calendar, new Date(record.slaPausedAt), at);
        return { slaPausedAt: null, resolveBy: addBusinessTime(calendar, new Date(record.resolveBy), Math.max(0, paused)).toISOString() };
      }
      if (action === 'resolve') return dueDatesFor(calendar, policy, ['callbackBy'], itemFacts, at);
      if ((action === 'reopen' || action === 'record-satisfaction') && changes.reopenCount !== undefined && changes.reopenCount !== record.reopenCount) {
        return { ...dueDatesFor(calendar, policy, ['resolveBy'], itemFacts, at), callbackBy: null };
      }
      return {};
    },

    /** Running clocks of a record with the working time left on its calendar (negative when breached). */
    async clocks(uid: string, record: Record<string, any>) {
      const at = now();
      const calendar = calendarOf(await settings(), await departmentCodeOf(record.department));
      return (DUE_FIELDS[uid] ?? [])
        .filter(([due, done]) => record[due] && (record[done] === null || record[done] === undefined || record[done] === ''))
        .map(([due]) => {
          const dueDate = new Date(record[due]);
          const paused = due === 'resolveBy' && !!record.slaPausedAt;
          const remainingWorkingMs = businessTimeBetween(calendar, paused ? new Date(record.slaPausedAt) : at, dueDate);
          return { clock: due, dueAt: dueDate.toISOString(), paused, breached: remainingWorkingMs < 0 || dueDate.getTime() < (paused ? new Date(record.slaPausedAt) : at).getTime(), remainingWorkingMs, workingDayMs: businessDayMs(calendar), calendar: calendar.id };
        });
    },
  };
};

export default sla;
