import type { Core } from '@strapi/strapi';
import { dbTime } from '../utils/db-time';
import { CONTENT_TYPES, PRIVACY, TABLES } from '../constants';
import { maskContactsInText, maskEmail, maskPhone } from '../domain/privacy/mask';
import { contactAccess } from '../domain/privacy/contact-access';
import { personalDataOf, quotesPersonalData, scrubText, type PersonalData } from '../domain/privacy/scrub';
import { pseudonymFor } from '../domain/privacy/pseudonym';
import { isEligible, retentionCutoff, type RetentionPolicy } from '../domain/privacy/retention';
import { getService } from '../utils/get-service';
import { deleteFileRows, filesAttachedTo, queueStorageRemoval, removeFromStorage, retryStorageRemoval, type StoredFile } from './privacy-files';
import { scrubQuotesElsewhere } from './privacy-quotes';
import { HttpError } from '../utils/http-errors';
import { WorkflowError } from '../utils/workflow-error';
import type { Actor } from './workflow';

export type AccessAction = 'reveal' | 'export' | 'erase';

export interface AccessEntry {
  action: AccessAction;
  customerDocumentId: string;
  actor: { kind: string; id: number | string | null; name: string };
  reason: string;
  /** What the access included (e.g. the contact fields revealed, the sections exported). */
  fields: string[];
  at: Date;
}

const CONTACT_FIELDS = ['phone', 'email', 'wechat', 'address'] as const;
const NEVER_SCRUBBED = new Set(['documentId', 'reference', 'state', 'locale', 'trackingTokenHash']);
const UNDELIVERED = ['pending', 'held', 'sending'];

/** A short reason is required for every access to contact data: 5 to 500 characters. */
export const parseReason = (value: unknown): string => {
  const reason = typeof value === 'string' ? value.trim() : '';
  if (reason.length < 5 || reason.length > 500 || reason.includes('\u0000')) {
    throw HttpError.invalid([{ path: ['reason'], message: 'is required: a short reason of 5 to 500 characters' }]);
  }
  return reason;
};

/**
 * Customer privacy: masked contact data, reveal and export with a reason (both in the append-only
 * access audit), erasure by anonymisation (the hooks of the `customer-privacy` workflow's `erase`
 * action) and the retention policy.
 */
