import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { AnsweredSurveyRow } from '../../domain/messages/survey-row';
import { ownedUnits, type UnitSighting } from '../../domain/customers/units';
import { CONTENT_TYPES, TABLES, errors, modelOf, queryOf, type AfterSalesApiV1 } from '../../extension-api';

const CUSTOMER = CONTENT_TYPES.customer;
const CONTACT_FIELDS = ['phone', 'email', 'wechat', 'address'] as const;
const EXCERPT = 300;
/** The loyalty (NPS) invitations the page lists, newest first. */
const LOYALTY_LIMIT = 20;

/** The customer's contact values in `text` replaced by what the caller may read of them. */
const redact = (text: string | null, customer: Record<string, unknown>, shown: Record<string, unknown>) => {
  if (!text) return text;
  let out = text;
  for (const field of CONTACT_FIELDS) {
    const readable = shown[field];
    for (const value of [customer[field], field === 'phone' ? customer.phoneNormalized : null, field === 'email' ? customer.emailNormalized : null]) {
      if (typeof value === 'string' && value.length >= 4) out = out.split(value).join(typeof readable === 'string' ? readable : '***');
    }
  }
  return out;
};

/** One case of the customer as the query layer reads it (of every item kind: the fields the page shows, and the rest). */
interface CaseRecord extends Record<string, unknown> {
  documentId: string;
  reference?: string | null;
  state?: string | null;
  product?: { modelCode: string; name?: string | null; warrantyMonths?: number | null } | null;
  batch?: string | null;
  serialNumber?: string | null;
  purchaseDate?: string | null;
  deliveryDate?: string | null;
  orderDate?: string | null;
  createdAt?: string;
  satisfactionScore?: number | null;
}

/** A row of the outbox as the customer page selects it. */
interface OutboxMessageRow {
  id: number;
  content_type: string | null;
  document_id: string | null;
  reference: string | null;
  template_key: string;
  channel: string;
  recipient: string | null;
  subject: string | null;
  status: string;
  created_at: string;
  sent_at: string | null;
}

/** A case-thread entry (a message in or a reply) as the customer page selects it. */
interface ThreadMessageRow {
  id: number;
  reference: string | null;
  entry_kind: string;
  channel: string | null;
  body_text: string | null;
  created_at: string;
}

/**
 * Everything about one customer on one page: their cases of every kind (only those the caller may
 * read), the products and units they own, the messages sent to them and received from them, their
 * satisfaction and loyalty (NPS) answers, consents and merges. Contact data follows the caller's access exactly as
 * in the Content Manager (full, masked, hidden): the customer through the contact-data guard,
 * message recipients and message texts with the customer's own contact values replaced likewise.
 */
