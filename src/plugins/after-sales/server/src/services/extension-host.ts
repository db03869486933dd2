import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { BUILTIN_EXTENSIONS } from '../extensions';
import { validateManifest } from '../domain/extensions/validate-manifest';
import { settingErrors } from '../domain/extensions/settings';
import { resolveExtensions } from '../domain/extensions/resolve-extensions';
import type { ContributionPoint } from '../domain/extensions/contribution-points';
import type { ExtensionCandidate, ExtensionManifest, ManifestProblem } from '../domain/extensions/types';
import type {
  AfterHandler,
  AfterSalesApiV1,
  Disposable,
  DocumentMiddleware,
  EffectHandler,
  ExtensionContext,
  ExtensionModule,
  GuardHandler,
  SurveyProvider,
  LoyaltySurveyProvider,
  BetaTestProvider,
  CareCallOpener,
  ContributionOf,
  CustomerMessageSender,
  TransitionEvent,
} from '../extension-api';
import { API_VERSION } from '../extension-api';
import { ENGINE_VERSION, PLUGIN_ID, TABLES } from '../constants';
import { getService } from '../utils/get-service';
import { modelOf, queryOf } from '../utils/content-table';
import { isWorkflowEngineWrite } from '../utils/internal-write';
import { clientIp, clientKey } from '../utils/client-ip';
import type { RouteContext } from '../utils/route-context';

/** The admin user who switched an extension or changed its settings (for the audit trail). */
export interface StaffUser {
  id: number;
  firstname?: string | null;
  lastname?: string | null;
  email?: string | null;
}
import { isFull, type ContactAccess } from '../domain/privacy/contact-access';
import { HttpError, invalidInput } from '../utils/http-errors';
import { parseIntake } from '../validation/intake';
import { checkIntakeFiles, type IntakeFileLimits, type UploadedFile } from '../validation/intake-files';
import { staffName } from '../domain/staff/display-name';

export type ExtensionState = 'active' | 'inactive' | 'disabled' | 'failed';

export interface InstalledExtension {
  manifest: ExtensionManifest;
  location: string;
  manifestFile: string;
  builtin: boolean;
  loadModule: () => ExtensionModule | undefined;
  activationEvents: string[];
  enabled: boolean;
  activated: boolean;
  failure?: ManifestProblem;
  subscriptions: Disposable[];
  module?: ExtensionModule;
}

type Handler = { kind: 'guard'; fn: GuardHandler } | { kind: 'effect'; fn: EffectHandler } | { kind: 'after'; fn: AfterHandler };

type DocumentContext = Parameters<DocumentMiddleware>[0];
interface DocumentHook {
  extensionId: string;
  uids: Set<string>;
  middleware: DocumentMiddleware;
}

const STORE_KEY = 'extension-states';
const STORAGE_KEY_PREFIX = 'extension-storage:';
const SETTINGS_KEY = 'extension-settings';

const readCandidate = (strapi: Core.Strapi, entry: string): { candidate: ExtensionCandidate; dir?: string } => {
  const appRoot = strapi.dirs.app.root;
  let packageFile: string;
  try {
    packageFile = entry.startsWith('.') || path.isAbsolute(entry) ? path.resolve(appRoot, entry, 'package.json') : require.resolve(`${entry}/package.json`, { paths: [appRoot] });
  } catch {
    return { candidate: { location: entry, manifestFile: entry, manifest: undefined, readError: `cannot find package "${entry}"`, builtin: false } };
  }
  const base = { location: entry, manifestFile: path.relative(appRoot, packageFile), builtin: false };
  if (!fs.existsSync(packageFile)) return { candidate: { ...base, manifest: undefined, readError: 'package.json not found' } };
  try {
    const pkg = JSON.parse(fs.readFileSync(packageFile, 'utf8'));
    return { candidate: { ...base, manifest: pkg.afterSales, packageVersion: pkg.version }, dir: path.dirname(packageFile) };
  } catch (error) {
    return { candidate: { ...base, manifest: undefined, readError: `invalid JSON: ${(error as Error).message}` } };
  }
};

/** Implicit activation events, as VS Code derives them from contributions. */
const impliedActivationEvents = (manifest: ExtensionManifest): string[] => {
  const explicit = manifest.activationEvents ?? [];
  const implied = (manifest.contributes?.actions ?? []).flatMap((a) => a.actions.filter((id) => id !== '*').map((id) => `onAction:${id}`));
  const events = [...new Set([...explicit, ...implied])];
  return manifest.main && events.length === 0 ? ['onStartup'] : events;
};

/**
 * The extension host: reads every manifest (built-in and configured), validates it, orders them by
 * dependency, keeps each one's state, activates code on its activation events, and answers
 * "what is contributed" for the features that consume contribution points.
 */
