import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { errors, HttpError, invalidInput, TABLES, textOf, type AfterSalesApiV1, type FieldError } from '../../extension-api';
import { actionsToEscalate, isOverdue, parsePlanActions, planGaps, type ActionTerm, type PlanAction } from '../../domain/improvement/plan-actions';
import { staffName } from '../../domain/staff/display-name';
import { IMPROVEMENT_RECORD } from './constants';
import type { Actor } from './analysis';

/** States in which the plan may change: before it is proposed, and while it is carried out (actions marked done). A plan under review stays as proposed. */
const EDITABLE_STATES = ['analysing', 'approved', 'internally-verified', 'customer-verified'];
const isEditable = (state: unknown) => typeof state === 'string' && EDITABLE_STATES.includes(state);

interface ActionRow {
  id: number;
  improvement_document_id: string;
  position: number;
  term: ActionTerm;
  action: string;
  owner_id: number;
  due_date: string;
  resources: string | null;
  done_at: string | null;
  escalated_at: string | null;
}

/** An admin user as the plan reads it (`admin_users`). */
interface AdminUserRow {
  id: number | string;
  firstname: string | null;
  lastname: string | null;
  email: string | null;
}

const toAction = (row: ActionRow): PlanAction => ({
  id: Number(row.id),
  term: row.term,
  action: row.action,
  ownerId: Number(row.owner_id),
  dueDate: row.due_date,
  resources: row.resources ?? null,
  doneAt: row.done_at ?? null,
  escalatedAt: row.escalated_at ?? null,
});

/**
 * The improvement plan (改进方案实施表): the short- and long-term actions of an improvement record,
 * each with an owner, a due date and resources; overdue open actions are shown and escalated once
 * (an audit event on the record; the dashboard widget lists them).
 */