export const customerPage = async (strapi: Core.Strapi, api: AfterSalesApiV1, ctx: unknown, documentId: string) => {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(documentId)) throw new errors.NotFoundError('No such customer', { code: 'not-found' });
  await api.records.assertMayRead(ctx, CUSTOMER, documentId);
  const customer = (await queryOf(strapi, CUSTOMER).findOne({ where: { documentId } })) as ({ id: number } & Record<string, unknown>) | null;
  if (!customer) throw new errors.NotFoundError('No such customer', { code: 'not-found' });
  const access = api.contactData.accessFor(ctx);
  const shown = api.contactData.guard(customer, access) as Record<string, unknown>;
  delete shown.phoneNormalized;
  delete shown.emailNormalized;
  /** A recipient (a phone number or an email address) as the caller may read the customer's. */
  const recipient = (value: string | null) => {
    if (!value) return null;
    const field = value.includes('@') ? 'email' : 'phone';
    const guarded = api.contactData.guard({ [field]: value }, access) as Record<string, unknown>;
    return (guarded[field] as string | undefined) ?? null;
  };

  const cases: Record<string, unknown>[] = [];
  const sightings: UnitSighting[] = [];
  let hidden = 0;
  for (const kind of api.itemKinds.list().filter((k) => k.customerField)) {
    const attributes = modelOf(strapi, kind.contentType)?.attributes ?? {};
    const rows = (await queryOf(strapi, kind.contentType).findMany({
      where: { [kind.customerField!]: { id: customer.id } },
      populate: attributes.product ? { product: { select: ['modelCode', 'name', 'warrantyMonths'] } } : undefined,
      orderBy: { createdAt: 'desc' },
      limit: 500,
    })) as CaseRecord[];
    const workflow = api.workflow.definition(kind.contentType);
    for (const row of rows) {
      try {
        await api.records.assertMayRead(ctx, kind.contentType, row.documentId);
      } catch (error) {
        if (error instanceof errors.ForbiddenError) {
          hidden += 1;
          continue;
        }
        throw error;
      }
      const state = workflow?.states.find((s) => s.id === row[workflow.stateField ?? 'state']);
      const purchaseDate = row.purchaseDate ?? row.deliveryDate ?? row.orderDate ?? null;
      cases.push({
        kind: kind.id,
        contentType: kind.contentType,
        documentId: row.documentId,
        reference: row.reference ?? null,
        state: row.state ?? null,
        stateTitle: state?.title ?? null,
        summary: kind.summaryField ? (row[kind.summaryField] ?? null) : null,
        severity: kind.severity ? (row[kind.severity.field] ?? null) : null,
        product: row.product ? { model: row.product.modelCode, name: row.product.name } : null,
        batch: row.batch ?? null,
        serialNumber: row.serialNumber ?? null,
        purchaseDate,
        createdAt: row.createdAt,
        satisfactionScore: row.satisfactionScore ?? null,
      });
      if (row.product) {
        sightings.push({
          model: row.product.modelCode,
          productName: row.product.name,
          warrantyMonths: row.product.warrantyMonths,
          batch: row.batch,
          serialNumber: row.serialNumber,
          purchaseDate,
          reference: row.reference,
        });
      }
    }
  }

  const knex = strapi.db.connection;
  const byItem = (query: Knex.QueryBuilder) =>
    query.where((q) => {
      q.where({ content_type: CUSTOMER, document_id: documentId });
      for (const c of cases) q.orWhere({ content_type: c.contentType, document_id: c.documentId });
    });
  const outbox: OutboxMessageRow[] = await byItem(knex(TABLES.outbox))
    .orderBy('id', 'desc')
    .limit(200)
    .select('id', 'content_type', 'document_id', 'reference', 'template_key', 'channel', 'recipient', 'subject', 'status', 'created_at', 'sent_at');
  const thread: ThreadMessageRow[] = await byItem(knex(TABLES.threadEntries).whereIn('entry_kind', ['message-in', 'reply']))
    .orderBy('id', 'desc')
    .limit(200)
    .select('id', 'reference', 'entry_kind', 'channel', 'body_text', 'created_at');
  const surveys = await byItem(knex(TABLES.surveys).whereNotNull('answered_at')).orderBy('id', 'desc').select('reference', 'score', 'comment', 'answered_at');
  // The loyalty extension's invitations (through the API: none while it is disabled); nothing of an erased customer.
  const loyalty = customer.privacyState === 'erased' ? [] : await api.loyaltySurveys.ofCustomer(documentId, LOYALTY_LIMIT);
  const referenceOf = new Map(cases.map((c) => [`${c.contentType}:${c.documentId}`, c.reference]));

  return {
    customer: shown,
    cases,
    /** Cases of this customer the caller may not read (their department's, say): counted, not shown. */
    hiddenCases: hidden,
    units: ownedUnits(sightings),
    messages: [
      ...outbox.map((m) => ({
        direction: 'out',
        at: m.created_at,
        reference: m.reference ?? referenceOf.get(`${m.content_type}:${m.document_id}`) ?? null,
        channel: m.channel,
        template: m.template_key,
        recipient: recipient(m.recipient),
        subject: redact(m.subject, customer, shown),
        status: m.status,
        sentAt: m.sent_at ?? null,
      })),
      ...thread.map((t) => ({
        direction: t.entry_kind === 'message-in' ? 'in' : 'out',
        at: t.created_at,
        reference: t.reference,
        channel: t.channel,
        text: redact(typeof t.body_text === 'string' ? t.body_text.slice(0, EXCERPT) : null, customer, shown),
      })),
    ].sort((a, b) => String(b.at).localeCompare(String(a.at))),
    satisfaction: surveys.map((s: Pick<AnsweredSurveyRow, 'reference' | 'score' | 'comment' | 'answered_at'>) => ({
      reference: s.reference,
      score: s.score === null ? null : Number(s.score),
      // The customer's own words: their contact data replaced as the caller may read it, as in the messages.
      comment: redact(s.comment, customer, shown),
      at: s.answered_at,
    })),
    /** Loyalty (NPS) invitations answered, open or closed unanswered, newest first; the comment with the customer's contact data replaced as the caller may read it. */
    loyalty: loyalty.map((l) => ({ ...l, comment: redact(l.comment, customer, shown) })),
    consents: { contactConsent: !!customer.contactConsent, contactConsentAt: customer.contactConsentAt ?? null, preferredChannel: customer.preferredChannel ?? null },
  };
};
