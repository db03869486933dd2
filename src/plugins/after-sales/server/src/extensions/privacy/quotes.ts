import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { identifiersNotShared, phoneSearchPatterns, quoteSearchPatterns, TEXT_IDENTIFIERS } from '../../domain/privacy/quotes-elsewhere';
import { personalDataOf, scrubText, type PersonalData } from '../../domain/privacy/scrub';
import { CONTENT_TYPES, TABLES, contentTable, columnOf as columnOfTable, modelOf, queryOf } from '../../extension-api';

/** A row searched for quotations: its id, the columns naming its owner, its free-text columns. */
type QuoteRow = Record<string, unknown> & { id: number };
/** What the search needs of a content type's or component's schema. */
interface TextSchema {
  uid: string;
  modelType: string;
  attributes: Record<string, { type: string }>;
}

/**
 * Part of an erasure (called by the privacy service inside its transaction; not a Strapi service
 * of its own): replaces the erased customer's name and contact data where OTHER records quote them
 * — another customer's feedback, complaint or service record, a staff note, an approval comment, a
 * message or survey answer about someone else. The database finds the candidate rows (LIKE on
 * every free-text column of the app's content types and components, and on the plugin tables'
 * notes, messages, survey comments and access reasons); only those rows are read and scrubbed.
 * A record of another customer who shares an identifier (a namesake, a family phone) keeps it.
 */

/** The customer's identity columns: another customer's own data, never a quotation. */
const IDENTITY_FIELDS = new Set(['name', 'company', 'phone', 'email', 'wechat', 'address', 'phoneNormalized', 'emailNormalized']);
const NEVER_SEARCHED = new Set(['documentId', 'reference', 'state', 'privacyState', 'locale', 'trackingTokenHash']);
const TEXT_TYPES = ['string', 'text', 'richtext', 'email'];
/** The customer's items, by the name of their relation on the customer. */
const ITEMS_OF_CUSTOMER: Record<string, string> = {
  feedbacks: CONTENT_TYPES.feedback,
  complaints: CONTENT_TYPES.complaint,
  serviceRecords: CONTENT_TYPES.serviceRecord,
};

/** A table searched for quotations: its free-text columns, and what says whose record a row is. */
interface QuoteTarget {
  table: string;
  columns: string[];
  /** Columns read besides `id` to name the row's owner. */
  keys: string[];
  /** The row's owner, as a key of `ownersSharingIdentifiers`. */
  ownerOf: (row: QuoteRow) => string;
}

const ofDocument = (row: QuoteRow) => `document:${row.content_type}:${row.document_id}`;
/** Plugin tables holding free text about items; the access audit may only have its `reason` rewritten. */
const PLUGIN_TARGETS: QuoteTarget[] = [
  {
    table: TABLES.outbox,
    columns: ['subject', 'body_text', 'body_html', 'last_error', 'fallback_reason', 'fallback_message', 'variables'],
    keys: ['content_type', 'document_id'],
    ownerOf: ofDocument,
  },
  { table: TABLES.threadEntries, columns: ['body_text'], keys: ['content_type', 'document_id'], ownerOf: ofDocument },
  { table: TABLES.notifications, columns: ['params'], keys: ['content_type', 'document_id'], ownerOf: ofDocument },
  { table: TABLES.surveys, columns: ['comment'], keys: ['content_type', 'document_id'], ownerOf: ofDocument },
  { table: TABLES.auditEvents, columns: ['note'], keys: ['content_type', 'document_id'], ownerOf: ofDocument },
  { table: TABLES.privacyAudit, columns: ['reason'], keys: ['customer_document_id'], ownerOf: (row) => `document:${CONTENT_TYPES.customer}:${row.customer_document_id}` },
];

