import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { assignSegment, byPriority, segmentChanges, validateSegment, type CustomerFacts, type Segment } from '../../domain/segments/rules';
import { winBackOf, winBackSettings } from '../../domain/segments/win-back';
import { nightlyRunDue } from '../../domain/segments/nightly';
import { CONTENT_TYPES, TABLES, errors, invalidInput, queryOf, refusal, type AfterSalesApiV1 } from '../../extension-api';
import { readKnownCustomers, type KnownCustomer } from './facts';

const CUSTOMER = CONTENT_TYPES.customer;
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Customers re-evaluated per transaction in the nightly run. */
const CHUNK = 200;

type Actor = { kind: string; id?: number | string | null; name: string };

/** A segment as its table holds it (booleans as SQLite's 0/1 or PostgreSQL's true/false). */
interface SegmentRow {
  key: string;
  title_en: string;
  title_zh: string;
  priority: number | string;
  rules: string | null;
  is_default: boolean | number;
  built_in: boolean | number;
  updated_at: string;
}

const rowToSegment = (row: SegmentRow): Segment => ({
  key: row.key,
  title: { en: row.title_en, 'zh-Hans': row.title_zh },
  priority: Number(row.priority),
  rules: JSON.parse(row.rules || '[]'),
  isDefault: !!row.is_default,
  builtIn: !!row.built_in,
});

const factsOf = (customer: KnownCustomer): CustomerFacts => ({
  units: customer.units,
  openComplaints: customer.openComplaints,
  contract: customer.serviceContract,
  manual: customer.segmentManual && customer.segment ? { segment: customer.segment, reason: customer.segmentReason ?? '' } : null,
});

/**
 * Customer segments (issue #24): the segments as data, a customer's segment by the rules (or by
 * hand, with a reason), re-evaluated when the facts change and every night, and the win-back list.
 */
