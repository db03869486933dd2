import type { Core } from '@strapi/strapi';
import { CARE_OUTCOMES } from '../../domain/care/schedule';
import { monthRange } from '../../domain/reports/month-range';
import { staffName, type StaffNameParts } from '../../domain/staff/display-name';
import { HttpError, errors, invalidInput, queryOf, type AfterSalesApiV1, type RouteContext } from '../../extension-api';
import { CARE_CALL, CARE_WORKFLOW, LOG_OUTCOME } from './constants';
import { careApi } from './extension';
import { generateCalls, timeZoneOf } from './care';

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);
const LIMIT = 200;

/** The customer of a care call as the queue populates it (before the contact-data guard). */
interface CareCallCustomer {
  documentId: string;
  name?: string | null;
  company?: string | null;
  segment?: string | null;
  phone?: string | null;
  wechat?: string | null;
  email?: string | null;
}

/** A care call as the queue reads it through the query layer, with its populated relations. */
interface CareCallRow {
  documentId: string;
  reference?: string | null;
  state: string;
  dueOn?: string | null;
  callBy?: string | null;
  channel?: string | null;
  version?: number | null;
  carePlan?: { documentId: string; name: string } | null;
  assignee?: StaffNameParts | null;
  department?: { name: string } | null;
  customer?: CareCallCustomer | null;
  outcome?: string | null;
  outcomeNote?: string | null;
  calledAt?: string | null;
  nextCallOn?: string | null;
  feedback?: { documentId: string; reference?: string | null } | null;
}

/**
 * The agents' care-call queue: the due calls, soonest due first (then the clock), with the
 * customer's contact data as the caller may read it (the privacy rules' guard: full, masked or
 * hidden); the calls logged lately with what they led to; logging an outcome through the workflow
 * engine (the caller's permission, the record's version, the guard and the effect).
 */
export const careQueue = (strapi: Core.Strapi) => {
  const api = (): AfterSalesApiV1 => {
    const current = careApi(strapi);
    if (!current) throw new HttpError(503, 'Care calls are switched off (extension after-sales.care is disabled)');
    return current;
  };

  const rowOf = (call: CareCallRow, access: unknown, now: Date) => {
    const customer = call.customer ? api().contactData.guard(call.customer, access) : null;
    return {
      documentId: call.documentId,
      reference: call.reference ?? null,
      state: call.state,
      dueOn: call.dueOn ? String(call.dueOn).slice(0, 10) : null,
      callBy: iso(call.callBy),
      overdue: call.state === 'due' && !!call.callBy && new Date(call.callBy).getTime() < now.getTime(),
      channel: call.channel ?? null,
      version: call.version ?? 1,
      plan: call.carePlan ? { documentId: call.carePlan.documentId, name: call.carePlan.name } : null,
      assignee: staffName(call.assignee),
      department: call.department?.name ?? null,
      customer:
        call.customer && customer
          ? {
              documentId: call.customer.documentId,
              name: customer.name ?? null,
              company: customer.company ?? null,
              segment: call.customer.segment ?? null,
              phone: customer.phone ?? null,
              wechat: customer.wechat ?? null,
              email: customer.email ?? null,
            }
          : null,
      outcome: call.outcome ?? null,
      outcomeNote: call.outcomeNote ?? null,
      calledAt: iso(call.calledAt),
      nextCallOn: call.nextCallOn ? String(call.nextCallOn).slice(0, 10) : null,
      feedback: call.feedback ? { documentId: call.feedback.documentId, reference: call.feedback.reference ?? null } : null,
    };
  };

  const populate = {
    customer: { select: ['id', 'documentId', 'name', 'company', 'segment', 'phone', 'email', 'wechat'] },
    carePlan: { select: ['documentId', 'name'] },
    assignee: { select: ['id', 'firstname', 'lastname', 'email'] },
    department: { select: ['name'] },
    feedback: { select: ['documentId', 'reference'] },
  };

  return {
    /** Opens the due calls now, as a run of the job would (one open call per customer and plan still holds). */
    generate: () => generateCalls(strapi, api()),

    /**
     * `state=due` (default): open calls by due day; `state=done`: the latest logged calls, or with
     * `month=YYYY-MM` those logged that month (business time zone): who was reached, what they said, what it led to.
     */
    async list(ctx: RouteContext, query: Record<string, unknown>) {
      const state = query.state === undefined || query.state === 'due' ? 'due' : query.state === 'done' ? 'done' : null;
      if (!state) throw invalidInput([{ path: ['state'], message: 'state must be due or done' }]);
      if (query.month !== undefined && (state !== 'done' || typeof query.month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(query.month)))
        throw invalidInput([{ path: ['month'], message: 'month must be YYYY-MM, with state=done' }]);
      const range = typeof query.month === 'string' ? monthRange(query.month, timeZoneOf(strapi)) : null;
      const calls = (await queryOf(strapi, CARE_CALL).findMany({
        where: range ? { state, calledAt: { $gte: range.start, $lt: range.end } } : { state },
        populate,
        orderBy: state === 'due' ? [{ dueOn: 'asc' }, { callBy: 'asc' }, { id: 'asc' }] : [{ calledAt: 'desc' }, { id: 'desc' }],
        limit: LIMIT,
      })) as CareCallRow[];
      const access = api().contactData.accessFor(ctx);
      const now = api().clock.now();
      return calls.map((call) => rowOf(call, access, now));
    },

    /** Logs the outcome (`reached`, `not-reached`, `issue-raised` with the issue in `note`, `satisfied`); the call as it is now. */
    async logOutcome(ctx: RouteContext, documentId: string, body: { outcome?: unknown; note?: unknown; version?: unknown }) {
      const outcome = body?.outcome;
      if (typeof outcome !== 'string' || !(CARE_OUTCOMES as readonly string[]).includes(outcome))
        throw invalidInput([{ path: ['data', 'outcome'], message: `outcome must be one of ${CARE_OUTCOMES.join(', ')}` }]);
      const note = typeof body?.note === 'string' ? body.note.trim() : '';
      if (note.length > 5000) throw invalidInput([{ path: ['data', 'note'], message: 'at most 5000 characters' }]);
      const call = (await queryOf(strapi, CARE_CALL).findOne({ where: { documentId }, select: ['version', 'state'] })) as { version: number; state: string } | null;
      if (!call) throw new errors.NotFoundError('No such care call', { code: 'not-found' });
      const version = typeof body?.version === 'number' && Number.isInteger(body.version) ? body.version : call.version;
      const actor = await api().workflow.adminActor(ctx.state.user);
      await api().workflow.perform(CARE_WORKFLOW, documentId, LOG_OUTCOME, { version, data: { outcome, ...(note ? { outcomeNote: note } : {}) } }, actor);
      const updated = (await queryOf(strapi, CARE_CALL).findOne({ where: { documentId }, populate })) as CareCallRow;
      return rowOf(updated, api().contactData.accessFor(ctx), api().clock.now());
    },
  };
};
