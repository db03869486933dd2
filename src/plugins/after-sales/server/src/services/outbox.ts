import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { TABLES } from '../constants';
import { getService } from '../utils/get-service';
import type { ClaimedOutboxRow, OutboxRow } from '../domain/messages/outbox-row';
import type { ChannelProvider, DeliveryStatus, OutboxMessage, UndeliveredMessage } from '../extension-api';

export type { ChannelProvider, OutboxMessage } from '../extension-api';

const MAX_ATTEMPTS = 6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Exponential backoff: 30 s, 1 min, 2 min, 4 min, 8 min. */
const retryDelayMs = (attempts: number) => 30_000 * 2 ** Math.max(0, attempts - 1);

/** A provider's `ChannelSendError` (matched by shape: a third-party extension's copy of the class is another class). */
const sendVerdict = (error: unknown): { retry: 'later' | 'never'; retryAfterMs?: number } | null => {
  const e = error as { name?: unknown; retry?: unknown; retryAfterMs?: unknown } | null;
  if (!e || e.name !== 'ChannelSendError' || (e.retry !== 'later' && e.retry !== 'never')) return null;
  return { retry: e.retry, retryAfterMs: typeof e.retryAfterMs === 'number' && e.retryAfterMs > 0 ? e.retryAfterMs : undefined };
};

const parseVariables = (text: unknown): Record<string, string> => {
  try {
    return text ? (JSON.parse(String(text)) as Record<string, string>) : {};
  } catch {
    return {};
  }
};

/** The row of a message (without its id). */
const rowOf = (message: OutboxMessage, at: Date) => ({
  dedupe_key: message.dedupeKey.slice(0, 200),
  content_type: message.contentType ?? null,
  document_id: message.documentId ?? null,
  reference: message.reference ?? null,
  template_key: message.templateKey,
  channel: message.channel,
  locale: message.locale ?? null,
  recipient: message.recipient,
  subject: message.subject,
  body_text: message.bodyText,
  body_html: message.bodyHtml,
  status: message.status ?? (message.recipient ? 'pending' : 'failed'),
  last_error: message.error ?? (message.recipient ? null : 'the customer has no address for this channel'),
  attempts: 0,
  next_attempt_at: at.getTime(),
  trigger: message.trigger,
  created_at: at.toISOString(),
  requested_channel: message.requestedChannel ?? null,
  fallback_reason: message.fallbackReason ?? null,
  fallback_message: message.fallback ? JSON.stringify(message.fallback) : null,
  variables: message.variables ? JSON.stringify(message.variables) : null,
  attachments: message.attachments?.length ? JSON.stringify(message.attachments) : null,
});

/**
 * The transactional outbox: a message row is written in the same transaction as the change that
 * caused it; a dispatcher delivers it later through its channel. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED` and a lease (PostgreSQL), so each is delivered once even with several
 * instances; SQLite assumes one instance. Failures retry with backoff, then stop as `failed`.
 * Leases are wall-clock time (not the business clock, which tests may move): a row leased by an
 * instance that died goes back to the queue when its lease runs out (`outboxLeaseMs`). Each outcome
 * is recorded as soon as the channel answers (on PostgreSQL on a connection held through the send,
 * so the record never waits for the pool). Delivery is at least once: a message whose sending was
 * accepted by the channel in the instant before its instance was killed is sent again, with the
 * same Message-ID.
 */
