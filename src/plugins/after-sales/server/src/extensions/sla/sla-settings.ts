import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { calendarCoverage, holidaysBetween, validateCalendar, type BusinessCalendar, type CalendarError, type MakeUpWorkingDay, type CalendarHoliday } from '../../domain/sla/calendar';
import { isoDateOf } from '../../domain/sla/local-date';
import { epochDayAt } from '../../domain/sla/zoned-time';
import { calendarFromIcs, calendarToIcs } from '../../domain/sla/ics';
import { CalendarValidationError } from '../../domain/sla/calendar';
import { lacksLifecycle, validatePolicy, vocabulariesOf, withLifecycleFrom, type SlaPolicy, type WorkflowVocabulary } from '../../domain/sla/policies';
import { CONTENT_TYPES, SLA_RECOMPUTE_JOB_PREFIX, TABLES, errors, HttpError, invalidInput, type FieldError, type ApiHandle } from '../../extension-api';
import { staffActorName } from '../../domain/staff/display-name';

/**
 * Business calendars, SLA policies and the department → calendar map, stored in plugin tables and
 * edited by administrators. Seeded at startup from the `calendars` and `slaPolicies` contributions
 * of the usable extensions: a missing entry is inserted, an entry nobody edited follows its
 * extension's newer version, an edited one is left alone.
 *
 * A policy change applies to clocks started afterwards. A calendar change (holidays, an imported
 * notice, working hours) also counts the running clocks on that calendar again, in batches
 * (`sla.recomputeDueDates`, resumed by the sweep), each moved due date audited with its old and new
 * value (issue #21: a due date must not count a holiday as a working day).
 */

export interface SlaSnapshot {
  calendars: Map<string, BusinessCalendar>;
  defaultCalendarId: string | null;
  /** department code → calendar id */
  departmentCalendars: Map<string, string>;
  /** workflow id → its active policy */
  policies: Map<string, SlaPolicy>;
}

export interface Actor {
  email?: string;
  firstname?: string;
  lastname?: string;
  id?: number;
}

