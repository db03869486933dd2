import type { Core } from '@strapi/strapi';
import { CARE_OUTCOMES, callsToOpen, carePlanProblems, dayIn, nextCallOn, openCallKey, type CareOutcome, type CarePlanRule } from '../../domain/care/schedule';
import {
  CONTENT_TYPES,
  invalidInput,
  documentsOf,
  queryOf,
  statusOf,
  type ActionInvocation,
  type AfterSalesApiV1,
  type CareCallRequest,
  type DocumentMiddleware,
  type GuardHandler,
} from '../../extension-api';
import { WITHDRAWAL_NOTES, withdrawalReason } from '../../domain/care/withdrawal';
import { CARE_CALL, CARE_PLAN, CARE_WORKFLOW, FEEDBACK_CHANNEL, WITHDRAW } from './constants';

export const timeZoneOf = (strapi: Core.Strapi) => strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai');

/** A care plan as the scheduler reads it through the query layer, with its populated relations. */
interface CarePlanRecord {
  id: number;
  documentId: string;
  name: string;
  active?: boolean | null;
  segment?: string | null;
  every?: number | null;
  unit?: string | null;
  retryAfterDays?: number | null;
  channel?: string | null;
  customer?: { id?: number; documentId?: string } | null;
  assignee?: { id: number } | null;
  department?: { id: number } | null;
}

/** A customer as the generating job reads it. */
interface CareCustomerRow {
  id: number;
  documentId: string;
  segment?: string | null;
  name: string;
  company?: string | null;
  privacyState?: string | null;
}

/** A care call as the generating job and the outcome effect read it. */
interface CareCallRecord {
  documentId: string;
  reference?: string | null;
  openKey?: string | null;
  state?: string;
  channel?: string | null;
  nextCallOn?: string | null;
  calledAt?: string | null;
  customer?: { documentId: string; name: string; company?: string | null } | null;
  carePlan?: CarePlanRecord | null;
}

type PlanRow = CarePlanRule & { id: number; name: string; channel: string; assigneeId: number | null; departmentId: number | null };

/** Plans as the scheduler reads them, oldest first (the first of two matching plans wins). */
const readPlans = async (strapi: Core.Strapi): Promise<PlanRow[]> => {
  const rows = (await queryOf(strapi, CARE_PLAN).findMany({
    where: { active: true },
    populate: { customer: { select: ['documentId'] }, assignee: { select: ['id'] }, department: { select: ['id'] } },
    orderBy: { id: 'asc' },
  })) as CarePlanRecord[];
  return rows.map((row) => ({
    id: row.id,
    documentId: row.documentId,
    name: row.name,
    active: row.active !== false,
    segment: row.segment ? String(row.segment).trim() : null,
    customer: row.customer?.documentId ?? null,
    every: Number(row.every) || 1,
    unit: row.unit === 'weeks' ? 'weeks' : 'months',
    retryAfterDays: Number(row.retryAfterDays) || 3,
    channel: row.channel ?? 'phone',
    assigneeId: row.assignee?.id ?? null,
    departmentId: row.department?.id ?? null,
  }));
};

const isUniqueViolation = (error: unknown) => /unique|duplicate/i.test(String((error as Error)?.message ?? error));

/**
 * Opens one care call through the document service (its reference and SLA clock, like any item)
 * and audits the opening, in one transaction (the caller's when there is one).
 */
type OpenedCall = { documentId: string; reference: string | null };
/** An open call with this key exists already (another run opened it a moment ago). */
class OpenCallExists extends Error {}

