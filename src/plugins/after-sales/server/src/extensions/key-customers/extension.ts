import type { Core } from '@strapi/strapi';
import { keyCustomerRows, monthDays, noFacts, notReachedRows, npsTrend, type KeyCustomerFacts } from '../../domain/customers/key-report';
import { CONTENT_TYPES, TABLES, contentTable, dbTime, type AfterSalesApiV1, type ExtensionContext, type ReportSectionData, type ReportSectionQuery } from '../../extension-api';

export const REPORT_SECTION = 'after-sales.key-customers.report';
export const NOT_REACHED_SECTION = 'after-sales.key-customers.not-reached';
const CARE_CALL = 'api::care-call.care-call';
/** The case kinds counted: the customer's feedback and complaints. */
const CASE_KINDS = [CONTENT_TYPES.feedback, CONTENT_TYPES.complaint];
const REACHED = ['reached', 'issue-raised', 'satisfied'];
/** A report section shows at most this many customers (the section limit is 500 rows). */
const MAX_CUSTOMERS = 500;

type Knex = Core.Strapi['db']['connection'];
type Counted = { customer: number | string; n: number | string };

/**
 * The facts of the month for the given customers, counted in the database (one grouped statement
 * per fact and kind, never a row per item): care calls planned and logged, cases opened, closed and
 * open, deadline clocks stopped and met, satisfaction scores.
 */
