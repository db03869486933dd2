import type { Knex } from 'knex';
import { personalDataOf, quotesPersonalData, scrubText, type PersonalData } from '../../domain/privacy/scrub';
import { pseudonymFor } from '../../domain/privacy/pseudonym';
import { deleteFileRows, filesAttachedTo, queueStorageRemoval, removeFromStorage, type StoredFile } from './files';
import { scrubQuotesElsewhere } from './quotes';
import { type PrivacyBase, NEVER_SCRUBBED, UNDELIVERED } from './shared';
import { CONTENT_TYPES, TABLES, modelOf, queryOf, type WorkflowCaller as Actor } from '../../extension-api';

/** The customer an erasure works on: the record of the customer-privacy workflow's `erase` action. */
export type ErasedCustomer = PersonalData & { id: number; documentId: string };
/** An item of the customer, as the query layer reads it (complaints with their approvals). */
type CustomerItem = { id: number; documentId: string; approvals?: { id: number; comment: string | null }[] } & Record<string, unknown>;

/**
 * Erasure by anonymisation: the hooks of the `customer-privacy` workflow's `erase` action (the
 * profile, every quotation of the customer in their items, other customers' records, the outbox and
 * the audits, in the action's transaction), then the removal of their files from storage.
 */
export const erasureService = (base: PrivacyBase) => {
  const { strapi, api, columnOf, tableOf, record, itemTypes, customerWordsOf } = base;

  const pseudonymKey = () =>
    strapi.config.get<string>('plugin::after-sales.pseudonymKey', '') ||
    strapi.config.get<string>('admin.secrets.encryptionKey') ||
    (strapi.config.get<string[]>('server.app.keys') ?? [])[0] ||
    'after-sales';

  /** Storage deletions started when an erasure committed, by customer, until they finish. */
  const storageRemovals = new Map<string, Promise<void>>();

  /** The erasure's writes, in its transaction (see `anonymiseEverywhere`); returns the files whose bytes are to be removed after commit. */
  const anonymise = async (trx: Knex.Transaction, customer: ErasedCustomer, actor: Actor, note: string | null, at: Date): Promise<StoredFile[]> => {
    const person = personalDataOf(customer);
    const pseudonym = service.pseudonymOf(customer.documentId);
    const scrub = (text: string | null) => scrubText(text, person, pseudonym);
    const documents: { uid: string; documentId: string }[] = [{ uid: CONTENT_TYPES.customer, documentId: customer.documentId }];
    const items: { uid: string; id: number }[] = [];

    for (const uid of itemTypes()) {
      const model = modelOf(strapi, uid)!;
      const textFields = Object.entries(model.attributes)
        .filter(([name, a]) => ['string', 'text', 'richtext', 'email'].includes(a.type!) && !NEVER_SCRUBBED.has(name))
        .map(([name]) => name);
      const populate: Record<string, unknown> = {};
      if (uid === CONTENT_TYPES.complaint) populate.approvals = true;
      const rows: CustomerItem[] = await queryOf(strapi, uid).findMany({ where: { customer: { id: customer.id } }, populate });
      for (const row of rows) {
        documents.push({ uid, documentId: row.documentId });
        items.push({ uid, id: row.id });
        const data: Record<string, unknown> = {};
        for (const field of textFields) {
          if (row[field] === null || row[field] === undefined) continue;
          const value = customerWordsOf(uid).includes(field) ? `[${pseudonym}]` : scrub(row[field] as string);
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
          if (comment !== approval.comment)
            await trx(tableOf('after-sales.approval'))
              .where({ id: approval.id })
              .update({ [columnOf('after-sales.approval', 'comment')]: comment });
        }
      }
    }

    const ofDocuments = (q: Knex.QueryBuilder) => q.where((w) => documents.forEach((d) => w.orWhere({ content_type: d.uid, document_id: d.documentId })));
    const recipients = [person.email, person.emailNormalized, person.phone, person.phoneNormalized].filter((r): r is string => !!r);
    const messages = await trx(TABLES.outbox)
      .where((q) => {
        ofDocuments(q);
        if (recipients.length) q.orWhereIn('recipient', recipients);
      })
      .select('id', 'recipient', 'subject', 'body_text', 'body_html', 'last_error', 'status', 'fallback_reason');
    for (const m of messages) {
      const cancel = UNDELIVERED.includes(m.status);
      await trx(TABLES.outbox)
        .where({ id: m.id })
        .update({
          recipient: m.recipient ? pseudonym : null,
          subject: scrub(m.subject),
          body_text: scrub(m.body_text),
          body_html: scrub(m.body_html),
          // The template variables and the fallback message hold the customer's name and addresses.
          variables: null,
          fallback_message: null,
          fallback_reason: scrub(m.fallback_reason),
          last_error: cancel ? 'cancelled: the customer was erased' : scrub(m.last_error),
          ...(cancel ? { status: 'failed', lease_owner: null, lease_until: null } : {}),
        });
    }

    await ofDocuments(trx(TABLES.surveys))
      .whereNotNull('comment')
      .update({ comment: `[${pseudonym}]` });
    // Loyalty (NPS) answers are the customer's own, not an item's: their comments go too (the score stays, for the figures).
    if (await trx.schema.hasTable(TABLES.npsInvitations))
      await trx(TABLES.npsInvitations)
        .where({ customer_document_id: customer.documentId })
        .whereNotNull('comment')
        .update({ comment: `[${pseudonym}]` });
    // Beta test answers (the beta-tests extension): the comments are the customer's words; the choices stay, for the report.
    if (await trx.schema.hasTable(TABLES.betaInvitations)) {
      const answered = await trx(TABLES.betaInvitations).where({ customer_document_id: customer.documentId }).whereNotNull('answers').select('id', 'answers');
      for (const row of answered) {
        let answers: Record<string, { choice: string; comment: string | null }>;
        try {
          answers = JSON.parse(row.answers);
        } catch {
          continue;
        }
        for (const answer of Object.values(answers)) if (answer && answer.comment) answer.comment = `[${pseudonym}]`;
        await trx(TABLES.betaInvitations)
          .where({ id: row.id })
          .update({ answers: JSON.stringify(answers) });
      }
    }

    const events = await ofDocuments(trx(TABLES.auditEvents)).select('id', 'note', 'actor_name');
    for (const e of events) {
      const update = { note: scrub(e.note), actor_name: scrub(e.actor_name) };
      if (update.note !== e.note || update.actor_name !== e.actor_name) await trx(TABLES.auditEvents).where({ id: e.id }).update(update);
    }
    // Staff notifications about the customer's items quote the item's summary.
    const notices = await ofDocuments(trx(TABLES.notifications)).select('id', 'params');
    for (const n of notices) {
      const params = scrub(n.params);
      if (params !== n.params) await trx(TABLES.notifications).where({ id: n.id }).update({ params });
    }
    const accesses = await trx(TABLES.privacyAudit).where({ customer_document_id: customer.documentId }).select('id', 'reason');
    for (const a of accesses) {
      const reason = scrub(a.reason);
      if (reason !== a.reason) await trx(TABLES.privacyAudit).where({ id: a.id }).update({ reason });
    }

    await api().contactData.eraseProposals(trx, customer.documentId);

    const quotesElsewhere = await scrubQuotesElsewhere(strapi, trx, { id: customer.id, documentId: customer.documentId, person }, pseudonym);

    // The conversation: what the customer wrote is replaced whole, staff's replies and notes are
    // scrubbed of quotations, and every attachment (listed on the entries, not linked) is deleted.
    const entries = await ofDocuments(trx(TABLES.threadEntries)).select('id', 'entry_kind', 'body_text', 'attachments');
    const threadFileIds: number[] = [];
    for (const entry of entries) {
      for (const file of entry.attachments ? (JSON.parse(entry.attachments) as { fileId: number }[]) : []) threadFileIds.push(Number(file.fileId));
      const body = entry.entry_kind === 'message-in' ? `[${pseudonym}]` : scrub(entry.body_text);
      await trx(TABLES.threadEntries)
        .where({ id: entry.id })
        .update({ body_text: body, attachments: null, ...(entry.entry_kind === 'message-in' ? { meta: null, author_name: pseudonym } : {}) });
    }

    const attached = await filesAttachedTo(strapi, trx, items);
    const threadFiles = threadFileIds.length ? ((await strapi.db.query('plugin::upload.file').findMany({ where: { id: { $in: threadFileIds } } })) as StoredFile[]) : [];
    const files = [...attached, ...threadFiles.filter((file) => !attached.some((a) => a.id === file.id))];
    await deleteFileRows(strapi, files);
    await queueStorageRemoval(trx, files, at);

    await record(trx, {
      action: 'erase',
      customerDocumentId: customer.documentId,
      actor: { kind: actor.kind, id: actor.id, name: actor.name },
      reason: note ?? '',
      fields: ['profile', 'items', 'messages', 'surveys', 'notes', ...(entries.length ? ['conversation'] : []), ...(files.length ? ['files'] : []), ...(quotesElsewhere ? ['quotes-elsewhere'] : [])],
      at,
    });
    return files;
  };

  const service = {
    // --- Erasure: the hooks of the customer-privacy workflow's `erase` action -------------------

    pseudonymOf(documentId: string) {
      return pseudonymFor(documentId, pseudonymKey());
    },

    /** Guard: the reason is stored for good, so it must not itself quote the customer. */
    refuseReasonQuotingCustomer(customer: PersonalData, note: string | null) {
      if (quotesPersonalData(note, personalDataOf(customer))) {
        return { field: 'note', message: "the reason must not quote the customer's name or contact data (it is kept after the erasure)" };
      }
      return undefined;
    },

    /** Effect: the profile's new values. Items, states, timestamps and scores are not touched. */
    anonymisedProfile(customer: { documentId: string }) {
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
    async anonymiseEverywhere(customer: ErasedCustomer, actor: Actor, note: string | null, at: Date) {
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
      const result = await api().workflow.perform(CONTENT_TYPES.customer, documentId, 'erase', { version: input.version, note: input.reason }, actor);
      await service.erasedFilesRemoved(documentId);
      return { ...result, pseudonym: service.pseudonymOf(documentId) };
    },
  };
  return service;
};
