import type { Core } from '@strapi/strapi';
import { queryOf, type AfterSalesApiV1, type DocumentMiddleware, type ExtensionContext, type ItemKind, type ItemRecord } from '../../extension-api';
import { findMentions } from '../../domain/notifications/mentions';
import type { NotificationParams } from '../../domain/notifications/texts';
import { createNotifications, setActiveNotifications, type Notifications } from './notifications';
import { staffName } from '../../domain/staff/display-name';
import { INTAKE_DEPARTMENT } from '../../domain/staff/intake-department';

const SUMMARY_LENGTH = 80;
const idOf = (value: unknown): number | null => {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'number') return (value as { id: number }).id;
  return null;
};

/**
 * Staff notifications: a new item in my department (intake), assigned to me (a workflow action or
 * an edit that changes the assignee), the customer replied on my item (the assignee, else the owner,
 * else the item's department, else the intake's department when nobody holds it) and `@mentions` in notes
 * (thread entries), a plan waiting for my approval (entering a state with an approval action), my
 * item about to breach (the SLA's at-risk level). Each listener names its event in the dedupe key,
 * so an event heard twice notifies once.
 */
export const activate = async (context: ExtensionContext) => {
  const { strapi } = context;
  const api = context.getApi(1);
  const notifications = createNotifications(strapi, api);
  setActiveNotifications(strapi, notifications);
  const kinds = api.itemKinds.list();
  const withAssignee = kinds.filter((kind) => kind.assigneeField);

  /** The item, with who works on it, its department and its one-line summary. */
  const itemOf = async (kind: ItemKind, documentId: string) => {
    const populate: Record<string, unknown> = {};
    for (const field of [kind.assigneeField, kind.ownerField, kind.departmentField]) if (field) populate[field] = { select: ['id'] };
    return (await queryOf(strapi, kind.contentType).findOne({ where: { documentId }, populate })) as ItemRecord | null;
  };
  const paramsOf = (kind: ItemKind, record: Pick<ItemRecord, 'documentId' | 'reference'> & Record<string, unknown>, extra: Partial<NotificationParams> = {}): NotificationParams => {
    const summary = kind.summaryField ? record[kind.summaryField] : null;
    return { reference: record.reference ?? record.documentId, summary: typeof summary === 'string' ? summary.slice(0, SUMMARY_LENGTH) : null, ...extra };
  };
  /** The head and members of a department (by id, or by code). */
  const departmentPeople = async (department: number | string | null): Promise<number[]> => {
    if (!department) return [];
    const where = typeof department === 'number' ? { id: department } : { code: department };
    const found = await strapi.db.query('api::department.department').findOne({ where, populate: { head: { select: ['id'] }, members: { select: ['id'] } } });
    if (!found) return [];
    return [found.head?.id, ...(found.members ?? []).map((m: { id: number }) => m.id)].filter((id): id is number => typeof id === 'number');
  };
  const actorName = (actor: { kind: string; name?: string } | undefined) => (actor && actor.kind !== 'system' ? (actor.name ?? null) : null);

  context.subscriptions.push(
    { dispose: () => void setActiveNotifications(strapi, null) },

    // A new item in my department: written in the intake's transaction, so it exists exactly when the item does.
    // Who is told is read before the item takes its number; only the writes wait for the day's counter.
    api.intake.onReceived({
      prepare: async ({ item, relations, kind: intakeKind }) => {
        const kind = kinds.find((k) => k.intake?.kind === intakeKind);
        const field = kind?.departmentField;
        if (!kind || !field) return null;
        // The department as the intake wrote it (a relation, not in the item's row); read back only when the intake does not say.
        const department = field in (relations ?? {}) ? relations[field] : idOf((await itemOf(kind, item.documentId))?.[field]);
        return { kind, recipients: await notifications.recipientsOf({ recipients: await departmentPeople(department) }) };
      },
      receive: async ({ item }, prepared) => {
        if (!prepared) return;
        const { kind, recipients } = prepared;
        await notifications.notifyRecipients(
          {
            kind: 'new-in-department',
            key: `received:${item.documentId}`,
            contentType: kind.contentType,
            documentId: item.documentId,
            reference: item.reference ?? null,
            params: paramsOf(kind, item),
          },
          recipients
        );
      },
    }),

    api.events.onTransition(async (event) => {
      const kind = api.itemKinds.get(event.contentType);
      if (!kind) return;
      const record = await itemOf(kind, event.documentId);
      if (!record) return;
      const actorId = event.actor.kind === 'admin' ? event.actor.id : null;
      if (kind.assigneeField && event.changedFields.includes(kind.assigneeField)) {
        const assignee = idOf(record[kind.assigneeField]);
        await notifications.notify({
          kind: 'assigned',
          key: `assigned:${event.documentId}:v${event.version}`,
          recipients: [assignee],
          actorId,
          contentType: event.contentType,
          documentId: event.documentId,
          reference: event.reference,
          params: paramsOf(kind, record, { actor: actorName(event.actor) }),
        });
      }
      if (event.from !== event.to) await approvalsWaiting(strapi, api, notifications, kind, record, event, actorId);
      await departmentInformed(strapi, api, notifications, kind, event, actorId);
    }),

    api.events.onThreadEntry(async (entry) => {
      if (entry.kind !== 'message-in' && entry.kind !== 'note') return;
      // A note names nobody without an `@` (most are the system's: a call owed to the customer): nothing to read.
      if (entry.kind === 'note' && !(entry.bodyText ?? '').includes('@')) return;
      const kind = api.itemKinds.get(entry.contentType);
      if (!kind) return;
      const record = await itemOf(kind, entry.documentId);
      if (!record) return;
      if (entry.kind === 'message-in') {
        // The person working on it now; the case owner when nobody is assigned; else its department's
        // people; else (nobody holds it) the intake's department, as a call owed to the customer is.
        const person = (kind.assigneeField ? idOf(record[kind.assigneeField]) : null) ?? (kind.ownerField ? idOf(record[kind.ownerField]) : null);
        const department = kind.departmentField ? idOf(record[kind.departmentField]) : null;
        const recipients = person ? [person] : department ? await departmentPeople(department) : await departmentPeople(INTAKE_DEPARTMENT);
        await notifications.notify({
          kind: 'customer-replied',
          key: `reply:${entry.id}`,
          recipients,
          contentType: entry.contentType,
          documentId: entry.documentId,
          reference: entry.reference ?? record.reference ?? null,
          params: paramsOf(kind, record),
        });
        return;
      }
      const people = await strapi.db.query('admin::user').findMany({ where: { isActive: true, blocked: false }, select: ['id', 'firstname', 'lastname', 'username', 'email'] });
      const mentioned = findMentions(entry.bodyText ?? '', people);
      await notifications.notify({
        kind: 'mentioned',
        key: `mention:${entry.id}`,
        recipients: mentioned,
        actorId: entry.author.kind === 'admin' ? entry.author.id : null,
        contentType: entry.contentType,
        documentId: entry.documentId,
        reference: entry.reference ?? record.reference ?? null,
        params: paramsOf(kind, record, { actor: entry.author.name }),
      });
    }),

    api.events.onEscalation(async (event) => {
      // "About to" breach: a clock that has run out already (a sweep catching up on old items, the
      // demo data) is a breach, which the SLA's own escalation reports; nobody gets a pile of warnings.
      if (event.level !== 'at-risk' || !event.assigneeId || Date.parse(event.dueAt) <= Date.parse(event.at)) return;
      const kind = api.itemKinds.get(event.contentType);
      if (!kind) return;
      const record = (await itemOf(kind, event.documentId)) ?? { documentId: event.documentId, reference: event.reference };
      await notifications.notify({
        kind: 'about-to-breach',
        key: `at-risk:${event.documentId}:${event.clock}`,
        recipients: [event.assigneeId],
        contentType: event.contentType,
        documentId: event.documentId,
        reference: event.reference,
        params: paramsOf(kind, record, { clock: event.clock, dueAt: event.dueAt }),
      });
    })
  );

  if (withAssignee.length) {
    context.subscriptions.push(
      api.documents.use(
        withAssignee.map((kind) => kind.contentType),
        assignedByEdit(strapi, api, notifications)
      )
    );
  }

  // Digests: one instance per interval (the job's lease); off with AFTER_SALES_JOB_NOTIFICATIONS_DIGEST=off.
  const intervalMs = Math.max(1, Number((await api.configuration.get<number>('digestIntervalMinutes')) ?? 60)) * 60_000;
  context.subscriptions.push(api.jobs.schedule({ id: 'notifications.digest', intervalMs, run: () => notifications.sendDigests() }));
};

