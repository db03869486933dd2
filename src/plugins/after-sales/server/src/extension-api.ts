/**
 * The after-sales extension API, version 1: what an extension's code receives in
 * `activate(context)` and reaches through `context.getApi(1)`. Built-in extensions use exactly
 * this; a third-party extension has the same powers. Published as
 * `strapi-plugin-after-sales/extension-api` (types, and the few runtime values below).
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { WorkflowActor, WorkflowDefinition, TransitionDefinition, WorkflowRecord } from './domain/workflow/types';
import type { EscalationLevel } from './domain/sla/escalation-levels';
import type { Target } from '../../shared/sla-policy';
import type { Contributions } from './domain/extensions/types';

/** Who performs a workflow action: an admin user (`workflow.adminActor`), an API client, or the system. */
export type WorkflowCaller = WorkflowActor & {
  kind: 'admin' | 'api-user' | 'api-token' | 'system';
  /** Admin users only: their permissions, department and office memberships (member or head), for RBAC checks. */
  admin?: { isSuperAdmin: boolean; permissions: { action: string; subject?: string | null; conditions?: string[] }[]; departmentIds: number[]; officeIds?: number[] };
};

/** What a workflow action receives: the version the caller last read, an optional note, the action's fields. */
export interface PerformInput {
  version: number;
  note?: string | null;
  data?: Record<string, unknown>;
}

/** The only version `context.getApi` answers today. */
export const API_VERSION = 1;

