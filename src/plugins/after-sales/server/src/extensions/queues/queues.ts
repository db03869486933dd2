import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import {
  BUILTIN_VIEWS,
  CUSTOMER_UPDATE_DAYS,
  MAX_PAGE_SIZE,
  PAGE_SIZE,
  QUEUE_COLUMNS,
  decodeCursor,
  parseFilters,
  parseSavedView,
  parseTag,
  readSearch,
  searchScore,
  type QueueFilters,
} from '../../domain/queues/views';
import { mergeNote, movedEntryMeta, parseMergeTarget, planMerge, targetProblem, type MergeItem, type MergeStep, type MergeTargetInput } from '../../domain/queues/merge';
import { queuesApi } from './extension';
import { textMatches } from './text-matches';
import {
  CONTENT_TYPES,
  TABLES,
  errors,
  HttpError,
  invalidInput,
  refusal,
  statusOf,
  type FieldError,
  type AfterSalesApiV1,
  type QueuePageInput,
  type QueueRow,
  type RouteContext,
  contentTable,
  documentsOf,
  modelOf,
  queryOf,
} from '../../extension-api';
import { staffName } from '../../domain/staff/display-name';

const CM_READ = 'plugin::content-manager.explorer.read';
const CM_UPDATE = 'plugin::content-manager.explorer.update';
const MAX_BULK = 100;
const BULK_ACTIONS: readonly unknown[] = ['assign', 'transition', 'add-tags', 'remove-tags', 'merge'];
const SEARCH_PAGE = 10;
const SEARCH_CANDIDATES = 200;
const DAY_MS = 86_400_000;

interface Scope {
  userId: number;
  allDepartments: boolean;
  departmentIds: number[];
  departmentCodes: string[];
  officeIds: number[];
  heads: string[];
}

/** A saved view as its table holds it (ids may come back as strings). */
interface SavedViewRow {
  id: number | string;
  owner_id: number | string;
  name: string;
  department_code: string | null;
  definition: string;
}
/** A customer found by the search, as its table holds it. */
interface FoundCustomerRow {
  id: number | string;
  document_id: string;
  name: string | null;
}
/** An item of a bulk action, as stored. */
interface BulkItemRecord {
  id: number;
  documentId: string;
  reference: string | null;
  version: number;
  state: string;
}

const nowIso = (date: Date) => date.toISOString();
const idOf = (value: unknown, field: string) => {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 1) throw invalidInput([{ path: [field], message: 'must be an id' }]);
  return id;
};

/**
 * Work queues for staff who work many cases a day: built-in views and saved views across the item
 * kinds with a staff list, bulk actions (each item through its own permission and the workflow
 * engine), managed tags and a search. Pages come from the core's staff queue (`staffQueue.page`,
 * the one definition of due and overdue); every row is then checked against the Content Manager's
 * read rule, and customers are shown by the contact-data rule of the caller.
 */
