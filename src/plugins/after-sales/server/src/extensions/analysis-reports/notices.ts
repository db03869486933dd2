import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { errors, HttpError, newDocumentId, queryOf, TABLES, type AfterSalesApiV1 } from '../../extension-api';
import { validateCalendar, type BusinessCalendar } from '../../domain/sla/calendar';
import { DEFAULT_CALENDAR } from '../../domain/sla/default-calendar';
import { addBusinessTime, businessDayMs } from '../../domain/sla/business-time';
import { noticeStatus } from '../../domain/improvement/fix-effect';
import { FIX_RELEASED_TEMPLATE, IMPROVEMENT_RECORD, SOURCES } from './constants';

const FEEDBACK = 'api::feedback.feedback';

/** The customer of a linked item, as the record's items populate it. */
interface NoticeCustomer {
  id: number;
  documentId: string;
  name: string;
  email?: string | null;
  phone?: string | null;
  preferredChannel?: string | null;
  locale?: string | null;
  privacyState?: string | null;
}

interface LinkedItem {
  uid: string;
  documentId: string;
  reference: string | null;
  customer: NoticeCustomer;
}

/** A feedback item or complaint linked to the record, with its customer (populated). */
interface ItemWithCustomer {
  id: number;
  documentId: string;
  reference?: string | null;
  customer?: NoticeCustomer | null;
}

/** What telling the customers reads of an improvement record (a workflow record or the query layer's). */
export type ReleasedRecord = {
  documentId: string;
  reference?: string | null;
  title?: string | null;
  shortTermFix?: string | null;
  longTermPlan?: string | null;
  state?: string;
};

/** A row of `after_sales_fix_notices` (one linked item's inform clock) as raw knex returns it. */
interface FixNoticeRow {
  id: number;
  improvement_document_id: string;
  content_type: string;
  document_id: string;
  reference: string | null;
  customer_document_id: string;
  notice_key: string;
  claim: string;
  started_at: string;
  due_at: string;
  channel: string | null;
  unreachable: string | null;
  sent_at: string | null;
  met: boolean | number | null;
}

export interface Actor {
  id: number;
  name: string;
}

/**
 * Telling customers the fix shipped (004 二(四) 信息同步: 方案实施完成后……1个工作日内将处理结果同步至反馈客户):
 * when an improvement record is released (one of the workflow actions of the setting
 * `releaseActions`, `close` by default), every customer with an item linked to it — its feedback
 * (the same issue by the grouping, or linked by hand) and the feedback and complaints of its analysis
 * reports — gets one message on their channel, in their language (template
 * `improvement.fix-released`). Each linked item gets an inform clock (`informWithinWorkingDays`
 * working days on the default calendar) that starts at the release and stops when the message was
 * sent; its thread says both.
 */
