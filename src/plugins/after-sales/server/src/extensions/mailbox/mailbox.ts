import os from 'node:os';
import crypto from 'node:crypto';
// The IMAP client and the MIME parser load when a mailbox is first polled, not when the app starts (an
// instance without a mailbox never needs them; Node keeps them loaded after the first poll). CommonJS
// `require`: the plugin is bundled as CommonJS and the API tests run it in jest, which has no dynamic `import()`.
import type * as ImapFlowModule from 'imapflow';
import type * as MailParser from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { addressOf, automatedReason, cleanSubject, replyEffect, subjectReference, threadCandidates, type MailHeaders } from '../../domain/mailbox/threading';
import { pickAttachments } from '../../domain/mailbox/attachments';
import { normalizeEmail } from '../../domain/intake/normalize-contact';
import { TABLES, errors, queryOf, type AfterSalesConfig, type ExtensionContext, type ThreadAttachment } from '../../extension-api';

/** The plugin's `mailbox` settings (AFTER_SALES_IMAP_* variables, see the README); one source: the plugin config. */
export type MailboxSettings = AfterSalesConfig['mailbox'];

type Outcome = 'created' | 'threaded' | 'resumed' | 'reopened' | 'linked' | 'automated' | 'duplicate' | 'quarantined';

interface Target {
  contentType: string;
  documentId: string;
  matchedBy: 'in-reply-to' | 'subject';
}

/** A row of `after_sales_mailbox_quarantine` as raw knex returns it (`id`, `uidvalidity`, `uid`: bigints, text on PostgreSQL). */
interface QuarantineRow {
  id: number | string;
  mailbox: string;
  uidvalidity: number | string;
  uid: number | string;
  message_id: string | null;
  from_address: string | null;
  subject: string | null;
  reason: string;
  /** The message as received, stored as latin1 text. */
  source: string;
  size: number;
  created_at: string;
}

const SYSTEM_NAME = 'mailbox';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MAX_SYMPTOM = 4000;
const MAX_SOURCE = 5 * 1024 * 1024;

/** A unique-key violation (another instance committed the same UID first). */
const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed|duplicate key value/i.test(e?.message ?? '');
};
/** A refusal (4xx) from the API: the message cannot be imported as it is, so it is quarantined, not retried. */
const isRefusal = (error: unknown) => {
  const e = error as { name?: string; status?: number };
  return e?.name === 'ValidationError' || (typeof e?.status === 'number' && e.status >= 400 && e.status < 500);
};

/** Header lines as name → unfolded value (the first of a repeated header). */
const headersOf = (parsed: ParsedMail): MailHeaders => {
  const headers: MailHeaders = {};
  for (const { key, line } of parsed.headerLines ?? []) {
    const name = key.toLowerCase();
    if (headers[name] !== undefined) continue;
    headers[name] = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
  }
  return headers;
};

const hasChinese = (text: string) => /[\u3400-\u9fff]/.test(text);

/**
 * The inbound mailbox. Each poll reads the folder's UIDs, leaves out those already recorded for its
 * UIDVALIDITY, and imports the rest one by one: the import row (unique per mailbox, UIDVALIDITY and
 * UID, inserted first, so a second instance importing the same UID waits and then finds it taken)
 * and the thread entry, the new item or the workflow action are written in one transaction; the
 * message is flagged \Seen only after the commit. A crash in between leaves the message unrecorded
 * and it is imported by the next poll; a crash after the commit leaves it unflagged and the next
 * poll only flags it.
 */
