import type { Core } from '@strapi/strapi';
import { createRenderer, validateTemplate, RenderError, HELPERS, type MessageTemplate } from '../../domain/messages/renderer';
import type { TemplateContribution } from '../../domain/extensions/types';
import { TEMPLATE_VARIABLES, staffNoticeItem } from '../../domain/messages/variables';
import { targetWording } from '../../domain/sla/target-wording';
import type { Target } from '../../domain/sla/target';
import { chooseChannel, type ChannelOption } from '../../domain/messages/channel-choice';
import { LANDLINE_REFUSAL, smsAddressOf, undeliveredReason, unreachableReason, type CustomerContact } from '../../domain/messages/reachability';
import { languageOf } from '../../domain/notifications/kinds';
import { errors, oncePerStrapi, populatedOf, queryOf, type CustomerMessageRequest, type CustomerMessageResult, type OutboxMessage, type UndeliveredMessage } from '../../extension-api';
import { messagesApi as api } from './handle';
import { fillLinkTemplate, PORTAL_BASE, surveyLink } from '../../domain/portal/links';
import { staffName, type StaffNameParts } from '../../domain/staff/display-name';
import { INTAKE_DEPARTMENT } from '../../domain/staff/intake-department';
import { dateTimeFormat } from '../../domain/dates/intl-formats';

export const TEMPLATE_UID = 'plugin::after-sales.message-template';
const LOCALES = ['zh-Hans', 'en'] as const;
/** The fallback order when the messages extension's `channelFallback` setting is not read (a message sent by hand before start). */
export const DEFAULT_CHANNEL_FALLBACK = ['sms', 'email'];
/** Channels whose text is their own (an SMS has no subject and is short): never the email text. */
const OWN_TEXT_CHANNELS = new Set(['sms']);
/** The customer's `preferredChannel` (how they came to us, or what they asked for) as a message channel. */
const PREFERRED: Record<string, string> = { email: 'email', sms: 'sms', hotline: 'sms' };
/** A customer as the query layer reads it: the fields messages read by name typed, the rest unknown. */
export type MessageCustomer = Record<string, unknown> &
  CustomerContact & { id?: number; documentId?: string; name?: string | null; locale?: string | null; preferredChannel?: string | null; privacyState?: string | null };
/** The record a message is about: its fields by the names its item kind gives; the few read by name typed. */
export type MessageRecord = Record<string, unknown> & {
  documentId?: string;
  reference?: string | null;
  state?: string;
  /** The customer, populated or as an id. */
  customer?: MessageCustomer | number | null;
  __workflow?: string;
};
/** A populated customer relation of a record (`customer: true`, or some of its fields), or null. */
export const customerOf = (value: unknown): MessageCustomer | null => populatedOf(value);
/** A customer's language for messages: theirs when it is one we write in, else Chinese. */
export const customerLocale = (customer: MessageCustomer | null | undefined): (typeof LOCALES)[number] => (customer?.locale === 'zh-Hans' || customer?.locale === 'en' ? customer.locale : 'zh-Hans');
/** A staff member told of a call owed. */
type StaffMember = StaffNameParts & { id: number; email?: string | null; preferedLanguage?: string | null; isActive?: boolean | null; blocked?: boolean | null };
/** A department: its head and members. */
type StaffUnit = { head?: StaffMember | null; members?: StaffMember[] | null };
/** A message template an admin saved (an override of an extension's default). */
export interface SavedTemplate {
  documentId: string;
  key: string;
  channel: string;
  locale: string;
  subject: string | null;
  body: string;
  enabled: boolean | null;
  version: number | null;
}

/** The customer's address on a channel. */
const addressOf = (customer: MessageCustomer | null, channel: string): string | null => {
  if (!customer) return null;
  if (channel === 'email') return customer.email?.trim() || null;
  if (channel === 'sms') return smsAddressOf(customer).address;
  return null;
};
/** The staff member's admin language (`preferedLanguage`), as staff notifications read it. */
const staffLocale = (member: StaffMember | null | undefined) => languageOf(typeof member?.preferedLanguage === 'string' ? member.preferedLanguage : null);
/** The template of the call a staff member owes a customer no automatic message reaches. */
export const CALL_CUSTOMER_TEMPLATE = 'staff.call-customer';