const outbox = ({ strapi }: { strapi: Core.Strapi }) => {
  const providers = new Map<string, ChannelProvider>();
  const undeliveredListeners = new Set<(message: UndeliveredMessage) => void | Promise<void>>();
  const owner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const knex = () => strapi.db.connection;
  const isPostgres = () => strapi.db.dialect.client === 'postgres';
  const now = () => getService(strapi, 'clock').now();
  const leaseMs = () => strapi.config.get<number>('plugin::after-sales.outboxLeaseMs', 60_000);
  const messageDomain = () =>
    String(strapi.config.get('plugin::email.settings.defaultFrom', '') || '')
      .split('@')[1]
      ?.replace(/[^A-Za-z0-9.-]/g, '') || 'after-sales.invalid';

  /** The Message-ID every send of one outbox row carries: `<outbox.<id>.<hash of its dedupe key>@<SMTP_FROM domain>>`. */
  const messageIdOf = (id: number, dedupeKey: string) => `<outbox.${id}.${crypto.createHash('sha256').update(dedupeKey).digest('hex').slice(0, 16)}@${messageDomain()}>`;

  /**
   * Records the outcome of a send. The message is already out, so a database that is briefly away
   * (a restart, a fail-over) is waited for while the lease lasts, instead of sending it again later.
   */
  const settle = async (id: number, leaseUntil: number, changes: Record<string, unknown>) => {
    for (let delay = 200; ; delay = Math.min(delay * 2, 2000)) {
      try {
        await knex()(TABLES.outbox).where({ id, lease_owner: owner }).update(changes);
        return;
      } catch (error) {
        if (Date.now() + delay >= leaseUntil) throw error;
        strapi.log.warn(`[after-sales] outbox ${id}: recording the outcome failed (${(error as Error).message}); retrying`);
        await sleep(delay);
      }
    }
  };

  /**
   * The bytes of a message's files, from the upload plugin's storage: the local provider's public
   * folder, else the file's URL. A file that is gone (an erasure deleted it) is left out.
   */
  const filesOf = async (files: { fileId: number; name: string; mime: string }[]) => {
    const found: { filename: string; contentType: string; content: Buffer }[] = [];
    for (const file of files) {
      const stored = await strapi.db.query('plugin::upload.file').findOne({ where: { id: file.fileId } });
      if (!stored) continue;
      const content =
        stored.provider === 'local'
          ? await fs.promises.readFile(path.join(strapi.dirs.static.public, String(stored.url).replace(/^\/+/, '')))
          : Buffer.from(await (await fetch(stored.url)).arrayBuffer());
      found.push({ filename: file.name, contentType: file.mime, content });
    }
    return found;
  };

  /**
   * A message that failed for good on its channel goes out on the next one the customer can be
   * reached on (chosen and rendered when it was queued), once: the fallback's dedupe key is derived.
   */
  const queueFallback = async (trx: Knex.Transaction, row: OutboxRow, reason: string) => {
    let next: OutboxMessage;
    try {
      next = JSON.parse(String(row.fallback_message)) as OutboxMessage;
    } catch (error) {
      strapi.log.error(`[after-sales] outbox ${row.id}: its fallback message was not queued: ${(error as Error).message}`);
      return;
    }
    const record = rowOf({ ...next, requestedChannel: row.requested_channel ?? row.channel, fallbackReason: `${row.channel}: ${reason}`.slice(0, 1000) }, now());
    await trx(TABLES.outbox).insert(record).onConflict('dedupe_key').ignore();
  };

  /**
   * Tells the listeners about a message that will not arrive and has no fallback, in the transaction
   * that records it as failed or undelivered: a listener's failure (the call owed not written) undoes
   * that record too, so the failure is recorded again, and the listeners told again, on a later try.
   */
  const tellUndelivered = async (row: OutboxRow, outcome: UndeliveredMessage['outcome'], reason: string) => {
    const message: UndeliveredMessage = {
      id: Number(row.id),
      dedupeKey: String(row.dedupe_key),
      contentType: row.content_type ?? null,
      documentId: row.document_id ?? null,
      reference: row.reference ?? null,
      templateKey: row.template_key,
      channel: row.channel,
      trigger: row.trigger,
      outcome,
      reason,
    };
    for (const listener of [...undeliveredListeners]) await listener(message);
  };

  /**
   * A message that will not arrive: its record (`changes`, written while this instance holds it or the
   * receipt first says so) and what follows from it (the fallback message, else the listeners' call
   * owed) in one transaction. False when the record was not written (another instance has the row,
   * the receipt was heard before), and then nothing follows.
   */
  const recordUndelivered = (row: OutboxRow, record: (trx: Knex.Transaction) => Promise<boolean>, outcome: UndeliveredMessage['outcome'], reason: string) =>
    strapi.db.transaction(async ({ trx }) => {
      if (!(await record(trx))) return false;
      if (row.fallback_message) await queueFallback(trx, row, reason);
      else await tellUndelivered(row, outcome, reason);
      return true;
    });

  /** Sends the claimed rows of `queue` one after the other (several of these run side by side). */
  const deliverNext = async (queue: ClaimedOutboxRow[], result: { sent: number; retried: number; failed: number; held: number }) => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const provider = providers.get(row.channel);
      const attempts = Number(row.attempts) + 1;
      const id = Number(row.id);
      const leaseUntil = Number(row.lease_until);
      if (Date.now() >= leaseUntil - Math.min(10_000, leaseMs() / 4)) {
        // Too little of the lease is left to send safely (a slow batch): give the row back.
        await knex()(TABLES.outbox).where({ id, lease_owner: owner }).update({ status: 'pending', lease_owner: null, lease_until: null });
        continue;
      }
      if (!provider || !provider.isConfigured()) {
        await settle(id, leaseUntil, {
          status: 'held',
          lease_owner: null,
          lease_until: null,
          next_attempt_at: now().getTime() + 60_000,
          last_error: provider ? `channel "${row.channel}" is not configured: kept, not sent` : `no provider for channel "${row.channel}"`,
        });
        result.held += 1;
        continue;
      }
      const messageId = messageIdOf(id, String(row.dedupe_key));
      const attachments = row.attachments ? await filesOf(JSON.parse(row.attachments)) : undefined;
      const message = {
        id,
        // A message without a recipient is queued `failed` (unless its caller set `status`), so is not claimed.
        recipient: row.recipient as string,
        subject: row.subject,
        text: row.body_text,
        html: row.body_html,
        reference: row.reference,
        messageId,
        templateKey: row.template_key,
        locale: row.locale,
        variables: parseVariables(row.variables),
        ...(attachments ? { attachments } : {}),
      };
      let providerMessageId: string | null = null;
      const sentChanges = () => ({
        status: 'sent',
        attempts,
        sent_at: now().toISOString(),
        lease_owner: null,
        lease_until: null,
        last_error: null,
        ...(providerMessageId ? { provider_message_id: providerMessageId.slice(0, 120), delivery_status: 'accepted' } : {}),
      });
      const accepted = (answer: void | { providerMessageId?: string | null }) => {
        if (answer && typeof answer.providerMessageId === 'string' && answer.providerMessageId) providerMessageId = answer.providerMessageId;
      };
      let sent = false;
      try {
        if (isPostgres()) {
          // The connection that records the outcome is taken before the send, so that between the
          // channel accepting the message and the record of it nothing waits for a pooled
          // connection behind request traffic: a kill in that instant is what sends a message twice.
          await knex().transaction(async (trx) => {
            accepted(await provider.send(message));
            sent = true;
            await trx(TABLES.outbox).where({ id, lease_owner: owner }).update(sentChanges());
          });
        } else {
          // SQLite has one connection: holding it during the send would stall every request.
          accepted(await provider.send(message));
          sent = true;
          await settle(id, leaseUntil, sentChanges());
        }
      } catch (error) {
        if (sent) {
          // The message is out; only recording it failed (the database is away): keep trying while the lease lasts.
          await settle(id, leaseUntil, sentChanges());
          result.sent += 1;
          continue;
        }
        const text = (error as Error).message?.slice(0, 1000) ?? String(error);
        const verdict = sendVerdict(error);
        const failed = verdict?.retry === 'never' || attempts >= MAX_ATTEMPTS;
        const retry = { status: 'pending', lease_owner: null, lease_until: null, next_attempt_at: now().getTime() + (verdict?.retryAfterMs ?? retryDelayMs(attempts)) };
        if (!failed) {
          await settle(id, leaseUntil, { ...retry, attempts, last_error: text });
          result.retried += 1;
          continue;
        }
        try {
          const changes = { status: 'failed', attempts, last_error: text, lease_owner: null, lease_until: null, next_attempt_at: retry.next_attempt_at };
          await recordUndelivered(row, async (trx) => Number(await trx(TABLES.outbox).where({ id, lease_owner: owner }).update(changes)) > 0, 'failed', text);
          result.failed += 1;
        } catch (recordError) {
          // Neither the failure nor the call owed (or the fallback) was written: the row is tried again
          // later as it was (its attempts unchanged), and fails, and is recorded, then.
          strapi.log.error(`[after-sales] outbox ${id}: recording its failure failed (${(recordError as Error).message}); tried again later`);
          await settle(id, leaseUntil, { ...retry, last_error: `${text} (recording the failure failed: ${(recordError as Error).message})`.slice(0, 1000) });
          result.retried += 1;
        }
        continue;
      }
      result.sent += 1;
    }
  };

  return {
    registerChannel(id: string, provider: ChannelProvider) {
      providers.set(id, provider);
      return { dispose: () => void providers.delete(id) };
    },

    /** Ids of the channels with a provider on this instance. */
    channelIds(): string[] {
      return [...providers.keys()];
    },

    /** Whether a channel has a provider that can send now (else its messages are held). */
    channelStatus(id: string): 'configured' | 'not-configured' | 'no-provider' {
      const provider = providers.get(id);
      return !provider ? 'no-provider' : provider.isConfigured() ? 'configured' : 'not-configured';
    },

    /** The domain of the Message-IDs the outbox sets (from `SMTP_FROM`). */
    messageIdDomain(): string {
      return messageDomain();
    },

    /** The outbox row that was sent with this Message-ID (checked against its hash), or null. */
    async findByMessageId(
      messageId: string
    ): Promise<{ id: number; contentType: string | null; documentId: string | null; reference: string | null; channel: string; recipient: string | null } | null> {
      const match = /^<outbox\.(\d+)\.[0-9a-f]{16}@[^>]+>$/i.exec(messageId.trim());
      if (!match) return null;
      const row = await knex()(TABLES.outbox)
        .where({ id: Number(match[1]) })
        .first('id', 'dedupe_key', 'content_type', 'document_id', 'reference', 'channel', 'recipient');
      if (!row || messageIdOf(Number(row.id), String(row.dedupe_key)).toLowerCase() !== messageId.trim().toLowerCase()) return null;
      return { id: Number(row.id), contentType: row.content_type, documentId: row.document_id, reference: row.reference, channel: row.channel, recipient: row.recipient };
    },

    /** Queues a message inside the caller's transaction (the same one as the state change). */
    async enqueue(message: OutboxMessage) {
      const row = rowOf(message, now());
      return strapi.db.transaction(async ({ trx: tx }) => {
        // The new row's id comes back with the insert; a message already queued under the key is looked up.
        const inserted = (await tx(TABLES.outbox).insert(row, ['id']).onConflict('dedupe_key').ignore()) as (number | { id: number | string })[];
        const first = inserted[0];
        if (first !== undefined && first !== null) return { id: Number(typeof first === 'object' ? first.id : first) };
        const stored = await tx(TABLES.outbox).where({ dedupe_key: row.dedupe_key }).first('id');
        return { id: stored ? Number(stored.id) : null };
      });
    },

    /**
     * Queues several messages inside the caller's transaction with one insert (a call owed tells every
     * person of a department at once); a message already queued under its key is ignored and its row
     * looked up. The ids in the order given.
     */
    async enqueueMany(messages: OutboxMessage[]) {
      if (!messages.length) return [];
      const at = now();
      const rows = messages.map((message) => rowOf(message, at));
      return strapi.db.transaction(async ({ trx: tx }) => {
        const inserted = (await tx(TABLES.outbox).insert(rows, ['id', 'dedupe_key']).onConflict('dedupe_key').ignore()) as { id: number | string; dedupe_key: string }[];
        const ids = new Map(inserted.map((r) => [String(r.dedupe_key), Number(r.id)]));
        const missing = rows.map((r) => String(r.dedupe_key)).filter((key) => !ids.has(key));
        if (missing.length) for (const r of await tx(TABLES.outbox).whereIn('dedupe_key', missing).select('id', 'dedupe_key')) ids.set(String(r.dedupe_key), Number(r.id));
        return rows.map((r) => ({ id: ids.get(String(r.dedupe_key)) ?? null }));
      });
    },

    /** Claims due messages for this instance. */
    async claim(limit = 20) {
      const at = now().getTime();
      const wall = Date.now();
      return strapi.db.transaction(async ({ trx }) => {
        // Expired leases (a crashed or stopped dispatcher) go back to the queue.
        const expired = trx(TABLES.outbox).select('id').where({ status: 'sending' }).andWhere('lease_until', '<', wall);
        if (isPostgres()) expired.forUpdate().skipLocked();
        const expiredIds = (await expired).map((r: { id: number | string }) => r.id);
        if (expiredIds.length) await trx(TABLES.outbox).whereIn('id', expiredIds).update({ status: 'pending', lease_owner: null, lease_until: null });
        const due = trx(TABLES.outbox).select('id').whereIn('status', ['pending', 'held']).andWhere('next_attempt_at', '<=', at).orderBy('id').limit(limit);
        if (isPostgres()) due.forUpdate().skipLocked();
        const ids = (await due).map((r: { id: number | string }) => r.id);
        if (!ids.length) return [] as ClaimedOutboxRow[];
        await trx(TABLES.outbox)
          .whereIn('id', ids)
          .update({ status: 'sending', lease_until: wall + leaseMs(), lease_owner: owner });
        const claimed: ClaimedOutboxRow[] = await trx(TABLES.outbox).whereIn('id', ids).andWhere({ lease_owner: owner }).orderBy('id');
        return claimed;
      });
    },

    /**
     * Delivers what is due; returns what happened. `dispatchConcurrency` messages of the batch are
     * sent at once (1: one after the other, in order).
     */
    async dispatch(limit = 20) {
      const result = { sent: 0, retried: 0, failed: 0, held: 0 };
      const queue = await this.claim(limit);
      const concurrency = Math.max(1, strapi.config.get<number>('plugin::after-sales.dispatchConcurrency', 1));
      // Every sender finishes before the run ends (a shutdown waits for the run); then the first error is raised.
      const outcomes = await Promise.allSettled(Array.from({ length: Math.min(concurrency, queue.length) }, () => deliverNext(queue, result)));
      const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failure) throw failure.reason;
      return result;
    },

    /** The dispatcher loop's run: batches until fewer than a full batch was due (at most `rounds`). */
    async drain(limit = 20, rounds = 10) {
      const total = { sent: 0, retried: 0, failed: 0, held: 0 };
      for (let round = 0; round < rounds; round++) {
        const result = await this.dispatch(limit);
        for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += result[k];
        if (result.sent + result.retried + result.failed + result.held < limit) break;
      }
      return total;
    },

    /** Releases this instance's leases (graceful shutdown). */
    async release() {
      await knex()(TABLES.outbox).where({ status: 'sending', lease_owner: owner }).update({ status: 'pending', lease_owner: null, lease_until: null });
    },

    /** The message history of one record, newest first, for staff. */
    async history(contentType: string, documentId: string) {
      const rows = await knex()(TABLES.outbox).where({ content_type: contentType, document_id: documentId }).orderBy('id', 'desc');
      return rows.map((r: OutboxRow) => ({
        id: Number(r.id),
        templateKey: r.template_key,
        channel: r.channel,
        locale: r.locale,
        recipient: r.recipient,
        subject: r.subject,
        bodyText: r.body_text,
        status: r.status,
        attempts: Number(r.attempts),
        lastError: r.last_error,
        trigger: r.trigger,
        createdAt: r.created_at,
        sentAt: r.sent_at,
        requestedChannel: r.requested_channel ?? null,
        fallbackReason: r.fallback_reason ?? null,
        providerMessageId: r.provider_message_id ?? null,
        deliveryStatus: r.delivery_status ?? null,
        deliveredAt: r.delivered_at ?? null,
      }));
    },

    /** Null when `channel` can carry a message of this template now, else why not (see `ChannelProvider.refuses`). */
    refusal(channel: string, message: { templateKey: string; locale: string | null }): string | null {
      const provider = providers.get(channel);
      if (!provider) return `no provider for channel "${channel}"`;
      if (!provider.isConfigured()) return 'not configured';
      return provider.refuses?.(message) ?? null;
    },

    /** A delivery receipt from the channel's provider; false when no message of that channel has that provider id. */
    /**
     * A receipt saying "not delivered" (the first for a message) queues the message's fallback, else
     * tells the `onUndelivered` listeners: the customer has still not been reached.
     */
    async recordDelivery(channel: string, providerMessageId: string, status: DeliveryStatus, detail?: string | null) {
      const changes: Record<string, unknown> = { delivery_status: status, delivered_at: now().toISOString() };
      const reason = `not delivered${detail ? `: ${detail}` : ''}`.slice(0, 1000);
      if (status === 'undelivered') changes.last_error = reason;
      const rows: OutboxRow[] = await knex()(TABLES.outbox).where({ channel, provider_message_id: providerMessageId });
      if (!rows.length) return false;
      for (const row of rows) {
        if (status !== 'undelivered') {
          await knex()(TABLES.outbox).where({ id: row.id }).update(changes);
          continue;
        }
        // Only the receipt that makes a message undelivered acts on it (a provider may push a receipt
        // again); if what follows cannot be written, the receipt is not recorded either (and the
        // provider, answered with an error, sends it again).
        await recordUndelivered(
          row,
          async (trx) =>
            Number(
              await trx(TABLES.outbox)
                .where({ id: row.id })
                .andWhere((q: Knex.QueryBuilder) => q.whereNull('delivery_status').orWhereNot('delivery_status', 'undelivered'))
                .update(changes)
            ) > 0,
          'undelivered',
          reason
        );
      }
      return true;
    },

    onUndelivered(listener: (message: UndeliveredMessage) => void | Promise<void>) {
      undeliveredListeners.add(listener);
      return { dispose: () => void undeliveredListeners.delete(listener) };
    },
  };
};

export default outbox;