const factsOf = async (strapi: Core.Strapi, api: AfterSalesApiV1, customers: { id: number; documentId: string; name: string }[], query: ReportSectionQuery): Promise<KeyCustomerFacts[]> => {
  const knex: Knex = strapi.db.connection;
  const ids = customers.map((c) => c.id);
  const facts = new Map<number, KeyCustomerFacts>(customers.map((c) => [c.id, noFacts(c.id, c.name)]));
  const add = (rows: Counted[], field: 'callsPlanned' | 'callsReached' | 'callsNotReached' | 'casesOpened' | 'casesClosed' | 'clocksStopped' | 'clocksMet' | 'openCases') => {
    for (const row of rows) {
      const entry = facts.get(Number(row.customer));
      if (entry) entry[field] += Number(row.n);
    }
  };
  const from = dbTime(strapi, query.from);
  const to = dbTime(strapi, query.to);
  const meta = (uid: string) => contentTable(strapi, uid);
  /** The kind's table joined to its customer link, limited to the customers reported, as `i` and `l`. */
  const withCustomer = (uid: string) => {
    const { tableName, attributes } = meta(uid);
    const join = attributes.customer?.joinTable;
    if (!join) return null;
    return () =>
      knex(`${tableName} as i`)
        .join(`${join.name} as l`, `l.${join.joinColumn.name}`, 'i.id')
        .whereIn(`l.${join.inverseJoinColumn.name}`, ids)
        .select({ customer: `l.${join.inverseJoinColumn.name}` })
        .groupBy(`l.${join.inverseJoinColumn.name}`);
  };

  const work: Promise<void>[] = [];
  const calls = strapi.db.metadata.has(CARE_CALL) ? withCustomer(CARE_CALL) : null;
  if (calls) {
    const days = monthDays(query.month);
    work.push(
      calls()
        .whereBetween('i.due_on', [days.first, days.last])
        // A call withdrawn (its plan deleted or ended, the customer out of the segment) was not a contact planned.
        .whereNot('i.state', 'withdrawn')
        .count({ n: '*' })
        .then((rows) => add(rows as Counted[], 'callsPlanned')),
      calls()
        .where('i.called_at', '>=', from)
        .andWhere('i.called_at', '<', to)
        .whereIn('i.outcome', REACHED)
        .count({ n: '*' })
        .then((rows) => add(rows as Counted[], 'callsReached')),
      calls()
        .where('i.called_at', '>=', from)
        .andWhere('i.called_at', '<', to)
        .where('i.outcome', 'not-reached')
        .count({ n: '*' })
        .then((rows) => add(rows as Counted[], 'callsNotReached'))
    );
  }
  for (const uid of CASE_KINDS) {
    const cases = withCustomer(uid);
    if (!cases) continue;
    const finished = (api.workflow.definitions().find((w) => w.contentType === uid)?.states ?? []).filter((s) => s.category === 'done').map((s) => s.id);
    work.push(
      cases()
        .where('i.created_at', '>=', from)
        .andWhere('i.created_at', '<', to)
        .count({ n: '*' })
        .then((rows) => add(rows as Counted[], 'casesOpened')),
      cases()
        .where('i.closed_at', '>=', from)
        .andWhere('i.closed_at', '<', to)
        .count({ n: '*' })
        .then((rows) => add(rows as Counted[], 'casesClosed')),
      cases()
        .whereNotIn('i.state', finished.length ? finished : [''])
        .count({ n: '*' })
        .then((rows) => add(rows as Counted[], 'openCases')),
      cases()
        .join(`${TABLES.slaClocks} as k`, function () {
          this.on('k.document_id', '=', 'i.document_id').andOn('k.content_type', '=', knex.raw('?', [uid]));
        })
        .whereNotNull('k.met')
        .andWhere('k.stopped_at', '>=', from)
        .andWhere('k.stopped_at', '<', to)
        .select(knex.raw('SUM(CASE WHEN k.met THEN 1 ELSE 0 END) AS met'))
        .count({ n: '*' })
        .then((rows) => {
          add(rows as Counted[], 'clocksStopped');
          add(
            (rows as (Counted & { met: unknown })[]).map((r) => ({ customer: r.customer, n: Number(r.met ?? 0) })),
            'clocksMet'
          );
        })
    );
    if (uid === CONTENT_TYPES.feedback) {
      const { tableName, attributes } = meta(uid);
      const join = attributes.customer?.joinTable;
      if (join)
        work.push(
          knex(`${tableName} as i`)
            .join(`${join.name} as l`, `l.${join.joinColumn.name}`, 'i.id')
            .whereIn(`l.${join.inverseJoinColumn.name}`, ids)
            .whereNotNull('i.satisfaction_score')
            .where('i.closed_at', '>=', from)
            .andWhere('i.closed_at', '<', to)
            .select({ customer: `l.${join.inverseJoinColumn.name}`, score: 'i.satisfaction_score' })
            .then((rows) => {
              for (const row of rows as { customer: number | string; score: number | string }[]) facts.get(Number(row.customer))?.scores.push(Number(row.score));
            })
        );
    }
  }
  // Loyalty answers (the NPS survey's table, when the loyalty extension made it): the trend around the month.
  if (await knex.schema.hasTable(TABLES.npsInvitations)) {
    const byDocument = new Map(customers.map((c) => [c.documentId, c.id]));
    work.push(
      knex(TABLES.npsInvitations)
        .whereIn('customer_document_id', [...byDocument.keys()])
        .whereNotNull('answered_at')
        .whereNotNull('score')
        .where('answered_at', '<', query.to.toISOString())
        .select('customer_document_id', 'score', 'answered_at')
        .then((rows) => {
          const answers = new Map<number, { answeredAt: string; score: number }[]>();
          for (const row of rows as { customer_document_id: string; score: number | string; answered_at: string }[]) {
            const id = byDocument.get(row.customer_document_id);
            if (id !== undefined) answers.set(id, [...(answers.get(id) ?? []), { answeredAt: row.answered_at, score: Number(row.score) }]);
          }
          for (const [id, list] of answers) {
            const trend = npsTrend(list, query.from, query.to);
            const entry = facts.get(id)!;
            entry.npsBefore = trend.before;
            entry.npsInMonth = trend.inMonth;
          }
        })
    );
  }
  await Promise.all(work);
  return [...facts.values()];
};