export const scrubQuotesElsewhere = async (strapi: Core.Strapi, trx: Knex, erased: { id: number; documentId: string; person: PersonalData }, pseudonym: string): Promise<number> => {
  const patterns = quoteSearchPatterns(erased.person);
  if (!patterns.length) return 0;
  const metadata = (uid: string) => contentTable(strapi, uid);
  const columnOf = (uid: string, field: string) => columnOfTable(metadata(uid), field);

  const targets: QuoteTarget[] = [];
  const schemas: TextSchema[] = [...Object.values(strapi.contentTypes), ...Object.values(strapi.components)];
  for (const schema of schemas) {
    if (!schema.uid.startsWith('api::') && schema.modelType !== 'component') continue;
    const columns = Object.entries(schema.attributes)
      .filter(([name, a]) => TEXT_TYPES.includes(a.type) && !NEVER_SEARCHED.has(name) && !(schema.uid === CONTENT_TYPES.customer && IDENTITY_FIELDS.has(name)))
      .map(([name]) => columnOf(schema.uid, name));
    if (columns.length) targets.push({ table: metadata(schema.uid).tableName, columns, keys: [], ownerOf: (row) => `entity:${schema.uid}:${row.id}` });
  }
  targets.push(...PLUGIN_TARGETS);

  const owners = await ownersSharingIdentifiers(strapi, trx, erased);
  let scrubbed = 0;
  for (const target of targets) {
    const rows: QuoteRow[] = await trx(target.table)
      .select(['id', ...target.keys, ...target.columns])
      .where((q) => {
        for (const column of target.columns) for (const pattern of patterns) q.orWhereRaw('lower(??) like ? escape ?', [column, pattern, '\\']);
      });
    for (const row of rows) {
      const person = identifiersNotShared(erased.person, owners.get(target.ownerOf(row)) ?? null);
      const update: Record<string, string | null> = {};
      for (const column of target.columns) {
        const value = scrubText(row[column] as string | null, person, pseudonym);
        if (value !== row[column]) update[column] = value;
      }
      if (Object.keys(update).length) {
        await trx(target.table).where({ id: row.id }).update(update);
        scrubbed += 1;
      }
    }
  }
  return scrubbed;
};

/**
 * The other customers who share one of the erased customer's identifiers (usually none), and
 * everything they own: their profile, items, the items' components, and the items' documents (for
 * the plugin tables), keyed `entity:<uid>:<id>` and `document:<uid>:<documentId>`. Found once per
 * erasure, so the search above needs no join per row.
 */
const ownersSharingIdentifiers = async (strapi: Core.Strapi, trx: Knex, erased: { id: number; person: PersonalData }) => {
  const owners = new Map<string, PersonalData>();
  const p = erased.person;
  const texts = TEXT_IDENTIFIERS.map((field) => p[field]?.trim().toLowerCase()).filter((t): t is string => !!t);
  const phones = phoneSearchPatterns(p);
  if (!texts.length && !phones.length) return owners;

  // A superset in SQL (same text identifier, or a phone that may be the same); `identifiersNotShared` decides exactly.
  const customerMeta = contentTable(strapi, CONTENT_TYPES.customer);
  const col = (field: string) => customerMeta.attributes[field].columnName!;
  const candidates: { id: number }[] = await trx(customerMeta.tableName)
    .select('id')
    .whereNot('id', erased.id)
    .andWhere((q) => {
      if (texts.length) {
        for (const field of TEXT_IDENTIFIERS) q.orWhereRaw(`lower(trim(??)) in (${texts.map(() => '?').join(', ')})`, [col(field), ...texts]);
      }
      for (const field of ['phone', 'phoneNormalized']) for (const pattern of phones) q.orWhereRaw('?? like ? escape ?', [col(field), pattern, '\\']);
    });
  if (!candidates.length) return owners;

  const customers = await strapi.db.query(CONTENT_TYPES.customer).findMany({
    where: { id: { $in: candidates.map((c) => c.id) } },
    populate: Object.fromEntries(Object.keys(ITEMS_OF_CUSTOMER).map((relation) => [relation, { select: ['id'] }])),
  });
  for (const customer of customers) {
    const person = personalDataOf(customer);
    owners.set(`entity:${CONTENT_TYPES.customer}:${customer.id}`, person);
    owners.set(`document:${CONTENT_TYPES.customer}:${customer.documentId}`, person);
    for (const [relation, uid] of Object.entries(ITEMS_OF_CUSTOMER)) {
      const ids = (customer[relation] ?? []).map((item: { id: number }) => item.id);
      if (!ids.length) continue;
      const attributes = modelOf(strapi, uid)!.attributes as Record<string, { type?: string; component?: string }>;
      const components = Object.entries(attributes).filter(([, a]) => a.type === 'component');
      const items: ({ id: number; documentId: string } & Record<string, unknown>)[] = await queryOf(strapi, uid).findMany({
        where: { id: { $in: ids } },
        populate: Object.fromEntries(components.map(([name]) => [name, true])),
      });
      for (const item of items) {
        owners.set(`entity:${uid}:${item.id}`, person);
        owners.set(`document:${uid}:${item.documentId}`, person);
        for (const [name, attribute] of components) {
          for (const part of [item[name]].flat().filter(Boolean) as { id: number }[]) owners.set(`entity:${attribute.component}:${part.id}`, person);
        }
      }
    }
  }
  return owners;
};