const privacy = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const now = () => getService(strapi, 'clock').now();
  const isSqlite = () => strapi.db.dialect.client === 'sqlite';
  /** Datetimes as the content tables store them: epoch ms on SQLite, timestamps on PostgreSQL. */
  const at = (date: Date) => dbTime(strapi, date);
  /** The item kinds with a customer (every declared one, its workflow on or off). */
  const customerKinds = () =>
    getService(strapi, 'item-kinds')
      .all()
      .filter((kind) => kind.customerField && strapi.getModel(kind.contentType as any));
  const itemTypes = () => customerKinds().map((kind) => kind.contentType);
  /** Free text the customer wrote (the kind's `customerWords`): replaced whole on erasure, not only where it quotes them. */
  const customerWordsOf = (uid: string) => customerKinds().find((kind) => kind.contentType === uid)?.customerWords ?? [];
  const columnOf = (uid: string, field: string) => ((strapi.db.metadata.get(uid as any).attributes as any)[field]?.columnName ?? field) as string;
  const tableOf = (uid: string) => strapi.db.metadata.get(uid as any).tableName as string;

  const pseudonymKey = () =>
    process.env.AFTER_SALES_PSEUDONYM_KEY || strapi.config.get<string>('admin.secrets.encryptionKey') || (strapi.config.get<string[]>('server.app.keys') ?? [])[0] || 'after-sales';

  /** Storage deletions started when an erasure committed, by customer, until they finish. */
  const storageRemovals = new Map<string, Promise<void>>();

  const findCustomer = async (documentId: string) => {
    const customer = await strapi.db.query(CONTENT_TYPES.customer).findOne({ where: { documentId } });
    if (!customer) throw new HttpError(404, `No customer ${documentId}`);
    return customer;
  };

  const record = async (trx: any, entry: AccessEntry) => {
    await trx(TABLES.privacyAudit).insert({
      action: entry.action,
      customer_document_id: entry.customerDocumentId,
      actor_kind: entry.actor.kind,
      actor_id: entry.actor.id === null ? null : String(entry.actor.id),
      actor_name: entry.actor.name,
      reason: entry.reason,
      fields: JSON.stringify(entry.fields),
      created_at: entry.at.toISOString(),
    });
  };

  /** Runs in the current transaction if there is one (raw knex must use its `trx`), else in a new one. */
  const withTransaction = <T>(fn: (trx: any) => Promise<T>): Promise<T> => strapi.db.transaction(({ trx }) => fn(trx)) as Promise<T>;

  /** The erasure's writes, in its transaction (see `anonymiseEverywhere`); returns the files whose bytes are to be removed after commit. */
  const anonymise = async (trx: any, customer: Record<string, any>, actor: Actor, note: string | null, at: Date): Promise<StoredFile[]> => {
    const person = personalDataOf(customer);
    const pseudonym = service.pseudonymOf(customer.documentId);
    const scrub = (text: string | null) => scrubText(text, person, pseudonym);
    const documents: { uid: string; documentId: string }[] = [{ uid: CONTENT_TYPES.customer, documentId: customer.documentId }];
    const items: { uid: string; id: number }[] = [];

    for (const uid of itemTypes()) {
      const model = strapi.getModel(uid as any);
      const textFields = Object.entries(model.attributes as Record<string, any>)
        .filter(([name, a]) => ['string', 'text', 'richtext', 'email'].includes(a.type) && !NEVER_SCRUBBED.has(name))
        .map(([name]) => name);
      const populate: Record<string, unknown> = {};
      if (uid === CONTENT_TYPES.complaint) populate.approvals = true;
      const rows = await strapi.db.query(uid as any).findMany({ where: { customer: { id: customer.id } }, populate });
      for (const row of rows) {
        documents.push({ uid, documentId: row.documentId });
        items.push({ uid, id: row.id });
        const data: Record<string, unknown> = {};
        for (const field of textFields) {
          if (row[field] === null || row[field] === undefined) continue;
          const value = customerWordsOf(uid).includes(field) ? `[${pseudonym}]` : scrub(row[field]);
          if (value !== row[field]) data[field] = value;
        }
        // Raw writes: the entity manager would stamp updatedAt, and the erasure keeps every timestamp.
        if (Object.keys(data).length) {
          await trx(tableOf(uid))
            .where({ id: row.id })
            .update(Object.fromEntries(Object.entries(data).map(([field, value]) => [columnOf(uid, field), value])));
        }
        for (const approval of row.approvals ?? []) {
          const comment = scrub(approval.comment);
          if (comment !== approval.comment) await trx(tableOf('after-sales.approval')).where({ id: approval.id }).update({ [columnOf('after-sales.approval', 'comment')]: comment });
        }
      }
    }

    const ofDocuments = (q: any) => q.where((w: any) => documents.forEach((d) => w.orWhere({ content_type: d.uid, document_id: d.documentId })));
    const recipients = [person.email, person.emailNormalized, person.phone, person.phoneNormalized].filter((r): r is string => !!r);
    const messages = await trx(TABLES.outbox)
      .where((q: any) => {
        ofDocuments(q);
        if (recipients.length) q.orWhereIn('recipient', recipients);
      })
      .select('id', 'recipient', 'subject', 'body_text', 'body_html', 'last_error', 'status');
    for (const m of messages) {
      const cancel = UNDELIVERED.includes(m.status);
      await trx(TABLES.outbox)
        .where({ id: m.id })
        .update({
          recipient: m.recipient ? pseudonym : null,
          subject: scrub(m.subject),
          body_text: scrub(m.body_text),
          body_html: scrub(m.body_html),
          last_error: cancel ? 'cancelled: the customer was erased' : scrub(m.last_error),
          ...(cancel ? { status: 'failed', lease_owner: null, lease_until: null } : {}),
        });
    }

    await ofDocuments(trx(TABLES.surveys)).whereNotNull('comment').update({ comment: `[${pseudonym}]` });

    const events = await ofDocuments(trx(TABLES.auditEvents)).select('id', 'note', 'actor_name');
    for (const e of events) {
      const update = { note: scrub(e.note), actor_name: scrub(e.actor_name) };
      if (update.note !== e.note || update.actor_name !== e.actor_name) await trx(TABLES.auditEvents).where({ id: e.id }).update(update);
    }
    const accesses = await trx(TABLES.privacyAudit).where({ customer_document_id: customer.documentId }).select('id', 'reason');
    for (const a of accesses) {
      const reason = scrub(a.reason);
      if (reason !== a.reason) await trx(TABLES.privacyAudit).where({ id: a.id }).update({ reason });
    }

    await getService(strapi, 'contact-proposals').eraseFor(trx, customer.documentId);

    const quotesElsewhere = await scrubQuotesElsewhere(strapi, trx, { id: customer.id, documentId: customer.documentId, person }, pseudonym);

    const files = await filesAttachedTo(strapi, trx, items);
    await deleteFileRows(strapi, files);
    await queueStorageRemoval(trx, files, at);

    await record(trx, {
      action: 'erase',
      customerDocumentId: customer.documentId,
      actor: { kind: actor.kind, id: actor.id, name: actor.name },
      reason: note ?? '',
      fields: ['profile', 'items', 'messages', 'surveys', 'notes', ...(files.length ? ['files'] : []), ...(quotesElsewhere ? ['quotes-elsewhere'] : [])],
      at,
    });
    return files;
  };

  const service = {
    async isSuperAdmin(user: { id: number; roles?: { code: string }[] }): Promise<boolean> {
      const roles = user.roles ?? (await strapi.db.query('admin::user').findOne({ where: { id: user.id }, populate: ['roles'] }))?.roles ?? [];
      return roles.some((r: { code: string }) => r.code === 'strapi-super-admin');
    },

    /** Whether an admin user holds one of the plugin's admin actions (super admins hold all). */
    async adminMay(user: { id: number; roles?: { code: string }[] } | undefined, action: string): Promise<boolean> {
      if (!user) return false;
      if (await service.isSuperAdmin(user)) return true;
      const permissions = await strapi.service('admin::permission').findUserPermissions(user);
      return permissions.some((p: { action: string }) => p.action === `plugin::after-sales.${action}`);
    },

    /** Whether an admin user may reveal contact data: *View contact data*, or *Reveal* for the roles that call customers. */
    async adminMayReveal(user: { id: number; roles?: { code: string }[] } | undefined): Promise<boolean> {
      return (await service.adminMay(user, PRIVACY.viewContactData)) || (await service.adminMay(user, PRIVACY.reveal));
    },

    /** Whether an admin user may read customers in the Content Manager. */
    async adminMayReadCustomers(user: { id: number; roles?: { code: string }[] }): Promise<boolean> {
      if (await service.isSuperAdmin(user)) return true;
      const permissions = await strapi.service('admin::permission').findUserPermissions(user);
      return permissions.some((p: { action: string; subject?: string }) => p.action === 'plugin::content-manager.explorer.read' && p.subject === CONTENT_TYPES.customer);
    },

    /** The customer with phone and email masked and the other contact fields left out (through the one contact-data guard). */
    maskCustomer<T extends Record<string, any>>(customer: T): T {
      return getService(strapi, 'contact-data').guardCustomer(customer, contactAccess((f) => (f === 'phone' || f === 'email' ? 'masked' : 'hidden')));
    },

    /** Message history for staff: customers' addresses masked (staff notices keep theirs), contact data quoted in subject and body masked. */
    maskMessages<T extends { templateKey?: string; recipient?: string | null; subject?: string | null; bodyText?: string | null; lastError?: string | null }>(messages: T[]): T[] {
      const maskRecipient = (m: T) => {
        if (!m.recipient || m.templateKey?.startsWith('staff.')) return m.recipient ?? null;
        return m.recipient.includes('@') ? maskEmail(m.recipient) : maskPhone(m.recipient);
      };
      return messages.map((m) => ({
        ...m,
        recipient: maskRecipient(m),
        subject: maskContactsInText(m.subject),
        bodyText: maskContactsInText(m.bodyText),
        lastError: maskContactsInText(m.lastError),
      }));
    },

    /** Audit timeline for staff: contact data quoted in notes masked. */
    maskTimeline<T extends { note?: string | null }>(events: T[]): T[] {
      return events.map((e) => ('note' in e ? { ...e, note: maskContactsInText(e.note) } : e));
    },

    /** What the privacy panel shows without a reveal. */
    async summary(documentId: string, user: { id: number; roles?: { code: string }[] }) {
      const customer = await findCustomer(documentId);
      const [reveal, exportData, erase, audit] = await Promise.all([service.adminMayReveal(user), ...['privacy.export', 'privacy.erase', 'privacy.audit.read'].map((a) => service.adminMay(user, a))]);
      const items: Record<string, number> = {};
      for (const uid of itemTypes()) items[uid] = await strapi.db.query(uid as any).count({ where: { customer: { id: customer.id } } });
      return {
        documentId,
        name: customer.name,
        phone: maskPhone(customer.phone),
        email: maskEmail(customer.email),
        hasWechat: !!customer.wechat,
        hasAddress: !!customer.address,
        privacyState: customer.privacyState ?? 'active',
        anonymisedAt: customer.anonymisedAt ? new Date(customer.anonymisedAt).toISOString() : null,
        version: customer.version,
        items: { feedback: items[CONTENT_TYPES.feedback], complaints: items[CONTENT_TYPES.complaint], serviceRecords: items[CONTENT_TYPES.serviceRecord] },
        may: { reveal, export: exportData, erase, readAudit: audit },
      };
    },

    /** The full contact data, for a caller holding the permission, with the reason audited in the same transaction. */
    async reveal(documentId: string, reason: string, actor: AccessEntry['actor']) {
      return withTransaction(async (trx) => {
        const customer = await findCustomer(documentId);
        if (customer.privacyState === 'erased') throw new HttpError(409, 'This customer was erased; there is no contact data to reveal');
        const contact = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, customer[f] ?? null]));
        await record(trx, { action: 'reveal', customerDocumentId: documentId, actor, reason, fields: CONTACT_FIELDS.filter((f) => customer[f]), at: now() });
        return { documentId, name: customer.name, ...contact };
      });
    },

    /**
     * Everything held about one customer ("what do you hold about me"): profile, items, messages,
     * survey answers, audit events of their items. Recorded in the access audit.
     */
    async exportCustomer(documentId: string, reason: string, actor: AccessEntry['actor']) {
      return withTransaction(async (trx) => {
        const customer = await findCustomer(documentId);
        const items: Record<string, any[]> = {};
        const documents: { uid: string; documentId: string }[] = [];
        const keys: Record<string, string> = { [CONTENT_TYPES.feedback]: 'feedback', [CONTENT_TYPES.complaint]: 'complaints', [CONTENT_TYPES.serviceRecord]: 'serviceRecords' };
        for (const uid of itemTypes()) {
          const populate: Record<string, unknown> = { product: { select: ['modelCode', 'name'] }, department: { select: ['code', 'name'] } };
          if (uid === CONTENT_TYPES.complaint) Object.assign(populate, { approvals: true, evidence: { select: ['name', 'url', 'mime'] } });
          if (uid === CONTENT_TYPES.serviceRecord) populate.customerSignature = { select: ['name', 'url', 'mime'] };
          const rows = await strapi.db.query(uid as any).findMany({ where: { customer: { id: customer.id } }, populate, orderBy: { id: 'asc' } });
          items[keys[uid]] = rows.map(({ id, trackingTokenHash, slaPausedAt, nextEscalationAt, ...rest }: Record<string, any>) => rest);
          for (const row of rows) documents.push({ uid, documentId: row.documentId });
        }
        const byDocument = (query: any) =>
          documents.length ? query.where((q: any) => documents.forEach((d) => q.orWhere({ content_type: d.uid, document_id: d.documentId }))) : query.whereRaw('1 = 0');
        const messages = await byDocument(trx(TABLES.outbox).select('content_type', 'document_id', 'reference', 'template_key', 'channel', 'locale', 'recipient', 'subject', 'body_text', 'status', 'created_at', 'sent_at')).orderBy('id');
        const surveys = await byDocument(trx(TABLES.surveys).select('content_type', 'document_id', 'reference', 'score', 'comment', 'answered_at', 'created_at').whereNotNull('answered_at')).orderBy('id');
        const history = await byDocument(trx(TABLES.auditEvents).select('content_type', 'document_id', 'reference', 'action', 'from_state', 'to_state', 'created_at')).orderBy('id');
        const { id, phoneNormalized, emailNormalized, feedbacks, complaints, serviceRecords, ...profile } = customer;
        const exportedAt = now();
        await record(trx, { action: 'export', customerDocumentId: documentId, actor, reason, fields: ['profile', 'contact', 'items', 'messages', 'surveys', 'history'], at: exportedAt });
        return {
          format: 'after-sales.customer-export/1',
          exportedAt: exportedAt.toISOString(),
          exportedBy: actor.name,
          customer: profile,
          ...items,
          messages: messages.map((m: any) => ({ contentType: m.content_type, documentId: m.document_id, reference: m.reference, template: m.template_key, channel: m.channel, locale: m.locale, recipient: m.recipient, subject: m.subject, body: m.body_text, status: m.status, createdAt: m.created_at, sentAt: m.sent_at })),
          surveyAnswers: surveys.map((s: any) => ({ contentType: s.content_type, documentId: s.document_id, reference: s.reference, score: s.score, comment: s.comment, answeredAt: s.answered_at })),
          history: history.map((h: any) => ({ contentType: h.content_type, documentId: h.document_id, reference: h.reference, action: h.action, from: h.from_state, to: h.to_state, at: new Date(h.created_at).toISOString() })),
        };
      });
    },

    /** The access audit, newest first, filtered by customer, action or actor. */
    async audit(query: Record<string, unknown>) {
      const allowed = new Set(['customer', 'action', 'actor', 'page', 'pageSize']);
      const errors = Object.keys(query).filter((k) => !allowed.has(k)).map((k) => ({ path: [k], message: 'is not a known parameter' }));
      const text = (name: string) => (typeof query[name] === 'string' && (query[name] as string).length <= 100 ? (query[name] as string) : undefined);
      if (query.action !== undefined && !['reveal', 'export', 'erase'].includes(String(query.action))) errors.push({ path: ['action'], message: 'must be reveal, export or erase' });
      const page = Number(query.page ?? 1);
      const pageSize = Number(query.pageSize ?? 50);
      if (!Number.isInteger(page) || page < 1) errors.push({ path: ['page'], message: 'must be a whole number from 1' });
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) errors.push({ path: ['pageSize'], message: 'must be a whole number from 1 to 200' });
      if (errors.length) throw HttpError.invalid(errors);
      const filter = (q: any) => {
        if (text('customer')) q.where('customer_document_id', text('customer'));
        if (text('action')) q.where('action', text('action'));
        if (text('actor')) q.where('actor_id', text('actor'));
        return q;
      };
      const [rows, [{ count }]] = await Promise.all([
        filter(knex()(TABLES.privacyAudit)).orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize),
        filter(knex()(TABLES.privacyAudit)).count({ count: '*' }),
      ]);
      return {
        data: rows.map((r: any) => ({
          id: Number(r.id),
          at: new Date(r.created_at).toISOString(),
          action: r.action,
          customer: r.customer_document_id,
          actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
          reason: r.reason,
          fields: JSON.parse(r.fields ?? '[]'),
        })),
        meta: { pagination: { page, pageSize, total: Number(count), pageCount: Math.ceil(Number(count) / pageSize) } },
      };
    },

    // --- Erasure: the hooks of the customer-privacy workflow's `erase` action -------------------

    pseudonymOf(documentId: string) {
      return pseudonymFor(documentId, pseudonymKey());
    },

    /** Guard: the reason is stored for good, so it must not itself quote the customer. */
    refuseReasonQuotingCustomer(customer: Record<string, any>, note: string | null) {
      if (quotesPersonalData(note, personalDataOf(customer))) {
        return { field: 'note', message: "the reason must not quote the customer's name or contact data (it is kept after the erasure)" };
      }
      return undefined;
    },

    /** Effect: the profile's new values. Items, states, timestamps and scores are not touched. */
    anonymisedProfile(customer: Record<string, any>) {
      return {
        name: service.pseudonymOf(customer.documentId),
        company: null,
        phone: null,
        email: null,
        wechat: null,
        address: null,
        notes: null,
        phoneNormalized: null,
        emailNormalized: null,
        contactConsent: false,
      };
    },

    /**
     * After-hook, inside the erase transaction: replaces the customer's data wherever it is quoted:
     * their items' free text, the outbox (recipients, subjects, bodies, errors; undelivered messages
     * are cancelled), survey comments, audit notes, access-audit reasons, and quotations in other
     * customers' records; the files attached to their items are deleted — rows and links in the
     * transaction, bytes from storage once it has committed (no storage is transactional).
     */
    async anonymiseEverywhere(customer: Record<string, any>, actor: Actor, note: string | null, at: Date) {
      await strapi.db.transaction(async ({ trx, onCommit }) => {
        const files = await anonymise(trx, customer, actor, note, at);
        if (!files.length) return;
        onCommit(() => {
          const removal = removeFromStorage(strapi, files).finally(() => storageRemovals.delete(customer.documentId));
          storageRemovals.set(customer.documentId, removal);
        });
      });
    },

    /** Resolves once the storage deletion started by this customer's erasure (if any) is done. */
    async erasedFilesRemoved(customerDocumentId: string) {
      await storageRemovals.get(customerDocumentId);
    },

    /** Erases one customer through the workflow action; answers once their files are gone from storage too. */
    async erase(documentId: string, input: { version: number; reason: string }, actor: Actor) {
      const result = await getService(strapi, 'workflow').perform(CONTENT_TYPES.customer, documentId, 'erase', { version: input.version, note: input.reason }, actor);
      await service.erasedFilesRemoved(documentId);
      return { ...result, pseudonym: service.pseudonymOf(documentId) };
    },

    // --- Retention -----------------------------------------------------------------------------

    async policy(): Promise<RetentionPolicy> {
      const settings = (await getService(strapi, 'extension-host').getSettings(PRIVACY.extensionId)) ?? {};
      return { enabled: settings.retentionEnabled === true, months: Number(settings.retentionMonths ?? 36), batchSize: Number(settings.retentionBatchSize ?? 100) };
    },

    /** Customers the policy would anonymise now, oldest activity first (at most `limit`). */
    async retentionCandidates(instant: Date, months: number, limit: number) {
      const cutoff = retentionCutoff(instant, months);
      const customerTable = tableOf(CONTENT_TYPES.customer);
      const c = (field: string) => `c.${columnOf(CONTENT_TYPES.customer, field)}`;
      // Cheap first cut in SQL: not erased, the profile itself untouched since the cutoff.
      const rows = await knex()(`${customerTable} as c`)
        .select({ id: c('id'), documentId: c('documentId'), updatedAt: c('updatedAt'), createdAt: c('createdAt') })
        .where((q) => q.whereNull(c('privacyState')).orWhereNot(c('privacyState'), 'erased'))
        .andWhere(c('updatedAt'), '<', at(cutoff))
        .orderBy(c('updatedAt'), 'asc')
        .orderBy(c('id'), 'asc');
      const workflow = getService(strapi, 'workflow');
      const eligible: { documentId: string; lastActivityAt: string }[] = [];
      for (const row of rows) {
        if (eligible.length >= limit) break;
        let lastActivity = new Date(Math.max(new Date(row.updatedAt).getTime(), new Date(row.createdAt).getTime()));
        let openItems = 0;
        for (const uid of itemTypes()) {
          const done = (workflow.definitionFor(uid)?.states ?? []).filter((s) => s.category === 'done').map((s) => s.id);
          const items = await strapi.db.query(uid as any).findMany({ where: { customer: { id: row.id } }, select: ['state', 'updatedAt'] });
          for (const item of items) {
            if (!done.includes(item.state)) openItems += 1;
            const updated = new Date(item.updatedAt);
            if (updated > lastActivity) lastActivity = updated;
          }
        }
        if (isEligible({ documentId: row.documentId, lastActivityAt: lastActivity, openItems, erased: false }, cutoff)) {
          eligible.push({ documentId: row.documentId, lastActivityAt: lastActivity.toISOString() });
        }
      }
      return { cutoff: cutoff.toISOString(), customers: eligible };
    },

    /** Runs the policy (or, with dryRun, reports what it would do). Each customer is erased at most once: the action needs the `active` state. */
    async runRetention(options: { dryRun: boolean; actor?: Actor; months?: number }) {
      const policy = await service.policy();
      const months = options.months ?? policy.months;
      const { cutoff, customers } = await service.retentionCandidates(now(), months, policy.batchSize);
      if (options.dryRun) return { dryRun: true, months, cutoff, wouldAnonymise: customers, anonymised: [], skipped: [] };
      const actor: Actor = options.actor ?? { kind: 'system', id: null, name: 'retention policy', headOf: [] };
      const anonymised: string[] = [];
      const skipped: { documentId: string; reason: string }[] = [];
      for (const candidate of customers) {
        const current = await strapi.db.query(CONTENT_TYPES.customer).findOne({ where: { documentId: candidate.documentId }, select: ['version', 'privacyState'] });
        try {
          await service.erase(candidate.documentId, { version: current.version, reason: `retention policy: no open item and no activity for ${months} months (last activity ${candidate.lastActivityAt})` }, actor);
          anonymised.push(candidate.documentId);
        } catch (error) {
          if (error instanceof WorkflowError && [409, 404].includes(error.status)) skipped.push({ documentId: candidate.documentId, reason: error.message });
          else throw error;
        }
      }
      return { dryRun: false, months, cutoff, wouldAnonymise: customers, anonymised, skipped };
    },

    /**
     * The scheduled job: one instance per interval claims it (a lease row), then runs the policy
     * when the extension is enabled and the policy switched on.
     */
    /** Removes from storage the erased files still queued (see privacy-files). */
    retryFileRemovals(olderThanMs?: number) {
      return retryStorageRemoval(strapi, olderThanMs);
    },

    async scheduledRetention(intervalMs: number) {
      if (!getService(strapi, 'extension-host').isUsable(PRIVACY.extensionId)) return null;
      const retried = await retryStorageRemoval(strapi);
      if (retried) strapi.log.info(`[after-sales.privacy] retried the storage deletion of ${retried} erased file(s)`);
      const policy = await service.policy();
      if (!policy.enabled) return null;
      const instant = now().getTime();
      const owner = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
      await knex()(TABLES.jobClaims).insert({ job: PRIVACY.retentionJob, lease_until: 0 }).onConflict('job').ignore();
      const claimed = await knex()(TABLES.jobClaims)
        .where({ job: PRIVACY.retentionJob })
        .andWhere('lease_until', '<=', instant)
        .update({ lease_until: instant + intervalMs, owner, claimed_at: new Date(instant).toISOString() });
      if (claimed !== 1) return null;
      const result = await service.runRetention({ dryRun: false });
      await knex()(TABLES.jobClaims).where({ job: PRIVACY.retentionJob, owner }).update({ last_result: JSON.stringify({ anonymised: result.anonymised.length, skipped: result.skipped.length, cutoff: result.cutoff }) });
      if (result.anonymised.length) strapi.log.info(`[after-sales.privacy] retention anonymised ${result.anonymised.length} customer(s)`);
      return result;
    },
  };
  return service;
};

export default privacy;