export const createPlan = (strapi: Core.Strapi, api: AfterSalesApiV1) => {
  const knex = () => strapi.db.connection;
  const timeZone = () => strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai');
  /** Today in the business time zone (YYYY-MM-DD). */
  const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: timeZone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(api.clock.now());
  const ownerNames = async (ids: number[]) => {
    const rows: AdminUserRow[] = ids.length
      ? await knex()('admin_users')
          .whereIn('id', [...new Set(ids)])
          .select('id', 'firstname', 'lastname', 'email')
      : [];
    return new Map(rows.map((u) => [Number(u.id), staffName(u)]));
  };
  const actionsOf = async (documentId: string, trx?: Knex) =>
    ((await (trx ? trx(TABLES.improvementActions) : knex()(TABLES.improvementActions)).where({ improvement_document_id: documentId }).orderBy('position')) as ActionRow[]).map(toAction);

  const view = async (documentId: string) => {
    const actions = await actionsOf(documentId);
    const names = await ownerNames(actions.map((a) => a.ownerId));
    const day = today();
    const users: AdminUserRow[] = await knex()('admin_users').where({ is_active: true, blocked: false }).orderBy('firstname').limit(500).select('id', 'firstname', 'lastname', 'email');
    return {
      today: day,
      owners: users.map((u) => ({ id: Number(u.id), name: staffName(u) ?? `#${u.id}` })),
      actions: actions.map((a) => ({ ...a, owner: names.get(a.ownerId) ?? null, overdue: isOverdue(a, day) })),
      gaps: planGaps(actions).map((g) => g.message),
    };
  };

  return {
    today,
    actionsOf,
    async show(ctx: unknown, documentId: string) {
      const record = await api.records.find(IMPROVEMENT_RECORD, documentId);
      if (!record) throw new errors.NotFoundError(`No improvement record ${documentId}`);
      await api.records.assertMayRead(ctx, IMPROVEMENT_RECORD, documentId);
      return { state: record.state as string, editable: isEditable(record.state), ...(await view(documentId)) };
    },

    /** Replaces the plan's actions (listed ones kept by id, the others removed, new ones added) in one transaction. */
    async save(ctx: unknown, documentId: string, body: unknown, actor: Actor) {
      const day = today();
      const parsed = parsePlanActions(body, day);
      if (!parsed.ok) throw invalidInput(parsed.problems);
      const record = await api.records.find(IMPROVEMENT_RECORD, documentId);
      if (!record) throw new errors.NotFoundError(`No improvement record ${documentId}`);
      await api.records.assertMayRead(ctx, IMPROVEMENT_RECORD, documentId);
      if (!isEditable(record.state)) throw new HttpError(409, `The plan cannot change while the record is "${record.state}"`, { state: record.state });
      const problems: FieldError[] = [];
      const owners: Pick<AdminUserRow, 'id'>[] = await knex()('admin_users')
        .whereIn('id', [...new Set(parsed.actions.map((a) => a.ownerId))])
        .select('id');
      const known = new Set(owners.map((o) => Number(o.id)));
      const stored = await actionsOf(documentId);
      parsed.actions.forEach((a, i) => {
        if (!known.has(a.ownerId)) problems.push({ path: ['actions', i, 'ownerId'], message: `no admin user has the id ${a.ownerId}` });
        if (a.id !== undefined && !stored.some((s) => s.id === a.id)) problems.push({ path: ['actions', i, 'id'], message: 'is not an action of this plan' });
      });
      if (problems.length) throw invalidInput(problems);
      const now = api.clock.now().toISOString();
      await strapi.db.transaction(async ({ trx }) => {
        const keep = parsed.actions.filter((a) => a.id !== undefined).map((a) => a.id as number);
        await trx(TABLES.improvementActions)
          .where({ improvement_document_id: documentId })
          .whereNotIn('id', keep.length ? keep : [0])
          .delete();
        for (const [position, a] of parsed.actions.entries()) {
          const before = stored.find((s) => s.id === a.id);
          const doneAt = a.done === undefined ? (before?.doneAt ?? null) : a.done ? (before?.doneAt ?? now) : null;
          // A new due date is a new promise: an escalated action is escalated again when it passes.
          const escalatedAt = before && before.dueDate === a.dueDate ? before.escalatedAt : null;
          const row = { position, term: a.term, action: a.action, owner_id: a.ownerId, due_date: a.dueDate, resources: a.resources, done_at: doneAt, escalated_at: escalatedAt, updated_at: now };
          if (before) await trx(TABLES.improvementActions).where({ id: before.id }).update(row);
          else await trx(TABLES.improvementActions).insert({ ...row, improvement_document_id: documentId, created_at: now });
        }
        await api.audit.append(
          {
            action: 'plan-changed',
            contentType: IMPROVEMENT_RECORD,
            documentId,
            reference: textOf(record.reference),
            actor: { kind: 'admin', id: actor.id, name: actor.name },
            details: { actions: parsed.actions.length },
          },
          trx
        );
      });
      return { state: record.state as string, editable: true, ...(await view(documentId)) };
    },

    /** The propose-plan guard: a plan needs a short-term and a long-term action. Read in the action's transaction (joined, not a second connection). */
    async gapsOf(documentId: string) {
      return strapi.db.transaction(async ({ trx }) => planGaps(await actionsOf(documentId, trx)));
    },

    /** Escalates each overdue open action once: an audit event on its record. Returns how many. */
    async escalateOverdue() {
      const day = today();
      const rows = (await knex()(TABLES.improvementActions).whereNull('done_at').whereNull('escalated_at').where('due_date', '<', day).orderBy('due_date').limit(200)) as ActionRow[];
      const due = actionsToEscalate(
        rows.map((r) => ({ ...toAction(r), record: r.improvement_document_id })),
        day
      );
      const names = await ownerNames(due.map((a) => a.ownerId));
      let escalated = 0;
      for (const action of due) {
        await strapi.db.transaction(async ({ trx }) => {
          const claimed = await trx(TABLES.improvementActions).where({ id: action.id }).whereNull('escalated_at').update({ escalated_at: api.clock.now().toISOString() });
          if (!claimed) return;
          const record = await trx('improvement_records').where({ document_id: action.record }).first('reference');
          await api.audit.append(
            {
              action: 'plan-action-overdue',
              contentType: IMPROVEMENT_RECORD,
              documentId: action.record,
              reference: record?.reference ?? null,
              details: `${action.term === 'short' ? '短期措施' : '长期措施'}「${action.action.slice(0, 80)}」已逾期（${action.dueDate}，负责人 ${names.get(action.ownerId) ?? action.ownerId}）`,
            },
            trx
          );
          escalated++;
        });
      }
      return { escalated };
    },

    /** The dashboard widget: overdue open actions, oldest first. */
    async overdueWidget() {
      const day = today();
      const rows = (await knex()(`${TABLES.improvementActions} as a`)
        .join('improvement_records as r', 'r.document_id', 'a.improvement_document_id')
        .whereNull('a.done_at')
        .where('a.due_date', '<', day)
        .orderBy('a.due_date')
        .limit(50)
        .select('a.*', { reference: 'r.reference' })) as (ActionRow & { reference: string })[];
      const names = await ownerNames(rows.map((r) => Number(r.owner_id)));
      return {
        columns: [
          { key: 'record', title: { en: 'Improvement record', 'zh-Hans': '改进记录' } },
          { key: 'term', title: { en: 'Term', 'zh-Hans': '类型' } },
          { key: 'action', title: { en: 'Action', 'zh-Hans': '措施' } },
          { key: 'owner', title: { en: 'Owner', 'zh-Hans': '负责人' } },
          { key: 'dueDate', title: { en: 'Due', 'zh-Hans': '期限' } },
        ],
        rows: rows.map((r) => ({
          record: r.reference,
          term: r.term === 'short' ? '短期 short' : '长期 long',
          action: r.action.slice(0, 120),
          owner: names.get(Number(r.owner_id)) ?? null,
          dueDate: r.due_date,
        })),
      };
    },
  };
};
export type Plan = ReturnType<typeof createPlan>;