const customersOf = async (strapi: Core.Strapi, api: AfterSalesApiV1) => {
  const segment = String((await api.configuration.get<string>('segment')) || 'key');
  const rows = (await strapi.db
    .connection(meta(strapi, CONTENT_TYPES.customer))
    .where({ segment })
    .whereNot('privacy_state', 'erased')
    .select('id', 'document_id', 'name', 'company')
    .orderBy('id')
    .limit(MAX_CUSTOMERS + 1)) as {
    id: number;
    document_id: string;
    name: string | null;
    company: string | null;
  }[];
  return {
    segment,
    more: rows.length > MAX_CUSTOMERS,
    customers: rows.slice(0, MAX_CUSTOMERS).map((r) => ({ id: Number(r.id), documentId: r.document_id, name: [r.name, r.company && `(${r.company})`].filter(Boolean).join(' ') || `#${r.id}` })),
  };
};

const meta = (strapi: Core.Strapi, uid: string) => contentTable(strapi, uid).tableName;

const moreNote = (segment: string, more: boolean) => ({
  en: `Customers of the segment "${segment}"${more ? `; the first ${MAX_CUSTOMERS} only` : ''}. Contacts: care calls; cases: feedback and complaints.`,
  'zh-Hans': `分级为"${segment}"的客户${more ? `；只列出前 ${MAX_CUSTOMERS} 位` : ''}。联系：关怀回访；案件：反馈与投诉。`,
});

export const reportSection =
  (strapi: Core.Strapi, api: AfterSalesApiV1) =>
  async (query: ReportSectionQuery): Promise<ReportSectionData> => {
    const { segment, more, customers } = await customersOf(strapi, api);
    const rows = keyCustomerRows(customers.length ? await factsOf(strapi, api, customers, query) : []);
    return {
      columns: [
        { key: 'customer', title: { en: 'Customer', 'zh-Hans': '客户' } },
        { key: 'planned', title: { en: 'Calls planned', 'zh-Hans': '计划回访' } },
        { key: 'reached', title: { en: 'Reached', 'zh-Hans': '已联系上' } },
        { key: 'notReached', title: { en: 'Not reached', 'zh-Hans': '未联系上' } },
        { key: 'opened', title: { en: 'Cases registered', 'zh-Hans': '登记案件' } },
        { key: 'closed', title: { en: 'Cases closed', 'zh-Hans': '结案' } },
        { key: 'onTimePercent', title: { en: 'Deadlines met (%)', 'zh-Hans': '按时率（%）' } },
        { key: 'satisfaction', title: { en: 'Satisfaction (1–5)', 'zh-Hans': '满意度（1–5）' } },
        { key: 'open', title: { en: 'Open cases now', 'zh-Hans': '当前未结案件' } },
        { key: 'npsPrevious', title: { en: 'Loyalty score before (0–10)', 'zh-Hans': '此前忠诚度评分（0–10）' } },
        { key: 'npsLatest', title: { en: 'Loyalty score this month (0–10)', 'zh-Hans': '本月忠诚度评分（0–10）' } },
      ],
      rows: rows.map((r) => ({ ...r })),
      note: moreNote(segment, more),
    };
  };

export const notReachedSection =
  (strapi: Core.Strapi, api: AfterSalesApiV1) =>
  async (query: ReportSectionQuery): Promise<ReportSectionData> => {
    const { segment, more, customers } = await customersOf(strapi, api);
    const rows = notReachedRows(customers.length ? await factsOf(strapi, api, customers, query) : []);
    return {
      columns: [
        { key: 'customer', title: { en: 'Customer', 'zh-Hans': '客户' } },
        { key: 'planned', title: { en: 'Calls planned', 'zh-Hans': '计划回访' } },
        { key: 'attempts', title: { en: 'Calls not answered', 'zh-Hans': '未接通次数' } },
      ],
      rows: rows.map((r) => ({ ...r })),
      note: moreNote(segment, more),
    };
  };

export const activate = async (context: ExtensionContext) => {
  const { strapi } = context;
  const api = context.getApi(1);
  context.subscriptions.push(api.reports.registerSection(REPORT_SECTION, reportSection(strapi, api)), api.reports.registerSection(NOT_REACHED_SECTION, notReachedSection(strapi, api)));
};
