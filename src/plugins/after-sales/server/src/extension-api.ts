/**
 * The API an extension's code receives in `activate(context)`. Built-in extensions use exactly
 * this; a third-party extension has the same powers.
 */
import type { Core } from '@strapi/strapi';
import type { WorkflowActor, WorkflowDefinition, TransitionDefinition, WorkflowRecord } from './domain/workflow/types';

export interface Disposable {
  dispose(): void | Promise<void>;
}

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

export interface ExtensionContext {
  extensionId: string;
  extensionPath: string;
  strapi: Core.Strapi;
  /** Everything pushed here is disposed when the extension is disabled or Strapi stops. */
  subscriptions: Disposable[];
  configuration: { get<T = unknown>(key: string): Promise<T> };
  actions: {
    registerGuard(id: string, handler: GuardHandler): Disposable;
    registerEffect(id: string, handler: EffectHandler): Disposable;
    registerAfter(id: string, handler: AfterHandler): Disposable;
  };
  events: {
    /** Called after the transition's transaction commits. */
    onTransition(listener: (event: TransitionEvent) => void | Promise<void>): Disposable;
  };
  log: { info(message: string): void; warn(message: string): void; error(message: string): void };
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
export type { ItemKind, ItemKindClock } from './domain/item-kinds/item-kind';

// ---- Report sections, widgets, channels (H5, issue #17) ------------------------------------------
export * from './extension-api-reports';