const openCall = async (strapi: Core.Strapi, api: AfterSalesApiV1, data: Record<string, unknown>, details: Record<string, unknown>): Promise<OpenedCall> =>
  strapi.db.transaction(async ({ trx }): Promise<OpenedCall> => {
    // Checked in the transaction as well as by the unique index: SQLite runs one transaction at a
    // time, so the check alone keeps two runs from opening the same call there; on PostgreSQL the
    // index stops the second (a full SQLite test run once accepted a duplicate key despite the index).
    if (data.openKey && (await trx('care_calls').where({ open_key: data.openKey }).first('id'))) throw new OpenCallExists();
    const created = (await documentsOf(strapi, CARE_CALL).create({ data: { ...data, summary: String(data.summary ?? '').slice(0, 255) } })) as { documentId: string; reference?: string | null };
    await api.audit.append({ action: 'care-call-opened', contentType: CARE_CALL, documentId: created.documentId, reference: created.reference ?? null, details }, trx);
    return { documentId: created.documentId, reference: created.reference ?? null };
  });

/** A call another extension asks for (a detractor's follow-up): due today unless said, by phone unless said; no plan. */
export const openRequestedCall = (strapi: Core.Strapi, api: AfterSalesApiV1, request: CareCallRequest) =>
  openCall(
    strapi,
    api,
    { customer: request.customer, dueOn: request.dueOn ?? dayIn(api.clock.now(), timeZoneOf(strapi)), channel: request.channel ?? 'phone', summary: request.summary },
    { requestedBy: api.extension.id, ...(request.reason ?? {}) }
  );

/** An open call a plan opened, with what decides whether it still applies. */
interface OpenPlanCallRecord {
  documentId: string;
  version: number;
  carePlan?: { documentId: string; active?: boolean | null; segment?: string | null; customer?: { documentId: string } | null } | null;
  customer?: { documentId: string; segment?: string | null; privacyState?: string | null } | null;
}

/**
 * Withdraws the open calls plans opened that no longer apply (the plan deleted or deactivated; for a
 * segment plan, the customer erased or out of the segment): through the workflow engine as the
 * system, the reason in the audit event's note; the call's clock is cancelled (`cancel` on entering
 * `withdrawn`), its open key cleared. A call another run withdrew a moment ago is skipped.
 */
const withdrawStaleCalls = async (strapi: Core.Strapi, api: AfterSalesApiV1) => {
  const open = (await queryOf(strapi, CARE_CALL).findMany({
    where: { state: 'due', openKey: { $notNull: true } },
    select: ['documentId', 'version'],
    populate: {
      carePlan: { select: ['documentId', 'active', 'segment'], populate: { customer: { select: ['documentId'] } } },
      customer: { select: ['documentId', 'segment', 'privacyState'] },
    },
  })) as OpenPlanCallRecord[];
  const system = api.workflow.systemActor();
  const withdrawn: Record<string, number> = {};
  for (const call of open) {
    const plan = call.carePlan;
    const reason = withdrawalReason({
      plan: plan ? { active: plan.active !== false, segment: plan.segment ? String(plan.segment).trim() : null, customer: plan.customer?.documentId ?? null } : null,
      customer: call.customer ? { documentId: call.customer.documentId, segment: call.customer.segment ?? null, privacyState: call.customer.privacyState ?? null } : null,
    });
    if (!reason) continue;
    try {
      await api.workflow.perform(CARE_WORKFLOW, call.documentId, WITHDRAW, { version: Number(call.version), note: WITHDRAWAL_NOTES[reason] }, system);
      withdrawn[reason] = (withdrawn[reason] ?? 0) + 1;
    } catch (error) {
      // Logged or withdrawn a moment ago (a newer version, no longer due): nothing to do.
      if (statusOf(error) !== 409) throw error;
    }
  }
  return withdrawn;
};

/**
 * One run of the generating job: withdraws the open calls whose plan no longer applies, then opens each due care call (at most one open call per customer and
 * plan: the call carries `openKey`, unique in the database, until its outcome is logged). Calls are
 * created through the document service, so they get their reference and their SLA clock like any
 * item; each opening is audited. Running it twice opens nothing the second time.
 */
