/**
 * The one thread of a case screen, oldest first: what the conversation holds (customer messages
 * in, replies out, internal notes), the workflow's history (state changes, escalations), the
 * outbox's other messages (acknowledgement, result, survey invitation…) with their delivery status,
 * and the survey answers. Pure: the caller reads the four sources, this puts them in one order.
 */
export interface ThreadEntryLike {
  id: number;
  kind: 'message-in' | 'reply' | 'note';
  visibility: 'public' | 'internal';
  channel: string | null;
  author: { kind: string; id: string | null; name: string };
  bodyText: string | null;
  attachments: { fileId: number; name: string; mime: string; size: number }[];
  outboxId: number | null;
  createdAt: string;
  /** `mergedFrom` (reference, document id) when the entry came with a duplicate case merged into this one. */
  meta?: Record<string, unknown>;
}

export interface TimelineEventLike {
  id: number;
  at: string;
  action: string;
  from: string | null;
  to: string | null;
  actor?: { kind: string; id: string | null; name: string | null };
  note?: string | null;
  noteCode?: unknown;
  /** The action's and the new state's titles in the reader's language (the caller knows the workflow). */
  actionTitle?: string | null;
  toTitle?: string | null;
}

export interface OutboxLike {
  id: number;
  templateKey: string;
  channel: string;
  recipient: string | null;
  subject: string | null;
  bodyText: string | null;
  status: string;
  createdAt: string;
  sentAt?: string | null;
  lastError?: string | null;
  /** The customer's preferred channel when the message went out on another one, and why. */
  requestedChannel?: string | null;
  fallbackReason?: string | null;
  /** What the provider's delivery receipt said (`accepted`, `delivered`, `undelivered`), where it sends them. */
  deliveryStatus?: string | null;
}

export interface SurveyAnswerLike {
  score: number;
  comment: string | null;
  answeredAt: string;
}

export interface Delivery {
  status: string;
  channel: string;
  recipient: string | null;
  sentAt: string | null;
  error: string | null;
  /** Set when the message went out on another channel than the customer's preferred one: that channel and why not. */
  fallback: { from: string | null; reason: string } | null;
  /** Why no channel could carry the message (kept as failed on the channel asked for), when so. */
  unreachable: string | null;
  deliveryStatus: string | null;
}

export type CaseThreadItem =
  | {
      type: 'message-in' | 'reply' | 'note';
      key: string;
      at: string;
      entryId: number;
      channel: string | null;
      author: { kind: string; name: string };
      text: string | null;
      attachments: ThreadEntryLike['attachments'];
      delivery: Delivery | null;
      /** The reference of the duplicate case this entry came from, when it was merged into this one. */
      mergedFrom?: string | null;
    }
  | { type: 'message-out'; key: string; at: string; templateKey: string; subject: string | null; text: string | null; delivery: Delivery }
  | {
      type: 'state-change';
      key: string;
      at: string;
      action: string;
      actionTitle: string | null;
      from: string | null;
      to: string | null;
      toTitle: string | null;
      actor: string | null;
      note: string | null;
    }
  | { type: 'escalation'; key: string; at: string; note: string | null; noteCode: unknown }
  | { type: 'survey'; key: string; at: string; score: number; comment: string | null };

/** Audit actions that are not a step of the case (clock recomputations are bookkeeping). */
const NOT_SHOWN = new Set(['sla-recompute']);

/** The reasons name the message's own channel too: no channel could carry it (`channel: why; other: why`). */
const refusesOwnChannel = (message: OutboxLike) => (message.fallbackReason ?? '').split('; ').some((reason) => reason.startsWith(`${message.channel}: `));

const deliveryOf = (message: OutboxLike): Delivery => ({
  status: message.status,
  channel: message.channel,
  recipient: message.recipient,
  sentAt: message.sentAt ?? null,
  error: message.lastError ?? null,
  fallback:
    message.fallbackReason && !refusesOwnChannel(message)
      ? { from: message.requestedChannel && message.requestedChannel !== message.channel ? message.requestedChannel : null, reason: message.fallbackReason }
      : null,
  unreachable: message.fallbackReason && refusesOwnChannel(message) ? message.fallbackReason : null,
  deliveryStatus: message.deliveryStatus ?? null,
});

