import { describeEscalationNote } from '../domain/sla/escalation-note';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { planTransition, availableTransitions } from '../domain/workflow/plan-transition';
import { withConfiguredApprovers } from '../domain/workflow/configured-approvers';
import { permissionOf, stateFieldOf, type TransitionDefinition, type WorkflowDefinition, type WorkflowRecord } from '../domain/workflow/types';
import { ADMIN_ACTION_PREFIX, CASE_OWNER_FIELD, CONDITIONS, CONTENT_TYPES, TABLES } from '../constants';
import { getService } from '../utils/get-service';
import { columnOf, contentTable, documentsOf, modelOf, queryOf } from '../utils/content-table';
import type { AuditEventRow } from '../domain/audit/audit-event-row';
import { runAsWorkflowEngine } from '../utils/internal-write';
import { checkDates } from '../domain/dates/date-bounds';
import { dateBoundsOf } from '../middlewares/validate-dates';
import { refusal } from '../utils/http-errors';
import type { ActionInvocation, PerformInput, TransitionEvent, WorkflowCaller as Actor } from '../extension-api';
import { staffActorName, staffName } from '../domain/staff/display-name';

/** What a form needs of a field's schema attribute. */
interface FieldAttribute {
  type: string;
  enum?: string[];
  multiple?: boolean;
  target?: string;
}

/** A row of a relation's target offered as a choice: the fields a label is made of. */
interface ChoiceRow {
  documentId: string;
  locale?: string | null;
  reference?: string | null;
  title?: string | null;
  name?: string | null;
  modelCode?: string | null;
}

/** A department with its head's and members' ids. */
interface DepartmentLinks {
  id: number;
  code: string;
  head?: { id: number } | null;
  members?: { id: number }[] | null;
}

export type { WorkflowCaller as Actor, PerformInput } from '../extension-api';

const titleOf = (title: TransitionDefinition['title'], locale = 'en') => (typeof title === 'string' ? title : ((title as Record<string, string>)[locale] ?? title.en));

/**
 * The Strapi adapter around the pure workflow engine: loads the record, checks the caller's
 * permission and version, runs the plan and the extensions' guards and effects, writes the change,
 * the version and the audit event in one transaction, and announces the transition after commit.
 */
/** The Content Manager's read action: what `readableRecord` and `readableAmong` test, with its conditions. */
const CONTENT_MANAGER_READ = 'plugin::content-manager.explorer.read';