export const queuesOf = (strapi: Core.Strapi) => {
  const api = (): AfterSalesApiV1 => {
    const current = queuesApi(strapi);
    if (!current) throw new HttpError(503, 'The work queues are switched off (extension after-sales.queues is disabled)');
    return current;
  };
  const knex = () => strapi.db.connection;
  const kinds = () =>
    api()
      .itemKinds.list()
      .filter((k) => k.collection);
  const known = () => {
    const list = kinds();
    return {
      kinds: list.map((k) => k.id),
      states: [
        ...new Set(
          list.flatMap(
            (k) =>
              api()
                .workflow.definition(k.contentType)
                ?.states.map((s) => s.id) ?? []
          )
        ),
      ],
      severities: [...new Set(list.flatMap((k) => k.severity?.ladder ?? []))],
    };
  };

  const scopeOf = async (ctx: RouteContext): Promise<Scope> => {
    const user = ctx.state?.user;
    if (!user) throw new errors.UnauthorizedError('Sign in first');
    const departments = await strapi.db.query(CONTENT_TYPES.department).findMany({
      where: { $or: [{ members: { id: user.id } }, { head: { id: user.id } }] },
      select: ['id', 'code'],
      populate: { head: { select: ['id'] } },
    });
    const offices = await strapi.db.query(CONTENT_TYPES.office).findMany({ where: { $or: [{ members: { id: user.id } }, { head: { id: user.id } }] }, select: ['id'] });
    const superAdmin = (user.roles ?? []).some((role: { code: string }) => role.code === 'strapi-super-admin');
    return {
      userId: user.id,
      allDepartments: superAdmin,
      departmentIds: departments.map((d: { id: number }) => d.id),
      departmentCodes: departments.map((d: { code: string }) => d.code),
      officeIds: offices.map((o: { id: number }) => o.id),
      heads: departments.filter((d: { head?: { id: number } | null }) => d.head?.id === user.id).map((d: { code: string }) => d.code),
    };
  };

  /** Document ids among `documentIds` that the caller may read (`action` read) or change (update) by the Content Manager's rule. */
  const permitted = async (ctx: RouteContext, uid: string, documentIds: string[], action: typeof CM_READ | typeof CM_UPDATE): Promise<Set<string>> => {
    const ability = ctx.state?.userAbility;
    if (!ability || !documentIds.length) return new Set();
    const checker = strapi.plugin('content-manager').service('permission-checker').create({ userAbility: ability, model: uid });
    const may = action === CM_READ ? checker.can.read() : checker.can.update();
    if (!may) return new Set();
    if (!ability.rulesFor?.(action, uid)?.some((rule: { conditions?: unknown }) => rule.conditions)) return new Set(documentIds);
    const base = { filters: { documentId: { $in: documentIds } } };
    const query = action === CM_READ ? await checker.sanitizedQuery.read(base) : await checker.sanitizedQuery.update(base);
    const rows = await documentsOf(strapi, uid).findMany({ filters: query.filters, fields: ['documentId'] });
    return new Set(rows.map((r: { documentId: string }) => r.documentId));
  };

  /** Tags of the rows' items. */
  const tagsOf = async (rows: { contentType: string; documentId: string }[]) => {
    const map = new Map<string, { id: number; name: string; colour: string }[]>();
    if (!rows.length) return map;
    const found = await knex()(`${TABLES.itemTags} as it`)
      .join(`${TABLES.tags} as tg`, 'tg.id', 'it.tag_id')
      .whereIn(
        'it.document_id',
        rows.map((r) => r.documentId)
      )
      .orderBy('tg.name', 'asc')
      .select('it.content_type', 'it.document_id', 'tg.id', 'tg.name', 'tg.colour');
    for (const row of found) {
      const key = `${row.content_type}:${row.document_id}`;
      map.set(key, [...(map.get(key) ?? []), { id: Number(row.id), name: row.name, colour: row.colour }]);
    }
    return map;
  };

  /** What a page row says, with the customer as this caller may read it and the item's tags. */
  const shape = async (ctx: RouteContext, rows: QueueRow[]) => {
    const access = api().contactData.accessFor(ctx);
    const tags = await tagsOf(rows);
    return rows.map((row) => ({
      ...row,
      customer: row.customer ? api().contactData.guard(row.customer, access) : null,
      tags: tags.get(`${row.contentType}:${row.documentId}`) ?? [],
    }));
  };

  /** Rows the caller may read (the Content Manager's rule, conditions included). */
  const readable = async <T extends { contentType: string; documentId: string }>(ctx: RouteContext, rows: T[]): Promise<T[]> => {
    const keep = new Set<string>();
    for (const uid of new Set(rows.map((r) => r.contentType))) {
      const ids = rows.filter((r) => r.contentType === uid).map((r) => r.documentId);
      for (const id of await permitted(ctx, uid, ids, CM_READ)) keep.add(`${uid}:${id}`);
    }
    return rows.filter((r) => keep.has(`${r.contentType}:${r.documentId}`));
  };

  /** The items whose plan waits for a department the caller heads (per content type), or null when the kind asks no approval. */
  const awaitingApproval = async (scope: Scope) => {
    const result = new Map<string, string[]>();
    for (const kind of kinds()) {
      const transitions = ((await api().workflow.configuredDefinition(kind.contentType))?.transitions ?? []).filter((t) => t.approval && t.approval.decision === 'approved');
      if (!transitions.length) continue;
      const departments = [...new Set(transitions.flatMap((t) => t.approval!.departments))].filter((d) => scope.heads.includes(d));
      const states = [...new Set(transitions.flatMap((t) => t.from))];
      if (!departments.length) {
        result.set(kind.contentType, []);
        continue;
      }
      const field = transitions[0].approval!.field;
      const records: ({ documentId: string } & Record<string, unknown>)[] = await queryOf(strapi, kind.contentType).findMany({
        where: { state: { $in: states } },
        populate: { [field]: true },
        select: ['documentId'],
        limit: 2000,
      });
      result.set(
        kind.contentType,
        records
          .filter((record) => {
            const decided = new Set(((record[field] ?? []) as { departmentCode: string }[]).map((a) => a.departmentCode));
            return departments.some((d) => !decided.has(d));
          })
          .map((record) => record.documentId)
      );
    }
    return result;
  };

  /** The core page's input for filters (a built-in view narrowed by kinds, states, severities, tags). */
  const pageInput = async (scope: Scope, filters: QueueFilters): Promise<Omit<QueuePageInput, 'limit'>> => {
    const input: Omit<QueuePageInput, 'limit'> = { scope, kinds: filters.kinds, states: filters.states, severities: filters.severities };
    const extra: ((uid: string) => unknown | null)[] = [];
    switch (filters.view) {
      case 'mine':
        input.assignee = 'me';
        break;
      case 'unassigned':
        input.assignee = 'none';
        // In my departments or my offices (not merely visible to me because I own the case): the page
        // tests each candidate's link rows (was a list of every document id of my departments, 450,000
        // at a million items, joined by document id).
        input.linkedScope = true;
        break;
      case 'due-today':
        input.clock = 'due-today';
        break;
      case 'overdue':
        input.clock = 'overdue';
        break;
      case 'waiting':
        input.categories = ['paused'];
        break;
      case 'awaiting-approval': {
        const waiting = await awaitingApproval(scope);
        extra.push((uid) => (waiting.has(uid) ? waiting.get(uid)! : null));
        break;
      }
      case 'customer-updated': {
        const since = nowIso(new Date(api().clock.now().getTime() - CUSTOMER_UPDATE_DAYS * DAY_MS));
        extra.push((uid) => knex()(TABLES.threadEntries).select('document_id').where({ content_type: uid, entry_kind: 'message-in' }).where('created_at', '>=', since));
        break;
      }
      default:
        break;
    }
    if (filters.tags?.length) extra.push((uid) => knex()(TABLES.itemTags).select('document_id').where('content_type', uid).whereIn('tag_id', filters.tags!));
    if (extra.length)
      input.within = (uid) => {
        const lists = extra.map((f) => f(uid));
        return lists.some((l) => l === null) ? null : lists;
      };
    return input;
  };

  const savedViewRow = (row: SavedViewRow, scope: Scope) => ({
    id: Number(row.id),
    name: row.name,
    department: row.department_code ?? null,
    mine: Number(row.owner_id) === scope.userId,
    ...JSON.parse(row.definition),
  });

  /** A saved view the caller may use: their own, or shared with one of their departments (any, for super admins). */
  const visibleView = async (id: unknown, scope: Scope) => {
    const row: SavedViewRow | undefined = await knex()(TABLES.savedViews)
      .where({ id: idOf(id, 'savedView') })
      .first();
    if (!row) throw new errors.NotFoundError(`No saved view ${id}`);
    const shared = row.department_code && (scope.allDepartments || scope.departmentCodes.includes(row.department_code));
    if (Number(row.owner_id) !== scope.userId && !shared) throw refusal(403, 'forbidden', 'This saved view is private to its owner');
    return row;
  };

  /** A refused item's answer from an HTTP error (statusOf knows it): its message, and the code and field errors it may carry. */
  const refusedItem = (base: Record<string, unknown>, caught: unknown) => {
    const status = statusOf(caught);
    if (status === null) throw caught;
    const error = caught as Error & { details?: { code?: string; errors?: unknown } };
    return {
      ...base,
      ok: false,
      status,
      code: error.details?.code ?? ({ 400: 'invalid-input', 403: 'forbidden', 404: 'not-found', 409: 'stale-version' } as Record<number, string>)[status] ?? 'invalid-input',
      message: error.message,
      errors: error.details?.errors,
    };
  };

  /**
   * One case with its customer's document id (null: none, or a kind without customers), in one query: the merge
   * needs both of every case it reads.
   */
  const caseWithCustomer = async <Row extends object>(contentType: string, where: Record<string, unknown>, select: string[]): Promise<{ row: Row; customer: string | null } | null> => {
    const field = api().itemKinds.get(contentType)?.customerField;
    const row = (await queryOf(strapi, contentType).findOne({ where, select, ...(field ? { populate: { [field]: { select: ['documentId'] } } } : {}) })) as (Row & Record<string, unknown>) | null;
    if (!row) return null;
    const customer = field ? ((row[field] as { documentId?: string } | null | undefined)?.documentId ?? null) : null;
    return { row, customer };
  };

  /** The surviving case of a merge, as named (one of the selection, or a reference of any kind), when the caller may read it. */
  const mergeTarget = async (ctx: RouteContext, named: MergeTargetInput): Promise<(MergeItem & { id: number }) | null> => {
    type TargetRow = { id: number; documentId: string; reference: string | null; state: string };
    const select = ['id', 'documentId', 'reference', 'state'];
    let found: { contentType: string; row: TargetRow; customer: string | null } | null = null;
    if ('reference' in named) {
      for (const kind of kinds()) {
        const read = await caseWithCustomer<TargetRow>(kind.contentType, { reference: named.reference }, select);
        if (read) {
          found = { contentType: kind.contentType, ...read };
          break;
        }
      }
    } else {
      const kind = api().itemKinds.get(named.contentType);
      const read = kind?.collection ? await caseWithCustomer<TargetRow>(kind.contentType, { documentId: named.documentId }, select) : null;
      if (read) found = { contentType: kind!.contentType, ...read };
    }
    if (!found || !(await permitted(ctx, found.contentType, [found.row.documentId], CM_READ)).has(found.row.documentId)) return null;
    return {
      id: Number(found.row.id),
      contentType: found.contentType,
      documentId: found.row.documentId,
      reference: found.row.reference ?? null,
      state: found.row.state,
      customer: found.customer,
    };
  };

  /**
   * Merges each item of the selection into the target (see `bulk`): the plan (domain/queues/merge.ts) refuses
   * items of another kind, of a kind without a duplicate-closing action, closed or in the wrong state; each
   * other item, in one transaction, goes through the workflow engine (`mark-duplicate` with the target's
   * reference), hands its conversation entries (their time kept, `meta.mergedFrom` saying where from; a
   * reply's outbox message with it, so its delivery status shows on the target), the
   * links of other cases to it (complaints and service records naming a merged feedback…) and its tags to
   * the target, with one audit event on it and one on the target. A refusal writes nothing.
   */
  const merge = async (ctx: RouteContext, list: { contentType: string; documentId: string; version?: number }[], named: MergeTargetInput) => {
    const target = await mergeTarget(ctx, named);
    const targetPath = 'reference' in named ? ['target', 'reference'] : ['target', 'documentId'];
    if (!target) throw invalidInput([{ path: targetPath, message: 'names no case you may read' }]);
    const workflowOf = (uid: string) => api().workflow.definition(uid);
    const problem = targetProblem(target, workflowOf(target.contentType));
    if (problem) throw invalidInput([{ path: targetPath, message: problem }]);
    const others = list.filter((i) => !(i.contentType === target.contentType && i.documentId === target.documentId));
    if (!others.length) throw invalidInput([{ path: ['items'], message: 'must hold at least one case besides the surviving one' }]);
    const seen = new Set<string>();
    for (const [index, item] of list.entries()) {
      const key = `${item.contentType}:${item.documentId}`;
      if (seen.has(key)) throw invalidInput([{ path: ['items', index, 'documentId'], message: 'names a case twice' }]);
      seen.add(key);
    }

    const actor = await api().workflow.adminActor(ctx.state.user);
    const mayChangeTarget = (await permitted(ctx, target.contentType, [target.documentId], CM_UPDATE)).has(target.documentId);
    const targetName = target.reference ?? target.documentId;
    // Each case's stored state and version (for the plan and the workflow) and its customer (for the plan), read once.
    const records = new Map<string, { row: BulkItemRecord; customer: string | null }>();
    for (const item of others) {
      const read = await caseWithCustomer<BulkItemRecord>(item.contentType, { documentId: item.documentId }, ['id', 'documentId', 'reference', 'version', 'state']);
      if (read) records.set(`${item.contentType}:${item.documentId}`, read);
    }
    const steps = new Map<string, MergeStep>(
      planMerge({
        target,
        items: others
          .filter((i) => records.has(`${i.contentType}:${i.documentId}`))
          .map((i) => {
            const { row, customer } = records.get(`${i.contentType}:${i.documentId}`)!;
            return { contentType: i.contentType, documentId: i.documentId, reference: row.reference ?? null, state: row.state, customer };
          }),
        workflowOf,
        kindName: (uid) => api().itemKinds.get(uid)?.id ?? uid,
      }).map((step) => [`${step.item.contentType}:${step.item.documentId}`, step])
    );
    /**
     * The link tables of the app's relations that point at cases of `uid`, on their owning side: a complaint's or service
     * record's `feedback`, a service record's `complaint`, a care call's `feedback`, a knowledge article's
     * `sourceFeedback`, the lists of an analysis report (`feedbacks`, `complaints`) or an improvement record (`feedbacks`).
     */
    const linksTo = (uid: string) =>
      Object.keys(strapi.contentTypes)
        .filter((owner) => owner.startsWith('api::') || owner.startsWith('plugin::after-sales.'))
        .flatMap((owner) => {
          const model = modelOf(strapi, owner);
          const table = contentTable(strapi, owner);
          return Object.entries(model?.attributes ?? {})
            .filter(([, a]) => a.type === 'relation' && a.target === uid && !(a as { mappedBy?: string }).mappedBy)
            .map(([field]) => table?.attributes[field]?.joinTable)
            .filter((join): join is NonNullable<typeof join> => !!join && !join.on);
        });

    const results: Record<string, unknown>[] = [];
    for (const item of others) {
      const key = `${item.contentType}:${item.documentId}`;
      const record = records.get(key)?.row;
      const base = { contentType: item.contentType, documentId: item.documentId, reference: record?.reference ?? null };
      if (!record) {
        results.push({ ...base, ok: false, status: 404, code: 'not-found', message: 'No such item' });
        continue;
      }
      const step = steps.get(key)!;
      if (!step.ok) {
        results.push({ ...base, ok: false, status: step.status, code: step.code, message: step.message });
        continue;
      }
      if (!mayChangeTarget) {
        results.push({ ...base, ok: false, status: 403, code: 'forbidden', message: `You may not change the surviving case ${targetName}` });
        continue;
      }
      try {
        const outcome = await strapi.db.transaction(async ({ trx }) => {
          const done = await api().workflow.perform(item.contentType, item.documentId, step.action, { version: item.version ?? record.version, note: step.note, data: step.data }, actor);
          const at = nowIso(api().clock.now());
          const from = { contentType: item.contentType, documentId: item.documentId, reference: record.reference ?? null };
          const entries: { id: number | string; meta: string | null; outbox_id: number | string | null }[] = await trx(TABLES.threadEntries)
            .where({ content_type: item.contentType, document_id: item.documentId })
            .select('id', 'meta', 'outbox_id');
          for (const entry of entries)
            await trx(TABLES.threadEntries)
              .where({ id: entry.id })
              .update({ document_id: target.documentId, reference: target.reference, meta: movedEntryMeta(entry.meta, from, at) });
          // A moved reply's message goes with it (the case screen reads a case's messages by the case), so it keeps its delivery status there.
          const messages = entries.map((e) => e.outbox_id).filter((id): id is number | string => id !== null && id !== undefined);
          if (messages.length)
            await trx(TABLES.outbox)
              .whereIn('id', messages)
              .where({ content_type: item.contentType, document_id: item.documentId })
              .update({ content_type: target.contentType, document_id: target.documentId, reference: target.reference });
          let links = 0;
          for (const join of linksTo(item.contentType)) {
            const owner = join.joinColumn.name;
            const linked = join.inverseJoinColumn.name;
            // A list holding both cases keeps the surviving one once (a link table holds a pair once); the others now name it.
            const both = trx(join.name).where(linked, target.id).select(owner);
            links += Number(await trx(join.name).where(linked, record.id).whereIn(owner, both).del());
            links += Number(
              await trx(join.name)
                .where(linked, record.id)
                .update({ [linked]: target.id })
            );
          }
          const tagsOf = async (documentId: string) =>
            ((await trx(TABLES.itemTags).where({ content_type: item.contentType, document_id: documentId }).select('tag_id')) as { tag_id: number | string }[]).map((r) => Number(r.tag_id));
          const held = await tagsOf(target.documentId);
          const added = (await tagsOf(item.documentId)).filter((t) => !held.includes(t));
          if (added.length) await trx(TABLES.itemTags).insert(added.map((tag) => ({ content_type: item.contentType, document_id: target.documentId, tag_id: tag, created_at: at })));
          const who = { kind: actor.kind, id: actor.id, name: actor.name };
          const moved = { entries: entries.length, links, tags: added.length };
          const details = mergeNote(record.reference ?? item.documentId, targetName, moved);
          await api().audit.append(
            { action: 'queues.merge', contentType: item.contentType, documentId: item.documentId, reference: record.reference, actor: who, details, fromState: done.state, toState: done.state },
            trx
          );
          await api().audit.append(
            {
              action: 'queues.merged-in',
              contentType: target.contentType,
              documentId: target.documentId,
              reference: target.reference,
              actor: who,
              details,
              fromState: target.state,
              toState: target.state,
            },
            trx
          );
          return { state: done.state, version: done.version, moved };
        });
        results.push({ ...base, ok: true, ...outcome });
      } catch (caught) {
        results.push(refusedItem(base, caught));
      }
    }
    return {
      done: results.filter((r) => r.ok).length,
      refused: results.filter((r) => !r.ok).length,
      target: { contentType: target.contentType, documentId: target.documentId, reference: target.reference },
      items: results,
    };
  };

  const adminUser = async (id: number) => strapi.db.query('admin::user').findOne({ where: { id }, select: ['id', 'firstname', 'lastname', 'email', 'isActive'] });

  return {
    /** The built-in views and the saved views the caller may use (their own and those shared with their departments). */
    async views(ctx: RouteContext) {
      const scope = await scopeOf(ctx);
      const query = knex()(TABLES.savedViews)
        .where((q: Knex.QueryBuilder) => {
          q.where('owner_id', scope.userId);
          if (scope.allDepartments) q.orWhereNotNull('department_code');
          else if (scope.departmentCodes.length) q.orWhereIn('department_code', scope.departmentCodes);
        })
        .orderBy([
          { column: 'name', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]);
      return {
        builtin: BUILTIN_VIEWS.map((id) => ({ id, columns: [...QUEUE_COLUMNS] })),
        saved: ((await query) as SavedViewRow[]).map((row) => savedViewRow(row, scope)),
        columns: [...QUEUE_COLUMNS],
        departments: (
          await strapi.db.query(CONTENT_TYPES.department).findMany({ where: scope.allDepartments ? {} : { code: { $in: scope.departmentCodes } }, select: ['code', 'name'], orderBy: { code: 'asc' } })
        ).map((d: { code: string; name: string }) => ({ code: d.code, name: d.name })),
        kinds: kinds().map((k) => {
          const workflow = api().workflow.definition(k.contentType);
          return {
            id: k.id,
            contentType: k.contentType,
            title: k.title,
            severities: k.severity?.ladder ?? [],
            states: (workflow?.states ?? []).map((s) => ({ id: s.id, title: s.title, category: s.category })),
            actions: (workflow?.transitions ?? []).map((t) => ({ id: t.id, title: t.title })),
          };
        }),
      };
    },

    /** One page of a view: `view` (built-in) or `savedView` (id), narrowed by `kinds`, `states`, `severities`, `tags`; `cursor` from the previous page. */
    async items(ctx: RouteContext, query: Record<string, unknown>, locale: string) {
      const scope = await scopeOf(ctx);
      const problems: FieldError[] = [];
      const { savedView, cursor: cursorText, limit: limitText, locale: _locale, ...rest } = query;
      let filters: QueueFilters;
      let columns = [...QUEUE_COLUMNS] as string[];
      if (savedView !== undefined) {
        if (Object.keys(rest).length) problems.push({ path: [Object.keys(rest)[0]], message: 'cannot be combined with savedView' });
        const row = await visibleView(savedView, scope);
        const definition = JSON.parse(row.definition);
        filters = definition.filters ?? {};
        columns = definition.columns ?? columns;
      } else {
        const parsed = parseFilters(rest, known());
        problems.push(...parsed.problems);
        filters = parsed.filters;
      }
      let cursor = null;
      try {
        cursor = decodeCursor(cursorText);
      } catch {
        problems.push({ path: ['cursor'], message: 'is not a cursor this list gave' });
      }
      const limit = limitText === undefined ? PAGE_SIZE : Number(limitText);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) problems.push({ path: ['limit'], message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` });
      if (problems.length) throw invalidInput(problems);
      const page = await api().staffQueue.page({ ...(await pageInput(scope, filters)), cursor, limit, locale });
      return { data: await shape(ctx, await readable(ctx, page.rows)), meta: { nextCursor: page.nextCursor, columns, filters } };
    },

    /** Creates (id null) or changes the caller's saved view; sharing needs membership of that department. */
    async saveView(ctx: RouteContext, id: unknown, body: unknown) {
      const scope = await scopeOf(ctx);
      const parsed = parseSavedView(body, known());
      if (!parsed.ok) throw invalidInput(parsed.problems);
      const { name, department, filters, columns } = parsed.value;
      if (department) {
        const exists = await strapi.db.query(CONTENT_TYPES.department).count({ where: { code: department } });
        if (!exists) throw invalidInput([{ path: ['department'], message: `no department "${department}"` }]);
        if (!scope.allDepartments && !scope.departmentCodes.includes(department)) throw refusal(403, 'forbidden', `You may share views only with your own departments (not ${department})`);
      }
      if (filters.tags?.length) {
        const found = await knex()(TABLES.tags).whereIn('id', filters.tags).count({ n: '*' }).first();
        if (Number(found?.n ?? 0) !== filters.tags.length) throw invalidInput([{ path: ['filters', 'tags'], message: 'names a tag that does not exist' }]);
      }
      const now = nowIso(api().clock.now());
      const definition = JSON.stringify({ filters, columns });
      if (id === null) {
        const [row] = await knex()(TABLES.savedViews).insert({ owner_id: scope.userId, name, department_code: department, definition, created_at: now, updated_at: now }, ['id']);
        const newId = typeof row === 'object' ? row.id : row;
        return savedViewRow(await knex()(TABLES.savedViews).where({ id: newId }).first(), scope);
      }
      const existing = await visibleView(id, scope);
      if (Number(existing.owner_id) !== scope.userId) throw refusal(403, 'forbidden', 'Only its owner may change a saved view');
      await knex()(TABLES.savedViews).where({ id: existing.id }).update({ name, department_code: department, definition, updated_at: now });
      return savedViewRow(await knex()(TABLES.savedViews).where({ id: existing.id }).first(), scope);
    },

    async deleteView(ctx: RouteContext, id: unknown) {
      const scope = await scopeOf(ctx);
      const existing = await visibleView(id, scope);
      if (Number(existing.owner_id) !== scope.userId) throw refusal(403, 'forbidden', 'Only its owner may delete a saved view');
      await knex()(TABLES.savedViews).where({ id: existing.id }).del();
      return { id: Number(existing.id) };
    },

    /**
     * A bulk action on a selection: `assign` (to `assignee`, an admin user id, or null), `transition`
     * (`workflowAction`, with `note` and `data`, each item through the workflow engine), `add-tags` /
     * `remove-tags` (`tags`). Each item succeeds or is refused on its own (permission, version,
     * state, required fields), with one audit event per changed item; the answer lists every item.
     * `merge` (`target`: one of the selection or `{ reference }`) closes every other item as a duplicate of
     * the target and hands it the item's conversation, links and tags (see `merge`).
     */
    async bulk(ctx: RouteContext, body: unknown) {
      const input = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
      const problems: FieldError[] = [];
      const action = input.action;
      if (!BULK_ACTIONS.includes(action)) problems.push({ path: ['action'], message: 'must be assign, transition, add-tags, remove-tags or merge' });
      const items = Array.isArray(input.items) ? input.items : null;
      if (!items || !items.length || items.length > MAX_BULK) problems.push({ path: ['items'], message: `must be a list of 1 to ${MAX_BULK} items` });
      const list: { contentType: string; documentId: string; version?: number }[] = [];
      for (const [index, item] of (items ?? []).entries()) {
        const kind = item && typeof item === 'object' && typeof item.contentType === 'string' ? api().itemKinds.get(item.contentType) : undefined;
        if (!kind || !kind.collection) problems.push({ path: ['items', index, 'contentType'], message: 'must be the content type of feedback, a complaint or a service record' });
        else if (typeof item.documentId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(item.documentId)) problems.push({ path: ['items', index, 'documentId'], message: 'must be a document id' });
        else if (item.version !== undefined && !(Number.isInteger(item.version) && item.version >= 0)) problems.push({ path: ['items', index, 'version'], message: 'must be a whole number' });
        else list.push({ contentType: kind.contentType, documentId: item.documentId, version: item.version });
      }
      let assignee: { id: number; name: string } | null = null;
      if (action === 'assign' && input.assignee !== null) {
        const id = input.assignee === 'me' ? Number(ctx.state.user?.id) : Number(input.assignee);
        const user = Number.isSafeInteger(id) && id > 0 ? await adminUser(id) : null;
        if (!user || !user.isActive) problems.push({ path: ['assignee'], message: 'must be an active admin user id, "me", or null to unassign' });
        else assignee = { id: user.id, name: staffName(user, '') as string };
      }
      if (action === 'transition' && (typeof input.workflowAction !== 'string' || !/^[a-z0-9-]{1,60}$/.test(input.workflowAction)))
        problems.push({ path: ['workflowAction'], message: 'must be a workflow action id' });
      if (action === 'transition' && input.note !== undefined && typeof input.note !== 'string') problems.push({ path: ['note'], message: 'must be text' });
      if (action === 'transition' && input.data !== undefined && (typeof input.data !== 'object' || input.data === null || Array.isArray(input.data)))
        problems.push({ path: ['data'], message: 'must be an object of field values' });
      let tagIds: number[] = [];
      if (action === 'add-tags' || action === 'remove-tags') {
        const raw = Array.isArray(input.tags) ? input.tags : [];
        tagIds = [...new Set(raw.map(Number))] as number[];
        const found = tagIds.every((t) => Number.isSafeInteger(t) && t > 0) && tagIds.length ? await knex()(TABLES.tags).whereIn('id', tagIds).select('id') : [];
        if (!tagIds.length || found.length !== tagIds.length) problems.push({ path: ['tags'], message: 'must be a list of existing tag ids' });
      }
      let target: MergeTargetInput | null = null;
      if (action === 'merge') {
        const parsed = parseMergeTarget(input.target);
        if (parsed.ok) target = parsed.value;
        else problems.push(...parsed.problems);
      }
      if (problems.length) throw invalidInput(problems);
      if (action === 'merge') return merge(ctx, list, target!);

      // A transition's fields, checked above.
      const transition = { action: input.workflowAction as string, note: input.note as string | undefined, data: input.data as Record<string, unknown> | undefined };
      const actor = await api().workflow.adminActor(ctx.state.user);
      const results: Record<string, unknown>[] = [];
      for (const item of list) {
        const kind = api().itemKinds.get(item.contentType)!;
        const record: BulkItemRecord | null = await queryOf(strapi, item.contentType).findOne({
          where: { documentId: item.documentId },
          select: ['id', 'documentId', 'reference', 'version', 'state'],
        });
        const base = { contentType: item.contentType, documentId: item.documentId, reference: record?.reference ?? null };
        if (!record) {
          results.push({ ...base, ok: false, status: 404, code: 'not-found', message: 'No such item' });
          continue;
        }
        try {
          if (action === 'transition') {
            const done = await api().workflow.perform(
              item.contentType,
              item.documentId,
              transition.action,
              { version: item.version ?? record.version, note: transition.note, data: transition.data },
              actor
            );
            results.push({ ...base, ok: true, state: done.state, version: done.version });
            continue;
          }
          if (!(await permitted(ctx, item.contentType, [item.documentId], CM_UPDATE)).has(item.documentId)) throw refusal(403, 'forbidden', 'You may not change this item');
          if (item.version !== undefined && item.version !== record.version)
            throw refusal(409, 'stale-version', `The item changed meanwhile (version ${record.version})`, { current: { state: record.state, version: record.version } });
          if (action === 'assign') {
            if (!kind.assigneeField) throw refusal(400, 'no-assignee', 'This kind of item has no assignee');
            await strapi.db.transaction(async ({ trx }) => {
              await documentsOf(strapi, item.contentType).update({ documentId: item.documentId, data: { [kind.assigneeField!]: assignee ? assignee.id : null } });
              await api().audit.append(
                {
                  action: 'queues.assign',
                  contentType: item.contentType,
                  documentId: item.documentId,
                  reference: record.reference,
                  actor: { kind: actor.kind, id: actor.id, name: actor.name },
                  details: assignee ? `assigned to ${assignee.name}` : 'unassigned',
                },
                trx
              );
            });
            results.push({ ...base, ok: true, assignee });
            continue;
          }
          const now = nowIso(api().clock.now());
          let changed: number[] = [];
          await strapi.db.transaction(async ({ trx }) => {
            const present = (await trx(TABLES.itemTags).where({ content_type: item.contentType, document_id: item.documentId }).whereIn('tag_id', tagIds).select('tag_id')).map(
              (r: { tag_id: number | string }) => Number(r.tag_id)
            );
            if (action === 'add-tags') {
              changed = tagIds.filter((t) => !present.includes(t));
              if (changed.length) await trx(TABLES.itemTags).insert(changed.map((tag) => ({ content_type: item.contentType, document_id: item.documentId, tag_id: tag, created_at: now })));
            } else {
              changed = present;
              if (changed.length) await trx(TABLES.itemTags).where({ content_type: item.contentType, document_id: item.documentId }).whereIn('tag_id', changed).del();
            }
            if (changed.length) {
              const names = (await trx(TABLES.tags).whereIn('id', changed).orderBy('name').select('name')).map((r: { name: string }) => r.name);
              await api().audit.append(
                {
                  action: action === 'add-tags' ? 'queues.tags-added' : 'queues.tags-removed',
                  contentType: item.contentType,
                  documentId: item.documentId,
                  reference: record.reference,
                  actor: { kind: actor.kind, id: actor.id, name: actor.name },
                  details: names.join(', '),
                },
                trx
              );
            }
          });
          results.push({ ...base, ok: true, changed: changed.length });
        } catch (caught) {
          results.push(refusedItem(base, caught));
        }
      }
      return { done: results.filter((r) => r.ok).length, refused: results.filter((r) => !r.ok).length, items: results };
    },

    async listTags() {
      const tags: { id: number | string; name: string; colour: string }[] = await knex()(TABLES.tags).orderBy('name', 'asc').select('id', 'name', 'colour');
      const counts: { tag_id: number | string; n: number | string }[] = await knex()(TABLES.itemTags).select('tag_id').count({ n: '*' }).groupBy('tag_id');
      const used = new Map(counts.map((r) => [Number(r.tag_id), Number(r.n)]));
      return tags.map((t) => ({ id: Number(t.id), name: t.name, colour: t.colour, items: used.get(Number(t.id)) ?? 0 }));
    },

    async saveTag(id: unknown, body: unknown) {
      const parsed = parseTag(body);
      if (!parsed.ok) throw invalidInput(parsed.problems);
      const { name, colour } = parsed.value;
      const tagId = id === null ? null : idOf(id, 'id');
      const clash = await knex()(TABLES.tags)
        .where({ name })
        .modify((q: Knex.QueryBuilder) => (tagId ? q.whereNot('id', tagId) : q))
        .first();
      if (clash) throw invalidInput([{ path: ['name'], message: `a tag "${name}" exists already` }]);
      const now = nowIso(api().clock.now());
      if (tagId === null) {
        const [row] = await knex()(TABLES.tags).insert({ name, colour, created_at: now, updated_at: now }, ['id']);
        return { id: Number(typeof row === 'object' ? row.id : row), name, colour };
      }
      const updated = await knex()(TABLES.tags).where({ id: tagId }).update({ name, colour, updated_at: now });
      if (!updated) throw new errors.NotFoundError(`No tag ${tagId}`);
      return { id: tagId, name, colour };
    },

    /** Deletes a tag and takes it off every item. */
    async deleteTag(id: unknown) {
      const tagId = idOf(id, 'id');
      return strapi.db.transaction(async ({ trx }) => {
        const removed = await trx(TABLES.tags).where({ id: tagId }).del();
        if (!removed) throw new errors.NotFoundError(`No tag ${tagId}`);
        const untagged = await trx(TABLES.itemTags).where({ tag_id: tagId }).del();
        return { id: tagId, untagged };
      });
    },

    /**
     * Items and customers matching a reference (or its start), a phone number or email (the full
     * one for every role; part of a number only for roles that read phones in full), a customer's
     * name or company, or words of the symptom, scenario or thread; ranked, 10 a page. Customers are
     * shown as the caller may read them: a role without contact data finds by the full number and
     * sees no digits.
     */
    async search(ctx: RouteContext, query: Record<string, unknown>, locale: string) {
      const problems: FieldError[] = [];
      for (const key of Object.keys(query)) if (!['q', 'page', 'locale'].includes(key)) problems.push({ path: [key], message: 'is not a known parameter (q, page)' });
      const terms = readSearch(query.q);
      if (!terms.ok) problems.push(...terms.problems);
      const page = query.page === undefined ? 1 : Number(query.page);
      if (!Number.isInteger(page) || page < 1 || page > 20) problems.push({ path: ['page'], message: 'must be a whole number from 1 to 20' });
      if (problems.length || !terms.ok) throw invalidInput(problems);
      const { reference, email, phoneDigits, words } = terms.value;
      const { holdsAWord, holdingAWord, itemMatches } = textMatches(strapi, words);
      const scope = await scopeOf(ctx);
      const access = api().contactData.accessFor(ctx);
      const phoneInFull = api().contactData.guard({ phone: '1' }, access).phone === '1';

      // Customers by contact data or name (erased customers are never found).
      const customerTable = contentTable(strapi, CONTENT_TYPES.customer).tableName;
      const customers = knex()(customerTable)
        .whereNot((q: Knex.QueryBuilder) => q.where('privacy_state', 'erased'))
        .select('id', 'document_id', 'name');
      let customerMatch: 'contact' | 'name' | null = null;
      if (email) {
        customers.where('email_normalized', api().contactData.normalizeEmail(email) ?? email);
        customerMatch = 'contact';
      } else if (phoneDigits) {
        const phone = api().contactData.normalizePhone(phoneDigits);
        customers.where((q: Knex.QueryBuilder) => {
          q.where('phone_normalized', phone.ok ? phone.value : `+${phoneDigits}`);
          if (phoneInFull) q.orWhere('phone_normalized', 'like', `%${phoneDigits}`);
        });
        customerMatch = 'contact';
      } else if (words.length) {
        customers.where((q: Knex.QueryBuilder) => {
          holdingAWord(q, ['name', 'company'], true);
        });
        customerMatch = 'name';
      }
      const foundCustomers: FoundCustomerRow[] = reference ? [] : await customers.orderBy('id', 'asc').limit(SEARCH_CANDIDATES);
      const customerIds = foundCustomers.map((c) => Number(c.id));

      const scores = new Map<string, number>();
      const matchesOf = new Map<string, string[]>();
      for (const kind of kinds()) if (contentTable(strapi, kind.contentType)) matchesOf.set(kind.contentType, await itemMatches(kind, { reference, words }));
      const within = (uid: string) => {
        const kind = api().itemKinds.get(uid)!;
        const meta = contentTable(strapi, uid);
        const matches: Knex.QueryBuilder[] = [];
        const found = matchesOf.get(uid) ?? [];
        if (found.length) matches.push(knex()(meta.tableName).select('document_id').whereIn('document_id', found));
        // The items of the customers found (at most SEARCH_CANDIDATES customers), by the customer link's index.
        if (customerIds.length && kind.customerField && meta.attributes[kind.customerField]?.joinTable) {
          const join = meta.attributes[kind.customerField].joinTable!;
          matches.push(
            knex()(`${meta.tableName} as it`).join(`${join.name} as cl`, `cl.${join.joinColumn.name}`, 'it.id').whereIn(`cl.${join.inverseJoinColumn.name}`, customerIds).select('it.document_id')
          );
        }
        if (!matches.length) return null;
        const [first, ...rest] = matches;
        return [
          knex()
            .select('document_id')
            .from((rest.length ? first.unionAll(rest, false) : first).as('m')),
        ];
      };
      // The candidates are ranked on a few columns each; only the page's items are then read in full.
      const candidates = await api().staffQueue.candidates({ scope, categories: ['new', 'open', 'paused', 'done'], within, limit: SEARCH_CANDIDATES, locale });
      const rows = await readable(ctx, candidates.items);
      const threadHits = new Map<string, number>();
      if (words.length && rows.length) {
        // The candidates' entries by the thread's (content type, document) index.
        const hits = await knex()(TABLES.threadEntries)
          .whereIn('content_type', [...new Set(rows.map((r) => r.contentType))])
          .whereIn(
            'document_id',
            rows.map((r) => r.documentId)
          )
          .where((q: Knex.QueryBuilder) => holdsAWord(q, 'body_text'))
          .select('document_id', 'body_text');
        for (const hit of hits)
          threadHits.set(
            hit.document_id,
            Math.max(
              threadHits.get(hit.document_id) ?? 0,
              words.filter((w) =>
                String(hit.body_text ?? '')
                  .toLowerCase()
                  .includes(w.toLowerCase())
              ).length
            )
          );
      }
      const customerOf = new Set(foundCustomers.map((c) => c.document_id));
      for (const row of rows) {
        const summary = (row.summary ?? '').toLowerCase();
        scores.set(
          `${row.contentType}:${row.documentId}`,
          searchScore({
            referenceExact: !!reference && row.reference === reference,
            referencePrefix: !!reference && !!row.reference?.startsWith(reference),
            contact: customerMatch === 'contact' && !!row.customerDocumentId && customerOf.has(row.customerDocumentId),
            name: customerMatch === 'name' && !!row.customerDocumentId && customerOf.has(row.customerDocumentId),
            summaryWords: words.filter((w) => summary.includes(w.toLowerCase())).length,
            otherWords: threadHits.get(row.documentId) ?? 0,
          })
        );
      }
      const items = rows.map((row) => ({ type: 'item' as const, score: scores.get(`${row.contentType}:${row.documentId}`) ?? 0, candidate: row, reference: row.reference }));
      const readableCustomers = await permitted(
        ctx,
        CONTENT_TYPES.customer,
        foundCustomers.map((c) => c.document_id),
        CM_READ
      );
      const customerRows = readableCustomers.size
        ? await strapi.db.query(CONTENT_TYPES.customer).findMany({ where: { documentId: { $in: [...readableCustomers] } }, select: ['documentId', 'name', 'company', 'phone', 'email'] })
        : [];
      const people = customerRows.map((c: { documentId: string; name: string | null; company: string | null; phone: string | null; email: string | null }) => ({
        type: 'customer' as const,
        score: searchScore({ contact: customerMatch === 'contact', name: customerMatch === 'name' }) + 1,
        ...api().contactData.guard(c, access),
      }));
      // An item sorts by its reference, a customer by name.
      const sortKey = (hit: { reference?: unknown; name?: unknown }) => String(hit.reference ?? hit.name);
      const all = [...people, ...items].sort((a, b) => b.score - a.score || sortKey(a).localeCompare(sortKey(b)));
      const shown = all.slice((page - 1) * SEARCH_PAGE, page * SEARCH_PAGE);
      // The page's items in full (their relations, clocks, tags), the customer guarded.
      const onPage = shown.flatMap((hit) => (hit.type === 'item' ? [hit.candidate] : []));
      const full = new Map((await shape(ctx, await api().staffQueue.rows(onPage, locale))).map((row) => [`${row.contentType}:${row.documentId}`, row]));
      const data = shown.flatMap((hit): Record<string, unknown>[] => {
        if (hit.type === 'customer') return [hit];
        const row = full.get(`${hit.candidate.contentType}:${hit.candidate.documentId}`);
        return row ? [{ type: hit.type, score: hit.score, ...row }] : [];
      });
      return { data, meta: { page, pageSize: SEARCH_PAGE, total: all.length, hasMore: all.length > page * SEARCH_PAGE } };
    },
  };
};
