import type { Core } from '@strapi/strapi';
import { TABLES } from '../constants';
import { getService } from '../utils/get-service';
import { invalidInput } from '../utils/http-errors';
import { THREAD_ENTRY_KINDS, type ThreadAttachment, type ThreadEntry, type ThreadEntryInput } from '../extension-api';
import type { ThreadRow } from '../domain/conversation/thread-row';

type Listener = (entry: ThreadEntry) => void | Promise<void>;

const parseJson = <T>(value: string | null, fallback: T): T => {
  if (!value) return fallback;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
};

const toEntry = (row: ThreadRow): ThreadEntry => ({
  id: Number(row.id),
  contentType: row.content_type,
  documentId: row.document_id,
  reference: row.reference,
  kind: row.entry_kind as ThreadEntry['kind'],
  visibility: row.visibility as ThreadEntry['visibility'],
  channel: row.channel,
  author: { kind: row.author_kind, id: row.author_id, name: row.author_name ?? '' },
  bodyText: row.body_text,
  attachments: parseJson<ThreadAttachment[]>(row.attachments, []),
  externalId: row.external_id,
  outboxId: row.outbox_id === null ? null : Number(row.outbox_id),
  meta: parseJson<Record<string, unknown>>(row.meta, {}),
  createdAt: row.created_at,
});

/**
 * The conversation of each work item: customer messages in, replies out and internal notes, the
 * entries the outbox, the audit trail and the surveys do not already hold. Appending joins the
 * caller's transaction (Strapi's `db.transaction` reuses the ambient one); listeners hear of an
 * entry only once it is committed, one entry at a time in the order they were committed. An `externalId` (an email's Message-ID) is stored once: a second
 * append of the same one returns the first entry with `duplicate: true`.
 */
const thread = ({ strapi }: { strapi: Core.Strapi }) => {
  const listeners = new Set<Listener>();
  const knex = () => strapi.db.connection;

  const notify = async (entry: ThreadEntry) => {
    for (const listener of [...listeners]) {
      try {
        await listener(entry);
      } catch (error) {
        strapi.log.error(`[after-sales] a thread listener failed for entry ${entry.id}: ${(error as Error).message}`);
      }
    }
  };
  // One entry at a time, in commit order: a listener that takes a while over one entry (the staff notifications
  // read the item for a customer's message, not for a plain note) never lets a later entry reach the others first.
  // `notify` catches each listener's failure, so the chain never breaks.
  let delivering: Promise<void> = Promise.resolve();
  const deliver = (entry: ThreadEntry) => {
    delivering = delivering.then(() => notify(entry));
  };

  return {
    onEntry(listener: Listener) {
      listeners.add(listener);
      return { dispose: () => void listeners.delete(listener) };
    },

    async append(input: ThreadEntryInput): Promise<ThreadEntry & { duplicate: boolean }> {
      const problems: { path: string[]; message: string }[] = [];
      if (!THREAD_ENTRY_KINDS.includes(input.kind)) problems.push({ path: ['kind'], message: `must be one of ${THREAD_ENTRY_KINDS.join(', ')}` });
      if (typeof input.contentType !== 'string' || !input.contentType.includes('::')) problems.push({ path: ['contentType'], message: 'must be a content-type uid' });
      if (typeof input.documentId !== 'string' || !input.documentId) problems.push({ path: ['documentId'], message: 'is required' });
      const body = input.bodyText ?? null;
      if (body !== null && (typeof body !== 'string' || body.length > 100_000)) problems.push({ path: ['bodyText'], message: 'must be text of at most 100000 characters' });
      if (!body?.trim() && !(input.attachments ?? []).length) problems.push({ path: ['bodyText'], message: 'is required (or at least one attachment)' });
      if (problems.length) throw invalidInput(problems);

      const visibility = input.visibility ?? (input.kind === 'note' ? 'internal' : 'public');
      if (input.kind === 'note' && visibility !== 'internal') throw invalidInput([{ path: ['visibility'], message: 'a note is always internal' }]);
      const row = {
        content_type: input.contentType,
        document_id: input.documentId,
        reference: input.reference ?? null,
        entry_kind: input.kind,
        visibility,
        channel: input.channel ?? null,
        author_kind: input.author.kind,
        author_id: input.author.id === null || input.author.id === undefined ? null : String(input.author.id),
        author_name: input.author.name?.slice(0, 200) ?? null,
        body_text: body,
        attachments: input.attachments?.length ? JSON.stringify(input.attachments) : null,
        external_id: input.externalId?.slice(0, 255) ?? null,
        outbox_id: input.outboxId ?? null,
        meta: input.meta && Object.keys(input.meta).length ? JSON.stringify(input.meta) : null,
        created_at: (input.at ?? getService(strapi, 'clock').now()).toISOString(),
      };
      return strapi.db.transaction(async ({ trx, onCommit }) => {
        // One statement when the entry is new: an entry already stored under the external id is read only when the insert did nothing.
        const insert = trx(TABLES.threadEntries).insert(row, ['id']);
        const inserted = (row.external_id ? await insert.onConflict('external_id').ignore() : await insert) as (number | { id: number })[];
        if (!inserted.length) {
          const existing = (await trx(TABLES.threadEntries).where({ external_id: row.external_id }).first()) as ThreadRow | undefined;
          if (!existing) throw new Error(`thread entry ${row.external_id}: neither written nor found`);
          return { ...toEntry(existing), duplicate: true };
        }
        const first = inserted[0];
        const id = typeof first === 'object' ? Number(first.id) : Number(first);
        const entry = toEntry({ ...row, id } as ThreadRow);
        onCommit(() => deliver(entry));
        return { ...entry, duplicate: false };
      });
    },

    /** The item's entries, oldest first; `internal: false` leaves out notes and other internal entries (for the customer). */
    async list(contentType: string, documentId: string, options: { internal?: boolean } = {}): Promise<ThreadEntry[]> {
      const query = knex()(TABLES.threadEntries).where({ content_type: contentType, document_id: documentId });
      if (options.internal === false) query.where({ visibility: 'public' });
      return ((await query.orderBy('id', 'asc')) as ThreadRow[]).map(toEntry);
    },

    async findByExternalId(externalId: string): Promise<ThreadEntry | null> {
      const row = (await knex()(TABLES.threadEntries).where({ external_id: externalId }).first()) as ThreadRow | undefined;
      return row ? toEntry(row) : null;
    },
  };
};

export default thread;