export const createNotices = (strapi: Core.Strapi, api: AfterSalesApiV1) => {
  const knex = () => strapi.db.connection;
  const timeZone = () => strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai');
  const local = (iso: string) =>
    new Intl.DateTimeFormat('sv-SE', { timeZone: timeZone(), year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

  const defaultCalendar = async (trx: Knex): Promise<BusinessCalendar> => {
    const row = await trx(TABLES.slaCalendars).where({ is_default: true }).first('definition');
    if (!row) return DEFAULT_CALENDAR;
    try {
      const parsed = validateCalendar(JSON.parse(row.definition));
      return parsed.ok ? parsed.calendar : DEFAULT_CALENDAR;
    } catch {
      return DEFAULT_CALENDAR;
    }
  };

  /** The items linked to the record (its feedback, and the items of its analysis reports) that have a customer. */
  const linkedItems = async (documentId: string): Promise<LinkedItem[]> => {
    const customer = { select: ['id', 'documentId', 'name', 'email', 'phone', 'preferredChannel', 'locale', 'privacyState'] };
    const withCustomer = { select: ['id', 'documentId', 'reference'], populate: { customer } };
    const record = (await queryOf(strapi, IMPROVEMENT_RECORD).findOne({
      where: { documentId },
      populate: { feedbacks: withCustomer, analysisReports: { select: ['id'], populate: { feedbacks: withCustomer, complaints: withCustomer } } },
    })) as { feedbacks?: ItemWithCustomer[] | null; analysisReports?: { feedbacks?: ItemWithCustomer[] | null; complaints?: ItemWithCustomer[] | null }[] | null } | null;
    if (!record) return [];
    const complaintUid = Object.keys(SOURCES).find((uid) => SOURCES[uid].relation === 'complaints')!;
    const items = new Map<string, LinkedItem>();
    const add = (uid: string, rows: ItemWithCustomer[] | null | undefined) => {
      for (const row of rows ?? [])
        if (row.customer && !items.has(`${uid}|${row.documentId}`))
          items.set(`${uid}|${row.documentId}`, { uid, documentId: row.documentId, reference: row.reference ?? null, customer: row.customer });
    };
    add(FEEDBACK, record.feedbacks);
    for (const report of record.analysisReports ?? []) {
      add(FEEDBACK, report.feedbacks);
      add(complaintUid, report.complaints);
    }
    return [...items.values()].sort((a, b) => String(a.reference).localeCompare(String(b.reference)));
  };

  const note = (item: { uid: string; documentId: string; reference: string | null }, text: string, externalId: string) =>
    api.thread.append({
      contentType: item.uid,
      documentId: item.documentId,
      reference: item.reference,
      kind: 'note',
      visibility: 'internal',
      author: { kind: 'system', id: null, name: 'improvement' },
      bodyText: text,
      externalId,
    });

  /**
   * Starts the inform clock of every linked item without one and tells each of their customers not
   * told yet. Rows are claimed with a token (unique per record and item), so a second call — a
   * retry, another instance — finds nothing of its own to do. In the caller's transaction.
   */
  const inform = async (record: ReleasedRecord, startedAt: Date, days: number) =>
    strapi.db.transaction(async ({ trx }) => {
      const items = (await linkedItems(record.documentId)).filter((item) => !item.customer.privacyState || item.customer.privacyState === 'active');
      if (!items.length) return { items: 0, customers: 0, unreachable: 0 };
      const calendar = await defaultCalendar(trx);
      const dueAt = addBusinessTime(calendar, startedAt, days * businessDayMs(calendar)).toISOString();
      const claim = newDocumentId();
      for (const item of items) {
        await trx(TABLES.fixNotices)
          .insert({
            improvement_document_id: record.documentId,
            content_type: item.uid,
            document_id: item.documentId,
            reference: item.reference,
            customer_document_id: item.customer.documentId,
            notice_key: `fix-notice:${record.documentId}:${item.customer.documentId}`,
            claim,
            started_at: startedAt.toISOString(),
            due_at: dueAt,
          })
          .onConflict(['improvement_document_id', 'content_type', 'document_id'])
          .ignore();
      }
      const mine = new Set((await trx(TABLES.fixNotices).where({ claim }).select('document_id')).map((r: Pick<FixNoticeRow, 'document_id'>) => r.document_id));
      const byCustomer = new Map<string, LinkedItem[]>();
      for (const item of items.filter((i) => mine.has(i.documentId))) byCustomer.set(item.customer.documentId, [...(byCustomer.get(item.customer.documentId) ?? []), item]);
      // Customers no channel reached before: tried again (their contact data may have been completed since).
      const retry = new Set<string>(
        (await trx(TABLES.fixNotices).where({ improvement_document_id: record.documentId }).whereNull('channel').whereNotNull('unreachable').distinct('customer_document_id')).map(
          (r: Pick<FixNoticeRow, 'customer_document_id'>) => r.customer_document_id
        )
      );
      for (const customerId of retry)
        if (!byCustomer.has(customerId))
          byCustomer.set(
            customerId,
            items.filter((i) => i.customer.documentId === customerId)
          );
      let customers = 0;
      let unreachable = 0;
      for (const [customerId, own] of byCustomer) {
        const key = `fix-notice:${record.documentId}:${customerId}`;
        const clockNote = `改进 ${record.reference} 的修复已发布，须在 ${local(dueAt)} 前告知客户。 / The fix of ${record.reference} was released: the customer is to be told by ${local(dueAt)}.`;
        // Told before (an item linked after the release): the message that went out covers this item too.
        const earlier = await trx(TABLES.fixNotices).where({ notice_key: key }).whereNot({ claim }).whereNotNull('channel').first('channel', 'reference');
        if (earlier) {
          await trx(TABLES.fixNotices).where({ claim, notice_key: key }).update({ channel: earlier.channel });
          for (const item of own)
            await note(
              item,
              `${clockNote}\n客户已收到（或正在收到）${earlier.reference ?? ''} 的同一通知。 / The customer's notice with ${earlier.reference ?? ''} covers this item.`,
              `fix-released:${record.documentId}:${item.documentId}`
            );
          continue;
        }
        const carrier = own[0];
        const variables = {
          item: { reference: own.map((i) => i.reference).join('、') },
          fix: { reference: record.reference ?? '', title: record.title ?? '', summary: String(record.shortTermFix ?? record.longTermPlan ?? record.title ?? '').trim() },
          links: { tracking: api.itemKinds.get(carrier.uid)?.tracking && carrier.reference ? api.tracking.link(carrier.reference, api.tracking.linkKey(carrier.uid, carrier.documentId)) : '' },
        };
        // The release is never refused for a message: with the messages extension off (a 503), the customer counts as not reached.
        const message = await api.customerMessages
          .send({
            templateKey: FIX_RELEASED_TEMPLATE,
            customer: customerId,
            about: { contentType: carrier.uid, documentId: carrier.documentId, reference: carrier.reference },
            variables,
            dedupeKey: key,
            trigger: 'improvement.fix-released',
          })
          .catch((error: Error) => ({ status: 'unreachable' as const, reason: `not sent: ${error.message}` }));
        const retried = !own.some((item) => mine.has(item.documentId));
        if (message.status === 'queued') {
          await trx(TABLES.fixNotices).where({ notice_key: key }).whereNull('sent_at').update({ channel: message.channel, unreachable: null });
          customers += 1;
          for (const item of own)
            if (retried) await note(item, `通知已排队（${message.channel}）。 / The notice is queued (${message.channel}).`, `fix-queued:${record.documentId}:${item.documentId}`);
            else await note(item, `${clockNote}\n通知已排队（${message.channel}）。 / The notice is queued (${message.channel}).`, `fix-released:${record.documentId}:${item.documentId}`);
        } else {
          await trx(TABLES.fixNotices)
            .where({ notice_key: key })
            .whereNull('channel')
            .update({ unreachable: message.reason.slice(0, 2000) });
          unreachable += 1;
          if (!retried)
            for (const item of own)
              await note(
                item,
                `${clockNote}\n没有渠道能送达客户，请电话告知：${message.reason} / No channel reaches the customer, call them: ${message.reason}`,
                `fix-released:${record.documentId}:${item.documentId}`
              );
        }
      }
      return { items: mine.size, customers, unreachable };
    });

  return {
    linkedItems,

    /** The record was released (an action of `releaseActions`): recorded once, and its customers told. In the action's transaction. */
    async release(record: ReleasedRecord, action: string, at: Date, days: number) {
      return strapi.db.transaction(async ({ trx }) => {
        await trx(TABLES.fixReleases)
          .insert({ improvement_document_id: record.documentId, reference: record.reference ?? null, action, released_at: at.toISOString() })
          .onConflict(['improvement_document_id'])
          .ignore();
        const released = await trx(TABLES.fixReleases).where({ improvement_document_id: record.documentId }).first('released_at');
        const result = await inform(record, new Date(released.released_at), days);
        await api.audit.append(
          {
            action: 'fix-released',
            contentType: IMPROVEMENT_RECORD,
            documentId: record.documentId,
            reference: record.reference ?? null,
            details: `customers told: ${result.customers}, unreachable: ${result.unreachable}, items: ${result.items}`,
          },
          trx
        );
        return result;
      });
    },

    /** Tells the customers of items linked since the release (or not reached at it): only those not told yet. 409 before the release. */
    async informNow(ctx: unknown, documentId: string) {
      const record = (await api.records.find(IMPROVEMENT_RECORD, documentId)) as ReleasedRecord | null;
      if (!record) throw new errors.NotFoundError(`No improvement record ${documentId}`);
      await api.records.assertMayRead(ctx, IMPROVEMENT_RECORD, documentId);
      const released = await knex()(TABLES.fixReleases).where({ improvement_document_id: documentId }).first('released_at');
      if (!released) throw new HttpError(409, 'The fix is not released yet: customers are told when it is', { state: record.state });
      return inform(record, api.clock.now(), Number(await api.configuration.get('informWithinWorkingDays')) || 1);
    },

    /** The record's release and each linked item's inform clock. */
    async list(ctx: unknown, documentId: string) {
      const record = await api.records.find(IMPROVEMENT_RECORD, documentId);
      if (!record) throw new errors.NotFoundError(`No improvement record ${documentId}`);
      await api.records.assertMayRead(ctx, IMPROVEMENT_RECORD, documentId);
      const released = await knex()(TABLES.fixReleases).where({ improvement_document_id: documentId }).first('released_at', 'action');
      const rows = (await knex()(TABLES.fixNotices).where({ improvement_document_id: documentId }).orderBy('reference', 'asc')) as FixNoticeRow[];
      const customers = (await strapi.db.query('api::customer.customer').findMany({
        where: { documentId: { $in: [...new Set(rows.map((r) => r.customer_document_id))] } },
        select: ['documentId', 'name'],
      })) as { documentId: string; name: string }[];
      const names = new Map<string, string>(customers.map((c) => [c.documentId, c.name]));
      const now = api.clock.now();
      const notices = rows.map((r) => ({
        contentType: r.content_type,
        documentId: r.document_id,
        reference: r.reference,
        customer: { documentId: r.customer_document_id, name: names.get(r.customer_document_id) ?? null },
        startedAt: r.started_at,
        dueAt: r.due_at,
        sentAt: r.sent_at ?? null,
        channel: r.channel ?? null,
        unreachable: r.unreachable ?? null,
        met: r.met === null || r.met === undefined ? null : !!r.met,
        status: noticeStatus({ dueAt: r.due_at, sentAt: r.sent_at ?? null, unreachable: r.unreachable ?? null }, now),
      }));
      return { released: released ? { at: released.released_at, action: released.action } : null, notices };
    },

    /**
     * Stops the inform clocks whose message went out: the outbox row of the notice (or its fallback)
     * sent. The job `after-sales.analysis.fix-notices` runs it every minute; each item's thread says
     * when and on which channel, and whether in time.
     */
    async syncSent() {
      const open = (await knex()(TABLES.fixNotices).whereNull('sent_at').whereNull('unreachable').whereNotNull('channel').limit(1000)) as FixNoticeRow[];
      const keys = [...new Set(open.map((r) => r.notice_key))];
      let told = 0;
      for (let i = 0; i < keys.length; i += 50) {
        const batch = keys.slice(i, i + 50);
        const sent: { dedupe_key: string; sent_at: string; channel: string }[] = await knex()(TABLES.outbox)
          .where({ status: 'sent' })
          .andWhere((q) => {
            for (const key of batch) q.orWhere('dedupe_key', 'like', `${key}:%`);
          })
          .select('dedupe_key', 'sent_at', 'channel');
        for (const key of batch) {
          const first = sent.filter((m) => String(m.dedupe_key).startsWith(`${key}:`)).sort((a, b) => String(a.sent_at).localeCompare(String(b.sent_at)))[0];
          if (!first) continue;
          await strapi.db.transaction(async ({ trx }) => {
            const rows = (await trx(TABLES.fixNotices).where({ notice_key: key }).whereNull('sent_at')) as FixNoticeRow[];
            for (const row of rows) {
              const met = Date.parse(first.sent_at) <= Date.parse(row.due_at);
              await trx(TABLES.fixNotices).where({ id: row.id }).update({ sent_at: first.sent_at, met, channel: first.channel });
              await note(
                { uid: row.content_type, documentId: row.document_id, reference: row.reference },
                `已告知客户修复已发布（${first.channel}，${local(first.sent_at)}），${met ? '在时限内' : '超出时限'}。 / The customer was told of the fix (${first.channel}, ${local(first.sent_at)}), ${met ? 'in time' : 'late'}.`,
                `fix-notice-sent:${row.id}`
              );
              told += 1;
            }
          });
        }
      }
      return { told };
    },
  };
};
export type Notices = ReturnType<typeof createNotices>;