export const segmentsService = (strapi: Core.Strapi, api: AfterSalesApiV1) => {
  const knex = () => strapi.db.connection;

  const list = async (trx: Knex = knex()): Promise<Segment[]> => byPriority(((await trx(TABLES.segments).select()) as SegmentRow[]).map(rowToSegment));

  /** Writes what the rules (or the manual choice) give each customer, auditing every change. */
  const apply = async (trx: Knex, segments: Segment[], customers: KnownCustomer[], actor: Actor, at: Date) => {
    let changed = 0;
    for (const customer of customers) {
      const assignment = assignSegment(segments, factsOf(customer));
      const changes = segmentChanges(customer, assignment);
      if (!changes) continue;
      await queryOf(strapi, CUSTOMER).update({ where: { id: customer.id }, data: changes });
      if (changes.segment !== customer.segment)
        await api.audit.append(
          {
            action: 'customer.segment',
            contentType: CUSTOMER,
            documentId: customer.documentId,
            actor,
            fromState: customer.segment,
            toState: changes.segment,
            details: { reason: changes.segmentReason, manual: changes.segmentManual },
            changedFields: ['segment', 'segmentReason', 'segmentManual'],
            at,
          },
          trx
        );
      changed += 1;
    }
    return changed;
  };

  const service = {
    list: () => list(),

    /** Re-evaluates the given customers (all when absent) in the caller's transaction or a new one. */
    async evaluate(ids?: number[], actor: Actor = { kind: 'system', name: 'segments' }) {
      const at = api.clock.now();
      if (ids) {
        return strapi.db.transaction(async ({ trx }) => {
          const customers = await readKnownCustomers(strapi, api, trx, ids);
          return { evaluated: customers.length, changed: await apply(trx, await list(trx), customers, actor, at) };
        });
      }
      const all = ((await queryOf(strapi, CUSTOMER).findMany({ select: ['id'], orderBy: { id: 'asc' } })) as { id: number }[]).map((c) => c.id);
      let evaluated = 0;
      let changed = 0;
      for (let i = 0; i < all.length; i += CHUNK) {
        const result = await service.evaluate(all.slice(i, i + CHUNK), actor);
        evaluated += result.evaluated;
        changed += result.changed;
      }
      return { evaluated, changed };
    },

    /** The customers of some items (a transition, an intake), re-evaluated. */
    async evaluateCustomersOf(contentType: string, documentIds: string[]) {
      const kind = api.itemKinds.get(contentType);
      if (!kind?.customerField || !documentIds.length) return null;
      const field = kind.customerField;
      const rows: Record<string, { id?: unknown } | null | undefined>[] = await queryOf(strapi, contentType).findMany({
        where: { documentId: { $in: documentIds } },
        select: ['id'],
        populate: { [field]: { select: ['id'] } },
      });
      const ids = [...new Set(rows.map((r) => r[field]?.id).filter((id): id is number => typeof id === 'number'))];
      return ids.length ? service.evaluate(ids) : null;
    },

    /**
     * The nightly run (job `segments.nightly`): every customer re-evaluated once per local night, at
     * or after the configured hour in the business time zone, on the business clock (the test clock).
     */
    async nightly() {
      const now = api.clock.now();
      const timeZone = strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai');
      const hour = Number((await api.configuration.get<number>('nightlyHour')) ?? 2);
      const day = nightlyRunDue(now, timeZone, hour, await api.storage.get<string>('lastNightlyRun'));
      if (!day) return { due: false };
      const result = await service.evaluate(undefined, { kind: 'system', name: 'segments nightly' });
      await api.storage.set('lastNightlyRun', day);
      return { due: true, night: day, ...result };
    },

    /** Adds or replaces a segment (`key` from the path); 400 naming the field. */
    async save(key: string, body: unknown) {
      const result = validateSegment(key, body);
      if (!result.ok) throw invalidInput(result.errors.map((e) => ({ path: e.path.split('.'), message: e.message })));
      const segment = result.segment;
      await strapi.db.transaction(async ({ trx }) => {
        const existing: SegmentRow | undefined = await trx(TABLES.segments).where({ key }).first();
        if (existing?.is_default && !segment.isDefault) throw invalidInput([{ path: ['isDefault'], message: 'one segment must be the default: make another the default instead' }]);
        if (segment.isDefault) await trx(TABLES.segments).whereNot({ key }).update({ is_default: false });
        const row = {
          key,
          title_en: segment.title.en,
          title_zh: segment.title['zh-Hans'],
          priority: segment.priority,
          rules: JSON.stringify(segment.rules),
          is_default: segment.isDefault,
          built_in: !!existing?.built_in,
          updated_at: new Date().toISOString(),
        };
        if (existing) await trx(TABLES.segments).where({ key }).update(row);
        else await trx(TABLES.segments).insert(row);
      });
      return (await list()).find((s) => s.key === key);
    },

    /** Removes a segment the company added; its customers are placed again by the rules. */
    async remove(key: string) {
      const existing: SegmentRow | undefined = await knex()(TABLES.segments).where({ key }).first();
      if (!existing) throw new errors.NotFoundError('No such segment', { code: 'not-found' });
      if (existing.built_in || existing.is_default) throw refusal(409, 'segment-built-in', 'A built-in or default segment cannot be deleted');
      await knex()(TABLES.segments).where({ key }).del();
      const ids = ((await queryOf(strapi, CUSTOMER).findMany({ where: { segment: key }, select: ['id'] })) as { id: number }[]).map((c) => c.id);
      await queryOf(strapi, CUSTOMER).updateMany({ where: { id: { $in: ids }, segmentManual: true }, data: { segmentManual: false } });
      return { removed: key, reevaluated: ids.length ? (await service.evaluate(ids)).evaluated : 0 };
    },

    /** A customer's segment chosen by hand with a reason (it wins over the rules), or given back to the rules (`manual: false`). */
    async choose(documentId: string, body: Record<string, unknown>, actor: Actor) {
      const customer: { id: number; segment: string | null } | null = DOCUMENT_ID.test(documentId)
        ? await queryOf(strapi, CUSTOMER).findOne({ where: { documentId }, select: ['id', 'segment'] })
        : null;
      if (!customer) throw new errors.NotFoundError('No such customer', { code: 'not-found' });
      if (body?.manual === false) {
        await queryOf(strapi, CUSTOMER).update({ where: { id: customer.id }, data: { segmentManual: false } });
      } else {
        const segments = await list();
        const fieldErrors = [];
        if (typeof body?.segment !== 'string' || !segments.some((s) => s.key === body.segment))
          fieldErrors.push({ path: ['segment'], message: `must be one of: ${segments.map((s) => s.key).join(', ')}` });
        const reason = typeof body?.reason === 'string' ? body.reason.trim() : '';
        // The reason is what the customer page shows as why the segment was given: required.
        if (!reason) fieldErrors.push({ path: ['reason'], message: 'is required' });
        else if (reason.length > 500) fieldErrors.push({ path: ['reason'], message: 'must be a text of at most 500 characters' });
        if (fieldErrors.length) throw invalidInput(fieldErrors);
        await strapi.db.transaction(async ({ trx }) => {
          await queryOf(strapi, CUSTOMER).update({ where: { id: customer.id }, data: { segment: body.segment, segmentReason: reason, segmentManual: true } });
          await api.audit.append(
            {
              action: 'customer.segment',
              contentType: CUSTOMER,
              documentId,
              actor,
              fromState: customer.segment,
              toState: body.segment as string,
              details: { reason, manual: true },
              changedFields: ['segment', 'segmentReason', 'segmentManual'],
              at: api.clock.now(),
            },
            trx
          );
        });
        return service.ofCustomer(documentId);
      }
      await service.evaluate([customer.id], actor);
      return service.ofCustomer(documentId);
    },

    /**
     * A segment written directly on the customer (the REST API, the document service, an import):
     * a manual choice, as on the customer page (its reason, or "set directly"); an unknown segment
     * is a 400 naming `segment`. A create that gives the default segment, or an update that repeats
     * the stored one (the Content Manager's form sends it), chooses nothing.
     */
    async directChoice(action: string, params: { documentId?: string; data?: Record<string, unknown> }) {
      const data = params.data;
      if (!data || typeof data.segment !== 'string' || data.segmentManual === false) return;
      const segments = await list();
      const stored: { segment: string | null } | null =
        action === 'update' && params.documentId ? await queryOf(strapi, CUSTOMER).findOne({ where: { documentId: params.documentId }, select: ['segment'] }) : null;
      const unchanged = action === 'update' ? data.segment === stored?.segment : data.segment === segments.find((s) => s.isDefault)?.key;
      if (unchanged) return;
      if (!segments.some((s) => s.key === data.segment)) throw invalidInput([{ path: ['segment'], message: `must be one of: ${segments.map((s) => s.key).join(', ')}` }]);
      data.segmentManual = true;
      data.segmentReason = typeof data.segmentReason === 'string' && data.segmentReason.trim() ? data.segmentReason.trim().slice(0, 500) : 'set directly';
    },

    /** A customer's segment, why it was given (the facts the rules looked at) and the segments to choose from. */
    async ofCustomer(documentId: string) {
      const customer: { id: number } | null = DOCUMENT_ID.test(documentId) ? await queryOf(strapi, CUSTOMER).findOne({ where: { documentId }, select: ['id'] }) : null;
      if (!customer) throw new errors.NotFoundError('No such customer', { code: 'not-found' });
      const segments = await list();
      const [known] = await strapi.db.transaction(({ trx }) => readKnownCustomers(strapi, api, trx, [customer.id]));
      if (!known) throw new errors.NotFoundError('No such customer', { code: 'not-found' });
      const assignment = assignSegment(segments, factsOf(known));
      return {
        segment: known.segment,
        title: segments.find((s) => s.key === known.segment)?.title ?? null,
        manual: known.segmentManual,
        reasonText: known.segmentReason,
        reason: assignment.segment === known.segment ? assignment.reason : null,
        facts: { units: known.units, openComplaints: known.openComplaints, contract: known.serviceContract },
        segments: segments.map((s) => ({ key: s.key, title: s.title })),
      };
    },

    /**
     * The win-back list: customers silent for the configured days or with two low scores, the call
     * to make, and their contact data as the caller may read it (the contact-data rules).
     */
    async winBack(access: unknown) {
      const settings = winBackSettings({
        inactiveDays: await api.configuration.get('winBackInactiveDays'),
        lowScoreBelow: await api.configuration.get('winBackLowScoreBelow'),
        lowScoreCount: await api.configuration.get('winBackLowScoreCount'),
      });
      const now = api.clock.now();
      const segments = await list();
      const customers = await strapi.db.transaction(({ trx }) => readKnownCustomers(strapi, api, trx));
      const entries = customers.flatMap((customer) => {
        const entry = winBackOf({ since: customer.createdAt, lastPurchase: customer.lastPurchase, lastContact: customer.lastContact, scores: customer.scores }, settings, now);
        return entry ? [{ customer, entry }] : [];
      });
      const contacts = new Map<number, Record<string, unknown>>();
      for (let i = 0; i < entries.length; i += 500) {
        const rows: { id: number; phone: string | null; email: string | null; wechat: string | null }[] = await queryOf(strapi, CUSTOMER).findMany({
          where: { id: { $in: entries.slice(i, i + 500).map((e) => e.customer.id) } },
          select: ['id', 'phone', 'email', 'wechat'],
        });
        for (const row of rows) contacts.set(row.id, api.contactData.guard(row, access, CUSTOMER) as Record<string, unknown>);
      }
      return {
        settings,
        customers: entries
          .map(({ customer, entry }) => {
            const contact = contacts.get(customer.id) ?? {};
            return {
              documentId: customer.documentId,
              name: customer.name,
              company: customer.company,
              segment: customer.segment,
              segmentTitle: segments.find((s) => s.key === customer.segment)?.title ?? null,
              ...Object.fromEntries(['phone', 'email', 'wechat'].filter((f) => f in contact).map((f) => [f, contact[f] ?? null])),
              preferredChannel: customer.preferredChannel,
              lastPurchase: customer.lastPurchase,
              lastContact: customer.lastContact,
              reasons: entry.reasons,
              suggestedCall: { kind: entry.suggestedCall, channel: customer.preferredChannel ?? 'hotline' },
            };
          })
          // Unhappy customers first, then the longest silent.
          .sort((a, b) => Number(b.suggestedCall.kind === 'apology-call') - Number(a.suggestedCall.kind === 'apology-call') || String(a.lastContact ?? '').localeCompare(String(b.lastContact ?? ''))),
      };
    },
  };
  return service;
};