export const generateCalls = async (strapi: Core.Strapi, api: AfterSalesApiV1) => {
  const today = dayIn(api.clock.now(), timeZoneOf(strapi));
  const withdrawn = await withdrawStaleCalls(strapi, api);
  const plans = await readPlans(strapi);
  if (!plans.length) return { today, opened: 0, withdrawn };
  const segments = [...new Set(plans.filter((p) => !p.customer && p.segment).map((p) => p.segment as string))];
  const named = plans.filter((p) => p.customer).map((p) => p.customer as string);
  const or: Record<string, unknown>[] = [];
  if (segments.length) or.push({ segment: { $in: segments } });
  if (named.length) or.push({ documentId: { $in: named } });
  const customers = (await queryOf(strapi, CONTENT_TYPES.customer).findMany({ where: { $or: or }, select: ['id', 'documentId', 'segment', 'name', 'company', 'privacyState'] })) as CareCustomerRow[];
  const reachable = customers.filter((c) => !c.privacyState || c.privacyState === 'active');
  const byDocumentId = new Map(reachable.map((c) => [c.documentId, c]));

  const calls = (await queryOf(strapi, CARE_CALL).findMany({
    where: { customer: { documentId: { $in: [...byDocumentId.keys()] } } },
    select: ['openKey', 'state', 'nextCallOn', 'calledAt'],
    populate: { customer: { select: ['documentId'] }, carePlan: { select: ['documentId'] } },
    orderBy: [{ calledAt: 'asc' }, { id: 'asc' }],
  })) as CareCallRecord[];
  const openKeys = new Set<string>(calls.flatMap((c) => (c.openKey ? [c.openKey] : [])));
  const lastScheduled = new Map<string, string>();
  for (const call of calls) {
    if (call.state === 'done' && call.nextCallOn && call.customer && call.carePlan)
      lastScheduled.set(openCallKey(call.customer.documentId, call.carePlan.documentId), String(call.nextCallOn).slice(0, 10));
  }

  const due = callsToOpen({ today, plans, customers: reachable.map((c) => ({ documentId: c.documentId, segment: c.segment ?? null })), openKeys, lastScheduled });
  let opened = 0;
  let skipped = 0;
  for (const call of due) {
    const customer = byDocumentId.get(call.customer)!;
    const key = openCallKey(call.customer, call.plan.documentId);
    try {
      await openCall(
        strapi,
        api,
        {
          customer: call.customer,
          carePlan: call.plan.documentId,
          dueOn: call.dueOn,
          channel: call.plan.channel,
          assignee: call.plan.assigneeId,
          department: call.plan.departmentId,
          summary: `${customer.company || customer.name} · ${call.plan.name}`,
          openKey: key,
        },
        { plan: call.plan.name, dueOn: call.dueOn }
      );
      opened += 1;
    } catch (error) {
      // Another run opened it a moment ago (the unique open key): nothing to do.
      if (!(error instanceof OpenCallExists) && !isUniqueViolation(error)) throw error;
      skipped += 1;
    }
  }
  return { today, opened, skipped, withdrawn };
};

