/**
 * The after-sales extension API, version 1: what an extension's code receives in
 * `activate(context)` and reaches through `context.getApi(1)`. Built-in extensions use exactly
 * this; a third-party extension has the same powers. Published as
 * `strapi-plugin-after-sales/extension-api` (types, and the few runtime values below).
 */
import type { Core } from '@strapi/strapi';
import type { WorkflowActor, WorkflowDefinition, TransitionDefinition, WorkflowRecord } from './domain/workflow/types';
import type { EscalationLevel } from './domain/sla/escalation-levels';

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

// --- Intake ----------------------------------------------------------------------------------

/** Adds field values before a received item is written (e.g. the SLA's due dates). */
export interface IntakePrepareHook {
  (args: { strapi: Core.Strapi; kind: 'feedback' | 'complaint'; uid: string; data: Record<string, any>; now: Date }): Promise<Record<string, unknown> | void> | Record<string, unknown> | void;
}

/** Runs once a received item is written, in its transaction (e.g. to queue the acknowledgement). */
export interface IntakeHook {
  (args: { strapi: Core.Strapi; kind: 'feedback' | 'complaint'; item: Record<string, any>; customer: Record<string, any>; trackingToken: string; now: Date }): Promise<void> | void;
}

// --- Documents -------------------------------------------------------------------------------

/** A document-service middleware (Strapi's `strapi.documents.use`), called only for the uids it was registered for. */
export type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

// --- Channels --------------------------------------------------------------------------------

/** Delivers the outbox's messages of one channel (email, SMS, a webhook, …). */
export interface ChannelProvider {
  /** False when the channel is not configured (e.g. no SMTP): messages are held, not attempted. */
  isConfigured(): boolean;
  /** `messageId`: stable per outbox row, the same on every retry, so a receiver can drop a repeat. */
  send(message: { recipient: string; subject: string | null; text: string | null; html: string | null; id: number; reference: string | null; messageId?: string }): Promise<void>;
}

// --- Escalation ------------------------------------------------------------------------------

export interface EscalationStepContext {
  strapi: Core.Strapi;
  trx: any;
  /** The item's content type. */
  contentType: string;
  record: Record<string, any>;
  level: EscalationLevel;
  at: Date;
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
}

// --- The API ---------------------------------------------------------------------------------

export interface AfterSalesApiV1 {
  version: 1;
  /** The extension's settings (manifest `contributes.configuration`), defaults merged with what the admin saved. */
  configuration: { get<T = unknown>(key: string): Promise<T> };
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
  };
  /** Hooks of the intake API (public form, API tokens): before the item is written, and in its transaction. */
  intake: { onPrepare(hook: IntakePrepareHook): Disposable; onReceived(hook: IntakeHook): Disposable };
  /** Document-service middlewares, called only for the given content types (uids), while the extension is active. */
  documents: { use(uids: string | string[], middleware: DocumentMiddleware): Disposable };
  /** Delivery channels of the outbox; an id must be declared under the manifest's `contributes.channels`. */
  channels: { register(id: string, provider: ChannelProvider): Disposable; list(): string[] };
  /** What each kind of work item means (owner, severity ladder, clocks, customer's words…), from every usable extension's `contributes.itemKinds`. */
  itemKinds: { get(uidOrKindId: string): ItemKind | undefined; list(): ItemKind[] };
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