/** Staff notices (`staff.*`, the SLA's `escalation.*`) go to staff, not the customer: they are not part of the customer's conversation. */
const isCustomerMessage = (message: OutboxLike) => !message.templateKey.startsWith('staff.') && !message.templateKey.startsWith('escalation.');

/** `{ mergedFrom: reference }` for an entry moved here by a merge of duplicate cases, else nothing. */
const mergedFromOf = (entry: ThreadEntryLike): { mergedFrom?: string | null } => {
  const from = entry.meta?.mergedFrom as { reference?: unknown; documentId?: unknown } | undefined;
  if (!from || typeof from !== 'object') return {};
  return { mergedFrom: typeof from.reference === 'string' ? from.reference : typeof from.documentId === 'string' ? from.documentId : null };
};

export const mergeCaseThread = (sources: { entries: ThreadEntryLike[]; timeline: TimelineEventLike[]; outbox: OutboxLike[]; surveys: SurveyAnswerLike[] }): CaseThreadItem[] => {
  const outboxById = new Map(sources.outbox.map((m) => [m.id, m]));
  const carried = new Set(sources.entries.map((e) => e.outboxId).filter((id): id is number => id !== null));
  const items: { item: CaseThreadItem; order: number }[] = [];
  // Equal instants keep the order of the sources: the state change, then the message it caused.
  for (const event of sources.timeline) {
    if (NOT_SHOWN.has(event.action)) continue;
    const item: CaseThreadItem =
      event.action === 'escalate'
        ? { type: 'escalation', key: `audit:${event.id}`, at: event.at, note: event.note ?? null, noteCode: event.noteCode ?? null }
        : {
            type: 'state-change',
            key: `audit:${event.id}`,
            at: event.at,
            action: event.action,
            actionTitle: event.actionTitle ?? null,
            from: event.from,
            to: event.to,
            toTitle: event.toTitle ?? null,
            actor: event.actor?.name ?? null,
            note: event.note ?? null,
          };
    items.push({ item, order: 0 });
  }
  for (const entry of sources.entries) {
    const message = entry.outboxId !== null ? outboxById.get(entry.outboxId) : undefined;
    items.push({
      item: {
        type: entry.kind,
        key: `entry:${entry.id}`,
        at: entry.createdAt,
        entryId: entry.id,
        channel: entry.channel,
        author: { kind: entry.author.kind, name: entry.author.name },
        text: entry.bodyText,
        attachments: entry.attachments,
        delivery: message ? deliveryOf(message) : null,
        ...mergedFromOf(entry),
      },
      order: 1,
    });
  }
  for (const message of sources.outbox) {
    if (carried.has(message.id) || !isCustomerMessage(message)) continue;
    items.push({
      item: {
        type: 'message-out',
        key: `outbox:${message.id}`,
        at: message.createdAt,
        templateKey: message.templateKey,
        subject: message.subject,
        text: message.bodyText,
        delivery: deliveryOf(message),
      },
      order: 2,
    });
  }
  sources.surveys.forEach((survey, index) => items.push({ item: { type: 'survey', key: `survey:${index}`, at: survey.answeredAt, score: survey.score, comment: survey.comment }, order: 3 }));
  return items
    .map((entry, index) => ({ ...entry, index, time: Date.parse(entry.item.at) }))
    .sort((a, b) => a.time - b.time || a.order - b.order || a.index - b.index)
    .map((entry) => entry.item);
};

/**
 * What the customer may see of the conversation (the tracking page): their own messages and the
 * replies to them, never internal notes, never who on the staff wrote.
 */
export const publicMessages = (entries: ThreadEntryLike[]) =>
  entries
    .filter((entry) => entry.visibility === 'public' && (entry.kind === 'message-in' || entry.kind === 'reply'))
    .map((entry) => ({
      at: entry.createdAt,
      direction: entry.kind === 'message-in' ? ('in' as const) : ('out' as const),
      text: entry.bodyText,
      attachments: entry.attachments.map((a) => ({ name: a.name, mime: a.mime, size: a.size })),
    }));
