/**
 * Pure rules of the inbound mailbox: which conversation an email belongs to, whether it was sent
 * by a machine (auto-reply, bounce, loop) and what a customer's reply does to its item. No Strapi.
 */

/** A work-item reference in a subject, `[FB-20261202-0001]` (also without brackets, `Re: FB-…`). */
const REFERENCE = /\b([A-Z]{2,4}-\d{8}-\d{4,})\b/i;

/** The reference named in a subject, upper-cased, or null. Bracketed ones win over bare ones. */
export const subjectReference = (subject: string | null | undefined): string | null => {
  if (!subject) return null;
  const bracketed = /\[\s*([A-Z]{2,4}-\d{8}-\d{4,})\s*\]/i.exec(subject);
  const match = bracketed ?? REFERENCE.exec(subject);
  return match ? match[1].toUpperCase() : null;
};

/** Message-IDs (`<…>`) in a header value such as References or In-Reply-To, in order, without repeats. */
export const messageIds = (value: string | string[] | null | undefined): string[] => {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  const found = text.match(/<[^<>\s]+>/g) ?? [];
  return [...new Set(found)];
};

/** The outbox row id of a Message-ID the outbox set (`<outbox.<id>.<hash>@<domain>>`), or null. */
export const outboxIdOf = (messageId: string, domain: string): number | null => {
  const match = /^<outbox\.(\d+)\.([0-9a-f]{16})@([^>]+)>$/i.exec(messageId.trim());
  if (!match || match[3].toLowerCase() !== domain.toLowerCase()) return null;
  return Number(match[1]);
};

/** The ids to look a reply's conversation up by, most specific first: In-Reply-To, then References newest first. */
export const threadCandidates = (inReplyTo: string | string[] | null | undefined, references: string | string[] | null | undefined): string[] => {
  const ids = [...messageIds(inReplyTo), ...messageIds(references).reverse()];
  return [...new Set(ids)];
};

export interface MailHeaders {
  /** Header names lower-cased; values as text. */
  [name: string]: string | undefined;
}

export type AutomatedReason = 'auto-submitted' | 'precedence' | 'x-autoreply' | 'auto-response-suppress' | 'mailer-daemon' | 'bounce-report' | 'own-message' | 'list';

/**
 * Why an email was sent by a machine and must never be answered (RFC 3834 `Auto-Submitted`,
 * `Precedence: bulk|junk|list|auto_reply`, `X-Autoreply`/`X-Autorespond`, Microsoft's
 * `X-Auto-Response-Suppress`, a mailer-daemon or postmaster sender, a delivery-status report,
 * an email carrying our own Message-ID domain), or null for a person's email.
 */
export const automatedReason = (headers: MailHeaders, from: string | null | undefined, messageId: string | null | undefined, ownDomain: string): AutomatedReason | null => {
  const h = (name: string) => (headers[name] ?? '').trim().toLowerCase();
  const autoSubmitted = h('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto-submitted';
  if (['bulk', 'junk', 'list', 'auto_reply', 'auto-reply'].includes(h('precedence'))) return 'precedence';
  if (h('x-autoreply') || h('x-autorespond') || h('x-autoreply-from') || h('x-mail-autoreply')) return 'x-autoreply';
  if (/\b(all|oof|autoreply)\b/.test(h('x-auto-response-suppress'))) return 'auto-response-suppress';
  const sender = (from ?? '').trim().toLowerCase();
  const local = sender.split('@')[0] ?? '';
  if (!sender || local === 'mailer-daemon' || local === 'postmaster' || local.startsWith('mailer-daemon') || local === 'noreply-dmarc-support') return 'mailer-daemon';
  if (/multipart\/report/.test(h('content-type')) && /report-type\s*=\s*"?(delivery-status|disposition-notification)/.test(h('content-type'))) return 'bounce-report';
  if (h('list-id') || h('list-unsubscribe')) return 'list';
  const domain = ownDomain.toLowerCase();
  if (messageId && domain && messageId.trim().toLowerCase().endsWith(`@${domain}>`) && /^<outbox\./i.test(messageId.trim())) return 'own-message';
  return null;
};

/** What a customer's email does to the item it belongs to. */
export type ReplyEffect = { kind: 'append' } | { kind: 'resume' } | { kind: 'reopen' } | { kind: 'new-linked' };

/**
 * A reply on a `waiting` item resumes it; on a closed item within `reopenDays` of closing it
 * reopens it (when the workflow offers `reopen` from that state), later it starts a new item linked
 * to the old one; otherwise it is only added to the conversation.
 */
export const replyEffect = (args: {
  state: string;
  /** The workflow's categories: is the state finished? */
  finished: boolean;
  closedAt: Date | null;
  now: Date;
  reopenDays: number;
  /** Action ids the workflow offers from the current state. */
  actionsFromState: string[];
}): ReplyEffect => {
  if (args.state === 'waiting' && args.actionsFromState.includes('resume')) return { kind: 'resume' };
  if (!args.finished) return { kind: 'append' };
  const closedAt = args.closedAt ?? args.now;
  const within = args.now.getTime() - closedAt.getTime() <= args.reopenDays * 86_400_000;
  if (within && args.actionsFromState.includes('reopen')) return { kind: 'reopen' };
  return { kind: 'new-linked' };
};

/** The plain address of a From header (`"Wang" <wang@example.cn>` → `wang@example.cn`). */
export const addressOf = (from: string | null | undefined): string | null => {
  if (!from) return null;
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(from);
  const bare = angle ? angle[1] : /([^\s<>"]+@[^\s<>"]+)/.exec(from)?.[1];
  return bare ? bare.toLowerCase() : null;
};

/** The subject without reply prefixes (`Re:`, `回复:`, `答复:`, `Fwd:`, `转发:`) and the reference. */
export const cleanSubject = (subject: string | null | undefined): string =>
  (subject ?? '')
    .replace(/\[\s*[A-Z]{2,4}-\d{8}-\d{4,}\s*\]/gi, '')
    .replace(/^(\s*(re|fw|fwd|aw|wg|回复|答复|转发)\s*[:：]\s*)+/i, '')
    .trim();