const workflow = ({ strapi }: { strapi: Core.Strapi }) => {
  const host = () => getService(strapi, 'extension-host');

  const definitions = (): WorkflowDefinition[] =>
    host()
      .contributions('workflows')
      .map((c) => c.value);

  const definitionFor = (uidOrId: string): WorkflowDefinition | undefined => definitions().find((w) => w.contentType === uidOrId || w.id === uidOrId);

  const requireDefinition = (uidOrId: string) => {
    const definition = definitionFor(uidOrId);
    if (!definition) throw refusal(404, 'unknown-workflow', `No active workflow for "${uidOrId}"`);
    return definition;
  };

  /**
   * The definition as it applies now: approvals that name a setting (`departmentsSetting`) take
   * the departments the admin saved in the contributing extension's settings.
   */
  const configuredDefinitionFor = async (uidOrId: string): Promise<WorkflowDefinition | undefined> => {
    const definition = definitionFor(uidOrId);
    if (!definition || !definition.transitions.some((t) => t.approval?.departmentsSetting)) return definition;
    const contributor = host()
      .contributions('workflows')
      .find((c) => c.value.id === definition.id)?.extensionId;
    return withConfiguredApprovers(definition, (contributor && (await host().getSettings(contributor))) || {});
  };
  const configuredDefinition = async (uidOrId: string) => {
    requireDefinition(uidOrId);
    return (await configuredDefinitionFor(uidOrId))!;
  };

  /** Every relation, media and component populated; admin users reduced to id and name. */
  const populateFor = (uid: string) => {
    const model = modelOf(strapi, uid)!;
    const populate: Record<string, unknown> = {};
    for (const [name, attribute] of Object.entries(model.attributes)) {
      if (['createdBy', 'updatedBy', 'localizations'].includes(name)) continue;
      if (attribute.type === 'relation' && attribute.target === 'admin::user') populate[name] = { select: ['id', 'firstname', 'lastname'] };
      else if (attribute.type === 'relation' && attribute.target === 'api::department.department') populate[name] = { select: ['id', 'documentId', 'code'] };
      else if (attribute.type === 'relation') populate[name] = { select: ['id', 'documentId'] };
      else if (attribute.type === 'media') populate[name] = { select: ['id', 'documentId', 'name'] };
      else if (attribute.type === 'component') populate[name] = true;
    }
    return populate;
  };

  const loadRecord = async (definition: WorkflowDefinition, documentId: string): Promise<WorkflowRecord | null> =>
    queryOf(strapi, definition.contentType).findOne({ where: { documentId }, populate: populateFor(definition.contentType) });

  /** The plugin's RBAC conditions evaluated on a loaded record: the same rules the Content Manager applies as queries. */
  const conditionHolds = (condition: string, record: WorkflowRecord, actor: Actor) => {
    const departmentId = (record.department as { id?: number } | null)?.id;
    if (condition === CONDITIONS.inMyDepartment) return departmentId !== undefined && actor.admin!.departmentIds.includes(departmentId);
    if (condition === CONDITIONS.withoutDepartment) return departmentId === undefined;
    if (condition === CONDITIONS.inMyOffice) {
      const officeId = (record.office as { id?: number } | null)?.id;
      return officeId !== undefined && (actor.admin!.officeIds ?? []).includes(officeId);
    }
    if (condition === CONDITIONS.isMyCase) return (record[CASE_OWNER_FIELD] as { id?: number } | null)?.id === actor.id;
    if (condition === 'admin::is-creator') return (record.createdBy as { id?: number } | null)?.id === actor.id;
    return false;
  };

  /** Whether one of the actor's permissions for `action` (and `subject`) holds on the record: unconditional, or one of its conditions holds. */
  const permits = (actor: Actor, record: WorkflowRecord, action: string, subject?: string) =>
    actor
      .admin!.permissions.filter((p) => p.action === action && (subject === undefined || p.subject === subject))
      .some((p) => !p.conditions?.length || p.conditions.some((c) => conditionHolds(c, record, actor)));

  /** Admin users need the transition's RBAC action, with one of its conditions holding; API callers passed the route's permission. */
  const mayPerform = (definition: WorkflowDefinition, transition: TransitionDefinition, record: WorkflowRecord, actor: Actor) => {
    if (actor.kind !== 'admin') return true;
    if (actor.admin!.isSuperAdmin) return true;
    return permits(actor, record, `${ADMIN_ACTION_PREFIX}${permissionOf(definition, transition)}`);
  };

  /** What an admin form needs to ask for each field: its type, the allowed values, the choices of a relation. */
  const describeFields = async (definition: WorkflowDefinition, names: string[], locale = 'zh-Hans') => {
    const model = modelOf(strapi, definition.contentType)!;
    const result: Record<string, { type: string; enum?: string[]; multiple?: boolean; choices?: { value: string | number; label: string }[] }> = {};
    for (const name of [...new Set(names)]) {
      const attribute = (model.attributes as Record<string, FieldAttribute | undefined>)[name];
      if (!attribute) continue;
      const field: (typeof result)[string] = { type: attribute.type };
      if (attribute.type === 'enumeration') field.enum = attribute.enum;
      if (attribute.type === 'media') field.multiple = !!attribute.multiple;
      if (attribute.type === 'relation' && attribute.target === 'api::department.department') {
        const departments: { documentId: string; name: string }[] = await strapi.db.query('api::department.department').findMany({ select: ['documentId', 'name'], orderBy: { name: 'asc' } });
        field.choices = departments.map((d) => ({ value: d.documentId, label: d.name }));
      } else if (attribute.type === 'relation' && attribute.target === 'admin::user') {
        const users: { id: number; firstname: string | null; lastname: string | null; email: string | null }[] = await strapi.db
          .query('admin::user')
          .findMany({ where: { isActive: true, blocked: false }, select: ['id', 'firstname', 'lastname', 'email'], orderBy: { firstname: 'asc' } });
        field.choices = users.map((u) => ({ value: u.id, label: staffName(u, '') as string }));
      } else if (attribute.type === 'relation') {
        // One choice per document: a localized target with draft & publish (knowledge articles) has
        // up to four rows per document (draft and published, per language), which listed each
        // article several times under the same key. The version in the caller's language wins.
        const rows: ChoiceRow[] = await queryOf(strapi, attribute.target!).findMany({ limit: 800, orderBy: { id: 'desc' } });
        const byDocument = new Map<string, ChoiceRow>();
        for (const row of rows) {
          const kept = byDocument.get(row.documentId);
          if (!kept || (kept.locale !== locale && row.locale === locale)) byDocument.set(row.documentId, row);
        }
        field.choices = [...byDocument.values()].slice(0, 200).map((r) => ({ value: r.documentId, label: r.reference ?? r.title ?? r.name ?? r.modelCode ?? r.documentId }));
      }
      result[name] = field;
    }
    return result;
  };

  const invocationBase = (definition: WorkflowDefinition, record: WorkflowRecord, actor: Actor, now: Date) => ({ strapi, workflow: definition, record, actor, now });

  /**
   * The checks before an action writes anything: permission, version, dates, the plan (fields,
   * note, state), the extensions' guards. Throws the refusal (4xx naming the field); returns the plan.
   */
  const validateAction = async (definition: WorkflowDefinition, record: WorkflowRecord, actionId: string, input: PerformInput, actor: Actor, now: Date) => {
    if (!Number.isInteger(input.version)) {
      throw refusal(400, 'invalid-input', 'version: is required (the version you last read)', { errors: [{ path: ['version'], message: 'is required' }] });
    }
    const stateField = stateFieldOf(definition);
    const current = { state: record[stateField], version: record.version };
    const candidates = definition.transitions.filter((t) => t.id === actionId);
    const applicable = candidates.find((t) => t.from.includes(record[stateField] as string) || t.from.includes('*')) ?? candidates[0];
    if (applicable && !mayPerform(definition, applicable, record, actor)) {
      throw refusal(403, 'forbidden', `You may not "${actionId}" this ${definition.id}`);
    }
    if (input.version !== record.version) {
      throw refusal(409, 'stale-version', `This ${definition.id} changed since you read it (now version ${record.version}, state "${current.state}")`, { current });
    }
    const dateProblems = checkDates(definition.contentType, input.data ?? {}, {
      ...dateBoundsOf(strapi),
      now,
      createdAt: record.createdAt ? new Date(Math.min(new Date(record.createdAt as string).getTime(), now.getTime())) : now,
    });
    if (dateProblems.length) {
      throw refusal(400, 'invalid-input', dateProblems.map((p) => `${p.field}: ${p.message}`).join('; '), {
        current,
        errors: dateProblems.map((p) => ({ path: ['data', p.field], message: p.message, code: p.code })),
      });
    }
    const plan = planTransition({ workflow: definition, record, actionId, data: input.data, note: input.note, actor, now });
    if (!plan.ok) {
      throw refusal(plan.status, plan.code, plan.message, {
        current,
        ...('errors' in plan ? { errors: plan.errors.map((e) => ({ path: e.path.split('.'), message: e.message })) } : {}),
      });
    }
    const invocation: ActionInvocation = {
      ...invocationBase(definition, record, actor, now),
      transition: plan.transition,
      data: input.data ?? {},
      changes: plan.changes,
      from: plan.from,
      to: plan.to,
      note: input.note?.trim() || null,
      configuration: {},
    };
    for (const guard of await host().handlersFor(definition.id, actionId, 'guard')) {
      const refused = await guard.handler.fn({ ...invocation, configuration: guard.configuration });
      if (refused) {
        throw refusal(400, 'refused-by-extension', `${refused.field}: ${refused.message}`, {
          current,
          extension: guard.extensionId,
          errors: [{ path: ['data', refused.field], message: refused.message }],
        });
      }
    }
    return { plan, invocation };
  };

  return {
    definitions,
    definitionFor,
    /** The definition as it applies now: approvals naming a setting take the saved departments (async: settings are stored). */
    configuredDefinitionFor,

    /** Who an admin user is to the rules: departments they head, departments they belong to, permissions. */
    async adminActor(user: { id: number; firstname?: string; lastname?: string; email?: string; roles?: { code: string }[] }): Promise<Actor> {
      const departments: DepartmentLinks[] = await strapi.db.query('api::department.department').findMany({
        select: ['id', 'code'],
        populate: { head: { select: ['id'] }, members: { select: ['id'] } },
      });
      const offices = await strapi.db.query(CONTENT_TYPES.office).findMany({ where: { $or: [{ members: { id: user.id } }, { head: { id: user.id } }] }, select: ['id'] });
      const permissions: { action: string; subject?: string | null; conditions?: string[] }[] = await strapi.service('admin::permission').findUserPermissions(user);
      const roles = user.roles ?? (await strapi.db.query('admin::user').findOne({ where: { id: user.id }, populate: ['roles'] }))?.roles ?? [];
      return {
        kind: 'admin',
        id: user.id,
        name: staffActorName(user),
        headOf: departments.filter((d) => d.head?.id === user.id).map((d) => d.code),
        admin: {
          isSuperAdmin: roles.some((r: { code: string }) => r.code === 'strapi-super-admin'),
          permissions: permissions.map((p) => ({ action: p.action, subject: p.subject ?? null, conditions: p.conditions })),
          departmentIds: departments.filter((d) => d.head?.id === user.id || d.members?.some((m) => m.id === user.id)).map((d) => d.id),
          officeIds: offices.map((o: { id: number }) => o.id),
        },
      };
    },

    apiActor(ctx: { state: { user?: { id: number; username?: string }; auth?: { strategy?: { name: string }; credentials?: { id: number; name?: string } } } }): Actor {
      if (ctx.state.user) return { kind: 'api-user', id: ctx.state.user.id, name: ctx.state.user.username ?? `user ${ctx.state.user.id}`, headOf: [] };
      const token = ctx.state.auth?.credentials;
      return { kind: 'api-token', id: token?.id ?? null, name: token?.name ?? 'API token', headOf: [] };
    },

    /**
     * The record, when the admin user may read it in the Content Manager (its read permission with
     * one of its conditions holding, as for workflow actions); null otherwise or when it does not exist.
     */
    async readableRecord(uidOrId: string, documentId: string, actor: Actor): Promise<WorkflowRecord | null> {
      const definition = requireDefinition(uidOrId);
      const record = await loadRecord(definition, documentId);
      if (!record) return null;
      if (actor.kind !== 'admin' || actor.admin!.isSuperAdmin) return record;
      return permits(actor, record, CONTENT_MANAGER_READ, definition.contentType) ? record : null;
    },

    /**
     * Which of these records (of any content type) the admin user may read in the Content Manager, by the
     * same rule as `readableRecord`: one query for them all, reading only the relations the conditions test.
     */
    async readableAmong(uid: string, documentIds: string[], actor: Actor): Promise<Set<string>> {
      if (!documentIds.length || actor.kind !== 'admin') return new Set();
      if (actor.admin!.isSuperAdmin) return new Set(documentIds);
      const grants = actor.admin!.permissions.filter((p) => p.action === CONTENT_MANAGER_READ && p.subject === uid);
      if (!grants.length) return new Set();
      if (grants.some((p) => !p.conditions?.length)) return new Set(documentIds);
      const attributes = modelOf(strapi, uid)?.attributes ?? {};
      const populate = Object.fromEntries(['department', 'office', CASE_OWNER_FIELD, 'createdBy'].filter((name) => attributes[name]?.type === 'relation').map((name) => [name, { select: ['id'] }]));
      const records: WorkflowRecord[] = await queryOf(strapi, uid).findMany({ where: { documentId: { $in: [...new Set(documentIds)] } }, select: ['id', 'documentId'], populate });
      return new Set(records.filter((record) => permits(actor, record, CONTENT_MANAGER_READ, uid)).map((record) => String(record.documentId)));
    },

    /** The actions this actor may take on the record now, with what each needs. */
    async listActions(uidOrId: string, documentId: string, actor: Actor, locale = 'en') {
      const definition = await configuredDefinition(uidOrId);
      const record = await loadRecord(definition, documentId);
      if (!record) throw refusal(404, 'not-found', `No ${definition.id} ${documentId}`);
      const stateField = stateFieldOf(definition);
      const state = definition.states.find((s) => s.id === record[stateField]);
      const seen = new Set<string>();
      const actions = availableTransitions(definition, record)
        .filter((t) => mayPerform(definition, t, record, actor))
        .filter((t) => !seen.has(t.id) && seen.add(t.id))
        .map((t) => ({
          id: t.id,
          title: titleOf(t.title, locale),
          to: t.to ?? null,
          outcomes: t.branches?.map((b) => b.to) ?? null,
          fields: t.fields ?? [],
          requiredFields: t.requiredFields ?? [],
          noteRequired: t.noteRequired ?? false,
          approval: t.approval ? { departments: t.approval.departments, decision: t.approval.decision } : null,
        }));
      return {
        workflow: definition.id,
        fields: await describeFields(
          definition,
          actions.flatMap((a) => [...a.fields, ...a.requiredFields]),
          locale
        ),
        documentId,
        reference: (record.reference as string) ?? null,
        state: record[stateField],
        stateTitle: state ? titleOf(state.title, locale) : record[stateField],
        stateCategory: state?.category ?? null,
        version: record.version,
        actions,
      };
    },

    /**
     * Every check `perform` makes before it writes (the caller's permission and version, dates,
     * the action's fields and note, the extensions' guards), on the record as it is now, writing
     * nothing: throws the refusal `perform` would. Lets a caller refuse a combined request (a reply
     * with an action) before it sends or stores anything.
     */
    async check(uidOrId: string, documentId: string, actionId: string, input: PerformInput, actor: Actor): Promise<{ from: string; to: string; changedFields: string[] }> {
      const definition = await configuredDefinition(uidOrId);
      const record = await loadRecord(definition, documentId);
      if (!record) throw refusal(404, 'not-found', `No ${definition.id} ${documentId}`);
      const { plan } = await validateAction(definition, record, actionId, input, actor, getService(strapi, 'clock').now());
      return { from: plan.from, to: plan.to, changedFields: plan.changedFields };
    },

    async perform(uidOrId: string, documentId: string, actionId: string, input: PerformInput, actor: Actor) {
      const definition = await configuredDefinition(uidOrId);
      const stateField = stateFieldOf(definition);
      const meta = contentTable(strapi, definition.contentType);
      const column = (field: string) => columnOf(meta, field);
      const now = getService(strapi, 'clock').now();
      let event: TransitionEvent | null = null;

      const result = await strapi.db.transaction(async ({ trx, onCommit }) => {
        const record = await loadRecord(definition, documentId);
        if (!record) throw refusal(404, 'not-found', `No ${definition.id} ${documentId}`);
        const { plan, invocation } = await validateAction(definition, record, actionId, input, actor, now);
        const current = { state: record[stateField], version: record.version };
        for (const effect of await host().handlersFor(definition.id, actionId, 'effect')) {
          Object.assign(plan.changes, (await effect.handler.fn({ ...invocation, configuration: effect.configuration })) ?? {});
        }
        // A case without an owner (e.g. received through the intake) is taken by the first staff member who acts on it.
        if (actor.kind === 'admin' && actor.id !== null && CASE_OWNER_FIELD in meta.attributes && !(record[CASE_OWNER_FIELD] as { id?: number } | null)?.id) {
          plan.changes[CASE_OWNER_FIELD] = actor.id;
        }

        const claimed = await trx(meta.tableName)
          .where(column('documentId'), documentId)
          .andWhere(column('version'), record.version as number)
          .update({ [column(stateField)]: plan.to, [column('version')]: (record.version as number) + 1 });
        if (claimed === 0) {
          const latest = await trx(meta.tableName).where(column('documentId'), documentId).first(column(stateField), column('version'));
          throw refusal(409, 'stale-version', `This ${definition.id} changed while you acted (now version ${latest?.version}, state "${latest?.[column(stateField)]}")`, {
            current: { state: latest?.[column(stateField)], version: latest?.version },
          });
        }
        const version = (record.version as number) + 1;
        try {
          await runAsWorkflowEngine(() => documentsOf(strapi, definition.contentType).update({ documentId, data: plan.changes }));
        } catch (error) {
          if (error instanceof errors.ValidationError) {
            const details = (error.details ?? {}) as { errors?: { path: string[]; message: string }[] };
            throw refusal(400, 'invalid-input', error.message, {
              current,
              errors: (details.errors ?? []).map((e) => ({ path: ['data', ...e.path], message: e.message })),
            });
          }
          throw error;
        }
        for (const after of await host().handlersFor(definition.id, actionId, 'after')) {
          await after.handler.fn({ ...invocation, changes: plan.changes, configuration: after.configuration, version });
        }

        await getService(strapi, 'audit').append(
          {
            contentType: definition.contentType,
            documentId,
            reference: (record.reference as string) ?? null,
            action: actionId,
            fromState: plan.from,
            toState: plan.to,
            actor,
            note: input.note?.trim() || null,
            changedFields: plan.changedFields,
            version,
            at: now,
          },
          trx
        );

        event = {
          workflow: definition.id,
          contentType: definition.contentType,
          documentId,
          reference: (record.reference as string) ?? null,
          action: actionId,
          from: plan.from,
          to: plan.to,
          version,
          actor: { kind: actor.kind, id: actor.id, name: actor.name },
          changedFields: plan.changedFields,
          at: now.toISOString(),
        };
        onCommit(() => {
          strapi.eventHub.emit('after-sales.workflow.transition', event);
          void host().emitTransition(event!);
        });
        return { documentId, reference: record.reference ?? null, action: actionId, from: plan.from, state: plan.to, version, changedFields: plan.changedFields };
      });
      return result;
    },

    /** Audit events of one record, oldest first. */
    async timeline(uidOrId: string, documentId: string, options: { includeStaff?: boolean } = {}) {
      const definition = requireDefinition(uidOrId);
      const exists = await queryOf(strapi, definition.contentType).findOne({ where: { documentId }, select: ['id'] });
      if (!exists) throw refusal(404, 'not-found', `No ${definition.id} ${documentId}`);
      const rows: AuditEventRow[] = await strapi.db.connection(TABLES.auditEvents).where({ content_type: definition.contentType, document_id: documentId }).orderBy('id', 'asc');
      return rows.map((row) => ({
        id: Number(row.id),
        at: new Date(row.created_at).toISOString(),
        action: row.action,
        from: row.from_state,
        to: row.to_state,
        version: row.version,
        changedFields: JSON.parse(row.changed_fields ?? '[]'),
        ...(options.includeStaff === false
          ? {}
          : {
              actor: { kind: row.actor_kind, id: row.actor_id, name: row.actor_name },
              note: row.note,
              ...(row.action === 'escalate' || row.action === 'sla-recompute' ? { noteCode: describeEscalationNote(row.note) } : {}),
            }),
      }));
    },
  };
};

export default workflow;