/**
 * "Record and notify the responsible department" (001 三.2(3) 登记备案,及时反馈给相关部门): an action
 * that names a department relation in `notifyDepartment` tells that department's head.
 */
const departmentInformed = async (
  strapi: Core.Strapi,
  api: AfterSalesApiV1,
  notifications: Notifications,
  kind: ItemKind,
  event: { contentType: string; documentId: string; reference: string | null; action: string; from: string; version: number },
  actorId: number | string | null
) => {
  const transition = api.workflow.definition(event.contentType)?.transitions.find((t) => t.id === event.action && (t.from.includes(event.from) || t.from.includes('*')));
  const field = transition?.notifyDepartment;
  if (!field) return;
  const record = (await queryOf(strapi, kind.contentType).findOne({ where: { documentId: event.documentId }, populate: { [field]: { populate: { head: { select: ['id'] } } } } })) as Record<
    string,
    unknown
  > | null;
  const head = (record?.[field] as { head?: { id: number } | null } | null | undefined)?.head?.id ?? null;
  const summary = kind.summaryField ? record?.[kind.summaryField] : null;
  await notifications.notify({
    kind: 'department-informed',
    key: `informed:${event.documentId}:v${event.version}`,
    recipients: [head],
    actorId,
    contentType: event.contentType,
    documentId: event.documentId,
    reference: event.reference,
    params: { reference: event.reference ?? event.documentId, summary: typeof summary === 'string' ? summary.slice(0, SUMMARY_LENGTH) : null },
  });
};