const extensionHost = ({ strapi }: { strapi: Core.Strapi }) => {
  const installed = new Map<string, InstalledExtension>();
  const handlers = new Map<string, Handler>();
  const listeners = new Set<(event: TransitionEvent) => void | Promise<void>>();
  /** Events already fired: an extension enabled later is activated by `start`/`setEnabled`. */
  const fired = new Set<string>();
  /** `events.onStartupFinished` listeners, and whether start() has called them. */
  const startupListeners = new Set<() => void | Promise<void>>();
  let startupFinished = false;
  /** Document hooks of active extensions, in registration order; one document middleware (installed in register()) calls them. */
  const documentHooks: DocumentHook[] = [];
  /** Survey providers (the messages extension), the last one answers. */
  const surveyProviders: SurveyProvider[] = [];
  /** Loyalty survey providers (the loyalty extension) and care-call openers (the care extension), the last one answers. */
  const loyaltyProviders: LoyaltySurveyProvider[] = [];
  /** Beta test providers (the beta-tests extension), the last one answers. */
  const betaProviders: BetaTestProvider[] = [];
  const careOpeners: CareCallOpener[] = [];
  const customerMessageSenders: CustomerMessageSender[] = [];
  /** Adds to a provider list; disposing removes it. */
  const provideIn = <T>(list: T[], provider: T): Disposable => {
    list.push(provider);
    return disposable(() => {
      const index = list.indexOf(provider);
      if (index >= 0) list.splice(index, 1);
    });
  };
  /** Fallback orders of customer channels (the messages extension), the last one answers. */
  const fallbackOrders: (() => Promise<string[]>)[] = [];
  const log = (message: string) => strapi.log.warn(`[after-sales] ${message}`);
  const sections = () => getService(strapi, 'contributed-sections');

  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: STORE_KEY });
  const settingsStore = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: SETTINGS_KEY });

  const dependenciesOf = (ext: InstalledExtension) => [...(ext.manifest.extensionDependencies ?? []), ...(ext.manifest.extensionPack ?? [])];

  /**
   * Contribution points' entries, by point, as `contributions` last answered them: a screen asks for the
   * workflows once per row it shows (a state's title, the open states). Emptied whenever what `isUsable`
   * reads changes: the installed extensions, a switch, a failure.
   */
  const contributed = new Map<string, { extensionId: string; value: unknown }[]>();
  const usabilityChanged = () => contributed.clear();
  /**
   * Adds an extension to the installed ones, its `enabled` and `failure` (what `isUsable` reads) kept behind setters
   * that empty the contributions kept: whatever sets them (a switch, a failure at register or activate, the saved
   * switches at start) cannot leave a screen with stale contributions.
   */
  const install = (key: string, ext: InstalledExtension) => {
    let enabled = ext.enabled;
    let failure = ext.failure;
    Object.defineProperties(ext, {
      enabled: {
        enumerable: true,
        get: () => enabled,
        set: (value: boolean) => {
          enabled = value;
          usabilityChanged();
        },
      },
      failure: {
        enumerable: true,
        get: () => failure,
        set: (value: ManifestProblem | undefined) => {
          failure = value;
          usabilityChanged();
        },
      },
    });
    installed.set(key, ext);
    usabilityChanged();
  };

  /** Enabled, valid, and so are all its dependencies. */
  const isUsable = (id: string, seen = new Set<string>()): boolean => {
    const ext = installed.get(id);
    if (!ext || ext.failure || !ext.enabled || seen.has(id)) return !!ext && seen.has(id);
    seen.add(id);
    return (ext.manifest.extensionDependencies ?? []).every((dep) => isUsable(dep, seen));
  };

  const stateOf = (ext: InstalledExtension): ExtensionState => {
    if (ext.failure) return 'failed';
    if (!ext.enabled) return 'disabled';
    return ext.activated ? 'active' : 'inactive';
  };

  const settingsOf = async (ext: InstalledExtension): Promise<Record<string, unknown>> => {
    const defaults = Object.fromEntries(Object.entries(ext.manifest.contributes?.configuration?.properties ?? {}).map(([k, p]) => [k, p.default]));
    const saved = ((await settingsStore().get({})) ?? {}) as Record<string, Record<string, unknown>>;
    return { ...defaults, ...(saved[ext.manifest.id] ?? {}) };
  };

  const register = (ext: InstalledExtension, id: string, handler: Handler): Disposable => {
    const declared = (ext.manifest.contributes?.actions ?? []).find((a) => a.id === id);
    if (!declared || declared.kind !== handler.kind) {
      throw new Error(`extension ${ext.manifest.id} registers ${handler.kind} "${id}" that its manifest does not declare under contributes.actions`);
    }
    handlers.set(id, handler);
    return disposable(() => void handlers.delete(id));
  };

  const disposable = (dispose: () => void | Promise<void>): Disposable => {
    let done = false;
    return {
      dispose: async () => {
        if (done) return;
        done = true;
        await dispose();
      },
    };
  };

  const storageOf = (ext: InstalledExtension) => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: `${STORAGE_KEY_PREFIX}${ext.manifest.id}` });

  /** Checks of setting values that extensions register (`configuration.check`), per extension id. */
  type SettingCheck = Parameters<AfterSalesApiV1['configuration']['check']>[0];
  const settingChecks = new Map<string, Set<SettingCheck>>();

  /** Version 1 of the API, bound to one extension (its manifest decides what it may register). */
  const apiFor = (ext: InstalledExtension): AfterSalesApiV1 => {
    const id = ext.manifest.id;
    return {
      version: 1,
      configuration: {
        get: async <T>(key: string) => (await settingsOf(ext))[key] as T,
        all: () => settingsOf(ext),
        check(checker) {
          const checks = settingChecks.get(id) ?? new Set();
          settingChecks.set(id, checks.add(checker));
          return { dispose: () => void checks.delete(checker) };
        },
      },
      extension: { id, isUsable: () => isUsable(id) },
      contributions: (point) => host.contributions(point).map((c) => ({ ...c, manifestFile: installed.get(c.extensionId)?.manifestFile ?? c.extensionId })),
      storage: {
        async get<T>(key: string) {
          const all = ((await storageOf(ext).get({})) ?? {}) as Record<string, unknown>;
          return (Object.prototype.hasOwnProperty.call(all, key) ? all[key] : undefined) as T | undefined;
        },
        async set(key: string, value: unknown) {
          if (typeof key !== 'string' || !key) throw new Error(`extension ${id}: a storage key must be a non-empty string`);
          const all = ((await storageOf(ext).get({})) ?? {}) as Record<string, unknown>;
          const next = { ...all };
          if (value === undefined) delete next[key];
          else next[key] = JSON.parse(JSON.stringify(value));
          await storageOf(ext).set({ value: next });
        },
      },
      actions: {
        registerGuard: (actionId, fn) => register(ext, actionId, { kind: 'guard', fn }),
        registerEffect: (actionId, fn) => register(ext, actionId, { kind: 'effect', fn }),
        registerAfter: (actionId, fn) => register(ext, actionId, { kind: 'after', fn }),
      },
      events: {
        onTransition(listener) {
          listeners.add(listener);
          return disposable(() => void listeners.delete(listener));
        },
        onThreadEntry: (listener) => getService(strapi, 'thread').onEntry(listener),
        onEscalation: (listener) => getService(strapi, 'sla').onEscalation(listener),
        onStartupFinished(listener) {
          if (startupFinished) {
            Promise.resolve()
              .then(listener)
              .catch((error: Error) => log(`extension "${id}": its onStartupFinished listener failed: ${error.message}`));
            return disposable(() => undefined);
          }
          startupListeners.add(listener);
          return disposable(() => void startupListeners.delete(listener));
        },
      },
      clock: { now: () => getService(strapi, 'clock').now() },
      workflow: {
        apiActor: (ctx) => getService(strapi, 'workflow').apiActor(ctx as Parameters<ReturnType<typeof getService<'workflow'>>['apiActor']>[0]),
        adminActor: (user) => getService(strapi, 'workflow').adminActor(user),
        systemActor: (name) => ({ kind: 'system', id: null, name: name ?? id, headOf: [] }),
        isEngineWrite: () => isWorkflowEngineWrite(),
        readableRecord: (uidOrKindId, documentId, actor) => getService(strapi, 'workflow').readableRecord(uidOrKindId, documentId, actor),
        listActions: (uidOrKindId, documentId, actor, locale) => getService(strapi, 'workflow').listActions(uidOrKindId, documentId, actor, locale),
        check: (uidOrKindId, documentId, actionId, input, actor) => getService(strapi, 'workflow').check(uidOrKindId, documentId, actionId, input, actor),
        perform: (uidOrKindId, documentId, actionId, input, actor) => getService(strapi, 'workflow').perform(uidOrKindId, documentId, actionId, input, actor),
        definition: (uidOrWorkflowId) => getService(strapi, 'workflow').definitionFor(uidOrWorkflowId) ?? null,
        configuredDefinition: async (uidOrWorkflowId) => (await getService(strapi, 'workflow').configuredDefinitionFor(uidOrWorkflowId)) ?? null,
        definitions: () => getService(strapi, 'workflow').definitions(),
        timeline: (uidOrKindId, documentId, options) => getService(strapi, 'workflow').timeline(uidOrKindId, documentId, options),
      },
      outbox: {
        enqueue: (message) => getService(strapi, 'outbox').enqueue(message),
        enqueueMany: (messages) => getService(strapi, 'outbox').enqueueMany(messages),
        history: (contentType, documentId) => getService(strapi, 'outbox').history(contentType, documentId),
        recordDelivery: (channel, providerMessageId, status, detail) => getService(strapi, 'outbox').recordDelivery(channel, providerMessageId, status, detail),
        findByMessageId: (messageId) => getService(strapi, 'outbox').findByMessageId(messageId),
        messageIdDomain: () => getService(strapi, 'outbox').messageIdDomain(),
        dispatch: (limit) => getService(strapi, 'outbox').dispatch(limit),
        onUndelivered: (listener) => getService(strapi, 'outbox').onUndelivered(listener),
      },
      files: {
        store: (files) => getService(strapi, 'attachments').store(files),
        remove: (fileIds) => getService(strapi, 'attachments').remove(fileIds),
      },
      thread: {
        append: (entry) => getService(strapi, 'thread').append(entry),
        list: (contentType, documentId, options) => getService(strapi, 'thread').list(contentType, documentId, options),
        findByExternalId: (externalId) => getService(strapi, 'thread').findByExternalId(externalId),
      },
      sla: {
        async clocks(contentType, documentId) {
          const hasDepartment = modelOf(strapi, contentType)?.attributes.department?.type === 'relation';
          const record: Record<string, unknown> | null = await queryOf(strapi, contentType).findOne({
            where: { documentId },
            ...(hasDepartment ? { populate: { department: { select: ['id', 'code'] } } } : {}),
          });
          return record ? getService(strapi, 'sla').clocks(contentType, record) : [];
        },
        async escalationLevel(contentType, documentId) {
          const row = await strapi.db.connection(TABLES.escalations).where({ content_type: contentType, document_id: documentId }).orderBy('id', 'desc').first('level');
          return row?.level ?? null;
        },
        targets: (contentType, record) => getService(strapi, 'sla').targetsFor(contentType, record),
      },
      intake: {
        onPrepare: (hook) => getService(strapi, 'intake').onPrepare(hook),
        onReceived: (hook) => getService(strapi, 'intake').onReceived(hook),
        submit: (input, client) => getService(strapi, 'intake').submit(input, client),
        parse: (body) => parseIntake(body, getService(strapi, 'contact-data').phoneRegion()),
        async readFiles(uploaded) {
          const limits = strapi.config.get('plugin::after-sales.intakeFiles', { maxFiles: 5, maxFileBytes: 5242880, types: 'image/jpeg,image/png' }) as IntakeFileLimits;
          const checked = await checkIntakeFiles(uploaded as UploadedFile[], limits);
          if (checked.problems.length) throw invalidInput(checked.problems);
          return checked.files;
        },
        register: async (input, client, photos = []) => (await getService(strapi, 'intake').register(input, client, null, photos)).data,
        classify: (words) => getService(strapi, 'intake').classify(words),
        receiveDocument: (uid, params, client, write) => getService(strapi, 'intake').receiveDocument(uid, params, client, write),
      },
      tracking: {
        find: (reference, key, locale) => getService(strapi, 'tracking').findCase(reference, key, locale),
        linkKey: (contentType, documentId) => getService(strapi, 'tracking').linkKey(contentType, documentId),
        link: (reference, key) => getService(strapi, 'tracking').link(reference, key),
      },
      surveys: {
        provide(provider) {
          surveyProviders.push(provider);
          return disposable(() => {
            const index = surveyProviders.indexOf(provider);
            if (index >= 0) surveyProviders.splice(index, 1);
          });
        },
        lookup: async (token) => (surveyProviders.length ? surveyProviders[surveyProviders.length - 1].lookup(token) : null),
        answer: async (token, answer) => (surveyProviders.length ? surveyProviders[surveyProviders.length - 1].answer(token, answer) : { status: 404 as const }),
      },
      loyaltySurveys: {
        provide: (provider) => provideIn(loyaltyProviders, provider),
        lookup: async (token) => (loyaltyProviders.length ? loyaltyProviders[loyaltyProviders.length - 1].lookup(token) : null),
        answer: async (token, answer) => (loyaltyProviders.length ? loyaltyProviders[loyaltyProviders.length - 1].answer(token, answer) : { status: 404 as const }),
        ofCustomer: async (customerDocumentId, limit = 20) =>
          loyaltyProviders.length ? loyaltyProviders[loyaltyProviders.length - 1].ofCustomer(customerDocumentId, Math.min(Math.max(1, Math.floor(limit) || 20), 100)) : [],
      },
      betaTests: {
        provide: (provider) => provideIn(betaProviders, provider),
        lookup: async (token) => (betaProviders.length ? betaProviders[betaProviders.length - 1].lookup(token) : null),
        answer: async (token, form) => (betaProviders.length ? betaProviders[betaProviders.length - 1].answer(token, form) : { status: 404 as const }),
      },
      careCalls: {
        provide: (opener) => provideIn(careOpeners, opener),
        open: async (request) => (careOpeners.length ? careOpeners[careOpeners.length - 1](request) : null),
      },
      customerMessages: {
        provide: (sender) => provideIn(customerMessageSenders, sender),
        async send(request) {
          const sender = customerMessageSenders[customerMessageSenders.length - 1];
          if (!sender) throw new HttpError(503, 'Customer messages are switched off (no extension provides them)');
          return sender(request);
        },
      },
      knowledge: {
        search: (params) => getService(strapi, 'knowledge-base').search(params),
        topics: (locale) => getService(strapi, 'knowledge-base').helpTopics(locale),
        articles: (params) => getService(strapi, 'knowledge-base').helpArticles(params),
        article: (slug, locale) => getService(strapi, 'knowledge-base').helpArticle(slug, locale),
        castVote: (params) => getService(strapi, 'knowledge-base').castVote(params),
        async products(params) {
          const listed = await getService(strapi, 'knowledge-base').products(params);
          return { products: listed.data, total: listed.meta.pagination.total };
        },
      },
      rateLimits: {
        clientKey: (ctx) => clientKey(clientIp(ctx as RouteContext, strapi.config.get<string[]>('plugin::after-sales.trustedProxies', []))),
        hit: async (bucket, perMinute) => {
          const { allowed, retryAfterSeconds } = await getService(strapi, 'rate-limit').hit(bucket, perMinute, 60_000);
          return { allowed, retryAfterSeconds };
        },
        limits: () => ({
          intakePerIp: strapi.config.get<number>('plugin::after-sales.rateLimits.intakePerIpPerMinute', 30),
          trackPerIp: strapi.config.get<number>('plugin::after-sales.rateLimits.trackPerIpPerMinute', 60),
          votePerIp: strapi.config.get<number>('plugin::after-sales.rateLimits.votePerIpPerMinute', 10),
        }),
      },
      documents: {
        use(uids, middleware) {
          const list = Array.isArray(uids) ? uids : [uids];
          if (!list.length || list.some((uid) => typeof uid !== 'string' || !uid.includes('::'))) {
            throw new Error(`extension ${id}: documents.use needs content-type uids (e.g. "api::feedback.feedback")`);
          }
          const hook: DocumentHook = { extensionId: id, uids: new Set(list), middleware };
          documentHooks.push(hook);
          return disposable(() => {
            const index = documentHooks.indexOf(hook);
            if (index >= 0) documentHooks.splice(index, 1);
          });
        },
      },
      channels: {
        register(channelId, provider) {
          const declared = (ext.manifest.contributes?.channels ?? []).some((c: { id: string }) => c.id === channelId);
          if (!declared) throw new Error(`extension ${id} registers channel "${channelId}" that its manifest does not declare under contributes.channels`);
          const outbox = getService(strapi, 'outbox');
          if (outbox.channelIds().includes(channelId)) throw new Error(`extension ${id}: channel "${channelId}" is registered already`);
          return outbox.registerChannel(channelId, provider);
        },
        list: () => getService(strapi, 'outbox').channelIds(),
        refusal: (channelId, message) => getService(strapi, 'outbox').refusal(channelId, message),
        status: (channelId) => getService(strapi, 'outbox').channelStatus(channelId),
        provideFallbackOrder(read) {
          fallbackOrders.push(read);
          return disposable(() => {
            const index = fallbackOrders.indexOf(read);
            if (index >= 0) fallbackOrders.splice(index, 1);
          });
        },
        fallbackOrder: async () => (fallbackOrders.length ? fallbackOrders[fallbackOrders.length - 1]() : getService(strapi, 'outbox').channelIds()),
      },
      templates: {
        render: (input) => getService(strapi, 'messages').renderTemplate(input),
        list: (locale) =>
          getService(strapi, 'messages')
            .contributedTemplates()
            .map((t) => ({ id: t.id, subject: (locale === 'en' ? t.en?.subject : t['zh-Hans']?.subject) ?? t.id })),
        async renderForItem(key, contentType, documentId, locale) {
          const workflow = getService(strapi, 'workflow').definitionFor(contentType);
          const record: ({ customer?: Record<string, unknown> | null } & Record<string, unknown>) | null = await queryOf(strapi, contentType).findOne({
            where: { documentId },
            populate: { customer: true },
          });
          if (!workflow || !record) return null;
          const lang = locale ?? (record.customer?.locale === 'en' ? 'en' : 'zh-Hans');
          const rendered = await getService(strapi, 'messages').preview(key, lang, { ...record, __workflow: workflow.id }, record.customer ?? null);
          return rendered.ok ? { subject: rendered.subject, text: rendered.text } : null;
        },
      },
      reports: { registerSection: (sectionId, handler) => sections().registerSection(ext.manifest, sectionId, handler) },
      widgets: { registerWidget: (widgetId, handler) => sections().registerWidget(ext.manifest, widgetId, handler) },
      itemKinds: {
        get: (uidOrKindId) => getService(strapi, 'item-kinds').get(uidOrKindId),
        list: () => getService(strapi, 'item-kinds').list(),
        all: () => getService(strapi, 'item-kinds').all(),
      },
      escalation: {
        registerStep: (stepId, step) => getService(strapi, 'sla').registerEscalationStep(stepId, step),
      },
      jobs: {
        schedule: (job) => getService(strapi, 'jobs').schedule(job, () => isUsable(id) && ext.activated),
      },
      audit: {
        append: (event, trx) =>
          getService(strapi, 'audit').append(
            {
              contentType: event.contentType ?? `extension::${id}`,
              documentId: event.documentId ?? '-',
              reference: event.reference ?? null,
              action: event.action,
              actor: event.actor ?? { kind: 'system', id: null, name: id },
              note: event.details === undefined ? null : typeof event.details === 'string' ? event.details : JSON.stringify(event.details),
              fromState: event.fromState,
              toState: event.toState,
              changedFields: event.changedFields,
              at: event.at,
            },
            trx as Knex.Transaction | undefined
          ),
      },
      contactData: {
        normalizePhone: (raw) => getService(strapi, 'contact-data').normalizePhone(raw),
        normalizeEmail: (raw) => getService(strapi, 'contact-data').normalizeEmail(raw),
        matchCustomer: (contact) => getService(strapi, 'contact-data').matchCustomer(contact),
        accessFor: (ctx) => getService(strapi, 'contact-data').accessFor(ctx),
        isFull: (access) => isFull(access as ContactAccess),
        guard: (data, access, uid) => getService(strapi, 'contact-data').guardCustomer(data, access as ContactAccess, uid),
        eraseProposals: (trx, customerDocumentId) => getService(strapi, 'contact-proposals').eraseFor(trx as Knex, customerDocumentId),
      },
      staffQueue: {
        page: (input) => getService(strapi, 'staff-queue').page(input),
        candidates: (input) => getService(strapi, 'staff-queue').candidates(input),
        rows: (items, locale) => getService(strapi, 'staff-queue').rows(items, locale),
      },
      records: {
        assertMayRead: (ctx, uidOrKindId, documentId) => getService(strapi, 'record-access').assertMayRead(ctx, uidOrKindId, documentId),
        find: (uid, documentId, populate) => getService(strapi, 'record-access').findRecord(uid, documentId, populate),
      },
    };
  };

  const contextFor = (ext: InstalledExtension): ExtensionContext => {
    let api: AfterSalesApiV1 | undefined;
    return {
      extensionId: ext.manifest.id,
      extensionPath: ext.location,
      strapi,
      subscriptions: ext.subscriptions,
      getApi(version: number) {
        if (version !== API_VERSION) throw new Error(`extension ${ext.manifest.id} asks for version ${version} of the after-sales API; this plugin offers version ${API_VERSION}`);
        return (api ??= apiFor(ext));
      },
      log: {
        info: (m) => strapi.log.info(`[${ext.manifest.id}] ${m}`),
        warn: (m) => strapi.log.warn(`[${ext.manifest.id}] ${m}`),
        error: (m) => strapi.log.error(`[${ext.manifest.id}] ${m}`),
      },
    } as ExtensionContext;
  };

  const activate = async (ext: InstalledExtension) => {
    if (ext.activated || !isUsable(ext.manifest.id)) return;
    for (const dep of dependenciesOf(ext)) {
      const depExt = installed.get(dep);
      if (depExt) await activate(depExt);
    }
    try {
      ext.module = ext.loadModule();
      await ext.module?.activate?.(contextFor(ext));
      ext.activated = true;
    } catch (error) {
      await disposeAll(ext);
      ext.failure = { file: ext.manifestFile, field: 'afterSales.main', message: `activate() failed: ${(error as Error).message}` };
      log(`extension "${ext.manifest.id}" (${ext.manifestFile}) failed: ${ext.failure.message}`);
    }
  };

  const disposeAll = async (ext: InstalledExtension) => {
    for (const subscription of ext.subscriptions.splice(0).reverse()) {
      try {
        await subscription.dispose();
      } catch (error) {
        log(`extension "${ext.manifest.id}": a subscription failed to dispose: ${(error as Error).message}`);
      }
    }
  };

  const deactivate = async (ext: InstalledExtension) => {
    if (!ext.activated) return;
    try {
      await ext.module?.deactivate?.();
    } finally {
      await disposeAll(ext);
      ext.activated = false;
    }
  };

  const matches = (events: string[], event: string) => events.includes('*') || events.includes(event);

  /** Sets one extension's switch in this instance: deactivates what is no longer usable, activates what now is. */
  const applySwitch = async (ext: InstalledExtension, enabled: boolean) => {
    ext.enabled = enabled;
    if (!enabled) {
      for (const other of installed.values()) if (!isUsable(other.manifest.id)) await deactivate(other);
    } else {
      for (const other of installed.values()) {
        if (!other.activated && other.activationEvents.some((e) => e === '*' || fired.has(e))) await activate(other);
      }
    }
  };

  /**
   * Switches saved by another instance reach this one: every `extensionPollMs` the saved switches
   * (one small row) are read and compared with the last ones seen; a change is applied here.
   */
  let switchesSeen = '';
  let switchPoll: NodeJS.Timeout | null = null;
  let switchPollRun: Promise<void> | null = null;
  const readSwitches = async () => ((await store().get({})) ?? {}) as Record<string, { enabled: boolean }>;
  const applySavedSwitches = async () => {
    const saved = await readSwitches();
    const serialized = JSON.stringify(saved);
    if (serialized === switchesSeen) return;
    switchesSeen = serialized;
    for (const ext of installed.values()) {
      const enabled = saved[ext.manifest.id]?.enabled ?? true;
      if (ext.enabled !== enabled) await applySwitch(ext, enabled);
    }
  };
  const startSwitchPoll = () => {
    const intervalMs = strapi.config.get<number>(`plugin::${PLUGIN_ID}.extensionPollMs`, 5000);
    if (switchPoll || !(intervalMs > 0)) return;
    switchPoll = setInterval(() => {
      if (switchPollRun) return;
      switchPollRun = applySavedSwitches()
        .catch((error: Error) => void log(`reading the extension switches failed: ${error.message}`))
        .finally(() => {
          switchPollRun = null;
        });
    }, intervalMs);
    switchPoll.unref();
  };
  const stopSwitchPoll = async () => {
    if (switchPoll) clearInterval(switchPoll);
    switchPoll = null;
    await switchPollRun;
  };

  /** Switching an extension and changing its settings are audited: who, when, which settings (not their values). */
  const auditChange = (id: string, action: string, changedFields: string[], by?: StaffUser) =>
    getService(strapi, 'audit').append({
      contentType: `extension::${id}`,
      documentId: '-',
      reference: null,
      action,
      actor: by ? { kind: 'admin', id: by.id, name: staffName(by, String(by.id)) as string } : { kind: 'system', id: null, name: 'after-sales' },
      note: null,
      changedFields,
    });

  const host = {
    /** Reads and validates every manifest. Runs in register(): file system only, no database. */
    load() {
      installed.clear();
      usabilityChanged();
      const candidates: { candidate: ExtensionCandidate; loadModule: () => ExtensionModule | undefined }[] = [];
      for (const builtin of BUILTIN_EXTENSIONS) {
        candidates.push({
          candidate: {
            location: `builtin:${builtin.folder}`,
            manifestFile: `src/plugins/after-sales/server/src/extensions/${builtin.folder}/package.json`,
            manifest: builtin.packageJson.afterSales,
            packageVersion: builtin.packageJson.version,
            builtin: true,
          },
          loadModule: () => builtin.main,
        });
      }
      const configured = strapi.config.get<string[]>(`plugin::${PLUGIN_ID}.extensions`, []);
      for (const entry of configured) {
        const { candidate, dir } = readCandidate(strapi, entry);
        candidates.push({
          candidate,
          loadModule: () => {
            const manifest = candidate.manifest as ExtensionManifest;
            if (!manifest.main || !dir) return undefined;
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            return require(path.resolve(dir, manifest.main)) as ExtensionModule;
          },
        });
      }

      const valid: { manifest: ExtensionManifest; file: string; candidate: ExtensionCandidate; loadModule: () => ExtensionModule | undefined }[] = [];
      for (const { candidate, loadModule } of candidates) {
        const result = validateManifest(candidate, ENGINE_VERSION);
        if (result.ok) {
          valid.push({ manifest: result.manifest, file: candidate.manifestFile, candidate, loadModule });
        } else {
          const raw = candidate.manifest as { id?: unknown } | undefined;
          const id = typeof raw?.id === 'string' ? raw.id : candidate.location;
          install(id, {
            manifest: { id, engines: { afterSales: '*' }, version: candidate.packageVersion },
            location: candidate.location,
            manifestFile: candidate.manifestFile,
            builtin: candidate.builtin,
            loadModule: () => undefined,
            activationEvents: [],
            enabled: true,
            activated: false,
            failure: result.problem,
            subscriptions: [],
          });
          log(`extension "${id}" disabled: ${result.problem.file}: ${result.problem.field}: ${result.problem.message}`);
        }
      }
      const { order, failures } = resolveExtensions(
        valid.map(({ manifest, file }) => ({ manifest, file })),
        new Set(installed.keys())
      );
      const loadable = new Set(order);
      for (const entry of valid) {
        const { manifest } = entry;
        const ok = loadable.has(manifest);
        // A later duplicate of an id is listed under its file, and never replaces the first.
        const key = installed.has(manifest.id) ? `${manifest.id} (${entry.file})` : manifest.id;
        const failure = ok ? undefined : failures.get(manifest.id);
        if (failure) log(`extension "${manifest.id}" disabled: ${failure.file}: ${failure.field}: ${failure.message}`);
        install(key, {
          manifest: key === manifest.id ? manifest : { ...manifest, id: key },
          location: entry.candidate.location,
          manifestFile: entry.file,
          builtin: entry.candidate.builtin,
          loadModule: entry.loadModule,
          activationEvents: impliedActivationEvents(manifest),
          enabled: true,
          activated: false,
          failure: ok ? undefined : (failure ?? { file: entry.file, field: 'afterSales.id', message: 'not loaded' }),
          subscriptions: [],
        });
      }
    },

    /** Applies the saved on/off switches, then activates what starts with the app. Runs in bootstrap(). */
    async start() {
      const saved = await readSwitches();
      switchesSeen = JSON.stringify(saved);
      for (const ext of installed.values()) ext.enabled = saved[ext.manifest.id]?.enabled ?? true;
      for (const ext of installed.values()) {
        if (ext.failure) continue;
        try {
          ext.module = ext.loadModule();
          ext.module?.register?.(contextFor(ext));
        } catch (error) {
          ext.failure = { file: ext.manifestFile, field: 'afterSales.main', message: `register() failed: ${(error as Error).message}` };
          log(`extension "${ext.manifest.id}" (${ext.manifestFile}) failed: ${ext.failure.message}`);
        }
      }
      await this.fire('onStartup');
      startupFinished = true;
      for (const listener of [...startupListeners]) await listener();
      startupListeners.clear();
      startSwitchPoll();
    },

    /** Activates every usable extension listening for this event (dependencies first). */
    async fire(event: string) {
      if (fired.has(event)) return;
      fired.add(event);
      for (const ext of installed.values()) {
        if (!ext.activated && matches(ext.activationEvents, event)) await activate(ext);
      }
    },

    async stop() {
      await stopSwitchPoll();
      for (const ext of [...installed.values()].reverse()) await deactivate(ext);
    },

    list() {
      return [...installed.values()].map((ext) => ({
        id: ext.manifest.id,
        version: ext.manifest.version ?? '0.0.0',
        displayName: ext.manifest.displayName ?? ext.manifest.id,
        description: ext.manifest.description ?? null,
        builtin: ext.builtin,
        location: ext.location,
        state: stateOf(ext),
        reason: ext.failure
          ? `${ext.failure.file}: ${ext.failure.field}: ${ext.failure.message}`
          : !ext.enabled
            ? 'disabled by an administrator'
            : !isUsable(ext.manifest.id)
              ? 'a dependency is disabled'
              : null,
        activationEvents: ext.activationEvents,
        extensionDependencies: ext.manifest.extensionDependencies ?? [],
        extensionPack: ext.manifest.extensionPack ?? [],
        contributes: Object.fromEntries(
          Object.entries(ext.manifest.contributes ?? {}).map(([point, value]) => [
            point,
            Array.isArray(value) ? value.map((v: { id: string }) => v.id) : Object.keys((value as { properties: object }).properties ?? {}),
          ])
        ),
      }));
    },

    get(id: string) {
      return installed.get(id);
    },

    /**
     * The one document middleware of all extensions (Strapi takes document middlewares only in
     * register()): calls the hooks registered for the document's content type, in order.
     */
    documentMiddleware(): DocumentMiddleware {
      return (ctx, next) => {
        const hooks = documentHooks.filter((hook) => hook.uids.has(ctx.uid) && isUsable(hook.extensionId));
        const call = (index: number, context: DocumentContext): ReturnType<typeof next> =>
          index === hooks.length ? next() : (hooks[index].middleware(context, () => call(index + 1, context)) as ReturnType<typeof next>);
        return call(0, ctx);
      };
    },

    /** Enabled, valid, with every dependency usable too. */
    isUsable(id: string) {
      return isUsable(id);
    },

    async setEnabled(id: string, enabled: boolean, by?: StaffUser) {
      const ext = installed.get(id);
      if (!ext) return null;
      const saved = { ...(await readSwitches()), [id]: { enabled } };
      await store().set({ value: saved });
      switchesSeen = JSON.stringify(saved);
      await applySwitch(ext, enabled);
      await auditChange(id, enabled ? 'extension-enabled' : 'extension-disabled', ['enabled'], by);
      return this.list().find((e) => e.id === id)!;
    },

    /** Entries of a contribution point from usable extensions, with who contributed them. */
    contributions<P extends string>(point: P): { extensionId: string; value: ContributionOf<P> }[] {
      type Entry = ContributionOf<P>;
      let result = contributed.get(point) as { extensionId: string; value: Entry }[] | undefined;
      if (!result) {
        result = [];
        for (const ext of installed.values()) {
          if (!isUsable(ext.manifest.id)) continue;
          const value = ext.manifest.contributes?.[point as ContributionPoint];
          if (Array.isArray(value)) for (const entry of value as Entry[]) result.push({ extensionId: ext.manifest.id, value: entry });
          else if (value) result.push({ extensionId: ext.manifest.id, value: value as Entry });
        }
        contributed.set(point, result);
      }
      // A copy: a caller may sort or filter what it gets.
      return [...result];
    },

    /** Every manifest's declared contributions, usable or not (for permission registration). */
    allManifests(): ExtensionManifest[] {
      return [...installed.values()].filter((e) => !e.failure).map((e) => e.manifest);
    },

    /** The handlers hooked on one workflow action, in extension order, activating their extensions first. */
    async handlersFor<K extends Handler['kind']>(workflowId: string, actionId: string, kind: K) {
      await this.fire(`onAction:${actionId}`);
      const found: { id: string; extensionId: string; handler: Extract<Handler, { kind: K }>; configuration: Record<string, unknown> }[] = [];
      for (const { extensionId, value } of this.contributions('actions')) {
        // "*" hooks every workflow / every action (declared as such in the manifest).
        if (value.kind !== kind || (value.workflow !== workflowId && value.workflow !== '*') || !(value.actions.includes(actionId) || value.actions.includes('*'))) continue;
        const handler = handlers.get(value.id);
        if (!handler) throw new Error(`extension ${extensionId} declares ${kind} "${value.id}" but registered no handler for it`);
        // Registered under its declared kind (`register` checks), which is the one asked for.
        found.push({ id: value.id, extensionId, handler: handler as Extract<Handler, { kind: K }>, configuration: await settingsOf(installed.get(extensionId)!) });
      }
      return found;
    },

    async emitTransition(event: TransitionEvent) {
      for (const listener of [...listeners]) {
        try {
          await listener(event);
        } catch (error) {
          log(`a transition listener failed: ${(error as Error).message}`);
        }
      }
    },

    async getSettings(id: string) {
      const ext = installed.get(id);
      return ext ? settingsOf(ext) : null;
    },

    /** Validates values against the extension's configuration schema; returns field errors or saves. */
    async saveSettings(id: string, values: Record<string, unknown>, by?: StaffUser) {
      const ext = installed.get(id)!;
      const properties = ext.manifest.contributes?.configuration?.properties ?? {};
      const errors = settingErrors(properties, values);
      if (!errors.length) {
        for (const check of settingChecks.get(id) ?? []) {
          for (const problem of await check(values)) if (problem.key in values) errors.push({ path: `data.${problem.key}`, message: problem.message });
        }
      }
      if (errors.length) return { ok: false as const, errors };
      const saved = ((await settingsStore().get({})) ?? {}) as Record<string, Record<string, unknown>>;
      await settingsStore().set({ value: { ...saved, [id]: { ...(saved[id] ?? {}), ...values } } });
      await auditChange(id, 'extension-settings-changed', Object.keys(values), by);
      return { ok: true as const, values: await settingsOf(ext) };
    },
  };
  return host;
};

export default extensionHost;