/** The environment variable that switches a scheduled job off on one instance (`=off`). */
export const jobSwitchVariable = (jobId: string) => `AFTER_SALES_JOB_${jobId.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;

export interface Disposable {
  dispose(): void | Promise<void>;
}

// --- Actions ---------------------------------------------------------------------------------

/** What a guard, effect or after-hook receives. Runs inside the transition's database transaction. */
export interface ActionInvocation {
  strapi: Core.Strapi;
  workflow: WorkflowDefinition;
  transition: TransitionDefinition;
  /** The record as it was before the action, relations populated. */
  record: WorkflowRecord;
  /** The caller's input. */
  data: Record<string, unknown>;
  /** The fields the action is about to write (effects may add to it). */
  changes: Record<string, unknown>;
  from: string;
  to: string;
  note: string | null;
  actor: WorkflowActor & { kind: string };
  now: Date;
  /** The extension's settings, defaults merged with what the admin saved. */
  configuration: Record<string, unknown>;
}

/** A guard refuses by returning `{ field, message }` (a 400 for the caller) or by throwing. */
export type GuardHandler = (invocation: ActionInvocation) => Promise<void | { field: string; message: string }> | void | { field: string; message: string };
/** An effect returns extra field values to write with the transition. */
export type EffectHandler = (invocation: ActionInvocation) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;
/** An after-hook runs once the record is written, still inside the transaction (e.g. to queue a message). */
export type AfterHandler = (invocation: ActionInvocation & { version: number }) => Promise<void> | void;

// --- Events ----------------------------------------------------------------------------------

export interface TransitionEvent {
  workflow: string;
  contentType: string;
  documentId: string;
  reference: string | null;
  action: string;
  from: string;
  to: string;
  version: number;
  actor: { kind: string; id: number | string | null; name: string };
  changedFields: string[];
  at: string;
}

// --- Records ---------------------------------------------------------------------------------

/**
 * A record of a content type as the query layer reads it (`strapi.db.query`): its ids and timestamps, and every other
 * field by its name, unknown until checked (`typeof`, or a guard of your own). A relation is there only when
 * populated. Datetimes as the query layer gives them (ISO text or Date).
 */
export interface ContentRecord {
  id: number;
  documentId: string;
  createdAt: string | Date;
  updatedAt: string | Date;
  [field: string]: unknown;
}

/**
 * A work item of any kind (`contributes.itemKinds`: feedback, complaint, service record…) as the query layer reads it:
 * what every kind has (its reference, workflow state and version), and the kind's own fields by name, unknown until
 * checked (the item kind names its owner, department, severity… fields).
 */
export interface ItemRecord extends ContentRecord {
  /** The human-readable reference (`FB-20260312-0001`, the kind's `referencePrefix`); null until the item is numbered. */
  reference: string | null;
  /** The workflow state. */
  state: string;
  /** Counts the item's writes: the version an action must name. */
  version: number;
}

// --- Intake ----------------------------------------------------------------------------------

/** An item as the public intake API receives it (validated by the intake's schema). */
export interface IntakeInput {
  kind: 'feedback' | 'complaint';
  channel: string;
  type?: string;
  severity?: string;
  cause?: string;
  /** `documentId`: a known customer staff picked (the front desk); otherwise matched on the normalised phone or email, or created. */
  customer: { name: string; phone?: string; email?: string; company?: string; locale?: 'zh-Hans' | 'en'; phoneNormalized?: string; emailNormalized?: string; documentId?: string };
  /** A department code chosen by staff instead of the classifier's. */
  department?: string;
  /** The code of the office (办事处 / service point) that received the item; unknown codes are refused. */
  office?: string;
  product?: { model: string; batch?: string };
  symptom: string;
  scenario?: string;
  frequency?: string;
  expectedSolution?: string;
  /** Feedback: a complex issue (the 48 h promise); left out, the classifier decides. */
  complex?: boolean;
  order?: { number?: string; date?: string; productVersion?: string; quantity?: number; deliveryDate?: string; price?: number; salesHandler?: string };
}

/** Who sent an intake (audited as the actor). */
export interface IntakeClient {
  /** `admin`: a staff member in the admin (id: the admin user's id), who becomes the case owner. */
  kind: 'public' | 'api-token' | 'api-user' | 'admin' | 'system';
  id: string;
  name: string;
}

/** A photo sent with an intake, checked (its type read from its bytes). */
export interface IntakePhoto {
  name: string;
  mime: string;
  buffer: Buffer;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
}

/** What the public intake answers (`201 { data }`): the tracking token is shown only here. */
export interface IntakeAnswer {
  reference: string;
  trackingToken: string;
  state: string;
  acknowledgeBy: string | null;
  respondBy: string | null;
  suggestedArticles: { title: string; slug: string }[];
}

/** Adds field values before a received item is written (e.g. the SLA's due dates). */
export interface IntakePrepareHook {
  (args: { strapi: Core.Strapi; kind: 'feedback' | 'complaint'; uid: string; data: Record<string, unknown>; now: Date }): Promise<Record<string, unknown> | void> | Record<string, unknown> | void;
}

/** What a receipt hook is given: the received item, numbered, in the intake's transaction. */
export interface IntakeReceipt {
  strapi: Core.Strapi;
  kind: 'feedback' | 'complaint';
  /** The item as written (numbered), relations left out (see `relations`). */
  item: ItemRecord;
  /**
   * The ids of the item's relations as written (`department`, `owner`, `assignee`… by field name,
   * null when empty), so a hook need not read the item back; the item kind's department, owner and
   * assignee fields are always here (as written, before any receipt hook). A relation absent here
   * is one the intake does not know as an id (read the item for it).
   */
  relations: Record<string, number | null>;
  customer: CustomerRecord;
  trackingToken: string;
  now: Date;
  /**
   * Work that need not commit with the item (the customer's segment re-evaluated, say): run once the
   * intake's transaction has committed, in a transaction of its own, before the intake answers.
   * Nothing of it is written when the intake fails; a failure of it is logged and never fails the
   * intake (the item is written by then).
   */
  afterCommit: (work: () => Promise<unknown>) => void;
}

/** Runs once a received item is written, in its transaction (e.g. to queue the acknowledgement). */
export interface IntakeHook {
  (args: IntakeReceipt): Promise<void> | void;
}

/**
 * A receipt hook in two steps, for work that reads before it writes. `prepare` runs once the item is
 * written but before it takes its number (`item.reference` is null there): the day's reference counter
 * stays locked from the allocation to the commit, so concurrent intakes queue for whatever runs after
 * it. What `prepare` returns is handed to `receive`, which runs numbered, as an `IntakeHook` does:
 * read in `prepare` (templates, settings, the people to tell), write in `receive`. Both run in the
 * intake's transaction; an item written through the Content Manager (numbered as it is written) runs
 * them one right after the other.
 */
export interface IntakeReceiptHook<T = unknown> {
  prepare(args: Omit<IntakeReceipt, 'item'> & { item: ItemRecord & { reference: null } }): Promise<T> | T;
  receive(args: IntakeReceipt, prepared: T): Promise<void> | void;
}

// --- Thread (the conversation of a work item) ---------------------------------------------------

/** `message-in`: the customer wrote (email, SMS, the portal…); `reply`: staff wrote to the customer; `note`: internal, never sent. */
export const THREAD_ENTRY_KINDS = ['message-in', 'reply', 'note'] as const;
export type ThreadEntryKind = (typeof THREAD_ENTRY_KINDS)[number];

/** A file kept by Strapi's upload plugin (`plugin::upload.file` id), listed on an entry. */
export interface ThreadAttachment {
  fileId: number;
  name: string;
  mime: string;
  size: number;
}

export interface ThreadEntryInput {
  contentType: string;
  documentId: string;
  reference?: string | null;
  kind: ThreadEntryKind;
  /** `public` entries show on the customer's tracking page; notes are always `internal`. Default: public, internal for notes. */
  visibility?: 'public' | 'internal';
  /** The channel the entry came in or went out on (`email`, `sms`, `portal`, `phone`…). */
  channel?: string | null;
  author: { kind: string; id?: number | string | null; name: string };
  bodyText?: string | null;
  attachments?: ThreadAttachment[];
  /** A unique id from outside (an email's Message-ID): an entry with one is stored once. */
  externalId?: string | null;
  /** The outbox row that carries a reply (its delivery status is the reply's). */
  outboxId?: number | null;
  /** Anything else worth keeping (e.g. the email's subject, a fallback reason); JSON. */
  meta?: Record<string, unknown>;
  /** Defaults to the business clock's now. */
  at?: Date;
}

export interface ThreadEntry {
  id: number;
  contentType: string;
  documentId: string;
  reference: string | null;
  kind: ThreadEntryKind;
  visibility: 'public' | 'internal';
  channel: string | null;
  author: { kind: string; id: string | null; name: string };
  bodyText: string | null;
  attachments: ThreadAttachment[];
  externalId: string | null;
  outboxId: number | null;
  meta: Record<string, unknown>;
  createdAt: string;
}

/** One running SLA clock of an item, as `sla.clocks` lists it. */
export interface SlaClockView {
  clock: string;
  dueAt: string;
  paused: boolean;
  breached: boolean;
  /** Time left to `dueAt` in the clock's measure (working time or elapsed), negative when breached. */
  remainingWorkingMs: number;
  measure?: string;
  workingDayMs?: number;
}

// --- Documents -------------------------------------------------------------------------------

/** A document-service middleware (Strapi's `strapi.documents.use`), called only for the uids it was registered for. */
export type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

// --- Channels --------------------------------------------------------------------------------

/** A message queued in the outbox. */
export interface OutboxMessage {
  dedupeKey: string;
  contentType?: string | null;
  documentId?: string | null;
  reference?: string | null;
  templateKey: string;
  channel: string;
  locale?: string | null;
  recipient: string | null;
  subject: string | null;
  bodyText: string | null;
  bodyHtml: string | null;
  trigger: string;
  /** `failed` with `error` when rendering failed: kept and shown, never sent blank. */
  status?: 'pending' | 'failed';
  /** Files kept by Strapi's upload plugin to send with the message (channels that carry files, e.g. email; the others send the text). */
  attachments?: { fileId: number; name: string; mime: string }[];
  error?: string;
  /** The channel the customer asked for (preferred channel), when another was chosen or none was possible. */
  requestedChannel?: string | null;
  /** Why the message is not on the requested channel (e.g. `sms: not configured`). */
  fallbackReason?: string | null;
  /** The template's variables as text, for a provider that sends by its own template code (SMS in China). */
  variables?: Record<string, string>;
  /** Queued instead (on the next channel) when this one fails for good (`ChannelSendError` with `retry: 'never'`). */
  fallback?: OutboxMessage | null;
}

/**
 * Thrown by a channel provider's `send`: `retry: 'later'` (throttled, busy) tries again after
 * `retryAfterMs` (or the usual backoff); `retry: 'never'` (a rejected template, a refused number)
 * marks the message failed at once and queues its fallback, if any. Any other error retries with backoff.
 */
export class ChannelSendError extends Error {
  constructor(
    message: string,
    readonly retry: 'later' | 'never',
    readonly retryAfterMs?: number
  ) {
    super(message);
    this.name = 'ChannelSendError';
  }
}

/** One message of a record's history in the outbox (unmasked: mask it before showing it to staff). */
export interface OutboxHistoryEntry {
  id: number;
  templateKey: string;
  channel: string;
  locale: string | null;
  recipient: string | null;
  subject: string | null;
  bodyText: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  trigger: string;
  createdAt: string;
  sentAt: string | null;
  requestedChannel: string | null;
  fallbackReason: string | null;
  providerMessageId: string | null;
  deliveryStatus: string | null;
  deliveredAt: string | null;
}

/** What a delivery receipt says about a sent message (`delivery_status` of the outbox row). */
export type DeliveryStatus = 'delivered' | 'undelivered';

/**
 * A message that will not reach its recipient and has no fallback left: it failed for good on its
 * channel (a provider's "never", the last retry) or a delivery receipt reported it undelivered.
 */
export interface UndeliveredMessage {
  /** The outbox row. */
  id: number;
  dedupeKey: string;
  contentType: string | null;
  documentId: string | null;
  reference: string | null;
  templateKey: string;
  channel: string;
  trigger: string;
  /** `failed`: the channel refused it or the retries ran out; `undelivered`: sent, but the receipt says it never arrived. */
  outcome: 'failed' | 'undelivered';
  /** The channel's or the receipt's reason. */
  reason: string;
}

/** Delivers the outbox's messages of one channel (email, SMS, a webhook, …). */
export interface ChannelProvider {
  /** False when the channel is not configured (e.g. no SMTP): messages are held, not attempted. */
  isConfigured(): boolean;
  /** `messageId`: stable per outbox row, the same on every retry, so a receiver can drop a repeat. May answer the provider's id of the message (matched by delivery receipts). */
  send(message: {
    recipient: string;
    subject: string | null;
    text: string | null;
    html: string | null;
    id: number;
    reference: string | null;
    messageId?: string;
    /** The message's files, read from storage (a file deleted since, e.g. by an erasure, is left out). */
    attachments?: { filename: string; contentType: string; content: Buffer }[];
    templateKey?: string;
    locale?: string | null;
    /** The template's variables as text (`item.reference`, `customer.name`…). */
    variables?: Record<string, string>;
  }): Promise<void | { providerMessageId?: string | null }>;
  /** Why this channel cannot carry a message of this template (e.g. no SMS template code mapped), or null when it can. Checked when the channel is chosen. */
  refuses?(message: { templateKey: string; locale: string | null }): string | null;
}

// --- Escalation ------------------------------------------------------------------------------

export interface EscalationStepContext {
  strapi: Core.Strapi;
  /** The sweep's transaction (typed as the Knex it is: a Knex.Transaction is one). */
  trx: Knex;
  /** The item's content type. */
  contentType: string;
  /** The item, with its assignee (the item kind's `assigneeField`: the admin user) and its `department` (`id`, `code`) populated where the kind has them. */
  record: ItemRecord;
  level: EscalationLevel;
  at: Date;
}
/** An item reached an escalation level of one of its clocks (heard after the sweep's transaction commits, once per item, clock and level). */
export interface EscalationEvent {
  contentType: string;
  documentId: string;
  reference: string | null;
  clock: string;
  /** `at-risk` (about to breach), `breached`, `overdue`… as the policy names them. */
  level: string;
  /** When the clock runs out (ISO). */
  dueAt: string;
  /** The item's assignee (its item kind's `assigneeField`) and department, when it has them. */
  assigneeId: number | null;
  departmentId: number | null;
  at: string;
}

/** Does the step; returns the note of its audit event (`changedFields` when it wrote the record). */
export type EscalationStep = (context: EscalationStepContext) => Promise<{ note: string; changedFields?: string[] }>;

// --- Jobs ------------------------------------------------------------------------------------

export interface ScheduledJob {
  /** Unique on the instance; also the lease row's key and the name of its switch (see `jobSwitchVariable`). */
  id: string;
  /** How often the job runs; each run holds the lease for this long, so one instance runs it per interval. */
  intervalMs: number;
  /** `signal` is aborted when the job is disposed (extension disabled, Strapi stopping). The result is kept as the lease row's `last_result`. */
  run(ctx: { now: Date; signal: AbortSignal }): Promise<unknown>;
}

// --- Audit -----------------------------------------------------------------------------------

export interface AuditEventInput {
  /** What happened (e.g. `warranty.override`), at most 80 characters. */
  action: string;
  /** The item the event is about; without it the event is filed under `extension::<extension id>`. */
  contentType?: string;
  documentId?: string;
  reference?: string | null;
  /** Who did it; the extension itself (a system actor named by its id) when left out. */
  actor?: { kind: string; id?: number | string | null; name: string };
  /** Free text shown in the item's history. */
  details?: string | Record<string, unknown>;
  /** The item's workflow state before and after (both the current state for an event that changes none). */
  fromState?: string | null;
  toState?: string | null;
  /** The fields of the item the event changed. */
  changedFields?: string[];
  /** When it happened; the business clock's now when left out. */
  at?: Date;
}

// --- Contributions ---------------------------------------------------------------------------

/**
 * One entry of a contribution point as the manifests declare it, checked against the point's schema when they are
 * read: a template of `templates`, an `ItemKind` of `itemKinds`, the settings schema of `configuration`…; `unknown` for
 * a point named by a plain string (check it before use).
 */
export type ContributionOf<P extends string> = P extends keyof Contributions ? (NonNullable<Contributions[P]> extends readonly (infer E)[] ? E : NonNullable<Contributions[P]>) : unknown;

// --- The API ---------------------------------------------------------------------------------

export interface AfterSalesApiV1 {
  version: 1;
  /** The extension's settings (manifest `contributes.configuration`), defaults merged with what the admin saved. */
  configuration: {
    get<T = unknown>(key: string): Promise<T>;
    all(): Promise<Record<string, unknown>>;
    /**
     * A check of new setting values beyond the manifest's schema (run on each save while the extension
     * is active, after the schema's): each problem names the setting `key`; any problem refuses the
     * whole save with a 400 naming it.
     */
    check(checker: (values: Record<string, unknown>) => { key: string; message: string }[] | Promise<{ key: string; message: string }[]>): Disposable;
  };
  /** The extension itself: its id, and whether it is usable now (enabled, its dependencies too), on this instance. */
  extension: { id: string; isUsable(): boolean };
  /** What every usable extension contributes under one point of its manifest (`templates`, `channels`, `slaPolicies`…), one entry per contributed value. */
  contributions<P extends string>(point: P): { extensionId: string; manifestFile: string; value: ContributionOf<P> }[];
  /** A small key/value store of the extension's own (JSON values), shared by every instance. */
  storage: { get<T = unknown>(key: string): Promise<T | undefined>; set(key: string, value: unknown): Promise<void> };
  /** Handlers of the actions the manifest declares under `contributes.actions`. */
  actions: {
    registerGuard(id: string, handler: GuardHandler): Disposable;
    registerEffect(id: string, handler: EffectHandler): Disposable;
    registerAfter(id: string, handler: AfterHandler): Disposable;
  };
  events: {
    /** Called after the transition's transaction commits. */
    onTransition(listener: (event: TransitionEvent) => void | Promise<void>): Disposable;
    /** Called after the transaction that appended a thread entry commits; entries one at a time, in commit order (each listener awaited). */
    onThreadEntry(listener: (entry: ThreadEntry) => void | Promise<void>): Disposable;
    /** Called after the SLA sweep that escalated an item commits: once per item, clock and level reached. */
    onEscalation(listener: (event: EscalationEvent) => void | Promise<void>): Disposable;
    /**
     * Called once every extension that starts with the app is active, and awaited before Strapi
     * serves requests (e.g. to seed from what every extension contributes). Registered later (the
     * extension switched on while running), called at once.
     */
    onStartupFinished(listener: () => void | Promise<void>): Disposable;
  };
  /** The business clock (tests and the demo may move it): use it instead of `new Date()`. */
  clock: { now(): Date };
  /** The workflow engine: the same checks (permission, version, guards) as the admin's and the REST API's actions. */
  workflow: {
    /** Who the caller of a content-API request is (its API user, or its API token), from `ctx.state`. */
    apiActor(ctx: unknown): WorkflowCaller;
    /** Who an admin user is to the rules (departments, permissions), from `ctx.state.user`. */
    adminActor(user: { id: number; firstname?: string; lastname?: string; email?: string }): Promise<WorkflowCaller>;
    /** The extension itself as the actor (audited under its id, or under `name`). Has no admin permissions: use it for actions the workflow lets the system take. */
    systemActor(name?: string): WorkflowCaller;
    /** True inside a write the workflow engine makes (an action's effect); a document middleware skips what the engine does itself. */
    isEngineWrite(): boolean;
    /** The record when this admin may read it (Content Manager read permission and conditions), else null. */
    readableRecord(uidOrKindId: string, documentId: string, actor: WorkflowCaller): Promise<Record<string, unknown> | null>;
    /** The actions the actor may take on the record now. */
    listActions(uidOrKindId: string, documentId: string, actor: WorkflowCaller, locale?: string): Promise<unknown>;
    /**
     * Every check `perform` makes before writing (permission, version, dates, the action's fields
     * and note, the guards) on the record as it is now; writes nothing. Throws the 4xx `perform`
     * would throw; otherwise the state it would move to and the fields it would change.
     */
    check(uidOrKindId: string, documentId: string, actionId: string, input: PerformInput, actor: WorkflowCaller): Promise<{ from: string; to: string; changedFields: string[] }>;
    /** Performs an action (in its own transaction, or the caller's); 4xx errors as the REST API's. */
    perform(uidOrKindId: string, documentId: string, actionId: string, input: PerformInput, actor: WorkflowCaller): Promise<{ state: string; version: number } & Record<string, unknown>>;
    /** The active workflow of a content type or workflow id (states, actions, categories), or null. */
    definition(uidOrWorkflowId: string): WorkflowDefinition | null;
    /**
     * The same, as it applies now: an approval naming a setting (`departmentsSetting`) carries the
     * departments saved there. Use it for who must approve (notifications, queues).
     */
    configuredDefinition(uidOrWorkflowId: string): Promise<WorkflowDefinition | null>;
    /** Every active workflow. */
    definitions(): WorkflowDefinition[];
    /** Audit events of one record, oldest first. */
    timeline(uidOrKindId: string, documentId: string, options?: { includeStaff?: boolean }): Promise<unknown[]>;
  };
  /** The outbox: messages written in the caller's transaction, delivered once by the channel's provider. */
  outbox: {
    /** Queues a message (ignored when its `dedupeKey` was queued before); the row's id. */
    enqueue(message: OutboxMessage): Promise<{ id: number | null }>;
    /** Queues several messages with one insert (each ignored when its `dedupeKey` was queued before); their rows' ids, in the same order. */
    enqueueMany(messages: OutboxMessage[]): Promise<{ id: number | null }[]>;
    /** The messages of one record, newest first. */
    history(contentType: string, documentId: string): Promise<OutboxHistoryEntry[]>;
    /** A delivery receipt: sets `delivery_status` of the channel's message with that provider id; false when none matches. */
    recordDelivery(channel: string, providerMessageId: string, status: DeliveryStatus, detail?: string | null): Promise<boolean>;
    /** The outbox message sent with this Message-ID (`<outbox.<id>.<hash>@<domain>>`, hash checked), or null: threads an email reply to its item. */
    findByMessageId(messageId: string): Promise<{ id: number; contentType: string | null; documentId: string | null; reference: string | null; channel: string; recipient: string | null } | null>;
    /** The domain of the Message-IDs the outbox sets (from `SMTP_FROM`): recognises our own mail coming back. */
    messageIdDomain(): string;
    /** Delivers up to `limit` due messages now (the dispatcher's run); what happened. */
    dispatch(limit?: number): Promise<unknown>;
    /**
     * Told (on the instance that records the outcome) about each message that will not reach its
     * recipient and has no fallback left; a message with a fallback queues that instead. A repeated
     * receipt tells once. The listener runs in the transaction that records the failure: what it
     * writes (through the API) is written with it, and if it throws, neither is (the message is tried,
     * or the receipt taken, again later).
     */
    onUndelivered(listener: (message: UndeliveredMessage) => void | Promise<void>): Disposable;
  };
  /** Message templates (contributed under `contributes.templates`, overridden in the template editor), rendered in a language. */
  templates: {
    /** Renders `key` for `channel` (default email) in `locale` (else zh-Hans) with the given variables; null when no such template. Throws on a rendering error. */
    render(input: { key: string; channel?: string; locale: string; variables: Record<string, unknown> }): Promise<{ subject: string; text: string; html: string | null; locale: string } | null>;
    /** The templates staff may start a reply from: id and subject in `locale` (zh-Hans unless `en`). */
    list(locale?: string): { id: string; subject: string }[];
    /** One template filled in for an item (its fields, customer and links) in the customer's language (or `locale`); null when there is no such template. */
    renderForItem(key: string, contentType: string, documentId: string, locale?: string): Promise<{ subject: string; text: string } | null>;
  };
  /** Files kept by Strapi's upload plugin (e.g. mail attachments). Store before the transaction that links them; remove them if it does not commit. */
  files: {
    store(files: { name: string; mime: string; buffer: Buffer }[]): Promise<ThreadAttachment[]>;
    remove(fileIds: number[]): Promise<void>;
  };
  /** The conversation of each work item. */
  thread: {
    /** Appends an entry (in the caller's transaction when there is one); a repeated `externalId` returns the stored entry with `duplicate: true`. */
    append(entry: ThreadEntryInput): Promise<ThreadEntry & { duplicate: boolean }>;
    /** Entries of one item, oldest first; `internal: false` leaves out internal ones. */
    list(contentType: string, documentId: string, options?: { internal?: boolean }): Promise<ThreadEntry[]>;
    findByExternalId(externalId: string): Promise<ThreadEntry | null>;
  };
  /** The SLA: an item's running clocks with the time left (negative when breached), and the last escalation level the sweep recorded (`at-risk`, `breached`, `overdue`, or null). */
  sla: {
    clocks(contentType: string, documentId: string): Promise<SlaClockView[]>;
    escalationLevel(contentType: string, documentId: string): Promise<string | null>;
    /**
     * The targets the active policy of the item's workflow sets for this item (the rule of each clock
     * that matches its severity, type, R&D need and complexity), by clock; `{}` without a policy.
     * What a message promises the customer is worded from these (`item.respondWithin`).
     */
    targets(contentType: string, record: Record<string, unknown>): Promise<Record<string, Target>>;
  };
  /** Hooks of the intake API (public form, API tokens): before the item is written, and in its transaction. */
  intake: {
    onPrepare(hook: IntakePrepareHook): Disposable;
    /** A receipt hook: a function run numbered, or `{ prepare, receive }` whose reads run before the number is taken (`IntakeReceiptHook`). */
    onReceived<T>(hook: IntakeHook | IntakeReceiptHook<T>): Disposable;
    /** Registers an item exactly as the public intake does (customer matched or created, classified, reference, tracking token, clocks, acknowledgement). */
    submit(input: IntakeInput, client: IntakeClient): Promise<{ item: ItemRecord; trackingToken: string; locale: string }>;
    /** Validates and normalises an intake body (`{ data: … }`) exactly as `POST /api/after-sales/intake` does; a ValidationError (400) names every offending field (`data.customer.phone`). */
    parse(body: unknown): IntakeInput;
    /**
     * Photos a customer sent with an intake (files as koa-body leaves them after a multipart request),
     * checked as the public intake checks its `files`: the count, the size and the type read from the
     * bytes, within the `AFTER_SALES_INTAKE_*` limits; a ValidationError names `files` / `files.N` and a
     * refused file by its name as sent (`file`, also quoted at the start of the message).
     */
    readFiles(uploaded: unknown[]): Promise<IntakePhoto[]>;
    /**
     * Registers an item with its photos exactly as the public intake does and answers what it answers:
     * the photos go on the customer's first thread entry, the answer has the reference, the tracking
     * token (shown once), the promised times and up to three suggested articles.
     */
    register(input: IntakeInput, client: IntakeClient, photos?: IntakePhoto[]): Promise<IntakeAnswer>;
    /** The classifier's suggestion (type, severity, department, matched keywords) for a customer's words, without registering anything. */
    classify(words: { symptom?: string; scenario?: string; expectedSolution?: string }): { type?: string; severity?: string; department?: string; matched: string[] };
    /** Runs a document-service create of an item kind with an intake through the intake (classification, tracking token, prepare hooks, audit, acknowledgement); for a document middleware's `next`. */
    receiveDocument<T>(uid: string, params: { data?: Record<string, unknown> }, client: IntakeClient, write: () => Promise<T>): Promise<T>;
  };
  /**
   * A customer's case as its tracking link shows it. The key is the intake's tracking token or the
   * case's link key; a wrong reference and a wrong key both answer null.
   */
  tracking: {
    /** The case (state, promised dates, public timeline and thread; no contact data, no staff names, no notes) in `locale`, else the customer's language; null when the reference or the key is wrong. */
    find(reference: string, key: string, locale?: string): Promise<CustomerCaseView | null>;
    /** The case's own link key, for tracking links in messages after the acknowledgement (the intake's token is not stored). */
    linkKey(contentType: string, documentId: string): string;
    /** The address of the customer's tracking page (`<server url>/after-sales/portal/track/<reference>/<key>`). */
    link(reference: string, key: string): string;
  };
  /**
   * Satisfaction surveys: the messages extension, which sends the invitations, provides them; the
   * customer portal asks and records through them. Without a provider: every link is unknown.
   */
  surveys: {
    provide(provider: SurveyProvider): Disposable;
    /** An invitation by its link's token: open, answered or expired; null when unknown. */
    lookup(token: string): Promise<SurveyInvitation | null>;
    /** Records an answer once (`409` when answered, `404` when unknown or expired); a score under 4 reopens the case. */
    answer(token: string, answer: { score: number; comment?: string | null }): Promise<SurveyAnswerResult>;
  };
  /**
   * Loyalty (NPS) surveys: the loyalty extension, which sends the campaigns, provides them; the
   * customer portal asks and records through them. Without a provider: every link is unknown.
   */
  loyaltySurveys: {
    provide(provider: LoyaltySurveyProvider): Disposable;
    /** An invitation by its link's token: open, answered or expired; null when unknown. */
    lookup(token: string): Promise<LoyaltyInvitation | null>;
    /** Records a 0–10 answer once (`409` when answered, `404` when unknown or expired); a detractor's answer opens a care call. */
    answer(token: string, answer: { score: number; comment?: string | null }): Promise<LoyaltyAnswerResult>;
    /**
     * One customer's invitations, newest first (by the answer's time, else the sending's), at most
     * `limit` (default 20, at most 100): for the staff customer page. Unmasked (the comment is the
     * customer's words: mask before showing staff). Without a provider (loyalty disabled): `[]`.
     */
    ofCustomer(customerDocumentId: string, limit?: number): Promise<CustomerLoyaltyInvitation[]>;
  };
  /**
   * Beta tests of a fix (客户验证): the beta-tests extension, which sends the invitations, provides
   * them; the customer portal asks and records through them. Without a provider: every link is unknown.
   */
  betaTests: {
    provide(provider: BetaTestProvider): Disposable;
    /** An invitation by its link's token: open, answered or expired, with the questions; null when unknown. */
    lookup(token: string): Promise<BetaInvitation | null>;
    /** Records the answers once (`409` when answered, `404` when unknown or expired, `400` with the problems when an answer is missing or wrong). */
    answer(token: string, form: Record<string, unknown>): Promise<BetaAnswerResult>;
  };
  /**
   * Care calls of the care extension (its item kind), opened by another extension (e.g. a
   * detractor's follow-up). Without a provider (care disabled): `open` answers null.
   */
  careCalls: {
    provide(opener: CareCallOpener): Disposable;
    open(input: CareCallRequest): Promise<{ documentId: string; reference: string | null } | null>;
  };
  /**
   * One message of a template to one customer, on their channel (preferred, else the fallback order)
   * and in their language: what an extension sends a customer outside a workflow action (an NPS
   * invitation, a recall notice, a beta-test invitation…). The messages extension provides it.
   */
  customerMessages: {
    provide(sender: CustomerMessageSender): Disposable;
    /**
     * Queues it in the outbox, in the caller's transaction; once per `dedupeKey`. `unreachable` (nothing
     * queued) when no channel reaches the customer or the customer is erased. Throws a 503 when nothing
     * provides it (the messages extension is disabled), a 404 for an unknown customer.
     */
    send(request: CustomerMessageRequest): Promise<CustomerMessageResult>;
  };
  /** The published knowledge base. */
  knowledge: {
    /** Articles ranked by relevance to the words (title, problem, cause, solution), in one locale. */
    search(params: { q: string; locale?: string; product?: string; limit?: number }): Promise<{ documentId: string; title: string; slug: string; problem: string; locale: string; score: number }[]>;
    /** The categories and products (model, name) of the published articles in a language, with their article counts. */
    topics(locale: string): Promise<{ categories: { category: string; count: number }[]; products: { model: string; name: string; count: number }[] }>;
    /** Published articles in a language by title, of one category or product (model) when given. */
    articles(params: { locale: string; category?: string; product?: string; limit: number; offset: number }): Promise<{ articles: KnowledgeArticleListing[]; total: number }>;
    /** A published article by slug (in `locale` when given) with its customer-visible fields and its slug in the other languages; null when none. */
    article(slug: string, locale?: string): Promise<PublicKnowledgeArticle | null>;
    /**
     * A "was this helpful" vote by `voter` (an opaque key, e.g. the hash of a vote token): the same voter's
     * second vote on the article replaces the first. The published counts after it, or null when no such published article.
     */
    castVote(params: { slug: string; locale: string; helpful: boolean; voter: string; now: number }): Promise<{ slug: string; locale: string; helpful: number; notHelpful: number } | null>;
    /** The product catalogue a public form offers (the models the intake accepts), by model; as `GET /api/after-sales/products` lists it. */
    products(params: { q?: string; page: number; pageSize: number }): Promise<{ products: { model: string; name: string; category: string | null; warrantyMonths: number | null }[]; total: number }>;
  };
  /** Document-service middlewares, called only for the given content types (uids), while the extension is active. */
  documents: { use(uids: string | string[], middleware: DocumentMiddleware): Disposable };
  /** Delivery channels of the outbox; an id must be declared under the manifest's `contributes.channels`. */
  channels: {
    register(id: string, provider: ChannelProvider): Disposable;
    list(): string[];
    /** Null when the channel can carry a message of this template now (registered, configured, not refused by its provider), else why not. */
    refusal(id: string, message: { templateKey: string; locale: string | null }): string | null;
    /** `configured`: a provider is registered and can send; `not-configured`: registered, not set up; `no-provider`: nobody registered it. */
    status(id: string): 'configured' | 'not-configured' | 'no-provider';
    /**
     * Provides the order customer messages fall back in (the messages extension's `channelFallback`
     * setting); the last one provided answers `fallbackOrder()`.
     */
    provideFallbackOrder(read: () => Promise<string[]>): Disposable;
    /** The configured fallback order of customer channels (e.g. `['sms', 'email']`); the registered channels (`list()`) when nobody provides one. */
    fallbackOrder(): Promise<string[]>;
  };
  /** What each kind of work item means (owner, severity ladder, clocks, customer's words…), from every usable extension's `contributes.itemKinds`. */
  itemKinds: {
    get(uidOrKindId: string): ItemKind | undefined;
    list(): ItemKind[];
    /** Every declared item kind, its extension usable or not (e.g. an erasure must reach them all). */
    all(): ItemKind[];
  };
  /** Tables shown below the monthly report on the Reports page (ids declared under `contributes.reports`). */
  reports: ReportsApi;
  /** Tables shown on the after-sales dashboard (ids declared under `contributes.widgets`). */
  widgets: WidgetsApi;
  /** Steps an SLA policy's escalation ladder may name. */
  escalation: { registerStep(id: string, step: EscalationStep): Disposable };
  /** Background jobs: one instance runs each per interval (a lease row); switched off by `jobSwitchVariable(id)=off` or by disabling the extension. */
  jobs: { schedule(job: ScheduledJob): Disposable };
  /** Appends to the audit trail (in the caller's transaction when `trx` is given). */
  audit: { append(event: AuditEventInput, trx?: unknown): Promise<void> };
  /** Customers' contact data: the one normalisation and matching rule, and the privacy rules on what a caller reads of it. */
  contactData: ContactDataApi;
  /**
   * The public API's rate limits, for an extension's own public routes (the customer portal): counters
   * in the database, shared by every instance, per client address (trusted proxies' `X-Forwarded-For`
   * believed, an IPv6 address by its /64).
   */
  rateLimits: {
    /** The key a request's client is counted under. */
    clientKey(ctx: unknown): string;
    /** Counts one request of `bucket` in the current minute; `allowed: false` (and the seconds to wait) above `perMinute`. */
    hit(bucket: string, perMinute: number): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
    /** The configured limits per client address and minute (`AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP`, `…_TRACK_PER_IP`, `…_VOTE_PER_IP`). */
    limits(): { intakePerIp: number; trackPerIp: number; votePerIp: number };
  };
  /** Work queues across the item kinds with a staff list: one page, soonest due first, keyset-paged (see `QueuePageInput`). */
  staffQueue: {
    page(input: QueuePageInput): Promise<{ rows: QueueRow[]; nextCursor: string | null }>;
    /**
     * The same page's items, in its order, as a few columns each (`QueueCandidate`): for ranking or filtering many
     * candidates before reading in full (`rows`) only those shown.
     */
    candidates(input: QueuePageInput): Promise<{ items: QueueCandidate[]; nextCursor: string | null }>;
    /** The queue rows of these items (kind and id), in the order given, in full. */
    rows(items: { contentType: string; id: number }[], locale?: string): Promise<QueueRow[]>;
  };
  /** Record-level read permission, the Content Manager's rule (permission and its conditions). */
  records: {
    /** Refuses (403) an admin request whose user may not read this record; a missing record is left to the caller. */
    assertMayRead(ctx: unknown, uidOrKindId: string, documentId: string): Promise<void>;
    /** One record by documentId (relations in `populate`, as `strapi.db.query`'s), or null; check `assertMayRead` before showing it. */
    find(contentType: string, documentId: string, populate?: Record<string, unknown>): Promise<ContentRecord | null>;
  };
}

/** A case as its customer sees it on the tracking page. */
export interface CustomerCaseView {
  reference: string;
  kind: string;
  state: string;
  stateTitle: string | null;
  receivedAt: string;
  /** The item kind's promised dates (`tracking.dueDates`), ISO or null. */
  dueDates: Record<string, string | null>;
  timeline: { at: string; action: string; from: string | null; to: string | null; stateTitle: string | null }[];
  /** The public thread: the customer's messages (`in`) and our replies (`out`), oldest first, without authors' names. */
  messages: { at: string; direction: 'in' | 'out'; text: string | null; attachments: { name: string; mime: string; size: number }[] }[];
  contentType: string;
  documentId: string;
  /** The customer's own language, when we know it. */
  customerLocale: 'zh-Hans' | 'en' | null;
}

/** A survey invitation as the survey page needs it (no personal data). */
export interface SurveyInvitation {
  status: 'open' | 'answered' | 'expired';
  reference: string | null;
  locale: 'zh-Hans' | 'en';
  contentType: string;
  documentId: string;
  /** The recorded answer, once answered. */
  score: number | null;
}

export type SurveyAnswerResult = { status: 200; reference: string | null; state: string; reopened: boolean } | { status: 404 | 409 };

export interface SurveyProvider {
  lookup(token: string): Promise<SurveyInvitation | null>;
  answer(token: string, answer: { score: number; comment?: string | null }): Promise<SurveyAnswerResult>;
}

/** A loyalty survey invitation as its page needs it (no personal data). */
export interface LoyaltyInvitation {
  status: 'open' | 'answered' | 'expired';
  locale: 'zh-Hans' | 'en';
  /** The campaign's name, for the page's heading. */
  campaign: string;
  score: number | null;
}

export type LoyaltyAnswerResult = { status: 200; followUp: boolean } | { status: 404 | 409 };

export type { CustomerLoyaltyInvitation } from '../../shared/loyalty';
import type { CustomerLoyaltyInvitation } from '../../shared/loyalty';

export interface LoyaltySurveyProvider {
  lookup(token: string): Promise<LoyaltyInvitation | null>;
  answer(token: string, answer: { score: number; comment?: string | null }): Promise<LoyaltyAnswerResult>;
  ofCustomer(customerDocumentId: string, limit: number): Promise<CustomerLoyaltyInvitation[]>;
}

/** A beta test invitation as its page needs it (no personal data): the test's name and questions. */
export interface BetaInvitation {
  status: 'open' | 'answered' | 'expired';
  locale: 'zh-Hans' | 'en';
  name: string;
  questions: { key: string; title: { en: string; 'zh-Hans': string }; kind: 'yes-partly-no' | 'yes-no' }[];
}

export type BetaAnswerResult = { status: 200 } | { status: 404 | 409 } | { status: 400; problems: { path: (string | number)[]; message: string }[] };

export interface BetaTestProvider {
  lookup(token: string): Promise<BetaInvitation | null>;
  answer(token: string, form: Record<string, unknown>): Promise<BetaAnswerResult>;
}

/** A care call another extension asks for: the customer, what it is about, when it is due (today when left out). */
export interface CareCallRequest {
  customer: string;
  summary: string;
  dueOn?: string;
  channel?: 'phone' | 'wechat' | 'email' | 'sms' | 'visit';
  /** Written on the call's audit event (e.g. the survey answer it follows up). */
  reason?: Record<string, unknown>;
}

export type CareCallOpener = (request: CareCallRequest) => Promise<{ documentId: string; reference: string | null }>;

/** One message of a template to one customer (`customerMessages.send`). */
export interface CustomerMessageRequest {
  /** A template under some extension's `contributes.templates` (an admin's saved text of it wins). */
  templateKey: string;
  /** The customer's documentId. */
  customer: string;
  /** The record whose message history shows it (default: the customer's). */
  about?: { contentType: string; documentId: string; reference?: string | null };
  /** Values of the template's own variables (e.g. `{ links: { survey } }`), beside `customer.name` and `company.name`. */
  variables?: Record<string, unknown>;
  /** A second request with the same key queues nothing. */
  dedupeKey: string;
  /** What sent it (shown in the message history), e.g. `loyalty.campaign`. */
  trigger: string;
}

export type CustomerMessageResult = { status: 'queued'; channel: string; locale: string; requestedChannel: string | null; fallbackReason: string | null } | { status: 'unreachable'; reason: string };

export type CustomerMessageSender = (request: CustomerMessageRequest) => Promise<CustomerMessageResult>;

/** A published knowledge article as customers may read it (no source feedback, no internal fields). */
export interface PublicKnowledgeArticle {
  documentId: string;
  locale: string;
  title: string;
  slug: string;
  problem: string;
  cause: string | null;
  /** Markdown. */
  solution: string;
  category: string | null;
  tags: string[];
  products: { model: string; name: string }[];
  updatedAt: string | null;
  helpful: number;
  notHelpful: number;
  translations: { locale: string; slug: string }[];
}

export interface KnowledgeArticleListing {
  title: string;
  slug: string;
  problem: string;
  category: string | null;
}

// --- Work queues -------------------------------------------------------------------------------

/** What one page of a work queue asks (`staffQueue.page`). */
export interface QueuePageInput {
  /** Whose queue: their departments and offices (member or head), all for super admins. */
  scope: { userId: number; allDepartments: boolean; departmentIds: number[]; officeIds?: number[] };
  /** Item kind ids; default every kind with a staff list. */
  kinds?: string[];
  /** Assigned to the caller, or to nobody. */
  assignee?: 'me' | 'none';
  /**
   * Only the items linked to the caller's departments or offices (not those without a department, nor
   * those merely assigned to or owned by the caller); ignored for super admins, who see every item.
   */
  linkedScope?: boolean;
  /** A running clock row past its due time (overdue), or due later today (business time zone). */
  clock?: 'overdue' | 'due-today';
  /** State categories (default new, open, paused: the open items). */
  categories?: ('new' | 'open' | 'paused' | 'done')[];
  states?: string[];
  severities?: string[];
  /** Per content type, lists or subqueries (knex) of document ids the items must be in (all of them), or null to leave the kind out. */
  within?: (contentType: string) => unknown[] | null;
  /** Where the page starts (from the previous page's `nextCursor`, decoded). */
  cursor?: { due: number; rank: number; id: number } | null;
  limit: number;
  locale?: string;
}

export type { QueueRow } from '../../shared/queues';

/** An item of a work queue's page as `staffQueue.candidates` returns it. */
export interface QueueCandidate {
  kind: string;
  contentType: string;
  id: number;
  documentId: string;
  reference: string | null;
  /** As `QueueRow.summary`: the start of the summary field, the contact data in it masked. */
  summary: string | null;
  /** The linked customer's document id (`QueueRow.customer.documentId`), or null. */
  customerDocumentId: string | null;
}
import type { QueueRow } from '../../shared/queues';

/** A phone number in E.164 (`+8613800138000`), or why it is not one. */
export type { NormalizedPhone } from './domain/intake/normalize-contact';
import type { NormalizedPhone } from './domain/intake/normalize-contact';
import type { CustomerRecord } from './domain/customers/customer-row';
/** A customer (`api::customer.customer`) as the query layer reads it, relations left out. */
export type { CustomerRecord } from './domain/customers/customer-row';

/** What a caller reads of each contact field of a customer: `full`, `masked` or `hidden`. */
export type ContactFieldAccess = 'full' | 'masked' | 'hidden';

export interface ContactDataApi {
  /** A phone number parsed with libphonenumber; one without a country code is read in `AFTER_SALES_PHONE_REGION`. */
  normalizePhone(raw: string): NormalizedPhone;
  /** An email address lower-cased and trimmed, or null when it is not one. */
  normalizeEmail(raw: string): string | null;
  /** The known customer this contact data belongs to (same normalised phone or email, oldest first), or null; runs in the caller's transaction. */
  matchCustomer(contact: { phone?: string | null; email?: string | null; phoneNormalized?: string | null; emailNormalized?: string | null }): Promise<CustomerRecord | null>;
  /** What the admin user of this request reads of contact data (as in the Content Manager); opaque, for `guard`. */
  accessFor(ctx: unknown): unknown;
  /** Whether `access` reads every contact field in full. */
  isFull(access: unknown): boolean;
  /** A copy of `data` (a customer, or anything of content type `uid` embedding customers) with `access` applied. */
  guard<T>(data: T, access: unknown, uid?: string): T;
  /** Drops the contact-data change proposals about one customer, in the caller's transaction (an erasure leaves none behind). */
  eraseProposals(trx: unknown, customerDocumentId: string): Promise<void>;
}

export interface ExtensionContext {
  extensionId: string;
  extensionPath: string;
  /** Everything pushed here is disposed when the extension is disabled or Strapi stops. */
  subscriptions: Disposable[];
  log: { info(message: string): void; warn(message: string): void; error(message: string): void };
  /** The API of the given version; throws for a version this plugin does not offer. */
  getApi(version: 1): AfterSalesApiV1;
  /** Database and document access (`strapi.db.query`, `strapi.documents`). */
  strapi: Core.Strapi;
}

export interface ExtensionModule {
  /**
   * Called once when Strapi starts, for every installed extension whether it is enabled or not,
   * before any `activate`: hands the context to the extension's own modules (its services and
   * controllers, see `createApiHandle`). Starts nothing: hooks, jobs and channels belong in `activate`.
   */
  register?(context: ExtensionContext): void;
  activate?(context: ExtensionContext): void | Promise<void>;
  deactivate?(): void | Promise<void>;
}

// ---- Item kinds (H2, issue #17) ------------------------------------------------------------------
// What one kind of work item means (owner, department, assignee, severity ladder, summary, customer,
// clocks, the customer's own words, tracking, intake mapping), declared beside its workflow under
// `contributes.itemKinds` and read through `getApi(1).itemKinds.get(uidOrKindId)` / `.list()`
// (core service `item-kinds`).
import type { ItemKind } from './domain/item-kinds/item-kind';
export type { ItemKind, ItemKindClock } from './domain/item-kinds/item-kind';

// ---- Report sections, widgets, channels (H5, issue #17) ------------------------------------------
import type { ReportsApi, WidgetsApi } from './extension-api-reports';
export * from './extension-api-reports';
export * from './extension-api-kit';

// ---- An extension's own modules ------------------------------------------------------------------

/**
 * Where an extension's own modules (services, controllers, routes) find its API and Strapi: the
 * extension's `register(context)` calls `bind(context)`; its modules call `api()` / `strapi()`.
 * Its own services it imports from its own files, never through the plugin's service registry.
 */
export const createApiHandle = (extensionId: string) => {
  let bound: ExtensionContext | null = null;
  const context = () => {
    if (!bound) throw new Error(`extension ${extensionId}: its API is not bound yet (register(context) has not run)`);
    return bound;
  };
  return {
    bind(value: ExtensionContext) {
      bound = value;
    },
    api: (): AfterSalesApiV1 => context().getApi(API_VERSION as 1),
    strapi: (): Core.Strapi => context().strapi,
  };
};
export type ApiHandle = ReturnType<typeof createApiHandle>;

/** One value per Strapi instance, made on first use (an extension's service shared by its routes, jobs and hooks). */
export const oncePerStrapi = <T>(make: (strapi: Core.Strapi) => T) => {
  const made = new WeakMap<Core.Strapi, T>();
  return (strapi: Core.Strapi): T => {
    if (!made.has(strapi)) made.set(strapi, make(strapi));
    return made.get(strapi)!;
  };
};
