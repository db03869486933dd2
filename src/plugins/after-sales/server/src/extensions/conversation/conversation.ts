import crypto from 'node:crypto';
import type { AnsweredSurveyRow } from '../../domain/messages/survey-row';
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { mergeCaseThread, type OutboxLike, type TimelineEventLike } from '../../domain/conversation/case-thread';
import { checkAttachments, type IncomingFile } from '../../domain/conversation/attachments';
import { parseReplyInput, replySubject } from '../../domain/conversation/reply-input';
import { hasValue } from '../../domain/workflow/conditions';
import { chooseReplyChannel } from '../../domain/conversation/reply-channel';
import { maskContactsInText, maskEmail, maskPhone } from '../../domain/privacy/mask';
import { conversationApi } from './binding';
import { TABLES, queryOf, modelOf, errors, invalidInput, refusal, type AfterSalesApiV1, type ThreadAttachment, type WorkflowCaller } from '../../extension-api';
import { staffName, type StaffNameParts } from '../../domain/staff/display-name';

export type AdminUser = { id: number; firstname?: string; lastname?: string; email?: string };
/** A file as Strapi's body parser (formidable) hands it over. */
export interface UploadedFile {
  filepath: string;
  originalFilename?: string | null;
  mimetype?: string | null;
  size: number;
}

/** A case's customer, as the case populates it (every field: the contact-data guard decides what is shown). */
interface CaseCustomer {
  documentId: string;
  name?: string | null;
  company?: string | null;
  phone?: string | null;
  phoneNormalized?: string | null;
  email?: string | null;
  wechat?: string | null;
  locale?: string | null;
  preferredChannel?: string | null;
}

/** A work item of every kind as the case screen reads it: the fields used by name, the kind's own ones by key. */
interface CaseRecord extends Record<string, unknown> {
  documentId: string;
  reference?: string | null;
  version?: number | null;
  state?: string | null;
  owner?: StaffNameParts | null;
  department?: { name?: string | null } | null;
  product?: { name?: string | null; modelCode?: string | null } | null;
  batch?: string | null;
  customer?: CaseCustomer | null;
}

/** What the case screen uses of Strapi's upload service: storing a posted file, removing a stored one. */
interface UploadService {
  upload(input: { data: { fileInfo: { name: string; caption: string; alternativeText: null } }; files: UploadedFile & { mimetype: string } }): Promise<{ id: number }[]>;
  remove(file: unknown): Promise<unknown>;
}

/** A file of Strapi's media library (`plugin::upload.file`), as the case screen serves it. */
interface StoredFile {
  name: string;
  mime: string;
  /** In kilobytes. */
  size: number | string;
  url: string;
  provider: string;
}

const FILE_UID = 'plugin::upload.file';
const REPLY_PERMISSION = 'plugin::after-sales.case.reply';
const NOTE_PERMISSION = 'plugin::after-sales.case.note';
const nameOf = (user: StaffNameParts | null | undefined) => staffName(user);
const titleIn = (title: unknown, locale: string) =>
  typeof title === 'string' ? title : ((title as Record<string, string> | undefined)?.[locale] ?? (title as Record<string, string> | undefined)?.en);

/**
 * The case screen: one item's header, its thread, the actions the user may take, and the reply
 * and note box. Reaches the plugin only through the extension API (`conversationApi`), and Strapi's
 * database and upload plugin through `strapi`.
 */