/** A plan waiting for approval: the heads of the departments the state's approval action names. */
const approvalsWaiting = async (
  strapi: Core.Strapi,
  api: AfterSalesApiV1,
  notifications: Notifications,
  kind: ItemKind,
  record: ItemRecord,
  event: { contentType: string; documentId: string; reference: string | null; to: string; version: number },
  actorId: number | string | null
) => {
  const definition = await api.workflow.configuredDefinition(event.contentType);
  const departments = [...new Set((definition?.transitions ?? []).filter((t) => t.approval && t.from.includes(event.to)).flatMap((t) => t.approval!.departments))];
  if (!departments.length) return;
  const rows = await strapi.db.query('api::department.department').findMany({ where: { code: { $in: departments } }, populate: { head: { select: ['id'] } } });
  const heads = rows.map((d: { head?: { id: number } | null }) => d.head?.id ?? null);
  const summary = kind.summaryField ? record[kind.summaryField] : null;
  await notifications.notify({
    kind: 'approval-waiting',
    key: `approval:${event.documentId}:v${event.version}`,
    recipients: heads,
    actorId,
    contentType: event.contentType,
    documentId: event.documentId,
    reference: event.reference,
    params: { reference: event.reference ?? event.documentId, summary: typeof summary === 'string' ? summary.slice(0, SUMMARY_LENGTH) : null },
  });
};

/**
 * Assigned by an edit (the Content Manager, the REST API): the assignee before and after the write.
 * A create counts only when a signed-in person made it (the demo seed and imports notify nobody).
 */
const assignedByEdit =
  (strapi: Core.Strapi, api: AfterSalesApiV1, notifications: Notifications): DocumentMiddleware =>
  async (ctx, next) => {
    if (ctx.action !== 'update' && ctx.action !== 'create') return next();
    const kind = api.itemKinds.get(ctx.uid);
    const field = kind?.assigneeField;
    const params = ctx.params as { documentId?: string; data?: Record<string, unknown> };
    if (!kind || !field || !params.data || !(field in params.data)) return next();
    const user = (strapi.requestContext.get() as { state?: { user?: { id: number; firstname?: string; lastname?: string; email?: string } } } | undefined)?.state?.user;
    if (ctx.action === 'create' && !user) return next();
    const read = (documentId: string) => queryOf(strapi, ctx.uid).findOne({ where: { documentId }, populate: { [field]: { select: ['id'] } } }) as Promise<ItemRecord | null>;
    const before = ctx.action === 'update' && params.documentId ? await read(params.documentId) : null;
    const result = await next();
    const documentId = (result as { documentId?: unknown } | null)?.documentId;
    if (typeof documentId !== 'string') return result;
    const after = await read(documentId);
    const assignee = after ? idOf(after[field]) : null;
    if (!after || !assignee || assignee === (before ? idOf(before[field]) : null)) return result;
    const summary = kind.summaryField ? after[kind.summaryField] : null;
    await notifications.notify({
      kind: 'assigned',
      // The same key as the workflow action's (which writes through the document service too): told once.
      key: `assigned:${documentId}:v${after.version ?? String(after.updatedAt instanceof Date ? after.updatedAt.toISOString() : after.updatedAt)}`,
      recipients: [assignee],
      actorId: user?.id ?? null,
      contentType: ctx.uid,
      documentId,
      reference: after.reference ?? null,
      params: {
        reference: after.reference ?? documentId,
        summary: typeof summary === 'string' ? summary.slice(0, SUMMARY_LENGTH) : null,
        actor: staffName(user),
      },
    });
    return result;
  };