/** `weeklyHours.mon[1].end` → ['data', 'weeklyHours', 'mon', 1, 'end'] */
const fieldPath = (path: string, prefix: (string | number)[] = ['data']): (string | number)[] => [
  ...prefix,
  ...path
    .split(/\.|\[|\]/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
];
const invalid = (errors: { path: string; message: string }[], prefix: (string | number)[] = ['data']) => invalidInput(errors.map((e) => ({ path: fieldPath(e.path, prefix), message: e.message })));

const parseJson = (text: string) => JSON.parse(text);
const bool = (value: unknown) => value === true || value === 1 || value === '1' || value === 't' || value === 'true';
/** A request body that is an object (its fields still unchecked); anything else is no body. */
const isBody = (body: unknown): body is Record<string, unknown> => !!body && typeof body === 'object';

/** A business calendar as its table holds it (booleans as SQLite's 0/1 or PostgreSQL's true/false). */
interface CalendarRow {
  id: string;
  name: string;
  definition: string;
  is_default: unknown;
  contributed_by: string | null;
  edited: unknown;
  revision: number | string;
  updated_at: string;
  updated_by: string | null;
}
/** An SLA policy as its table holds it. */
interface PolicyRow {
  id: string;
  name: string;
  workflow: string;
  active: unknown;
  definition: string;
  contributed_by: string | null;
  edited: unknown;
  revision: number | string;
  updated_at: string;
  updated_by: string | null;
}
/** One department → calendar mapping. */
interface DepartmentCalendarRow {
  department_code: string;
  calendar_id: string;
}

/** The SLA settings service; `handle` gives it the extension API, `sla` the SLA service (see `services.ts`). */
export const createSlaSettings = ({
  strapi,
  handle,
  sla,
}: {
  strapi: Core.Strapi;
  handle: ApiHandle;
  sla: () => { escalationStepIds(): string[]; recomputeDueDates(options: { timeBudgetMs: number }): Promise<unknown> };
}) => {
  const api = handle.api;
  const now = () => api().clock.now().toISOString();
  const actorName = (user?: Actor | null) => (user ? staffActorName(user) : null);
  /**
   * The snapshot read in a transaction, kept for the rest of it (an intake's clocks and its
   * acknowledgement's promised time read it once); every other use of the settings in that
   * transaction (a write) drops it.
   */
  const snapshots = new WeakMap<object, Promise<SlaSnapshot>>();
  /** Runs in the caller's transaction when there is one (SQLite has a single connection). */
  const tx = <T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> =>
    strapi.db.transaction(({ trx }) => {
      snapshots.delete(trx);
      return work(trx);
    }) as Promise<T>;
  const steps = () => sla().escalationStepIds();
  /** The states and actions of every workflow and the clocks its item kind declares, for checking a policy. */
  const vocabularies = (): Record<string, WorkflowVocabulary> => vocabulariesOf(api().workflow.definitions(), api().itemKinds.list());
  /** The contributed (built-in) policy of a workflow: the lifecycle a policy without one takes. */
  const builtinPolicy = (workflow: unknown): SlaPolicy | undefined => {
    for (const { value } of api().contributions('slaPolicies')) {
      if (value.workflow !== workflow) continue;
      const result = validatePolicy(value, steps(), vocabularies());
      if (result.ok) return result.policy;
    }
    return undefined;
  };

  /**
   * How far the calendar's notices reach (a warning from 60 days before the end), and the
   * provisional holidays of this year and the next two that no notice lists yet.
   */
  const coverageOf = (calendar: BusinessCalendar) => {
    const today = isoDateOf(epochDayAt(calendar.timeZone ?? 'Asia/Shanghai', api().clock.now().getTime()));
    const year = Number(today.slice(0, 4));
    return {
      coverage: calendarCoverage(calendar, today),
      provisionalHolidays: holidaysBetween(calendar, `${year}-01-01`, `${year + 2}-12-31`).filter((h) => h.provisional),
    };
  };

  const calendarRow = (row: CalendarRow, mapping: DepartmentCalendarRow[]) => ({
    id: row.id,
    calendar: parseJson(row.definition) as BusinessCalendar,
    ...coverageOf(parseJson(row.definition) as BusinessCalendar),
    isDefault: bool(row.is_default),
    departments: mapping.filter((m) => m.calendar_id === row.id).map((m) => m.department_code),
    contributedBy: row.contributed_by ?? null,
    edited: bool(row.edited),
    revision: Number(row.revision),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by ?? null,
  });
  const policyRow = (row: PolicyRow) => ({
    id: row.id,
    policy: parseJson(row.definition) as SlaPolicy,
    workflow: row.workflow,
    active: bool(row.active),
    contributedBy: row.contributed_by ?? null,
    edited: bool(row.edited),
    revision: Number(row.revision),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by ?? null,
  });

  const checkedCalendar = (input: unknown, id?: string): BusinessCalendar => {
    const withId = id && typeof input === 'object' && input !== null && !Array.isArray(input) && (input as { id?: unknown }).id === undefined ? { ...input, id } : input;
    const result = validateCalendar(withId);
    if (!result.ok) throw invalid(result.errors);
    if (id && result.calendar.id !== id) throw invalid([{ path: 'id', message: `must be "${id}" (the calendar in the address)` }]);
    return result.calendar;
  };
  const checkedPolicy = (input: unknown, id?: string): SlaPolicy => {
    const withId = id && typeof input === 'object' && input !== null && !Array.isArray(input) && (input as { id?: unknown }).id === undefined ? { ...input, id } : input;
    const result = validatePolicy(withLifecycleFrom(withId, builtinPolicy((withId as { workflow?: unknown } | null | undefined)?.workflow)), steps(), vocabularies());
    if (!result.ok) throw invalid(result.errors);
    if (id && result.policy.id !== id) throw invalid([{ path: 'id', message: `must be "${id}" (the policy in the address)` }]);
    return result.policy;
  };
  const checkRevision = (row: { revision: number | string }, revision: unknown, what: string) => {
    if (revision !== undefined && revision !== null && Number(revision) !== Number(row.revision)) {
      throw new HttpError(409, `The ${what} changed since you read it (now revision ${row.revision})`, { current: { revision: Number(row.revision) } });
    }
  };

  const writeCalendar = async (trx: Knex.Transaction, calendar: BusinessCalendar, options: { isDefault?: boolean; user?: Actor | null; create?: boolean; revision?: unknown }) => {
    const existing: CalendarRow | undefined = await trx(TABLES.slaCalendars).where({ id: calendar.id }).first();
    if (options.create && existing) throw new HttpError(409, `A calendar "${calendar.id}" exists already`, { errors: [{ path: ['data', 'id'], message: 'is taken' }] });
    if (existing) checkRevision(existing, options.revision, 'calendar');
    const hasDefault = await trx(TABLES.slaCalendars).where({ is_default: true }).first();
    const makeDefault = options.isDefault === true || !hasDefault || (existing && bool(existing.is_default));
    if (options.isDefault === false && existing && bool(existing.is_default)) {
      throw invalidInput([{ path: ['isDefault'], message: 'one calendar is always the default: make another calendar the default instead' }]);
    }
    if (makeDefault) await trx(TABLES.slaCalendars).whereNot({ id: calendar.id }).update({ is_default: false });
    const values = { name: calendar.name, definition: JSON.stringify(calendar), is_default: !!makeDefault, edited: true, updated_at: now(), updated_by: actorName(options.user) };
    if (existing)
      await trx(TABLES.slaCalendars)
        .where({ id: calendar.id })
        .update({ ...values, revision: Number(existing.revision) + 1 });
    else await trx(TABLES.slaCalendars).insert({ id: calendar.id, ...values, contributed_by: null, revision: 1 });
    if (existing && existing.definition !== values.definition) await queueRecompute(trx, calendar.id);
  };

  /** Running clocks on the calendar are counted again (sla.recomputeDueDates), committed with the change. */
  const queueRecompute = (trx: Knex.Transaction, calendarId: string) =>
    trx(TABLES.jobClaims)
      .insert({ job: `${SLA_RECOMPUTE_JOB_PREFIX}${calendarId}`, lease_until: 0, owner: null, claimed_at: null, last_result: null })
      .onConflict('job')
      .merge({ lease_until: 0, owner: null });
  /** After the change is committed: the clocks that fit in a few seconds now, the rest by the sweep. */
  const recomputeNow = () => sla().recomputeDueDates({ timeBudgetMs: 5_000 });

  const mapping = async (trx: Knex.Transaction): Promise<DepartmentCalendarRow[]> => trx(TABLES.departmentCalendars).select('department_code', 'calendar_id');

  /** Everything the clocks need as stored now, read in the caller's transaction. */
  const readSnapshot = async (): Promise<SlaSnapshot> => {
    return strapi.db.transaction(async ({ trx }): Promise<SlaSnapshot> => {
      const calendars: Pick<CalendarRow, 'id' | 'definition' | 'is_default'>[] = await trx(TABLES.slaCalendars).select('id', 'definition', 'is_default');
      const policies: Pick<PolicyRow, 'workflow' | 'definition'>[] = await trx(TABLES.slaPolicies).where({ active: true }).select('workflow', 'definition');
      const departments = await mapping(trx);
      return {
        calendars: new Map(calendars.map((row) => [row.id, parseJson(row.definition) as BusinessCalendar])),
        defaultCalendarId: calendars.find((row) => bool(row.is_default))?.id ?? null,
        departmentCalendars: new Map(departments.map((m) => [m.department_code, m.calendar_id])),
        policies: new Map(policies.map((row) => [row.workflow, parseJson(row.definition) as SlaPolicy])),
      };
    });
  };

  return {
    /** The states and actions of every workflow, which a policy's clock lifecycles may name. */
    vocabularies,

    /** Inserts or refreshes the contributed calendars and policies (one transaction; safe on several instances). */
    async seedFromContributions() {
      const contributed = (point: string) => api().contributions(point);
      const files = new Map<string, string>([...contributed('calendars'), ...contributed('slaPolicies')].map((c) => [c.extensionId, c.manifestFile]));
      const warn = (extensionId: string, point: string, index: number, errors: { path: string; message: string }[]) =>
        strapi.log.warn(
          `[after-sales] extension "${extensionId}": ${files.get(extensionId) ?? extensionId}: afterSales.contributes.${point}[${index}]: ${errors.map((e) => `${e.path || '(entry)'}: ${e.message}`).join('; ')} — entry skipped`
        );
      const counters = new Map<string, number>();
      const indexOf = (extensionId: string, point: string) => {
        const key = `${extensionId}:${point}`;
        const next = counters.get(key) ?? 0;
        counters.set(key, next + 1);
        return next;
      };
      await tx(async (trx) => {
        for (const { extensionId, value } of contributed('calendars')) {
          const index = indexOf(extensionId, 'calendars');
          const result = validateCalendar(value);
          if (!result.ok) {
            warn(extensionId, 'calendars', index, result.errors);
            continue;
          }
          const definition = JSON.stringify(result.calendar);
          const existing = await trx(TABLES.slaCalendars).where({ id: result.calendar.id }).first();
          if (!existing) {
            const hasDefault = await trx(TABLES.slaCalendars).where({ is_default: true }).first();
            await trx(TABLES.slaCalendars)
              .insert({
                id: result.calendar.id,
                name: result.calendar.name,
                definition,
                is_default: !hasDefault,
                contributed_by: extensionId,
                edited: false,
                revision: 1,
                updated_at: now(),
                updated_by: null,
              })
              .onConflict('id')
              .ignore();
          } else if (!bool(existing.edited) && existing.contributed_by === extensionId && existing.definition !== definition) {
            await trx(TABLES.slaCalendars)
              .where({ id: existing.id })
              .update({ name: result.calendar.name, definition, revision: Number(existing.revision) + 1, updated_at: now() });
            await queueRecompute(trx, existing.id);
          }
        }
        for (const { extensionId, value } of contributed('slaPolicies')) {
          const index = indexOf(extensionId, 'slaPolicies');
          const result = validatePolicy(value, steps(), vocabularies());
          if (!result.ok) {
            warn(extensionId, 'slaPolicies', index, result.errors);
            continue;
          }
          const { policy } = result;
          const definition = JSON.stringify(policy);
          const existing = await trx(TABLES.slaPolicies).where({ id: policy.id }).first();
          if (!existing) {
            const hasActive = await trx(TABLES.slaPolicies).where({ workflow: policy.workflow, active: true }).first();
            await trx(TABLES.slaPolicies)
              .insert({
                id: policy.id,
                name: policy.name,
                workflow: policy.workflow,
                active: !hasActive,
                definition,
                contributed_by: extensionId,
                edited: false,
                revision: 1,
                updated_at: now(),
                updated_by: null,
              })
              .onConflict('id')
              .ignore();
          } else if (!bool(existing.edited) && existing.contributed_by === extensionId && existing.definition !== definition) {
            await trx(TABLES.slaPolicies)
              .where({ id: policy.id })
              .update({ name: policy.name, workflow: policy.workflow, definition, revision: Number(existing.revision) + 1, updated_at: now() });
          }
        }
        // Policies stored before clocks had lifecycles (edited by an administrator, so not refreshed
        // above): each clock takes the lifecycle of the same field in the built-in policy.
        for (const row of await trx(TABLES.slaPolicies).select('id', 'workflow', 'definition', 'revision')) {
          const stored = parseJson(row.definition);
          if (!lacksLifecycle(stored)) continue;
          const result = validatePolicy(withLifecycleFrom(stored, builtinPolicy(row.workflow)), steps(), vocabularies());
          if (!result.ok) {
            strapi.log.warn(`[after-sales] SLA policy "${row.id}" has clocks without a lifecycle the built-in policy can give: ${result.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
            continue;
          }
          await trx(TABLES.slaPolicies)
            .where({ id: row.id })
            .update({ definition: JSON.stringify(result.policy), revision: Number(row.revision) + 1, updated_at: now() });
        }
      });
    },

    /** Everything the clocks need, read in the caller's transaction. */
    async snapshot(): Promise<SlaSnapshot> {
      // The caller's transaction (Strapi's transaction() without a callback joins it and hands it over).
      const trxOf: object | null = strapi.db.inTransaction() ? (await strapi.db.transaction()).get() : null;
      const kept = trxOf ? snapshots.get(trxOf) : undefined;
      if (kept) return kept;
      const read = readSnapshot();
      if (trxOf) {
        snapshots.set(trxOf, read);
        read.catch(() => snapshots.delete(trxOf));
      }
      return read;
    },

    // ---- calendars ------------------------------------------------------------------------------

    async listCalendars(): Promise<ReturnType<typeof calendarRow>[]> {
      return tx(async (trx) => {
        const map = await mapping(trx);
        const rows: CalendarRow[] = await trx(TABLES.slaCalendars).select('*').orderBy('id');
        return rows.map((row) => calendarRow(row, map));
      });
    },

    async getCalendar(id: string) {
      return tx(async (trx) => {
        const row: CalendarRow | undefined = await trx(TABLES.slaCalendars).where({ id }).first();
        if (!row) throw new errors.NotFoundError(`No calendar "${id}"`);
        return calendarRow(row, await mapping(trx));
      });
    },

    async saveCalendar(id: string | null, body: unknown, user?: Actor | null) {
      if (!isBody(body) || body.data === undefined) throw invalidInput([{ path: ['data'], message: 'required: the calendar' }]);
      const { isDefault } = body;
      if (isDefault !== undefined && typeof isDefault !== 'boolean') throw invalidInput([{ path: ['isDefault'], message: 'must be true or false' }]);
      const calendar = checkedCalendar(body.data, id ?? undefined);
      await tx(async (trx) => {
        if (id && !(await trx(TABLES.slaCalendars).where({ id }).first())) throw new errors.NotFoundError(`No calendar "${id}"`);
        await writeCalendar(trx, calendar, { isDefault, user, create: id === null, revision: body.revision });
      });
      await recomputeNow();
      return this.getCalendar(calendar.id);
    },

    async deleteCalendar(id: string) {
      await tx(async (trx) => {
        const row: CalendarRow | undefined = await trx(TABLES.slaCalendars).where({ id }).first();
        if (!row) throw new errors.NotFoundError(`No calendar "${id}"`);
        if (bool(row.is_default)) throw new HttpError(409, `"${id}" is the default calendar: make another calendar the default first`);
        const used: Pick<DepartmentCalendarRow, 'department_code'>[] = await trx(TABLES.departmentCalendars).where({ calendar_id: id }).select('department_code');
        if (used.length) throw new HttpError(409, `"${id}" is the calendar of ${used.map((u) => u.department_code).join(', ')}: map them to another calendar first`);
        await trx(TABLES.slaCalendars).where({ id }).delete();
      });
    },

    /**
     * Imports a calendar. JSON: the whole calendar (created or replaced). iCalendar: holidays and
     * make-up working days of the calendar `id` (an existing one, or a new one from `base`), merged
     * into its dated days (an imported date replaces the same date) or replacing them (`mode: "replace"`).
     */
    async importCalendar(body: unknown, user?: Actor | null) {
      const errors: FieldError[] = [];
      if (!isBody(body)) throw invalidInput([{ path: ['format'], message: 'required: json or ics' }]);
      if (body.format !== 'json' && body.format !== 'ics') errors.push({ path: ['format'], message: `must be "json" or "ics", got ${JSON.stringify(body.format)}` });
      if (body.content === undefined || body.content === null || body.content === '') errors.push({ path: ['content'], message: 'required: the file content' });
      if (body.mode !== undefined && body.mode !== 'merge' && body.mode !== 'replace') errors.push({ path: ['mode'], message: 'must be "merge" or "replace"' });
      if (errors.length) throw invalidInput(errors);
      let calendar: BusinessCalendar;
      if (body.format === 'json') {
        let parsed = body.content;
        if (typeof parsed === 'string') {
          try {
            parsed = JSON.parse(parsed);
          } catch (error) {
            throw invalidInput([{ path: ['content'], message: `not JSON: ${(error as Error).message}` }]);
          }
        }
        const result = validateCalendar(parsed);
        if (!result.ok) throw invalid(result.errors, ['content']);
        calendar = result.calendar;
      } else {
        if (typeof body.content !== 'string') throw invalidInput([{ path: ['content'], message: 'must be the text of an .ics file' }]);
        if (typeof body.id !== 'string' || !body.id) throw invalidInput([{ path: ['id'], message: 'required: the calendar the .ics file is imported into' }]);
        const id = body.id;
        const existing: CalendarRow | undefined = await tx((trx) => trx(TABLES.slaCalendars).where({ id }).first());
        const current: BusinessCalendar | null = existing ? parseJson(existing.definition) : null;
        // The stored calendar, or the body's base, checked just below as a calendar.
        const base = (current ?? body.base) as BusinessCalendar;
        if (!current) {
          const check = validateCalendar({ ...(typeof base === 'object' && base ? base : {}), id });
          if (!base || !check.ok) {
            throw invalid(check.ok ? [{ path: '', message: 'required for a new calendar: { name, timeZone, weeklyHours }' }] : (check.errors as CalendarError[]), ['base']);
          }
        }
        let imported: BusinessCalendar;
        try {
          imported = calendarFromIcs(body.content, { id, name: base.name, timeZone: base.timeZone, weeklyHours: base.weeklyHours, source: base.source });
        } catch (error) {
          if (error instanceof CalendarValidationError) throw invalid(error.errors, ['content']);
          throw error;
        }
        // A notice names dated days only: the calendar keeps its rules for the years it does not list.
        if (base.provisionalRules) imported = { ...imported, provisionalRules: base.provisionalRules };
        if (current && body.mode !== 'replace') {
          const dates = new Set([...imported.holidays, ...imported.workingDays].map((d) => d.date));
          const keep = <T extends CalendarHoliday | MakeUpWorkingDay>(list: T[]) => list.filter((d) => !dates.has(d.date));
          const merged = validateCalendar({ ...imported, holidays: [...keep(current.holidays), ...imported.holidays], workingDays: [...keep(current.workingDays), ...imported.workingDays] });
          if (!merged.ok) throw invalid(merged.errors, ['content']);
          imported = merged.calendar;
        }
        calendar = imported;
      }
      await tx((trx) => writeCalendar(trx, calendar, { user, isDefault: body.isDefault === true ? true : undefined }));
      await recomputeNow();
      return this.getCalendar(calendar.id);
    },

    async exportCalendar(id: string, format: unknown) {
      if (format !== undefined && format !== 'json' && format !== 'ics') throw invalidInput([{ path: ['format'], message: 'must be "json" or "ics"' }]);
      const { calendar } = await this.getCalendar(id);
      if (format === 'ics') return { type: 'text/calendar; charset=utf-8', filename: `${id}.ics`, body: calendarToIcs(calendar, { generatedAt: api().clock.now() }) };
      return { type: 'application/json; charset=utf-8', filename: `${id}.json`, body: `${JSON.stringify(calendar, null, 2)}\n` };
    },

    // ---- departments ----------------------------------------------------------------------------

    async departmentCalendars() {
      const departments = await strapi.db.query(CONTENT_TYPES.department).findMany({ select: ['code', 'name'], orderBy: { code: 'asc' } });
      const map = await tx(mapping);
      return departments.map((d: { code: string; name: string | null }) => ({
        department: d.code,
        name: d.name ?? d.code,
        calendar: map.find((m) => m.department_code === d.code)?.calendar_id ?? null,
      }));
    },

    /** `{ data: { [departmentCode]: calendarId | null } }`: null returns the department to the default calendar. */
    async saveDepartmentCalendars(body: unknown) {
      const data = isBody(body) ? body.data : undefined;
      if (!data || typeof data !== 'object' || Array.isArray(data)) throw invalidInput([{ path: ['data'], message: 'must be { departmentCode: calendarId | null }' }]);
      const codes = new Set((await strapi.db.query(CONTENT_TYPES.department).findMany({ select: ['code'] })).map((d: { code: string }) => d.code));
      await tx(async (trx) => {
        const calendars = new Set((await trx(TABLES.slaCalendars).select('id')).map((c: Pick<CalendarRow, 'id'>) => c.id));
        const errors: FieldError[] = [];
        for (const [code, calendar] of Object.entries(data)) {
          if (!codes.has(code)) errors.push({ path: ['data', code], message: 'no such department' });
          else if (calendar !== null && (typeof calendar !== 'string' || !calendars.has(calendar))) errors.push({ path: ['data', code], message: `no calendar ${JSON.stringify(calendar)}` });
        }
        if (errors.length) throw invalidInput(errors);
        for (const [code, calendar] of Object.entries(data)) {
          await trx(TABLES.departmentCalendars).where({ department_code: code }).delete();
          if (calendar !== null) await trx(TABLES.departmentCalendars).insert({ department_code: code, calendar_id: calendar });
        }
      });
      return this.departmentCalendars();
    },

    // ---- policies -------------------------------------------------------------------------------

    async listPolicies() {
      return tx(async (trx) => ((await trx(TABLES.slaPolicies).select('*').orderBy(['workflow', 'id'])) as PolicyRow[]).map(policyRow));
    },

    async getPolicy(id: string) {
      const row: PolicyRow | undefined = await tx((trx) => trx(TABLES.slaPolicies).where({ id }).first());
      if (!row) throw new errors.NotFoundError(`No SLA policy "${id}"`);
      return policyRow(row);
    },

    /** Creates (`id` null) or replaces a policy; `active: true` makes it its workflow's policy. */
    async savePolicy(id: string | null, body: unknown, user?: Actor | null) {
      if (!isBody(body) || body.data === undefined) throw invalidInput([{ path: ['data'], message: 'required: the policy' }]);
      if (body.active !== undefined && typeof body.active !== 'boolean') throw invalidInput([{ path: ['active'], message: 'must be true or false' }]);
      const policy = checkedPolicy(body.data, id ?? undefined);
      await tx(async (trx) => {
        const existing: PolicyRow | undefined = await trx(TABLES.slaPolicies).where({ id: policy.id }).first();
        if (id && !existing) throw new errors.NotFoundError(`No SLA policy "${id}"`);
        if (!id && existing) throw new HttpError(409, `An SLA policy "${policy.id}" exists already`, { errors: [{ path: ['data', 'id'], message: 'is taken' }] });
        if (existing) checkRevision(existing, body.revision, 'policy');
        const wasActive = existing && bool(existing.active);
        if (wasActive && existing.workflow !== policy.workflow)
          throw invalidInput([
            { path: ['data', 'workflow'], message: `the active policy of ${existing.workflow} cannot move to another workflow; activate another policy for ${existing.workflow} first` },
          ]);
        if (wasActive && body.active === false) throw invalidInput([{ path: ['active'], message: 'a workflow always has one active policy: activate another one instead' }]);
        const hasActive = await trx(TABLES.slaPolicies).where({ workflow: policy.workflow, active: true }).whereNot({ id: policy.id }).first();
        const active = body.active === true || wasActive || !hasActive;
        if (active) await trx(TABLES.slaPolicies).where({ workflow: policy.workflow }).whereNot({ id: policy.id }).update({ active: false });
        const values = { name: policy.name, workflow: policy.workflow, active: !!active, definition: JSON.stringify(policy), edited: true, updated_at: now(), updated_by: actorName(user) };
        if (existing)
          await trx(TABLES.slaPolicies)
            .where({ id: policy.id })
            .update({ ...values, revision: Number(existing.revision) + 1 });
        else await trx(TABLES.slaPolicies).insert({ id: policy.id, ...values, contributed_by: null, revision: 1 });
      });
      return this.getPolicy(policy.id);
    },

    async deletePolicy(id: string) {
      await tx(async (trx) => {
        const row = await trx(TABLES.slaPolicies).where({ id }).first();
        if (!row) throw new errors.NotFoundError(`No SLA policy "${id}"`);
        if (bool(row.active)) throw new HttpError(409, `"${id}" is the active policy of ${row.workflow}: activate another one first`);
        await trx(TABLES.slaPolicies).where({ id }).delete();
      });
    },
  };
};

export type SlaSettingsService = ReturnType<typeof createSlaSettings>;
