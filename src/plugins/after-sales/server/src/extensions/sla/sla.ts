import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { DEFAULT_CALENDAR } from '../../domain/sla/default-calendar';
import { businessDayMs } from '../../domain/sla/business-time';
import type { BusinessCalendar } from '../../domain/sla/calendar';
import { applyClockEvent, type ClockEngineResult, type ClockTrigger, type TrackedClock } from '../../domain/sla/clock-engine';
import { dueOnCalendar } from '../../domain/sla/clock-state';
import { isOverdueClock } from '../../domain/sla/overdue';
import { escalationKey, escalationLevelsOf, nextEscalationOf, type EscalationLevel } from '../../domain/sla/escalation-levels';
import { BUILTIN_ESCALATION_STEPS, completenessAlternatives, completenessFieldsOf, isBlank, targetFor, type ItemFacts, type SlaPolicy } from '../../domain/sla/policies';
import { inClockOrder } from '../../domain/item-kinds/item-kind';
import { measureOf, timeBetween, type Target } from '../../domain/sla/target';
import { CLOCK_TITLES } from '../../domain/sla/clock-titles';
import type { WorkflowDefinition } from '../../domain/workflow/types';
import { clockOfRow, readClocks, rowOfClock, writeClocks, type ClockRow, type StoredClockRow } from './sla-clock-store';
import type { SlaSnapshot } from './sla-settings';
import {
  dbTime as storedTime,
  fromDbTime as instant,
  AFTER_SALES_DEPARTMENT,
  CONTENT_TYPES,
  SLA_CLOCK_BACKFILL_JOB,
  SLA_RECOMPUTE_JOB_PREFIX,
  TABLES,
  columnOf,
  contentTable,
  modelOf,
  populatedOf,
  queryOf,
  relationIdOf,
  textOf,
  type ApiHandle,
  type AfterSalesApiV1,
  type EscalationEvent,
  type EscalationStep,
  type EscalationStepContext,
} from '../../extension-api';
import { staffName, type StaffNameParts } from '../../domain/staff/display-name';

export type { EscalationLevel } from '../../domain/sla/escalation-levels';

/**
 * SLA clocks on the business calendar, declared by the workflow's active SLA policy: the clock
 * engine (domain/sla/clock-engine.ts) starts, stops, pauses and restarts them on intake and on every
 * workflow action; this service stores them (one row per item and clock in after_sales_sla_clocks,
 * written in the item's transaction), keeps the item's due-date fields in step, escalates the due
 * ones (sweep) and reads them for the side panel. Targets and the escalation chain come from the
 * policy, the calendar from the item's department (or the default calendar).
 */
/**
 * An item as the query layer reads it or an event gives it: its fields by the names its policy and
 * item kind use (unknown until checked); the few the SLA reads by name are typed.
 */
type SlaItem = Record<string, unknown> & {
  id?: number | string;
  documentId?: string;
  reference?: string | null;
  state?: string;
  department?: { id?: number; code?: string | null } | null;
};
/** A staff member an escalation tells or hands the item to. */
type StaffMember = StaffNameParts & { id?: number; email?: string | null; preferedLanguage?: string | null };
/** An item's populated admin-user relation (its assignee), or null. */
export const staffMemberOf = (value: unknown): StaffMember | null => populatedOf(value);

/**
 * How each clock's last run is read from the columns of items stored before clocks had rows: the
 * field it started at, the field that stops it (or a function of the item), and the states in which
 * an unstopped clock fell away.
 */
interface DerivedClock {
  clock: string;
  start: string;
  stop: (item: SlaItem, leftInitial: Map<string, unknown>) => unknown;
  pausedAt?: string;
  endedStates?: string[];
}
const DERIVED_CLOCKS: Record<string, DerivedClock[]> = {
  [CONTENT_TYPES.feedback]: [
    { clock: 'acknowledgeBy', start: 'createdAt', stop: (i) => i.acknowledgedAt, endedStates: ['duplicate', 'rejected'] },
    { clock: 'respondBy', start: 'createdAt', stop: (i) => i.acknowledgedAt, endedStates: ['duplicate', 'rejected'] },
    { clock: 'rootCauseBy', start: 'createdAt', stop: (i) => i.resolvedAt },
    { clock: 'resolveBy', start: 'createdAt', stop: (i) => i.resolvedAt, pausedAt: 'slaPausedAt', endedStates: ['duplicate', 'rejected'] },
    { clock: 'callbackBy', start: 'resolvedAt', stop: (i) => i.closedAt },
  ],
  [CONTENT_TYPES.complaint]: [
    // A duplicate's clocks fell away (cancelled, as a feedback duplicate's): respondBy stopped only if it left
    // the initial state for another state first (the time it left, `left`, counts no move into `duplicate`).
    {
      clock: 'respondBy',
      start: 'createdAt',
      stop: (i, left) => (i.state === 'registered' ? null : (left.get(i.documentId ?? '') ?? (i.state === 'duplicate' ? null : i.updatedAt))),
      endedStates: ['duplicate'],
    },
    { clock: 'resolveBy', start: 'createdAt', stop: (i) => (i.state === 'duplicate' ? null : i.closedAt), endedStates: ['duplicate'] },
  ],
  [CONTENT_TYPES.serviceRecord]: [{ clock: 'archiveBy', start: 'returnedAt', stop: (i) => i.archivedAt, endedStates: ['cancelled', 'duplicate'] }],
};
const BACKFILL_BATCH = 500;

export type { EscalationStep, EscalationStepContext };

/** A step done for an item's clock at a level (the marker that it is done once). */
interface EscalationMarkerRow {
  clock: string;
  level: string;
  step: string;
}