export const createMailbox = (context: ExtensionContext) => {
  const { strapi } = context;
  const api = context.getApi(1);
  const owner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`.slice(0, 80);
  const knex = () => strapi.db.connection;
  let running: Promise<unknown> | null = null;

  const settings = (): MailboxSettings => strapi.config.get<MailboxSettings>('plugin::after-sales.mailbox');
  const mailboxKey = (s: MailboxSettings) => `${s.user}@${s.host}:${s.port}/${s.folder}`.slice(0, 200);

  const saveStatus = async (patch: Record<string, unknown>) => {
    const previous = ((await api.storage.get<Record<string, unknown>>('status')) ?? {}) as Record<string, unknown>;
    await api.storage.set('status', { ...previous, ...patch });
  };

  /**
   * The item of a reference in the subject (any item kind's prefix), only when the sender is that
   * item's customer: a reference is printed on every message and easy to guess, so anyone else
   * writing with it starts a conversation of their own instead of joining the customer's case.
   */
  const itemByReference = async (reference: string, from: string): Promise<{ contentType: string; documentId: string } | null> => {
    const prefix = reference.split('-')[0];
    const kind = api.itemKinds.list().find((k) => k.referencePrefix === prefix);
    if (!kind || !kind.customerField) return null;
    const item = (await queryOf(strapi, kind.contentType).findOne({ where: { reference }, select: ['documentId'], populate: { [kind.customerField]: { select: ['email', 'emailNormalized'] } } })) as
      | ({ documentId: string } & Record<string, unknown>)
      | null;
    const customer = item?.[kind.customerField] as { email?: string | null; emailNormalized?: string | null } | null | undefined;
    const sender = normalizeEmail(from);
    const customerEmail = customer?.emailNormalized ?? normalizeEmail(customer?.email ?? '');
    if (!item || !sender || !customerEmail || sender !== customerEmail) return null;
    return { contentType: kind.contentType, documentId: item.documentId };
  };

  /** The conversation an email belongs to: by In-Reply-To / References (our Message-IDs, or an earlier email of the thread), else by the subject's reference. */
  const findTarget = async (parsed: ParsedMail, from: string): Promise<Target | null> => {
    for (const id of threadCandidates(parsed.inReplyTo, parsed.references)) {
      const sent = await api.outbox.findByMessageId(id);
      if (sent?.contentType && sent.documentId) return { contentType: sent.contentType, documentId: sent.documentId, matchedBy: 'in-reply-to' };
      const earlier = await api.thread.findByExternalId(id);
      if (earlier) return { contentType: earlier.contentType, documentId: earlier.documentId, matchedBy: 'in-reply-to' };
    }
    const reference = subjectReference(parsed.subject);
    const byReference = reference ? await itemByReference(reference, from) : null;
    return byReference ? { ...byReference, matchedBy: 'subject' } : null;
  };

  const quarantine = async (key: string, uidValidity: number, uid: number, source: Buffer, reason: string, parsed?: ParsedMail) => {
    await knex()(TABLES.mailboxQuarantine)
      .insert({
        mailbox: key,
        uidvalidity: uidValidity,
        uid,
        message_id: parsed?.messageId?.slice(0, 255) ?? null,
        from_address: addressOf(parsed?.from?.text)?.slice(0, 254) ?? null,
        subject: parsed?.subject?.slice(0, 500) ?? null,
        reason: reason.slice(0, 1000),
        // latin1 keeps every byte (decoded as UTF-8 when shown); PostgreSQL text holds no NUL.
        source: source.subarray(0, MAX_SOURCE).toString('latin1').split(String.fromCharCode(0)).join(''),
        size: source.length,
        created_at: api.clock.now().toISOString(),
      })
      .onConflict(['mailbox', 'uidvalidity', 'uid'])
      .ignore();
    context.log.warn(`message UID ${uid} quarantined: ${reason}`);
  };

  /** Imports one message; answers its outcome (and whether it may be flagged \Seen: it is recorded). */
  const importOne = async (key: string, uidValidity: number, uid: number, source: Buffer, s: MailboxSettings, options: { asNewItem?: boolean } = {}): Promise<Outcome> => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { simpleParser } = require('mailparser') as typeof MailParser;
    let parsed: ParsedMail;
    try {
      parsed = await simpleParser(source, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
    } catch (error) {
      await quarantine(key, uidValidity, uid, source, `cannot be parsed: ${(error as Error).message}`);
      return 'quarantined';
    }
    const from = addressOf(parsed.from?.text);
    if (!from) {
      await quarantine(key, uidValidity, uid, source, 'no sender address (From)', parsed);
      return 'quarantined';
    }
    // HTML mail is kept as text only (mailparser converts it); the admin never renders mail HTML.
    const text = (parsed.text ?? '').replace(/\r\n/g, '\n').trim();
    const subject = (parsed.subject ?? '').trim();
    const messageId = parsed.messageId?.trim() || null;
    // An admin turning a quarantined message into a new item has judged it: not automated, no thread to join.
    const automated = options.asNewItem ? null : automatedReason(headersOf(parsed), from, messageId, api.outbox.messageIdDomain());
    const target = options.asNewItem ? null : await findTarget(parsed, from);
    // The same email again (another copy in the folder, a new UIDVALIDITY): recorded, nothing done twice.
    const earlier = messageId && !options.asNewItem ? await api.thread.findByExternalId(messageId) : null;

    const files =
      automated || earlier
        ? { kept: [], skipped: [] }
        : pickAttachments(
            (parsed.attachments ?? [])
              .filter((a) => a.contentDisposition !== 'inline' || !a.related)
              .map((a) => ({ filename: a.filename ?? 'attachment', mime: (a.contentType ?? 'application/octet-stream').toLowerCase(), size: a.size ?? a.content.length, content: a.content })),
            {
              maxFiles: s.maxAttachments,
              maxFileBytes: s.maxAttachmentBytes,
              types: s.attachmentTypes
                .split(',')
                .map((t) => t.trim())
                .filter(Boolean),
            }
          );
    if (!automated && !text && !subject && !files.kept.length) {
      await quarantine(key, uidValidity, uid, source, 'no text, subject or attachment', parsed);
      return 'quarantined';
    }
    const stored: ThreadAttachment[] = files.kept.length ? await api.files.store(files.kept.map((f) => ({ name: f.filename, mime: f.mime, buffer: f.content }))) : [];
    const meta = {
      subject: subject || null,
      from,
      matchedBy: target?.matchedBy ?? null,
      ...(automated ? { automated } : {}),
      ...(files.skipped.length ? { skippedAttachments: files.skipped } : {}),
      mailbox: { uidValidity, uid },
    };
    const author = { kind: 'customer', id: null, name: (parsed.from?.value?.[0]?.name || from).slice(0, 200) };
    const systemActor = api.workflow.systemActor(SYSTEM_NAME);
    const now = api.clock.now();
    let outcome = 'threaded' as Outcome;

    try {
      const committed = await strapi.db.transaction(async ({ trx }) => {
        // The claim: the first writer of (mailbox, UIDVALIDITY, UID) wins; on PostgreSQL a second
        // instance's insert waits for the first one's commit and then inserts nothing.
        const inserted = await trx(TABLES.mailboxMessages)
          .insert(
            {
              mailbox: key,
              uidvalidity: uidValidity,
              uid,
              message_id: messageId?.slice(0, 255) ?? null,
              outcome: 'importing',
              from_address: from.slice(0, 254),
              subject: subject.slice(0, 500) || null,
              owner,
              imported_at: now.toISOString(),
            },
            ['id']
          )
          .onConflict(['mailbox', 'uidvalidity', 'uid'])
          .ignore();
        if (!inserted.length) return false;
        const importId = typeof inserted[0] === 'object' ? Number((inserted[0] as { id: number }).id) : Number(inserted[0]);

        let item: { contentType: string; documentId: string; reference: string | null } | null = null;
        let reason: string | null = automated;
        const body = text || subject;
        const entryOf = (it: { contentType: string; documentId: string; reference: string | null }, visibility: 'public' | 'internal', extraMeta: Record<string, unknown> = {}) =>
          api.thread.append({
            contentType: it.contentType,
            documentId: it.documentId,
            reference: it.reference,
            kind: 'message-in',
            visibility,
            channel: 'email',
            author,
            bodyText: body || null,
            attachments: stored,
            externalId: messageId,
            meta: { ...meta, ...extraMeta },
            at: now,
          });

        const newItem = async (linkedTo: string | null) => {
          const { item: created } = await api.intake.submit(
            {
              kind: 'feedback',
              channel: 'email',
              customer: { name: author.name, email: from, emailNormalized: normalizeEmail(from) ?? undefined, locale: hasChinese(`${subject}${text}`) ? 'zh-Hans' : 'en' },
              symptom: (text ? (cleanSubject(subject) ? `${cleanSubject(subject)}\n\n${text}` : text) : cleanSubject(subject) || subject).slice(0, MAX_SYMPTOM),
            },
            { kind: 'api-user', id: SYSTEM_NAME, name: linkedTo ? `email (follow-up of ${linkedTo})` : 'email' }
          );
          return { contentType: 'api::feedback.feedback', documentId: created.documentId, reference: created.reference ?? null };
        };

        let entry: { id: number; duplicate: boolean } | null = null;
        if (earlier) {
          outcome = 'duplicate';
          item = { contentType: earlier.contentType, documentId: earlier.documentId, reference: earlier.reference };
          entry = { id: earlier.id, duplicate: true };
        } else if (automated) {
          // Recorded (on its case when it belongs to one, internal), never answered, no workflow effect.
          outcome = 'automated';
          if (target) {
            const record = (await queryOf(strapi, target.contentType).findOne({ where: { documentId: target.documentId }, select: ['reference'] })) as { reference: string | null } | null;
            item = { contentType: target.contentType, documentId: target.documentId, reference: record?.reference ?? null };
            if (body) entry = await entryOf(item, 'internal');
          }
        } else if (!target) {
          item = await newItem(null);
          entry = await entryOf(item, 'public');
          outcome = 'created';
        } else {
          const workflow = api.workflow.definition(target.contentType);
          const record = (await queryOf(strapi, target.contentType).findOne({ where: { documentId: target.documentId } })) as
            | ({ reference?: string | null; closedAt?: string | null; resolvedAt?: string | null; updatedAt?: string | null } & Record<string, unknown>)
            | null;
          const stateField = workflow?.stateField ?? 'state';
          const state = String(record?.[stateField] ?? '');
          const finished = workflow?.states.find((st) => st.id === state)?.category === 'done';
          const actionsFromState = (workflow?.transitions ?? []).filter((t) => t.from.includes(state)).map((t) => t.id);
          const closedAt = record?.closedAt ?? record?.resolvedAt ?? record?.updatedAt ?? null;
          const effect =
            record && workflow ? replyEffect({ state, finished, closedAt: closedAt ? new Date(closedAt) : null, now, reopenDays: s.reopenDays, actionsFromState }) : { kind: 'append' as const };
          const old = { contentType: target.contentType, documentId: target.documentId, reference: record?.reference ?? null };
          if (effect.kind === 'new-linked') {
            item = await newItem(old.reference);
            entry = await entryOf(item, 'public', { linkedTo: old.reference });
            await api.audit.append(
              {
                action: 'mailbox.follow-up',
                contentType: old.contentType,
                documentId: old.documentId,
                reference: old.reference,
                actor: systemActor,
                details: `a reply after closing opened ${item.reference}`,
              },
              trx
            );
            await api.audit.append(
              { action: 'mailbox.follow-up', contentType: item.contentType, documentId: item.documentId, reference: item.reference, actor: systemActor, details: `follow-up of ${old.reference}` },
              trx
            );
            outcome = 'linked';
          } else {
            item = old;
            entry = await entryOf(item, 'public');
            if (!entry.duplicate && (effect.kind === 'resume' || effect.kind === 'reopen')) {
              const action = effect.kind;
              try {
                await api.workflow.perform(
                  target.contentType,
                  target.documentId,
                  action,
                  { version: Number(record!.version), note: action === 'resume' ? 'customer replied by email / 客户已回复邮件' : 'customer replied by email after closing / 客户在结案后回复邮件' },
                  systemActor
                );
                outcome = action === 'resume' ? 'resumed' : 'reopened';
              } catch (error) {
                if (!isRefusal(error)) throw error;
                reason = `${action} refused: ${(error as Error).message}`.slice(0, 200);
              }
            }
          }
        }
        if (entry?.duplicate) outcome = 'duplicate';
        await trx(TABLES.mailboxMessages)
          .where({ id: importId })
          .update({ outcome, reason, content_type: item?.contentType ?? null, document_id: item?.documentId ?? null, reference: item?.reference ?? null, thread_entry_id: entry?.id ?? null });
        if (s.testHoldBeforeCommitMs > 0) {
          // Fault tests kill the process here (the line below tells them when).
          context.log.warn(`holding UID ${uid} before commit`);
          await sleep(s.testHoldBeforeCommitMs);
        }
        return true;
      });
      if (!committed) {
        if (stored.length) await api.files.remove(stored.map((f) => f.fileId));
        return 'duplicate';
      }
      if (outcome === 'duplicate' && stored.length) await api.files.remove(stored.map((f) => f.fileId));
      return outcome;
    } catch (error) {
      if (stored.length) await api.files.remove(stored.map((f) => f.fileId)).catch(() => undefined);
      if (isUniqueViolation(error)) return 'duplicate';
      if (isRefusal(error)) {
        await quarantine(key, uidValidity, uid, source, `refused: ${(error as Error).message}`, parsed);
        return 'quarantined';
      }
      throw error;
    }
  };

  const runPoll = async (options: { signal?: AbortSignal; trigger: string }) => {
    const s = settings();
    if (!s.host) return { configured: false };
    const key = mailboxKey(s);
    const counts: Record<string, number> = {};
    const startedAt = new Date().toISOString();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ImapFlow } = require('imapflow') as typeof ImapFlowModule;
    const client = new ImapFlow({
      host: s.host,
      port: s.port,
      secure: s.secure,
      auth: { user: s.user, pass: s.password },
      logger: false,
      tls: { rejectUnauthorized: s.tlsRejectUnauthorized },
      connectionTimeout: 20_000,
    });
    client.on('error', (error: Error) => context.log.warn(`IMAP connection error: ${error.message}`));
    try {
      await client.connect();
      const lock = await client.getMailboxLock(s.folder);
      try {
        const box = client.mailbox;
        const uidValidity = Number(box && typeof box === 'object' ? box.uidValidity : 0);
        const all = ((await client.search({ all: true }, { uid: true })) || []) as number[];
        const recorded = new Set<number>(
          [
            ...(await knex()(TABLES.mailboxMessages).where({ mailbox: key, uidvalidity: uidValidity }).select('uid')),
            ...(await knex()(TABLES.mailboxQuarantine).where({ mailbox: key, uidvalidity: uidValidity }).select('uid')),
          ].map((r: { uid: number | string }) => Number(r.uid))
        );
        // Recorded but not yet flagged (a stop between the commit and the flag): flag them now.
        const unseen = new Set(((await client.search({ seen: false }, { uid: true })) || []) as number[]);
        const toFlag = [...recorded].filter((uid) => unseen.has(uid));
        if (toFlag.length) await client.messageFlagsAdd(toFlag.join(','), ['\\Seen'], { uid: true });
        const todo = all
          .filter((uid) => !recorded.has(uid))
          .sort((a, b) => a - b)
          .slice(0, s.batch);
        for (const uid of todo) {
          if (options.signal?.aborted) break;
          const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
          if (!message || !message.source) continue;
          const outcome = await importOne(key, uidValidity, uid, message.source, s);
          counts[outcome] = (counts[outcome] ?? 0) + 1;
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        }
      } finally {
        lock.release();
      }
      await client.logout();
      const result = { configured: true, trigger: options.trigger, startedAt, finishedAt: new Date().toISOString(), counts };
      await saveStatus({ lastPollAt: result.finishedAt, lastCounts: counts, lastError: null, lastErrorAt: null });
      return result;
    } catch (error) {
      client.close();
      const message = (error as Error & { responseText?: string }).responseText || (error as Error).message;
      await saveStatus({ lastPollAt: new Date().toISOString(), lastCounts: counts, lastError: String(message).slice(0, 500), lastErrorAt: new Date().toISOString() }).catch(() => undefined);
      throw error;
    }
  };

  return {
    settings,

    /** One poll (at most one at a time on this instance; a second call waits for the running one). */
    async poll(options: { signal?: AbortSignal; trigger: string }) {
      if (running) return running;
      running = runPoll(options).finally(() => {
        running = null;
      });
      return running;
    },

    /** What the Organisation page shows: the settings (no password), the last poll, counts by outcome, the quarantine size. */
    async status() {
      const s = settings();
      const stored = ((await api.storage.get<Record<string, unknown>>('status')) ?? {}) as Record<string, unknown>;
      const byOutcome = (await knex()(TABLES.mailboxMessages).select('outcome').count({ n: '*' }).groupBy('outcome')) as { outcome: string; n: number | string }[];
      const [{ n: quarantined }] = (await knex()(TABLES.mailboxQuarantine).count({ n: '*' })) as { n: number | string }[];
      return {
        configured: !!s.host,
        host: s.host || null,
        port: s.port,
        secure: s.secure,
        user: s.user || null,
        folder: s.folder,
        pollSeconds: s.pollSeconds,
        reopenDays: s.reopenDays,
        lastPollAt: (stored.lastPollAt as string) ?? null,
        lastCounts: (stored.lastCounts as Record<string, number>) ?? {},
        lastError: (stored.lastError as string) ?? null,
        lastErrorAt: (stored.lastErrorAt as string) ?? null,
        imported: Object.fromEntries(byOutcome.map((r) => [r.outcome, Number(r.n)])),
        quarantined: Number(quarantined),
      };
    },

    /** The quarantine, newest first, without the sources. */
    async quarantine(page = 1, pageSize = 50) {
      const rows = await knex()(TABLES.mailboxQuarantine)
        .select('id', 'mailbox', 'uidvalidity', 'uid', 'message_id', 'from_address', 'subject', 'reason', 'size', 'created_at')
        .orderBy('id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      const [{ n }] = (await knex()(TABLES.mailboxQuarantine).count({ n: '*' })) as { n: number | string }[];
      return {
        results: rows.map((r: Omit<QuarantineRow, 'source'>) => ({
          id: Number(r.id),
          mailbox: r.mailbox,
          uidValidity: Number(r.uidvalidity),
          uid: Number(r.uid),
          messageId: r.message_id,
          from: r.from_address,
          subject: r.subject,
          reason: r.reason,
          size: Number(r.size),
          createdAt: r.created_at,
        })),
        pagination: { page, pageSize, total: Number(n) },
      };
    },

    /**
     * An admin's decision on a quarantined message (audited under the admin's name): `retry` imports
     * it again as a poll would (after a fix of the cause), `new-item` imports it as a new feedback item
     * whatever it looked like (no threading, not treated as automated), `discard` records it as
     * discarded so that no poll imports it. Leaves the quarantine only when the decision succeeded;
     * a message that still cannot be imported stays, with the new reason.
     */
    async resolveQuarantined(id: number, decision: 'retry' | 'new-item' | 'discard', admin: { id: number; name: string }) {
      const row = (await knex()(TABLES.mailboxQuarantine).where({ id }).first()) as QuarantineRow | undefined;
      if (!row) throw new errors.NotFoundError('No such quarantined message');
      const key = String(row.mailbox);
      const uidValidity = Number(row.uidvalidity);
      const uid = Number(row.uid);
      const actor = { kind: 'admin', id: admin.id, name: admin.name };
      const details = { quarantineId: id, uid, uidValidity, mailbox: key, from: row.from_address ?? null, subject: row.subject ?? null, reason: row.reason };
      if (decision === 'discard') {
        await strapi.db.transaction(async ({ trx }) => {
          await trx(TABLES.mailboxMessages)
            .insert({
              mailbox: key,
              uidvalidity: uidValidity,
              uid,
              message_id: row.message_id ?? null,
              outcome: 'discarded',
              reason: `discarded by ${admin.name}`.slice(0, 200),
              from_address: row.from_address ?? null,
              subject: row.subject ?? null,
              owner,
              imported_at: api.clock.now().toISOString(),
            })
            .onConflict(['mailbox', 'uidvalidity', 'uid'])
            .ignore();
          await trx(TABLES.mailboxQuarantine).where({ id }).delete();
          await api.audit.append({ action: 'mailbox.quarantine.discard', actor, details }, trx);
        });
        return { decision, outcome: 'discarded' as const, item: null };
      }
      if (decision === 'new-item' && !row.from_address) {
        throw new errors.ValidationError('The message has no sender address: it cannot become an item (discard it)', {
          errors: [{ path: ['from'], message: 'the message has no sender address' }],
        });
      }
      const source = Buffer.from(String(row.source), 'latin1');
      // Out of the quarantine first: a message that fails again goes back in with its new reason.
      await knex()(TABLES.mailboxQuarantine).where({ id }).delete();
      let outcome: Outcome;
      try {
        outcome = await importOne(key, uidValidity, uid, source, settings(), { asNewItem: decision === 'new-item' });
      } catch (error) {
        await quarantine(key, uidValidity, uid, source, `${decision} failed: ${(error as Error).message}`);
        throw error;
      }
      const imported = (await knex()(TABLES.mailboxMessages).where({ mailbox: key, uidvalidity: uidValidity, uid }).first('content_type', 'document_id', 'reference')) as
        | { content_type: string | null; document_id: string | null; reference: string | null }
        | undefined;
      const item = imported?.document_id ? { contentType: imported.content_type!, documentId: imported.document_id, reference: imported.reference } : null;
      await api.audit.append({
        action: `mailbox.quarantine.${decision}`,
        ...(item ? { contentType: item.contentType, documentId: item.documentId, reference: item.reference } : {}),
        actor,
        details: { ...details, outcome },
      });
      return { decision, outcome, item };
    },

    /** The raw source of a quarantined message, as text (never rendered). */
    async quarantineSource(id: number) {
      const row = await knex()(TABLES.mailboxQuarantine).where({ id }).first('id', 'source', 'size');
      if (!row) throw new errors.NotFoundError('No such quarantined message');
      return { id: Number(row.id), size: Number(row.size), source: Buffer.from(String(row.source), 'latin1').toString('utf8') };
    },
  };
};

export type Mailbox = ReturnType<typeof createMailbox>;