const conversation = ({ strapi }: { strapi: Core.Strapi }) => {
  const may = (actor: WorkflowCaller, action: string) => !!actor.admin && (actor.admin.isSuperAdmin || actor.admin.permissions.some((p) => p.action === action));

  /** The item's kind and the record, when this admin may read it: 404 for no such item, 403 for one they may not read (the Content Manager's rule). */
  const openCase = async (api: AfterSalesApiV1, user: AdminUser, uidOrKind: string, documentId: string) => {
    const definition = api.workflow.definition(uidOrKind);
    const kind = api.itemKinds.get(uidOrKind);
    if (!definition || !kind) throw new errors.NotFoundError(`No kind of work item "${uidOrKind}"`);
    const actor = await api.workflow.adminActor(user);
    const uid = definition.contentType;
    const readable = await api.workflow.readableRecord(uid, documentId, actor);
    if (!readable) {
      const exists = await queryOf(strapi, uid).findOne({ where: { documentId }, select: ['id'] });
      if (!exists) throw new errors.NotFoundError(`No ${kind.id} ${documentId}`);
      throw refusal(403, 'forbidden', `You may not read this ${kind.id}`);
    }
    const populate: Record<string, unknown> = {};
    const attributes = modelOf(strapi, uid)?.attributes ?? {};
    for (const field of ['customer', 'product', 'owner', 'department', kind.assigneeField].filter((f): f is string => !!f)) if (attributes[field]?.type === 'relation') populate[field] = true;
    const record = (await queryOf(strapi, uid).findOne({ where: { documentId }, populate })) as CaseRecord;
    return { definition, kind, actor, uid, record, readable };
  };

  const settings = async (api: AfterSalesApiV1) => ({
    maxBytes: (await api.configuration.get<number>('maxAttachmentBytes')) ?? 10 * 1024 * 1024,
    maxCount: (await api.configuration.get<number>('maxAttachments')) ?? 5,
  });

  const maskOutbox = (messages: OutboxLike[]): OutboxLike[] =>
    messages.map((m) => ({
      ...m,
      recipient: m.recipient ? (m.recipient.includes('@') ? maskEmail(m.recipient) : maskPhone(m.recipient)) : null,
      subject: maskContactsInText(m.subject),
      bodyText: maskContactsInText(m.bodyText),
      lastError: maskContactsInText(m.lastError ?? null),
      fallbackReason: maskContactsInText(m.fallbackReason ?? null),
    }));

  const surveysOf = async (uid: string, documentId: string) =>
    (await strapi.db.connection(TABLES.surveys).where({ content_type: uid, document_id: documentId }).whereNotNull('answered_at').orderBy('id', 'asc').select('score', 'comment', 'answered_at')).map(
      (row: Pick<AnsweredSurveyRow, 'score' | 'comment' | 'answered_at'>) => ({ score: Number(row.score), comment: row.comment ?? null, answeredAt: new Date(row.answered_at).toISOString() })
    );

  /** What goes out, and where: the channel chosen the way customer messages choose it. */
  const channelFor = async (api: AfterSalesApiV1, customer: CaseCustomer | null, templateKey = 'reply') => {
    // The order and the rule automatic messages use: the configured fallback order (`channelFallback`
    // of the messages extension), a channel counting only when configured and not refused by its provider.
    const order = await api.channels.fallbackOrder();
    const locale = customer?.locale === 'en' ? 'en' : 'zh-Hans';
    const states = Object.fromEntries(
      ['email', 'sms'].map((id) => {
        const configured = api.channels.status(id) === 'configured';
        return [id, { configured, refusal: configured ? api.channels.refusal(id, { templateKey, locale }) : null }];
      })
    );
    return chooseReplyChannel(customer, states, order);
  };

  /** Reads each file's first bytes for the type check. */
  const incoming = (files: UploadedFile[]): IncomingFile[] =>
    files.map((file) => {
      const head = Buffer.alloc(16);
      const fd = fs.openSync(file.filepath, 'r');
      try {
        fs.readSync(fd, head, 0, 16, 0);
      } finally {
        fs.closeSync(fd);
      }
      return { name: path.basename(file.originalFilename || 'file'), size: file.size, head };
    });

  const upload = () => strapi.plugin('upload').service('upload') as UploadService;

  const service = {
    /** The case screen's data. */
    async view(user: AdminUser, uidOrKind: string, documentId: string, locale: string, request: unknown) {
      const api = conversationApi(strapi);
      const { definition, kind, actor, uid, record, readable } = await openCase(api, user, uidOrKind, documentId);
      const lang = locale === 'en' ? 'en' : 'zh-Hans';
      const [clocks, escalationLevel, entries, timeline, outbox, surveys, actions, limits] = await Promise.all([
        api.sla.clocks(uid, documentId),
        api.sla.escalationLevel(uid, documentId),
        api.thread.list(uid, documentId),
        api.workflow.timeline(uid, documentId) as Promise<TimelineEventLike[]>,
        api.outbox.history(uid, documentId) as Promise<OutboxLike[]>,
        surveysOf(uid, documentId),
        api.workflow.listActions(uid, documentId, actor, lang),
        settings(api),
      ]);
      const customerField = kind.customerField ?? 'customer';
      const customerRow = record[customerField] as CaseCustomer | null;
      // Contact data as this user reads it in the Content Manager (full, masked or left out).
      const customer = customerRow
        ? api.contactData.guard(
            {
              documentId: customerRow.documentId,
              name: customerRow.name,
              company: customerRow.company ?? null,
              phone: customerRow.phone,
              email: customerRow.email,
              wechat: customerRow.wechat,
              locale: customerRow.locale,
            },
            api.contactData.accessFor(request)
          )
        : null;
      const state = definition.states.find((s) => s.id === record[definition.stateField ?? 'state']);
      const choice = await channelFor(api, customerRow);
      const severityField = kind.severity?.field;
      return {
        kind: kind.id,
        contentType: uid,
        documentId,
        reference: record.reference ?? null,
        version: record.version ?? null,
        state: state?.id ?? record.state ?? null,
        stateTitle: titleIn(state?.title, lang) ?? record.state ?? null,
        stateCategory: (state as { category?: string } | undefined)?.category ?? null,
        severity: severityField ? (record[severityField] ?? null) : null,
        escalationLevel,
        summary: kind.summaryField ? (record[kind.summaryField] ?? null) : null,
        owner: nameOf(record.owner),
        // The assignee field is a relation to admin users (populated above).
        assignee: kind.assigneeField ? nameOf(record[kind.assigneeField] as StaffNameParts | null) : null,
        department: record.department?.name ?? null,
        clocks,
        customer,
        product: record.product ? { name: record.product.name ?? null, modelCode: record.product.modelCode ?? null } : null,
        batch: record.batch ?? null,
        thread: mergeCaseThread({
          entries,
          timeline: timeline.map((e) => ({
            ...e,
            note: maskContactsInText(e.note ?? null),
            actionTitle: titleIn(definition.transitions.find((tr) => tr.id === e.action)?.title, lang) ?? null,
            toTitle: titleIn(definition.states.find((st) => st.id === e.to)?.title, lang) ?? null,
          })),
          outbox: maskOutbox(outbox),
          surveys,
        }),
        actions,
        // Which of the actions' fields the record has a value for (not the values): a required one that is filled need not be typed again.
        filled: Object.keys((actions as { fields?: Record<string, unknown> }).fields ?? {}).filter((name) => hasValue(readable[name])),
        templates: api.templates.list(lang).filter((t) => t.id.startsWith(`${definition.id.split('-')[0]}.`)),
        reply: choice.ok ? { reachable: true, channel: choice.channel } : { reachable: false, reason: choice.reason },
        may: { reply: may(actor, REPLY_PERMISSION), note: may(actor, NOTE_PERMISSION) },
        limits,
      };
    },

    /** What a reply will look like: a template filled in for this case (to start from), or the text as typed, with the channel it would go out on. */
    async preview(user: AdminUser, uidOrKind: string, documentId: string, body: Record<string, unknown>) {
      const api = conversationApi(strapi);
      const { uid, record } = await openCase(api, user, uidOrKind, documentId);
      const parsed = parseReplyInput({ text: body.text ?? '', templateKey: body.templateKey }, { attachments: body.templateKey ? 1 : 0 });
      if (!parsed.ok) throw invalidInput(parsed.problems);
      const locale = record.customer?.locale === 'en' ? 'en' : 'zh-Hans';
      let text = parsed.value.text;
      let subject = replySubject(record.reference ?? null, locale);
      if (parsed.value.templateKey && !text.trim()) {
        const rendered = await api.templates.renderForItem(parsed.value.templateKey, uid, documentId, locale);
        if (!rendered) throw invalidInput([{ path: ['templateKey'], message: `no template "${parsed.value.templateKey}" could be filled in for this case` }]);
        text = rendered.text;
        subject = `[${record.reference}] ${rendered.subject}`;
      }
      const choice = await channelFor(api, record.customer ?? null, parsed.value.templateKey ? `reply:${parsed.value.templateKey}` : 'reply');
      return {
        subject,
        text: maskContactsInText(text),
        editable: text,
        channel: choice.ok ? choice.channel : null,
        recipient: choice.ok ? (choice.channel === 'email' ? maskEmail(choice.recipient) : maskPhone(choice.recipient)) : null,
        unreachable: choice.ok ? null : choice.reason,
      };
    },

    /**
     * A reply (queued in the outbox on the customer's channel) or an internal note (never sent),
     * with its attachments and an optional workflow action with its fields, all in one transaction.
     * The action is checked first, before anything is stored. The files are
     * stored by the upload plugin first (storage is not transactional) and removed again when the
     * transaction fails.
     */
    async post(user: AdminUser, kind: 'reply' | 'note', uidOrKind: string, documentId: string, body: Record<string, unknown>, files: UploadedFile[]) {
      const api = conversationApi(strapi);
      const { kind: itemKind, actor, uid, record } = await openCase(api, user, uidOrKind, documentId);
      if (!may(actor, kind === 'reply' ? REPLY_PERMISSION : NOTE_PERMISSION)) throw refusal(403, 'forbidden', kind === 'reply' ? 'You may not reply to customers' : 'You may not add notes');
      const parsed = parseReplyInput(body, { attachments: files.length });
      if (!parsed.ok) throw invalidInput(parsed.problems);
      const checked = checkAttachments(incoming(files), await settings(api));
      if (!checked.ok) throw new errors.ValidationError(checked.problems.map((p) => p.message).join('; '), { code: checked.problems[0].code, errors: checked.problems });
      const input = parsed.value;
      const customer = record[itemKind.customerField ?? 'customer'] as CaseCustomer | null;
      const locale = customer?.locale === 'en' ? 'en' : 'zh-Hans';
      const choice = kind === 'reply' ? await channelFor(api, customer, input.templateKey ? `reply:${input.templateKey}` : 'reply') : null;
      if (choice && !choice.ok) {
        throw new errors.ValidationError(`This customer cannot be reached (${choice.reason}): call them, or add an email address or a mobile number first.`, {
          code: 'customer-unreachable',
          errors: [{ path: ['customer'], message: choice.reason }],
        });
      }

      // The action is checked before anything is stored or queued: a refusal (4xx naming the field)
      // leaves no file, thread entry or message behind. It is checked again when it is taken.
      const actionInput = input.action ? { version: input.version!, note: input.note ?? (input.text ? input.text.slice(0, 2000) : null), data: input.data } : null;
      if (input.action && actionInput) await api.workflow.check(uid, documentId, input.action, actionInput, actor);

      const stored: { id: number; name: string; mime: string; size: number }[] = [];
      try {
        for (const [index, file] of files.entries()) {
          const meta = checked.files[index];
          const [row] = await upload().upload({
            data: { fileInfo: { name: meta.name, caption: `${record.reference ?? documentId}`, alternativeText: null } },
            files: { ...file, mimetype: meta.mime },
          });
          stored.push({ id: Number(row.id), name: meta.name, mime: meta.mime, size: meta.size });
        }
        const attachments: ThreadAttachment[] = stored.map((f) => ({ fileId: f.id, name: f.name, mime: f.mime, size: f.size }));
        const author = { kind: 'admin', id: user.id, name: nameOf(user) ?? `#${user.id}` };
        return await strapi.db.transaction(async () => {
          let outboxId: number | null = null;
          if (choice?.ok) {
            const queued = await api.outbox.enqueue({
              dedupeKey: `reply:${documentId}:${crypto.randomUUID()}`,
              contentType: uid,
              documentId,
              reference: record.reference ?? null,
              templateKey: input.templateKey ? `reply:${input.templateKey}` : 'reply',
              channel: choice.channel,
              locale,
              recipient: choice.recipient,
              subject: replySubject(record.reference ?? null, locale),
              bodyText: input.text,
              bodyHtml: null,
              attachments: attachments.map((a) => ({ fileId: a.fileId, name: a.name, mime: a.mime })),
              trigger: `reply by ${user.email ?? `admin ${user.id}`}`,
              requestedChannel: choice.requested,
              fallbackReason: choice.fallbackReason,
            });
            outboxId = queued.id;
          }
          const entry = await api.thread.append({
            contentType: uid,
            documentId,
            reference: record.reference ?? null,
            kind,
            channel: choice?.ok ? choice.channel : null,
            author,
            bodyText: input.text || null,
            attachments,
            outboxId,
            meta: { ...(input.templateKey ? { templateKey: input.templateKey } : {}), ...(choice?.ok && choice.fallbackReason ? { fallbackReason: choice.fallbackReason } : {}) },
          });
          // An action that asks for a note ("wait for the customer") takes the reply's text unless one is given.
          const transition = input.action && actionInput ? await api.workflow.perform(uid, documentId, input.action, actionInput, actor) : null;
          return { entry: { ...entry, duplicate: undefined }, transition: transition ? { state: transition.state, version: transition.version } : null };
        });
      } catch (error) {
        for (const file of stored) {
          const row = await strapi.db.query(FILE_UID).findOne({ where: { id: file.id } });
          if (row)
            await upload()
              .remove(row)
              .catch((e: Error) => strapi.log.warn(`[after-sales.conversation] file ${file.id} left behind: ${e.message}`));
        }
        throw error;
      }
    },

    /** One attachment of the case's thread, for a user who may read the case. */
    async file(user: AdminUser, uidOrKind: string, documentId: string, fileId: string) {
      const api = conversationApi(strapi);
      const { uid } = await openCase(api, user, uidOrKind, documentId);
      const id = Number(fileId);
      const listed = Number.isInteger(id) && (await api.thread.list(uid, documentId)).some((entry) => entry.attachments.some((a) => a.fileId === id));
      const file = listed ? ((await strapi.db.query(FILE_UID).findOne({ where: { id } })) as StoredFile | null) : null;
      if (!file) throw new errors.NotFoundError('No such file on this case');
      if (file.provider === 'local') {
        const location = path.join(strapi.dirs.static.public, file.url.replace(/^\/+/, ''));
        if (!fs.existsSync(location)) throw new errors.NotFoundError('The file is no longer stored');
        return { name: file.name as string, mime: file.mime as string, size: Number(file.size) * 1024, stream: fs.createReadStream(location) };
      }
      return { name: file.name as string, mime: file.mime as string, redirect: file.url as string };
    },
  };
  return service;
};

const instances = new WeakMap<Core.Strapi, ReturnType<typeof conversation>>();
/** The service of this Strapi: one instance, shared by the plugin's service list and the extension's controller. */
export const conversationOf = (strapi: Core.Strapi): ReturnType<typeof conversation> => {
  let instance = instances.get(strapi);
  if (!instance) instances.set(strapi, (instance = conversation({ strapi })));
  return instance;
};

export default ({ strapi }: { strapi: Core.Strapi }) => conversationOf(strapi);