/**
 * Customer messages: picks the template (an admin's saved override, else the extension's default;
 * the customer's language, else zh-Hans), renders it against the record, and queues it in the
 * outbox inside the current transaction.
 */
/** One message to render and queue for one record. */
export interface QueueArgs {
  key: string;
  contentType: string;
  workflow: string;
  /** The stored record (it has its document id), or the item an intake just wrote. */
  record: MessageRecord;
  customer?: MessageCustomer | null;
  trigger: string;
  dedupe: string;
  links?: { tracking?: string; survey?: string };
  /**
   * The item's single links (assignee, department, owner… by field: id, or null when empty) as the
   * caller knows them (the intake wrote them): a call owed reads its people from these instead of
   * reading the item back. A field absent here is read from the item.
   */
  relations?: Record<string, number | null>;
}

const messages = ({ strapi }: { strapi: Core.Strapi }) => {
  let fallbackOrder: () => Promise<string[]> = async () => DEFAULT_CHANNEL_FALLBACK;
  const renderer = createRenderer({ cache: strapi.config.get<boolean>('plugin::after-sales.templateCache', true) });
  const config = <T>(key: string, fallback: T) => strapi.config.get(`plugin::after-sales.${key}`, fallback) as T;
  const publicUrl = () => (strapi.config.get<string>('server.url') || `http://localhost:${strapi.config.get('server.port')}`).replace(/\/$/, '');

  const contributed = (): TemplateContribution[] =>
    api()
      .contributions('templates')
      .map((c) => c.value);

  /** The extension's default text of a template for a channel and language: its own for the channel, else (not for SMS) the email text. */
  const defaultText = (template: TemplateContribution | undefined, lang: string, channel: string): { subject: string; body: string } | null => {
    if (!template) return null;
    const own = template.perChannel?.[channel]?.[lang as 'zh-Hans' | 'en'];
    if (own) return { subject: own.subject ?? '', body: own.body };
    if (OWN_TEXT_CHANNELS.has(channel)) return null;
    return template[lang as 'zh-Hans' | 'en'] ?? null;
  };

  const resolveTemplate = async (key: string, locale: string, channel = 'email'): Promise<MessageTemplate | null> => {
    // The customer's language, then Chinese (once when they are the same).
    for (const lang of new Set([locale, 'zh-Hans'])) {
      const saved: SavedTemplate | null = await queryOf(strapi, TEMPLATE_UID).findOne({ where: { key, locale: lang, channel, enabled: true }, orderBy: { updatedAt: 'desc' } });
      if (saved) return { key, channel, locale: lang, subject: saved.subject ?? '', body: saved.body, version: saved.version ?? 1 };
      const text = defaultText(
        contributed().find((t) => t.id === key),
        lang,
        channel
      );
      if (text) return { key, channel, locale: lang, subject: text.subject, body: text.body, version: 0 };
    }
    return null;
  };
  type Resolve = typeof resolveTemplate;
  /**
   * `resolveTemplate` read once per template, language and channel for the work of one message
   * (choosing its channel, rendering it, the call owed and its emails ask for the same ones again):
   * an admin's change to a template applies from the next message on, as before.
   */
  const resolveOnce = (): Resolve => {
    const read = new Map<string, Promise<MessageTemplate | null>>();
    return (key, locale, channel = 'email') => {
      const id = JSON.stringify([key, locale, channel]);
      if (!read.has(id)) read.set(id, resolveTemplate(key, locale, channel));
      return read.get(id)!;
    };
  };

  /**
   * The tracking page of a case with its link key (every message after the acknowledgement, and what
   * staff start a reply from); the portal's start page for a kind that cannot be tracked (service records).
   */
  const caseTrackingLink = (contentType: string | undefined, record: MessageRecord) =>
    contentType && record.reference && record.documentId && api().itemKinds.get(contentType)?.tracking
      ? api().tracking.link(record.reference, api().tracking.linkKey(contentType, record.documentId))
      : `${publicUrl()}${PORTAL_BASE}`;

  /** The targets the item's SLA policy sets for it (what a message words its promises from); none without a policy. */
  const targetsOf = async (record: MessageRecord): Promise<Record<string, Target>> => {
    const workflow = record.__workflow ? api().workflow.definition(record.__workflow) : undefined;
    return workflow ? api().sla.targets(workflow.contentType, record) : {};
  };

  const contextFor = (record: MessageRecord, customer: MessageCustomer | null, locale: string, links: { tracking?: string; survey?: string }, targets: Record<string, Target> = {}) => {
    const workflow = record.__workflow ? api().workflow.definition(record.__workflow) : undefined;
    const state = workflow?.states.find((s) => s.id === record.state);
    const stateTitle = state ? (typeof state.title === 'string' ? state.title : ((state.title as Record<string, string>)[locale] ?? state.title.en)) : record.state;
    const item = Object.fromEntries(
      TEMPLATE_VARIABLES.filter((v) => v.startsWith('item.'))
        .map((v) => v.slice(5))
        .filter((k) => record[k] !== undefined)
        .map((k) => [k, record[k]])
    );
    return {
      customer: { name: customer?.name ?? '' },
      company: { name: config('companyName', 'After-sales') },
      // The promise in the policy's unit ("24 个工作小时", "24 hours"): absent without a promise clock, so a template using it fails rather than promising nothing.
      item: { ...item, stateTitle, ...(targets.respondBy ? { respondWithin: targetWording(targets.respondBy, locale) } : {}) },
      links: { tracking: links.tracking ?? caseTrackingLink(workflow?.contentType, record), ...(links.survey ? { survey: links.survey } : {}) },
    };
  };

  /** The template's variables as text (dates in the business time zone), for a provider's template parameters (SMS template codes): every value the template could print, by its path. */
  const flatVariables = (context: Record<string, unknown>): Record<string, string> => {
    const timeZone = config('timeZone', 'Asia/Shanghai');
    const out: Record<string, string> = {};
    const walk = (value: unknown, path: string) => {
      if (value === undefined || value === null || value === '') return;
      const date = value instanceof Date ? value : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
      if (date && !Number.isNaN(date.getTime())) {
        out[path] = dateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(date);
      } else if (typeof value === 'object' && !Array.isArray(value)) {
        for (const [key, inner] of Object.entries(value as Record<string, unknown>)) walk(inner, path ? `${path}.${key}` : key);
      } else if (!Array.isArray(value)) out[path] = String(value);
    };
    walk(context, '');
    return out;
  };

  /**
   * The channel a message of `key` goes out on for this customer: the preferred one, else the first
   * of the fallback order that is configured, has the customer's address, a text and (SMS) a
   * provider template. Then the next one, for a failure for good on the first.
   */
  const chooseFor = async (customer: MessageCustomer | null, key: string, locale: string, resolve: Resolve = resolveTemplate) => {
    const order = await fallbackOrder();
    const preferred = PREFERRED[customer?.preferredChannel ?? ''] ?? null;
    const ids = [...new Set([...(preferred ? [preferred] : []), ...order])];
    const options: Record<string, ChannelOption> = {};
    for (const id of ids) {
      const refusal = api().channels.refusal(id, { templateKey: key, locale });
      const landline = id === 'sms' && smsAddressOf(customer).landline;
      options[id] = {
        address: addressOf(customer, id),
        usable: refusal !== 'not configured' && !refusal?.startsWith('no provider'),
        hasContent: !!(await resolve(key, locale, id)),
        refusal: landline ? LANDLINE_REFUSAL : refusal === 'not configured' || refusal?.startsWith('no provider') ? null : refusal,
      };
    }
    const choice = chooseChannel(preferred, order, options);
    const next = choice.ok
      ? chooseChannel(
          null,
          order.filter((id) => id !== choice.channel),
          options
        )
      : null;
    return { choice, next: next?.ok ? next : null };
  };

  /** What `prepare` read for one message, for `queue` to render and write it without reading again. */
  type PreparedMessage = Awaited<ReturnType<typeof chooseFor>> & {
    customer: MessageCustomer | null;
    locale: string;
    resolve: Resolve;
    targets: Record<string, Target>;
    /** For a customer no channel reaches: the people owed the call. */
    people: StaffMember[] | null;
  };

  /**
   * The people a call owed is told about (active, each once): the assignee, else the department's head
   * and members, else the owner, else the intake department's people (see `callInstead`).
   */
  const callPeople = async (args: Pick<QueueArgs, 'contentType' | 'record' | 'relations'>): Promise<StaffMember[]> => {
    const kind = api().itemKinds.get(args.contentType);
    const fields = [kind?.assigneeField, kind?.departmentField, kind?.ownerField].filter((f): f is string => !!f);
    const person = { select: ['id', 'firstname', 'lastname', 'email', 'preferedLanguage', 'isActive', 'blocked'] };
    const known = args.relations ?? {};
    const populate: Record<string, unknown> = {};
    for (const field of fields.filter((f) => !(f in known))) populate[field] = field === kind?.departmentField ? { populate: { head: person, members: person } } : person;
    const stored =
      args.record.documentId && Object.keys(populate).length
        ? ((await queryOf(strapi, args.contentType).findOne({ where: { documentId: args.record.documentId }, populate })) as Record<string, unknown> | null)
        : null;
    const peopleOf = (unit: StaffUnit): StaffMember[] => [unit.head, ...(unit.members ?? [])].filter((p): p is StaffMember => !!p);
    const departmentPeople = async (where: Record<string, unknown>): Promise<StaffMember[] | null> => {
      const unit: StaffUnit | null = await strapi.db.query('api::department.department').findOne({ where, populate: { head: person, members: person } });
      return unit ? peopleOf(unit) : null;
    };
    const admin = async (id: number): Promise<StaffMember[] | null> => {
      const user: StaffMember | null = await strapi.db.query('admin::user').findOne({ where: { id }, select: person.select });
      return user ? [user] : null;
    };
    /**
     * The people of one link of the item (the assignee, the department's people, the owner), null
     * when nothing is linked: as read back, or read by the id the intake gave.
     */
    const linked = async (field: string | undefined, read: (id: number) => Promise<StaffMember[] | null>): Promise<StaffMember[] | null> => {
      if (!field) return null;
      if (field in known) {
        const id = known[field];
        return typeof id === 'number' ? read(id) : null;
      }
      const unit = stored?.[field];
      if (!unit) return null;
      return field === kind?.departmentField ? peopleOf(unit as StaffUnit) : [unit as StaffMember];
    };
    // The assignee, else the department's people, else the owner, else (nobody works on it) the
    // department that receives what nobody holds; each read only when the one before is not linked.
    const candidates: StaffMember[] =
      (await linked(kind?.assigneeField, admin)) ??
      (await linked(kind?.departmentField, (id) => departmentPeople({ id }))) ??
      (await linked(kind?.ownerField, admin)) ??
      (await departmentPeople({ code: INTAKE_DEPARTMENT })) ??
      [];
    return [...new Map(candidates.filter((p) => p.isActive !== false && !p.blocked).map((p) => [p.id, p])).values()];
  };

  /**
   * No channel reaches the customer (a landline only, no email; or the message failed for good or was
   * reported undelivered with no channel left): the message becomes a phone call someone owes them
   * (the manuals confirm receipt 电话或短信, by phone or SMS). An internal note on the case says so and
   * why, and the people working on it are told by email, each in their admin language (template
   * `staff.call-customer`): the assignee, else the department's head and members, else the owner,
   * else the head and members of the intake's department (after-sales).
   * Once per message: the note and the emails carry `key` (from the message's dedupe key).
   * With `args.relations` (the item's links as the intake wrote them, by field: id or null) the
   * people are read from those ids instead of reading the item back; a field absent there is read.
   * `told`: the people as read before (the intake reads them before it numbers the item).
   */
  const callInstead = async (
    args: Pick<QueueArgs, 'key' | 'contentType' | 'record' | 'trigger' | 'relations'>,
    key: string,
    reasonIn: (locale: 'zh-Hans' | 'en') => string,
    technical: string,
    resolve: Resolve = resolveTemplate,
    told?: StaffMember[]
  ) => {
    // Read before the intake numbered the item (`told`), else now.
    const people = told ?? (await callPeople(args));
    const item = staffNoticeItem(args.record);
    const render = async (locale: 'zh-Hans' | 'en', staff: StaffMember | null) => {
      const variables = {
        item,
        staff: { name: staff ? (staffName(staff, '') as string) : locale === 'en' ? 'Team' : '各位同事' },
        notice: { reason: reasonIn(locale), template: args.key },
      };
      try {
        const rendered = await this_.renderTemplate({ key: CALL_CUSTOMER_TEMPLATE, locale, variables }, resolve);
        return rendered ? { subject: rendered.subject, text: rendered.text.trim(), error: null } : { subject: null, text: null, error: `no template "${CALL_CUSTOMER_TEMPLATE}"` };
      } catch (error) {
        return { subject: null, text: null, error: `rendering failed: ${(error as Error).message}` };
      }
    };
    // The case's note is for whoever works the case: addressed to the team, in the language of the first
    // person told (the assignee, else the department's head), Chinese without anyone.
    const note = await render(staffLocale(people[0]), null);
    await api().thread.append({
      contentType: args.contentType,
      documentId: args.record.documentId as string,
      reference: args.record.reference ?? null,
      kind: 'note',
      visibility: 'internal',
      channel: 'phone',
      author: { kind: 'system', id: null, name: 'messages' },
      // The call is owed whether or not the template could be filled in.
      bodyText: note.text ?? `Call the customer (${args.record.reference ?? args.record.documentId}): "${args.key}" cannot be sent: ${reasonIn('en')} (${note.error}).`,
      externalId: key,
      meta: { callCustomer: true, templateKey: args.key, reason: technical, notified: people.map((p) => p.id) },
    });
    // One insert for everyone told (a department's head and members).
    const emails: OutboxMessage[] = [];
    for (const member of people) {
      const locale = staffLocale(member);
      const text = await render(locale, member);
      // Not in the case's message history (that is what the customer was sent): the note above is the case's record of it.
      emails.push({
        dedupeKey: `${key}:user-${member.id}`.slice(0, 200),
        reference: args.record.reference ?? null,
        templateKey: CALL_CUSTOMER_TEMPLATE,
        channel: 'email',
        locale,
        recipient: member.email ?? null,
        subject: text.subject,
        bodyText: text.text,
        bodyHtml: null,
        trigger: `${args.trigger}.call-customer`,
        ...(member.email ? (text.error ? { status: 'failed' as const, error: text.error } : {}) : { status: 'failed' as const, error: 'the staff member has no email address' }),
      });
    }
    await api().outbox.enqueueMany(emails);
  };

  /**
   * Renders one template for one channel and recipient as an outbox message about a record; a rendering
   * failure becomes a failed message with the reason (never sent blank), no template for the channel null.
   */
  const renderFor =
    (input: {
      key: string;
      locale: string;
      dedupe: string;
      about: { contentType: string; documentId: string; reference: string | null };
      trigger: string;
      context: (lang: string) => Record<string, unknown>;
      resolve?: Resolve;
    }) =>
    async (channel: string, recipient: string | null, extra: Partial<OutboxMessage>): Promise<OutboxMessage | null> => {
      const template = await (input.resolve ?? resolveTemplate)(input.key, input.locale, channel);
      if (!template) return null;
      const base: OutboxMessage = {
        dedupeKey: `${input.dedupe}:${template.key}:${channel}`,
        contentType: input.about.contentType,
        documentId: input.about.documentId,
        reference: input.about.reference,
        templateKey: template.key,
        channel,
        locale: template.locale,
        recipient,
        subject: null,
        bodyText: null,
        bodyHtml: null,
        trigger: input.trigger,
        ...extra,
      };
      try {
        const variables = input.context(template.locale);
        const rendered = renderer.render(template, variables, { locale: template.locale, timeZone: config('timeZone', 'Asia/Shanghai') });
        const own = OWN_TEXT_CHANNELS.has(channel);
        return { ...base, subject: own ? null : rendered.subject, bodyText: rendered.text.trim(), bodyHtml: own ? null : rendered.html, variables: flatVariables(variables) };
      } catch (error) {
        if (!(error instanceof RenderError)) throw error;
        strapi.log.error(`[after-sales] message ${template.key} for ${input.about.reference ?? input.about.documentId} not rendered: ${error.message}`);
        return { ...base, status: 'failed', error: `rendering failed: ${error.message}` };
      }
    };

  /** The message on the chosen channel, carrying the next channel's for a failure for good on the first. */
  const messageWithFallback = async (
    messageFor: ReturnType<typeof renderFor>,
    choice: { channel: string; recipient: string; requested: string | null; fallbackReason?: string | null },
    next: { channel: string; recipient: string } | null,
    dedupe: string,
    key: string
  ) => {
    const fallback = next ? await messageFor(next.channel, next.recipient, { requestedChannel: choice.requested }) : null;
    return messageFor(choice.channel, choice.recipient, {
      requestedChannel: choice.requested,
      fallbackReason: choice.fallbackReason,
      fallback: fallback && fallback.status !== 'failed' ? { ...fallback, dedupeKey: `${dedupe}:${key}:${next!.channel}:fallback` } : null,
    });
  };

  const this_ = {
    /** Where the fallback order comes from (the extension's `channelFallback` setting), set on activation. */
    useFallbackOrder(read: () => Promise<string[]>) {
      fallbackOrder = read;
    },
    chooseFor,
    defaultText,
    /** Whether a channel's messages have a subject (an SMS has none). */
    hasSubject: (channel: string) => !OWN_TEXT_CHANNELS.has(channel),

    /** Renders a template with the given variables (escalation notices to staff, for example); null when there is no such template. */
    async renderTemplate(input: { key: string; channel?: string; locale: string; variables: Record<string, unknown> }, resolve: Resolve = resolveTemplate) {
      const locale = (LOCALES as readonly string[]).includes(input.locale) ? input.locale : 'zh-Hans';
      const template = await resolve(input.key, locale, input.channel ?? 'email');
      if (!template) return null;
      const rendered = renderer.render(
        template,
        { company: { name: config('companyName', 'After-sales') }, ...input.variables },
        { locale: template.locale, timeZone: config('timeZone', 'Asia/Shanghai') }
      );
      return { ...rendered, locale: template.locale };
    },

    variables: () => TEMPLATE_VARIABLES,
    helpers: () => HELPERS,
    contributedTemplates: contributed,
    /** Checks a template's text: only the shared variables, and the template's own (its contribution's `variables`), may be used. */
    validate: (template: { subject: string; body: string }, key?: string) => validateTemplate(template, [...TEMPLATE_VARIABLES, ...(contributed().find((t) => t.id === key)?.variables ?? [])]),
    resolveTemplate,

    /** Renders a template against a record for the admin preview; errors come back as text. */
    async preview(key: string, locale: string, record: MessageRecord, customer: MessageCustomer | null, template?: { subject: string; body: string }, channel = 'email') {
      const resolved = template ? { key, channel, locale, subject: template.subject, body: template.body, version: -Date.now() } : await resolveTemplate(key, locale, channel);
      if (!resolved) return { ok: false as const, error: `no template "${key}"` };
      try {
        const rendered = renderer.render(resolved, contextFor(record, customer, locale, { survey: surveyLink(publicUrl(), 'PREVIEW') }, await targetsOf(record)), {
          locale,
          timeZone: config('timeZone', 'Asia/Shanghai'),
        });
        // An SMS is plain text without a subject.
        return OWN_TEXT_CHANNELS.has(channel) ? { ok: true as const, subject: '', text: rendered.text.trim(), html: null } : { ok: true as const, ...rendered };
      } catch (error) {
        return { ok: false as const, error: (error as Error).message };
      }
    },

    /**
     * What `queue` reads for one message: the customer, the templates, the channel, the targets the
     * message promises and, for a customer no channel reaches, the people owed the call. The record's
     * reference is not needed (the intake reads this before it numbers the item, see `queue`). Null:
     * there is no such message (no template of that key).
     */
    async prepare(args: QueueArgs): Promise<PreparedMessage | null> {
      const linked = args.record.customer;
      const customerId = linked && typeof linked === 'object' ? (linked.id ?? linked) : linked;
      const customer: MessageCustomer | null = args.customer ?? (customerId ? await strapi.db.query('api::customer.customer').findOne({ where: { id: customerId } }) : null);
      const locale = customerLocale(customer);
      const resolve = resolveOnce();
      if (!(await resolve(args.key, locale)) && !contributed().some((t) => t.id === args.key)) return null;
      const { choice, next } = await chooseFor(customer, args.key, locale, resolve);
      const targets = await targetsOf({ ...args.record, __workflow: args.workflow });
      if (choice.ok) return { customer, locale, resolve, choice, next, targets, people: null };
      // No channel: a failed message on the channel asked for (else email), and a call owed, with its template in each staff language.
      await resolve(args.key, locale, choice.requested ?? 'email');
      await resolve(args.key, locale, 'email');
      const people = await callPeople(args);
      for (const language of new Set([staffLocale(people[0]), ...people.map(staffLocale)])) await resolve(CALL_CUSTOMER_TEMPLATE, language);
      return { customer, locale, resolve, choice, next, targets, people };
    },

    /**
     * Renders and queues one message for one record (call inside the transaction of the change).
     * A rendering failure is queued as a failed message with the reason, never sent blank.
     * `prepared`: what `prepare` read for it (the intake reads before the item takes its number, so
     * that only the writes wait for the day's reference counter); read now when not given.
     */
    async queue(args: QueueArgs, prepared?: PreparedMessage | null) {
      const ready = prepared === undefined ? await this_.prepare(args) : prepared;
      if (!ready) return;
      const { customer, locale, resolve, choice, next, targets, people } = ready;
      // Every message links to the customer's tracking page: the acknowledgement with the intake's token, later ones with the case's link key.
      const links = { tracking: caseTrackingLink(args.contentType, args.record), ...(args.links ?? {}) };
      const record = { ...args.record, __workflow: args.workflow };
      const messageFor = renderFor({
        key: args.key,
        locale,
        dedupe: args.dedupe,
        about: { contentType: args.contentType, documentId: args.record.documentId as string, reference: args.record.reference ?? null },
        trigger: args.trigger,
        context: (lang) => contextFor(record, customer, lang, links, targets),
        resolve,
      });
      const outbox = api().outbox;
      if (!choice.ok) {
        // No channel can carry it: kept as a failed message that says why, on the channel asked for (else email).
        const channel = choice.requested ?? 'email';
        const message = (await messageFor(channel, addressOf(customer, channel), {})) ?? (await messageFor('email', addressOf(customer, 'email'), {}));
        if (!message) return;
        await outbox.enqueue({ ...message, status: 'failed', error: `no channel can reach the customer: ${choice.reason}`, requestedChannel: choice.requested, fallbackReason: choice.reason });
        await callInstead(args, `call-customer:${args.dedupe}:${args.key}`, (lang) => unreachableReason(customer, lang, choice.reason), choice.reason, resolve, people ?? undefined);
        return;
      }
      const message = await messageWithFallback(messageFor, choice, next, args.dedupe, args.key);
      if (message) await outbox.enqueue(message);
    },

    /**
     * One template to one customer outside a workflow action (`customerMessages.send` of the extension
     * API): their channel and language, the caller's variables beside the customer's name and the
     * company's; queued in the caller's transaction. Nothing is queued for a customer no channel
     * reaches, or one erased or restricted: the caller is told why.
     */
    async sendToCustomer(request: CustomerMessageRequest): Promise<CustomerMessageResult> {
      const customer = (await strapi.db.query('api::customer.customer').findOne({ where: { documentId: request.customer } })) as (MessageCustomer & { documentId: string }) | null;
      if (!customer) throw new errors.NotFoundError(`No customer ${request.customer}`);
      if (customer.privacyState && customer.privacyState !== 'active') return { status: 'unreachable', reason: `the customer's data is ${customer.privacyState}` };
      const locale = customerLocale(customer);
      if (!(await resolveTemplate(request.templateKey, locale))) throw new Error(`No template "${request.templateKey}" (contribute it under contributes.templates)`);
      const { choice, next } = await chooseFor(customer, request.templateKey, locale);
      if (!choice.ok) return { status: 'unreachable', reason: choice.reason };
      const messageFor = renderFor({
        key: request.templateKey,
        locale,
        dedupe: request.dedupeKey,
        about: request.about ? { ...request.about, reference: request.about.reference ?? null } : { contentType: 'api::customer.customer', documentId: customer.documentId, reference: null },
        trigger: request.trigger,
        context: () => ({ customer: { name: customer.name ?? '' }, company: { name: config('companyName', 'After-sales') }, ...(request.variables ?? {}) }),
      });
      const message = await messageWithFallback(messageFor, choice, next, request.dedupeKey, request.templateKey);
      if (!message) throw new Error(`No template "${request.templateKey}" for ${choice.channel}`);
      await api().outbox.enqueue(message);
      return { status: 'queued', channel: choice.channel, locale: message.locale ?? locale, requestedChannel: choice.requested, fallbackReason: choice.fallbackReason ?? null };
    },

    /**
     * A customer message of `extensionId`'s templates that never reached the customer (failed for
     * good, or sent and reported undelivered) with no channel left to try: a call owed instead, as
     * when no channel could take it (the note and emails keyed by the message's dedupe key: once), in
     * the outbox's transaction that records the failure: a failure here undoes that record too.
     */
    async callForUndelivered(message: UndeliveredMessage, extensionId: string) {
      if (!message.contentType || !message.documentId || message.templateKey === CALL_CUSTOMER_TEMPLATE) return;
      const ours = api()
        .contributions('templates')
        .some((c) => c.extensionId === extensionId && c.value.id === message.templateKey);
      if (!ours || !api().itemKinds.get(message.contentType)) return;
      const record = (await queryOf(strapi, message.contentType).findOne({ where: { documentId: message.documentId } })) as MessageRecord | null;
      if (!record) return;
      const technical = `${message.channel}: ${message.reason}`;
      await strapi.db.transaction(() =>
        callInstead(
          { key: message.templateKey, contentType: message.contentType!, record, trigger: message.trigger },
          `call-customer:${message.dedupeKey}`,
          (lang) => undeliveredReason(message.channel, message.outcome, lang, message.reason),
          technical
        )
      );
    },

    /** A message staff send by hand: queued in a transaction of its own. */
    async queueByHand(args: QueueArgs) {
      await strapi.db.transaction(() => this.queue(args));
    },

    /** The trigger rules: templates whose sendOn matches this workflow action (and target state). */
    templatesFor(workflow: string, action: string, to: string) {
      return contributed().filter((t) => t.sendOn && t.sendOn.workflow === workflow && t.sendOn.action === action && (!t.sendOn.to || t.sendOn.to === to));
    },

    /** The survey page of an invitation (`AFTER_SALES_SURVEY_URL` with `{token}` filled in, else the portal's page). */
    surveyLink(token: string) {
      return fillLinkTemplate(config<string>('surveyUrl', ''), { token }) ?? surveyLink(publicUrl(), token);
    },

    /** The tracking page of a case with the intake's token (the acknowledgement's link). */
    trackingLink(reference: string, token: string) {
      return api().tracking.link(reference, token);
    },
  };
  return this_;
};

/** The service of this Strapi: one instance, shared by the routes (as a plugin service) and the extension's activator. */
export const messagesOf = oncePerStrapi((strapi) => messages({ strapi }));

export default ({ strapi }: { strapi: Core.Strapi }) => messagesOf(strapi);