/** A care plan as a manager saves it (Content Manager or API): a 400 naming each wrong field. */
export const checkPlan =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (ctx, next) => {
    if (ctx.action !== 'create' && ctx.action !== 'update') return next();
    const params = ctx.params as { documentId?: string; data?: Record<string, unknown> };
    const data = params.data ?? {};
    const before =
      ctx.action === 'update' && params.documentId
        ? ((await queryOf(strapi, CARE_PLAN).findOne({ where: { documentId: params.documentId }, populate: { customer: { select: ['id'] } } })) as CarePlanRecord | null)
        : null;
    const relationSet = (value: unknown) => {
      if (value === undefined) return undefined;
      if (value === null) return false;
      const v = value as { set?: unknown; connect?: unknown; disconnect?: unknown };
      if (Array.isArray(v?.set)) return v.set.length > 0;
      if (Array.isArray(v?.connect) && v.connect.length) return true;
      if (Array.isArray(v?.disconnect) && v.disconnect.length) return false;
      if (Array.isArray(v?.connect) || Array.isArray(v?.disconnect)) return undefined;
      return Array.isArray(v) ? v.length > 0 : true;
    };
    const customerSet = relationSet(data.customer);
    const merged = {
      segment: data.segment !== undefined ? data.segment : before?.segment,
      customer: customerSet === undefined ? !!before?.customer : customerSet,
      every: data.every !== undefined ? Number(data.every) : (before?.every ?? 1),
      unit: data.unit ?? before?.unit ?? 'months',
      retryAfterDays: data.retryAfterDays !== undefined && data.retryAfterDays !== null ? Number(data.retryAfterDays) : before?.retryAfterDays,
    };
    const problems = carePlanProblems(merged);
    if (Object.keys(problems).length) throw invalidInput(Object.entries(problems).map(([field, message]) => ({ path: ['data', field], message })));
    if (typeof data.segment === 'string') data.segment = data.segment.trim() || null;
    return next();
  };

/** The outcome is one of the four (the content type would refuse another, less readably). */
export const checkOutcome: GuardHandler = ({ data }) => {
  if (data.outcome !== undefined && !(CARE_OUTCOMES as readonly string[]).includes(String(data.outcome))) return { field: 'outcome', message: `outcome must be one of ${CARE_OUTCOMES.join(', ')}` };
};

/**
 * Logging a call's outcome: the call is no longer the open one of its customer and plan, and the
 * next call's day is set from the outcome (not reached: the plan's retry days). A raised issue is
 * registered through the intake as a feedback item of the customer (the caller is its actor and,
 * staff, its owner), linked to the call, audited on both.
 */
export const logOutcomeEffect = async (strapi: Core.Strapi, api: AfterSalesApiV1, invocation: ActionInvocation) => {
  const { record, data, now, actor } = invocation;
  const outcome = String(data.outcome) as CareOutcome;
  const call = (await queryOf(strapi, CARE_CALL).findOne({
    where: { documentId: record.documentId },
    populate: { customer: { select: ['id', 'documentId', 'name', 'company', 'locale'] }, carePlan: true },
  })) as CareCallRecord | null;
  const plan = call?.carePlan;
  const changes: Record<string, unknown> = { openKey: null };
  if (plan)
    changes.nextCallOn = nextCallOn(
      { every: Number(plan.every) || 1, unit: plan.unit === 'weeks' ? 'weeks' : 'months', retryAfterDays: Number(plan.retryAfterDays) || 3 },
      outcome,
      dayIn(now, timeZoneOf(strapi))
    );
  if (outcome === 'issue-raised' && call?.customer) {
    const words = String(data.outcomeNote ?? '').trim();
    const client =
      actor.kind === 'admin' && actor.id !== null
        ? { kind: 'admin' as const, id: String(actor.id), name: actor.name }
        : { kind: 'system' as const, id: 'after-sales.care', name: actor.name || 'after-sales.care' };
    const { item } = await api.intake.submit(
      {
        kind: 'feedback',
        channel: FEEDBACK_CHANNEL[String(call.channel)] ?? 'hotline',
        customer: { documentId: call.customer.documentId, name: call.customer.name, ...(call.customer.company ? { company: call.customer.company } : {}) },
        symptom: words.slice(0, 5000),
      },
      client
    );
    changes.feedback = item.documentId;
    // Nested: joins the action's transaction (the feedback item and this event commit with the call's outcome).
    await strapi.db.transaction(({ trx }) =>
      api.audit.append(
        {
          action: 'care-call-issue',
          contentType: CONTENT_TYPES.feedback,
          documentId: item.documentId,
          reference: item.reference ?? null,
          actor: { kind: actor.kind, id: actor.id === null ? null : String(actor.id), name: actor.name },
          details: { careCall: call.reference ?? call.documentId },
        },
        trx
      )
    );
  }
  return changes;
};