const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** An admin's language for what we write to them (their admin interface language), else Chinese. */
const staffLocale = (user: StaffMember | null | undefined): 'zh-Hans' | 'en' => (typeof user?.preferedLanguage === 'string' && user.preferedLanguage.startsWith('en') ? 'en' : 'zh-Hans');

/** The SLA service; `handle` gives it the extension API, `settings` the SLA settings (see `services.ts`). */
export const createSla = ({ strapi, handle, settings: settingsService }: { strapi: Core.Strapi; handle: ApiHandle; settings: () => { snapshot(): Promise<SlaSnapshot> } }) => {
  const api = handle.api;
  /** The templates API (`getApi(1).templates`), handed over by the extension's activation. */
  let templates: AfterSalesApiV1['templates'] | null = null;
  const now = () => api().clock.now();
  const isPostgres = () => strapi.db.dialect.client === 'postgres';
  const dbTime = (date: Date) => storedTime(strapi, date);
  const settings = (): Promise<SlaSnapshot> => settingsService().snapshot();
  const workflowOf = (uid: string): WorkflowDefinition | undefined => api().workflow.definition(uid) ?? undefined;
  const hasAttribute = (uid: string, name: string) => !!modelOf(strapi, uid)?.attributes?.[name];
  /** The staff member working on an item (its item kind's `assigneeField`): notified and reassigned by escalation. */
  const assigneeFieldOf = (uid: string): string | undefined => api().itemKinds.get(uid)?.assigneeField;
  /** The due dates an item has fields for: a clock without one lives in its row only. */
  const dueFieldsOf = (uid: string, dueDates: Record<string, string | null>) => Object.fromEntries(Object.entries(dueDates).filter(([field]) => hasAttribute(uid, field)));

  /** The calendar of an item: its department's, else the default one (the built-in data if the table is empty). */
  const calendarOf = (snapshot: SlaSnapshot, departmentCode: string | null): BusinessCalendar => {
    const mapped = departmentCode ? snapshot.departmentCalendars.get(departmentCode) : undefined;
    return (mapped && snapshot.calendars.get(mapped)) || (snapshot.defaultCalendarId && snapshot.calendars.get(snapshot.defaultCalendarId)) || DEFAULT_CALENDAR;
  };
  const policyOf = (snapshot: SlaSnapshot, workflow: string): SlaPolicy | null => snapshot.policies.get(workflow) ?? null;

  /** A running clock row as `clocks` shows it: due date, pause, breach and the time left on its calendar. */
  const clockView = (row: StoredClockRow, calendar: BusinessCalendar, at: Date) => {
    const clock = clockOfRow(row);
    // Up to the due date the item shows (a paused clock's remaining time is frozen at the pause).
    const from = clock.pausedAt ? new Date(clock.pausedAt) : at;
    return {
      clock: clock.id,
      dueAt: clock.dueAt,
      paused: !!clock.pausedAt,
      breached: isOverdueClock(clock, at),
      remainingWorkingMs: timeBetween(calendar, row.measure === 'business' ? 'business' : 'elapsed', from, new Date(clock.dueAt)),
      measure: row.measure,
      workingDayMs: businessDayMs(calendar),
      calendar: calendar.id,
    };
  };

  /**
   * `clocks` for a list of items of one kind (a list screen's rows): one read of the settings and
   * one of the clock rows, instead of both per item. Keyed by document id; an item without a
   * running clock has an empty list.
   */
  const clocksOfMany = async (uid: string, records: SlaItem[]) => {
    const at = now();
    const result = new Map<string, ReturnType<typeof clockView>[]>();
    if (!records.length) return result;
    const snapshot = await settings();
    const documentIds = [...new Set(records.map((record) => String(record.documentId)))];
    const rowsByItem = new Map<string, StoredClockRow[]>();
    for (let i = 0; i < documentIds.length; i += 500) {
      const rows: StoredClockRow[] = await strapi.db
        .connection(TABLES.slaClocks)
        .where({ content_type: uid })
        .whereIn('document_id', documentIds.slice(i, i + 500))
        .whereNull('stopped_at');
      for (const row of rows) rowsByItem.set(row.document_id, [...(rowsByItem.get(row.document_id) ?? []), row]);
    }
    const kind = api().itemKinds.get(uid);
    for (const record of records) {
      const calendar = calendarOf(snapshot, await departmentCodeOf(record.department));
      result.set(
        String(record.documentId),
        inClockOrder(kind, rowsByItem.get(String(record.documentId)) ?? []).map((row) => clockView(row, calendar, at))
      );
    }
    return result;
  };

  /**
   * One field of the record a relation points to, however the relation is given: populated, an id,
   * a document id, or `connect`/`set` as the document service takes it.
   */
  const relatedFieldOf = async (target: string, field: string, value: unknown): Promise<string | null> => {
    if (value === null || value === undefined || value === '') return null;
    if (Array.isArray(value)) return relatedFieldOf(target, field, value[0]);
    if (typeof value === 'object') {
      const v = value as Record<string, unknown>;
      if (typeof v[field] === 'string') return v[field] as string;
      if (v.connect !== undefined) return relatedFieldOf(target, field, v.connect);
      if (v.set !== undefined) return relatedFieldOf(target, field, v.set);
      return relatedFieldOf(target, field, v.id ?? v.documentId);
    }
    const where = typeof value === 'number' || /^\d+$/.test(String(value)) ? { id: Number(value) } : { documentId: String(value) };
    const found: Record<string, string | null> | null = await queryOf(strapi, target).findOne({ where, select: [field] });
    return found?.[field] ?? null;
  };
  /** A department given as id, documentId, populated relation or connect payload → its code. */
  const departmentCodeOf = (value: unknown) => relatedFieldOf(CONTENT_TYPES.department, 'code', value);

  /**
   * What a policy's rules look at: the severity field of the item's kind, its type, whether it needs
   * R&D (the flag, or the judgement "needs R&D"), whether it is complex (set at intake) and the
   * segment of its customer.
   */
  const facts = async (uid: string, record: SlaItem): Promise<ItemFacts> => {
    const kind = api().itemKinds.get(uid);
    const severityField = kind?.severity?.field;
    return {
      severity: severityField ? ((record[severityField] as string | null | undefined) ?? null) : null,
      type: (record.type as string | null | undefined) ?? null,
      needsRnd: !!record.needsRnd || record.judgement === 'needs-rnd',
      complex: !!record.complex,
      // The customer's segment (key customers may have tighter targets).
      segment: kind?.customerField
        ? await relatedFieldOf(CONTENT_TYPES.customer, 'segment', record[kind.customerField] !== undefined ? record[kind.customerField] : await storedCustomerOf(uid, kind.customerField, record))
        : null,
    };
  };

  /** The stored item's customer (a record read without its relations). */
  const storedCustomerOf = async (uid: string, field: string, record: SlaItem): Promise<unknown> => {
    if (typeof record.documentId !== 'string') return null;
    const stored: Record<string, unknown> | null = await queryOf(strapi, uid).findOne({ where: { documentId: record.documentId }, select: ['id'], populate: { [field]: { select: ['segment'] } } });
    return stored?.[field] ?? null;
  };

  /**
   * The fields of the policy's completeness checks that are filled on the item: plain fields from
   * `item` (the record after the event), relations read from the stored item (a relation given in
   * `item` as an id or object counts as filled).
   */
  const filledOf = async (uid: string, policy: SlaPolicy, item: SlaItem, documentId: string | null): Promise<string[]> => {
    const entries = completenessFieldsOf(policy);
    if (!entries.length) return [];
    const attributes = modelOf(strapi, uid)?.attributes ?? {};
    const alternatives = entries.flatMap(completenessAlternatives);
    const isRelation = (field: string) => attributes[field]?.type === 'relation';
    // Relations read from the stored item, with the fields of the related record the checks name
    // (a relation given in the event as an id or object counts as filled, but its fields are read).
    const relationFields = new Map<string, Set<string>>();
    for (const { field, of } of alternatives) {
      if (!isRelation(field) || !isBlank(item[field])) continue;
      const wanted = relationFields.get(field) ?? new Set<string>(['id']);
      if (of) wanted.add(of);
      relationFields.set(field, wanted);
    }
    const stored: Record<string, Record<string, unknown> | null | undefined> =
      relationFields.size && documentId
        ? ((await queryOf(strapi, uid).findOne({
            where: { documentId },
            select: ['id'],
            populate: Object.fromEntries([...relationFields].map(([field, wanted]) => [field, { select: [...wanted] }])),
          })) ?? {})
        : {};
    const has = async ({ field, of }: { field: string; of?: string }) => {
      if (!isRelation(field)) return of ? false : !isBlank(item[field]);
      if (!of) return !isBlank(item[field]) || !isBlank(stored[field]);
      // Given in the event (an id, document id, object or connect payload): the related record is read.
      if (!isBlank(item[field])) return !isBlank(await relatedFieldOf(attributes[field].target ?? '', of, item[field]));
      return !isBlank(stored[field]?.[of]);
    };
    const filled: string[] = [];
    for (const entry of entries) {
      for (const alternative of completenessAlternatives(entry)) {
        if (await has(alternative)) {
          filled.push(entry);
          break;
        }
      }
    }
    return filled;
  };

  /** Escalation steps already done for an item (marker keys). */
  const markersOf = async (trx: Knex, contentType: string, documentId: string): Promise<Set<string>> => {
    const markers: EscalationMarkerRow[] = await trx(TABLES.escalations).where({ content_type: contentType, document_id: documentId }).select('clock', 'level', 'step');
    return new Set<string>(markers.map((m) => escalationKey(m.clock, m.level, m.step)));
  };

  /** Rows of the clocks an engine run changed, with when each next needs the sweep. */
  const rowsOf = (contentType: string, documentId: string, policy: SlaPolicy, calendar: BusinessCalendar, result: ClockEngineResult, done: ReadonlySet<string>, at: Date): ClockRow[] =>
    Object.keys(result.changes).map((field) => {
      const clock = result.clocks[field];
      return rowOfClock(strapi, { contentType, documentId }, calendar, clock, nextEscalationOf(escalationLevelsOf(policy, calendar, clock), done), at);
    });

  const nameOf = (user: StaffMember | null | undefined) => staffName(user, 'staff') as string;
  const headOf = async (record: SlaItem): Promise<StaffMember | null> =>
    record.department?.id ? ((await strapi.db.query(CONTENT_TYPES.department).findOne({ where: { id: record.department.id }, populate: { head: true } }))?.head ?? null) : null;
  const tableOf = (uid: string) => contentTable(strapi, uid).tableName;

  /**
   * Tells one staff member about an escalation, with the template `escalation.at-risk` or
   * `escalation.breached` (editable in the template editor) in their admin language.
   */
  const clockTitleOf = (uid: string, clock: string, locale: 'zh-Hans' | 'en') => {
    const title = api()
      .itemKinds.get(uid)
      ?.clocks?.find((c) => c.field === clock)?.title;
    if (title) return typeof title === 'string' ? title : (title[locale] ?? title.en ?? clock);
    return CLOCK_TITLES[clock]?.[locale] ?? clock;
  };
  const notify = async ({ record, level, contentType }: EscalationStepContext, step: string, user: StaffMember | null | undefined, who: string) => {
    const templateKey = level.level === 'at-risk' ? 'escalation.at-risk' : 'escalation.breached';
    const locale = staffLocale(user);
    const item = Object.fromEntries(['reference', 'symptom', 'description', 'findings', 'state'].filter((k) => record[k] !== undefined && record[k] !== null).map((k) => [k, record[k]]));
    let subject: string | null = null;
    let body: string | null = null;
    let error: string | null = null;
    try {
      const rendered = templates
        ? await templates.render({
            key: templateKey,
            locale,
            variables: {
              item,
              staff: { name: nameOf(user) },
              sla: { clock: level.clock, clockTitle: clockTitleOf(contentType, level.clock, locale), level: level.level, dueAt: new Date(level.at).toISOString() },
            },
          })
        : null;
      if (rendered) ({ subject, text: body } = rendered);
      else error = templates ? `no template "${templateKey}"` : 'the templates are not available (the SLA extension is not active)';
    } catch (failure) {
      error = `rendering failed: ${(failure as Error).message}`;
    }
    await api().outbox.enqueue({
      // One message per person and level: a head reached by two steps is told once.
      dedupeKey: `sla:${record.documentId}:${level.clock}:${level.level}:${user?.id ? `user-${user.id}` : step}`,
      contentType,
      documentId: record.documentId,
      reference: record.reference,
      templateKey,
      channel: 'email',
      locale,
      recipient: user?.email ?? null,
      subject,
      bodyText: body,
      bodyHtml: null,
      trigger: `sla.${level.level}`,
      ...(user?.email ? (error ? { status: 'failed' as const, error } : {}) : { status: 'failed' as const, error: `no ${who} to notify` }),
    });
  };

  /** Listeners of `events.onEscalation`: told after the sweep's transaction commits. */
  const escalationListeners = new Set<(event: EscalationEvent) => void | Promise<void>>();
  const tellEscalations = async (events: EscalationEvent[]) => {
    for (const event of events) {
      for (const listener of [...escalationListeners]) {
        try {
          await listener(event);
        } catch (error) {
          strapi.log.error(`[after-sales] an escalation listener failed for ${event.reference ?? event.documentId}: ${(error as Error).message}`);
        }
      }
    }
  };

  /** The escalation steps: the built-in four, and those extensions register. */
  const steps = new Map<string, EscalationStep>([
    [
      'notify-assignee',
      async (context) => {
        const field = assigneeFieldOf(context.contentType);
        const owner = field ? staffMemberOf(context.record[field]) : null;
        await notify(context, 'notify-assignee', owner, 'assignee');
        return { note: `notified assignee ${nameOf(owner)}` };
      },
    ],
    [
      'notify-head',
      async (context) => {
        const head = await headOf(context.record);
        await notify(context, 'notify-head', head, 'department head');
        return { note: `notified department head ${nameOf(head)}` };
      },
    ],
    [
      /**
       * The head of the after-sales department, whatever department the item is in: a complaint is
       * answered by after-sales (001 三), so its breach reaches the after-sales head at once.
       * Escalation never changes the item's classification: the level reached is the marker.
       */
      'notify-after-sales-head',
      async (context) => {
        const department = await strapi.db.query(CONTENT_TYPES.department).findOne({ where: { code: AFTER_SALES_DEPARTMENT }, populate: { head: true } });
        const head: StaffMember | null = department?.head ?? null;
        await notify(context, 'notify-after-sales-head', head, 'after-sales head');
        return { note: `notified after-sales head ${nameOf(head)}` };
      },
    ],
    [
      /** The item goes to its department head, who can hand it on: the owner has not managed in time. */
      'reassign',
      async ({ trx, record, contentType }) => {
        const field = assigneeFieldOf(contentType);
        if (!field) return { note: 'not reassigned: the item has no owner' };
        const head = await headOf(record);
        if (!head) return { note: 'not reassigned: the department has no head' };
        if (head.id === populatedOf(record[field])?.id) return { note: `not reassigned: the department head ${nameOf(head)} is already the ${field}` };
        await queryOf(strapi, contentType).update({ where: { id: record.id }, data: { [field]: head.id } });
        await trx(tableOf(contentType))
          .where({ document_id: record.documentId })
          .update({ version: trx.raw('version + 1') });
        return { note: `reassigned from ${record[field] ? nameOf(record[field]) : 'nobody'} to department head ${nameOf(head)}`, changedFields: [field] };
      },
    ],
  ]);

  /** An audit event of the SLA itself (escalation steps, due dates counted again), in the caller's transaction. */
  const auditBySla = (trx: Knex, event: { contentType: string; documentId: string; reference: string | null; state: string | null; action: string; note: string; changedFields: string[]; at: Date }) =>
    api().audit.append(
      {
        contentType: event.contentType,
        documentId: event.documentId,
        reference: event.reference,
        action: event.action,
        fromState: event.state,
        toState: event.state,
        actor: { kind: 'system', id: null, name: 'SLA' },
        details: event.note,
        changedFields: event.changedFields,
        at: event.at,
      },
      trx
    );

  const performStep = async (trx: Knex, contentType: string, record: EscalationStepContext['record'], level: EscalationLevel, step: string, at: Date) => {
    const run = steps.get(step);
    const outcome = run ? await run({ strapi, trx, contentType, record, level, at }) : { note: `step "${step}" is not available (its extension is not active)` };
    await auditBySla(trx, {
      contentType,
      documentId: record.documentId,
      reference: record.reference,
      state: record.state,
      action: 'escalate',
      note: `${level.clock} ${level.level}: ${outcome.note}`,
      changedFields: outcome.changedFields ?? [],
      at,
    });
  };

  /** The clocks a newly received item starts, and a way to store them once its document id is known. */
  const planIntake = async (uid: string, data: SlaItem, receivedAt: Date = now()) => {
    const workflow = workflowOf(uid);
    if (!workflow) return null;
    const snapshot = await settings();
    const policy = policyOf(snapshot, workflow.id);
    if (!policy) return null;
    const calendar = calendarOf(snapshot, await departmentCodeOf(data.department));
    const item = { createdAt: receivedAt.toISOString(), ...data };
    const result = applyClockEvent({
      policy,
      calendar,
      facts: await facts(uid, item),
      item,
      state: (data.state as string) ?? workflow.initialState,
      clocks: {},
      trigger: { kind: 'intake' },
      at: receivedAt,
      filled: await filledOf(uid, policy, item, null),
    });
    return {
      dueDates: dueFieldsOf(uid, result.dueDates),
      save: (trx: Knex, documentId: string) => writeClocks(trx, rowsOf(uid, documentId, policy, calendar, result, new Set(), receivedAt)),
    };
  };

  return {
    departmentCodeOf,

    /** The head of the item's department (read with its head), or null when it has no department or the department no head. */
    departmentHeadOf: headOf,

    /** The templates the escalation notices are written with (set by the extension's activation). */
    useTemplates(api: AfterSalesApiV1['templates'] | null) {
      templates = api;
    },

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

    /** Hears of each level an item reaches (after the sweep commits); dispose to stop. */
    onEscalation(listener: (event: EscalationEvent) => void | Promise<void>) {
      escalationListeners.add(listener);
      return { dispose: () => void escalationListeners.delete(listener) };
    },

    /**
     * One sweep over every content type: the clocks whose next escalation is due (read through the
     * partial index on next_escalation_at), claimed with FOR UPDATE SKIP LOCKED on PostgreSQL, each
     * step recorded once per item, clock, level and step by a unique marker row inserted in the same
     * transaction as the step. SQLite assumes a single instance.
     */
    async sweep(limit = 200) {
      await this.recomputeDueDates({ timeBudgetMs: 10_000 });
      const at = now();
      const result = { items: 0, steps: 0 };
      const reached = new Map<string, EscalationEvent>();
      await strapi.db.transaction(async ({ trx }) => {
        const due = trx(TABLES.slaClocks).select('*').where('next_escalation_at', '<=', dbTime(at)).orderBy('next_escalation_at').limit(limit);
        if (isPostgres()) due.forUpdate().skipLocked();
        const rows: (StoredClockRow & { id: number })[] = await due;
        if (!rows.length) return;
        const snapshot = await settings();
        // An item with several due clocks is read once, with its escalation markers (shared by its
        // clocks); it is read again only after a step has changed it.
        const records = new Map<string, EscalationStepContext['record'] | null>();
        const markers = new Map<string, Set<string>>();
        const recordOf = async (contentType: string, documentId: string) => {
          const key = `${contentType}:${documentId}`;
          if (!records.has(key)) {
            const owner = assigneeFieldOf(contentType);
            records.set(
              key,
              await queryOf(strapi, contentType).findOne({
                where: { documentId },
                populate: { ...(owner && hasAttribute(contentType, owner) ? { [owner]: true } : {}), ...(hasAttribute(contentType, 'department') ? { department: { select: ['id', 'code'] } } : {}) },
              })
            );
          }
          return records.get(key) ?? null;
        };
        const markersFor = async (contentType: string, documentId: string) => {
          const key = `${contentType}:${documentId}`;
          if (!markers.has(key)) markers.set(key, await markersOf(trx, contentType, documentId));
          return markers.get(key)!;
        };
        for (const row of rows) {
          const contentType = row.content_type;
          const documentId = row.document_id;
          const workflow = workflowOf(contentType);
          const policy = workflow ? policyOf(snapshot, workflow.id) : null;
          const record = policy ? await recordOf(contentType, documentId) : null;
          if (!policy || !record) {
            await trx(TABLES.slaClocks).where({ id: row.id }).update({ next_escalation_at: null });
            continue;
          }
          // Counted on the item's calendar as it is now (a row's calendar_id says where it started).
          const calendar = calendarOf(snapshot, textOf(populatedOf(record.department)?.code));
          const clock = clockOfRow(row);
          const done = await markersFor(contentType, documentId);
          const levels = escalationLevelsOf(policy, calendar, clock);
          for (const level of levels.filter((l) => l.at <= at.getTime()).sort((a, b) => a.at - b.at)) {
            for (const step of level.steps) {
              const key = escalationKey(level.clock, level.level, step);
              if (done.has(key)) continue;
              const inserted = await trx.raw(
                `INSERT INTO ${TABLES.escalations} (content_type, document_id, clock, level, step, instance, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (content_type, document_id, clock, level, step) DO NOTHING RETURNING id`,
                [contentType, documentId, level.clock, level.level, step, `${process.pid}`, at.toISOString()]
              );
              done.add(key);
              if ((Array.isArray(inserted) ? inserted : inserted.rows).length === 0) continue;
              const owner = assigneeFieldOf(contentType);
              reached.set(`${contentType}:${documentId}:${level.clock}:${level.level}`, {
                contentType,
                documentId,
                reference: record.reference ?? null,
                clock: level.clock,
                level: level.level,
                dueAt: clock.dueAt,
                assigneeId: owner ? relationIdOf(record[owner]) : null,
                departmentId: relationIdOf(record.department),
                at: at.toISOString(),
              });
              await performStep(trx, contentType, record, level, step, at);
              records.delete(`${contentType}:${documentId}`);
              result.steps += 1;
            }
          }
          const next = nextEscalationOf(levels, done);
          await trx(TABLES.slaClocks)
            .where({ id: row.id })
            .update({ next_escalation_at: next === null ? null : dbTime(new Date(next)), updated_at: dbTime(at) });
        }
        result.items = markers.size;
      });
      await tellEscalations([...reached.values()]);
      return result;
    },

    /**
     * Counts the running clocks of changed calendars again: for each job row
     * `sla-recompute:<calendar>` (written in the transaction that changed the calendar), claimed
     * with a lease so one instance does it, in batches of 200 clocks each in its own transaction:
     * the new due date on the clock row and the item's due-date field, when the sweep next looks at
     * it, and one audit event per item and clock with the old and new due dates. Work left when
     * `timeBudgetMs` runs out (or the instance stops) is resumed by the next call (the sweep calls
     * it every run). Returns the number of clocks whose due date moved.
     */
    async recomputeDueDates(options: { timeBudgetMs?: number } = {}): Promise<number> {
      const knex = strapi.db.connection;
      const started = Date.now();
      const budget = options.timeBudgetMs ?? 20_000;
      const owner = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
      let moved = 0;
      const jobs = await knex(TABLES.jobClaims).where('job', 'like', `${SLA_RECOMPUTE_JOB_PREFIX}%`).select('job');
      for (const { job } of jobs) {
        const claimedAt = Date.now();
        const claimed = await knex(TABLES.jobClaims)
          .where({ job })
          .andWhere('lease_until', '<=', claimedAt)
          .update({ lease_until: claimedAt + budget + 60_000, owner, claimed_at: new Date(claimedAt).toISOString() });
        if (claimed !== 1) continue;
        const calendarId = job.slice(SLA_RECOMPUTE_JOB_PREFIX.length);
        const snapshot = await settings();
        const calendar = snapshot.calendars.get(calendarId) ?? (calendarId === DEFAULT_CALENDAR.id ? DEFAULT_CALENDAR : null);
        let afterId = 0;
        let finished = calendar === null;
        while (!finished && Date.now() - started < budget) {
          const at = now();
          await strapi.db.transaction(async ({ trx }) => {
            const rows = await trx(TABLES.slaClocks)
              .where({ calendar_id: calendarId, measure: 'business' })
              .whereNull('stopped_at')
              .whereNull('paused_at')
              .andWhere('id', '>', afterId)
              .orderBy('id')
              .limit(200);
            if (rows.length < 200) finished = true;
            if (!rows.length) return;
            afterId = Number(rows[rows.length - 1].id);
            for (const row of rows) {
              const clock = clockOfRow(row);
              const dueAt = dueOnCalendar(calendar!, clock);
              if (dueAt === clock.dueAt) continue;
              const contentType: string = row.content_type;
              const workflow = workflowOf(contentType);
              const policy = workflow ? policyOf(snapshot, workflow.id) : null;
              const movedClock = { ...clock, dueAt };
              const next = policy ? nextEscalationOf(escalationLevelsOf(policy, calendar!, movedClock), await markersOf(trx, contentType, row.document_id)) : null;
              await trx(TABLES.slaClocks)
                .where({ id: row.id })
                .update({ due_at: storedTime(strapi, new Date(dueAt)), next_escalation_at: next === null ? null : storedTime(strapi, new Date(next)), updated_at: storedTime(strapi, at) });
              const attribute = contentTable(strapi, contentType).attributes[row.clock];
              const table = tableOf(contentType);
              if (attribute?.columnName)
                await trx(table)
                  .where({ document_id: row.document_id })
                  .update({ [attribute.columnName]: storedTime(strapi, new Date(dueAt)) });
              const item = await trx(table).where({ document_id: row.document_id }).first('reference', 'state');
              await auditBySla(trx, {
                contentType,
                documentId: row.document_id,
                reference: item?.reference ?? null,
                state: item?.state ?? null,
                action: 'sla-recompute',
                note: `${row.clock} recomputed: due ${clock.dueAt} → ${dueAt} (calendar "${calendarId}" changed)`,
                changedFields: attribute ? [row.clock] : [],
                at,
              });
              moved += 1;
            }
          });
        }
        if (finished) await knex(TABLES.jobClaims).where({ job, owner }).del();
        else await knex(TABLES.jobClaims).where({ job, owner }).update({ lease_until: 0 });
      }
      if (moved) strapi.log.info(`[after-sales] SLA: ${moved} running clock(s) counted again on a changed calendar`);
      return moved;
    },

    /** The calendar an item's clocks run on (its department's, else the default). */
    async calendarFor(department: unknown): Promise<BusinessCalendar> {
      return calendarOf(await settings(), await departmentCodeOf(department));
    },

    /**
     * Intake (hook of the intake service): starts the clocks the policy starts on intake, stores
     * their rows in one statement in the caller's transaction (`data.documentId` is the new item's)
     * and returns the due-date fields to write on the item.
     */
    async startClocksOnIntake(uid: string, data: SlaItem, receivedAt: Date): Promise<Record<string, unknown>> {
      const plan = await planIntake(uid, data, receivedAt);
      if (!plan) return {};
      const { documentId } = data;
      if (typeof documentId !== 'string') throw new Error('startClocksOnIntake: data.documentId is required');
      await strapi.db.transaction(({ trx }) => plan.save(trx, documentId));
      return plan.dueDates;
    },

    /** The due dates of an item about to be created, and `save` to store its clocks once it exists. */
    planIntake,

    /**
     * A workflow action (effect of every workflow with a policy): runs the clock engine on the item's
     * clocks, stores the changed ones in the action's transaction and returns the item's fields to
     * write with the transition (due dates; `slaPausedAt` where the content type has it).
     */
    async clocksOnTransition(args: { workflow: WorkflowDefinition; action: string; record: SlaItem; changes: SlaItem; from: string; to: string; at: Date }) {
      const { workflow, action, record, changes, from, to, at } = args;
      const uid = workflow.contentType;
      const snapshot = await settings();
      const policy = policyOf(snapshot, workflow.id);
      if (!policy) return {};
      // The record of a workflow action is a stored item: it has its document id.
      const documentId = record.documentId as string;
      const item = { ...record, ...changes };
      const calendar = calendarOf(snapshot, await departmentCodeOf(changes.department !== undefined ? changes.department : record.department));
      const trigger: ClockTrigger = { kind: 'transition', action, from, to, set: Object.keys(changes).filter((field) => !isEmpty(changes[field]) && isEmpty(record[field])) };
      return strapi.db.transaction(async ({ trx }) => {
        const clocks: Record<string, TrackedClock> = (await readClocks(trx, uid, [documentId])).get(documentId) ?? {};
        const filled = await filledOf(uid, policy, item, documentId);
        const result = applyClockEvent({ policy, calendar, facts: await facts(uid, item), item, state: to, clocks, trigger, at, filled });
        if (!Object.keys(result.changes).length) return {};
        await writeClocks(trx, rowsOf(uid, documentId, policy, calendar, result, await markersOf(trx, uid, documentId), at));
        const fields: Record<string, unknown> = dueFieldsOf(uid, result.dueDates);
        if (hasAttribute(uid, 'slaPausedAt')) {
          const paused = Object.values(result.clocks).find((clock) => clock.pausedAt && !clock.stoppedAt);
          fields.slaPausedAt = paused ? paused.pausedAt : null;
        }
        return fields;
      });
    },

    /**
     * Something that happened to an item outside its workflow's actions: a reply to the customer was
     * added to its conversation (`reply`), or it was edited (`update`, with the fields that became
     * filled). Runs the clock engine in its own transaction and writes the changed clocks and the
     * item's due-date fields. Items of kinds without a policy are left alone.
     */
    async clocksOnEvent(uid: string, documentId: string, trigger: Extract<ClockTrigger, { kind: 'reply' | 'update' }>, at: Date = now()) {
      const workflow = workflowOf(uid);
      if (!workflow) return {};
      const snapshot = await settings();
      const policy = policyOf(snapshot, workflow.id);
      if (!policy) return {};
      return strapi.db.transaction(async ({ trx }) => {
        const record: (SlaItem & { documentId: string }) | null = await queryOf(strapi, uid).findOne({
          where: { documentId },
          ...(hasAttribute(uid, 'department') ? { populate: { department: { select: ['code'] } } } : {}),
        });
        if (!record) return {};
        const clocks: Record<string, TrackedClock> = (await readClocks(trx, uid, [documentId])).get(documentId) ?? {};
        const calendar = calendarOf(snapshot, record.department?.code ?? null);
        const filled = await filledOf(uid, policy, record, documentId);
        const result = applyClockEvent({ policy, calendar, facts: await facts(uid, record), item: record, state: record.state ?? '', clocks, trigger, at, filled });
        if (!Object.keys(result.changes).length) return {};
        await writeClocks(trx, rowsOf(uid, documentId, policy, calendar, result, await markersOf(trx, uid, documentId), at));
        const fields = dueFieldsOf(uid, result.dueDates);
        const table = contentTable(strapi, uid);
        const columns = Object.fromEntries(Object.entries(fields).map(([field, due]) => [columnOf(table, field), due === null ? null : dbTime(new Date(due as string))]));
        if (Object.keys(columns).length) await trx(tableOf(uid)).where({ document_id: documentId }).update(columns);
        return fields;
      });
    },

    /**
     * A related record was edited (e.g. a contact added to the customer): the items that point to it
     * and whose policy checks one of its fields for completeness (`customer.phone|customer.email`)
     * and that have a running clock are checked again, so a record completed on the customer page
     * stops its clock there and then. At most 500 items per edit.
     */
    async clocksOnRelatedEdit(target: string, id: number, at: Date = now()) {
      const snapshot = await settings();
      let checked = 0;
      for (const kind of api().itemKinds.list()) {
        const workflow = workflowOf(kind.contentType);
        const policy = workflow ? policyOf(snapshot, workflow.id) : null;
        if (!policy) continue;
        const attributes = modelOf(strapi, kind.contentType)?.attributes ?? {};
        const fields = [
          ...new Set(
            completenessFieldsOf(policy)
              .flatMap(completenessAlternatives)
              .filter((a) => a.of && attributes[a.field]?.type === 'relation' && attributes[a.field].target === target)
              .map((a) => a.field)
          ),
        ];
        for (const field of fields) {
          const items = await queryOf(strapi, kind.contentType).findMany({ where: { [field]: { id } }, select: ['documentId'], limit: 500 });
          const ids = items.map((i: { documentId: string }) => i.documentId);
          if (!ids.length) continue;
          // In the caller's transaction when there is one (an erasure's, say): a read on a second
          // connection waited there, on SQLite's single connection, for the pool's 60 s and then failed.
          const running = await strapi.db.transaction(({ trx }) =>
            trx(TABLES.slaClocks).where({ content_type: kind.contentType }).whereIn('document_id', ids).whereNull('stopped_at').distinct('document_id')
          );
          for (const row of running as { document_id: string }[]) {
            await this.clocksOnEvent(kind.contentType, row.document_id, { kind: 'update', set: [] }, at);
            checked += 1;
          }
        }
      }
      return checked;
    },

    /**
     * Rows for the items stored before clocks had rows, derived from their due-date and stop
     * columns (started at creation, or at resolution / return for the chained clocks; stopped when
     * the stop column is set; cancelled in the ended states). Runs at startup while migration 0016's
     * job row is there (or when `force`d), in batches; items that have a row for a clock keep it.
     */
    async backfillClocks(options: { force?: boolean } = {}) {
      const knex = strapi.db.connection;
      if (!options.force && !(await knex(TABLES.jobClaims).where({ job: SLA_CLOCK_BACKFILL_JOB }).first())) return 0;
      const snapshot = await settings();
      const at = now();
      let written = 0;
      for (const [uid, derived] of Object.entries(DERIVED_CLOCKS)) {
        const workflow = workflowOf(uid);
        const policy = workflow ? policyOf(snapshot, workflow.id) : null;
        if (!workflow || !policy || !modelOf(strapi, uid)) continue;
        const wanted = derived.filter((d) => policy.clocks.some((c) => c.field === d.clock));
        let cursor = 0;
        for (;;) {
          const items: (SlaItem & { id: number; documentId: string })[] = await queryOf(strapi, uid).findMany({
            where: { id: { $gt: cursor } },
            orderBy: { id: 'asc' },
            limit: BACKFILL_BATCH,
            ...(hasAttribute(uid, 'department') ? { populate: { department: { select: ['code'] } } } : {}),
          });
          if (!items.length) break;
          cursor = items[items.length - 1].id;
          const ids = items.map((i) => i.documentId);
          await strapi.db.transaction(async ({ trx }) => {
            const existing = await readClocks(trx, uid, ids);
            const left: { document_id: string; left_at: unknown }[] = await trx(TABLES.auditEvents)
              .where({ content_type: uid, from_state: workflow.initialState })
              .whereNotIn('to_state', [workflow.initialState, 'duplicate'])
              .whereIn('document_id', ids)
              .groupBy('document_id')
              .select('document_id', trx.raw('MIN(created_at) AS left_at'));
            const leftInitial = new Map<string, unknown>(left.map((r) => [r.document_id, r.left_at]));
            const markers = new Map<string, Set<string>>();
            const stepsDone: (EscalationMarkerRow & { document_id: string })[] = await trx(TABLES.escalations)
              .where({ content_type: uid })
              .whereIn('document_id', ids)
              .select('document_id', 'clock', 'level', 'step');
            for (const m of stepsDone) {
              markers.set(m.document_id, (markers.get(m.document_id) ?? new Set()).add(escalationKey(m.clock, m.level, m.step)));
            }
            const rows: ClockRow[] = [];
            for (const item of items) {
              const calendar = calendarOf(snapshot, item.department?.code ?? null);
              for (const d of wanted) {
                const due = instant(item[d.clock]);
                const started = instant(item[d.start]);
                if (!due || !started || existing.get(item.documentId)?.[d.clock]) continue;
                const stop = instant(d.stop(item, leftInitial));
                const ended = !stop && d.endedStates?.includes(item.state ?? '');
                const target = targetFor(policy, d.clock, await facts(uid, item));
                const measure = target ? measureOf(target) : 'business';
                const budget = Math.max(0, timeBetween(calendar, measure, started, due));
                const stoppedAt = stop ?? (ended ? (instant(item.closedAt) ?? instant(item.updatedAt) ?? at) : null);
                const pausedAt = !stoppedAt && d.pausedAt ? instant(item[d.pausedAt]) : null;
                const clock: TrackedClock = {
                  id: d.clock,
                  target: { amount: budget / 3_600_000, unit: measure === 'business' ? 'businessHours' : 'hours' },
                  startedAt: started.toISOString(),
                  pausedAt: pausedAt ? pausedAt.toISOString() : null,
                  accumulatedPauseMs: 0,
                  stoppedAt: stoppedAt ? new Date(Math.max(stoppedAt.getTime(), started.getTime())).toISOString() : null,
                  dueAt: due.toISOString(),
                  ...(ended ? { cancelled: true } : {}),
                };
                const next = nextEscalationOf(escalationLevelsOf(policy, calendar, clock), markers.get(item.documentId) ?? new Set());
                rows.push(rowOfClock(strapi, { contentType: uid, documentId: item.documentId }, calendar, clock, next, at));
              }
            }
            for (let i = 0; i < rows.length; i += 100)
              await trx(TABLES.slaClocks)
                .insert(rows.slice(i, i + 100))
                .onConflict(['content_type', 'document_id', 'clock'])
                .ignore();
            written += rows.length;
          });
        }
      }
      await knex(TABLES.jobClaims).where({ job: SLA_CLOCK_BACKFILL_JOB }).del();
      return written;
    },

    /** The targets the active policy sets for this item, by clock (the first rule of each clock that matches its facts). */
    async targetsFor(uid: string, record: SlaItem): Promise<Record<string, Target>> {
      const workflow = workflowOf(uid);
      const policy = workflow ? policyOf(await settings(), workflow.id) : null;
      if (!policy) return {};
      const itemFacts = await facts(uid, record);
      const result: Record<string, Target> = {};
      for (const clock of policy.clocks) {
        const target = targetFor(policy, clock.field, itemFacts);
        if (target) result[clock.field] = target;
      }
      return result;
    },

    /** Running clocks of a record with the time left to each due date in the clock's measure (negative when breached). */
    async clocks(uid: string, record: SlaItem) {
      return (await clocksOfMany(uid, [record])).get(String(record.documentId)) ?? [];
    },

    clocksOfMany,
  };
};

export type SlaService = ReturnType<typeof createSla>;
