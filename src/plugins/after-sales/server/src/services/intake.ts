import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { classify, type Classifier } from '../domain/intake/classify';
import { CONTENT_TYPES } from '../constants';
import { getService } from '../utils/get-service';
import { contentTable, modelOf } from '../utils/content-table';
import { relationIdOf } from '../utils/record-fields';
import { HttpError, invalidInput } from '../utils/http-errors';
import { hashToken, newDocumentId, newSecretToken } from '../utils/ids';
import type { CustomerRecord, IntakeClient, IntakeHook, IntakeInput, IntakePrepareHook, IntakeReceiptHook, ItemRecord } from '../extension-api';
import { INTAKE_DEPARTMENT } from '../domain/staff/intake-department';

export type { IntakeClient, IntakeHook, IntakePrepareHook, IntakeReceiptHook } from '../extension-api';

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';
/** A relation the Content Manager sends empty: nothing, `[]`, or `{ connect: [], disconnect: [] }`. */
const isEmptyRelation = (value: unknown) => {
  if (isEmpty(value)) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') {
    const { connect, set } = value as { connect?: unknown[]; set?: unknown[] };
    return !connect?.length && !set?.length;
  }
  return false;
};
/** A datetime field as ISO text (the query layer reads text or a Date), or null when empty. */
const isoOrNull = (value: unknown): string | null => (value && (typeof value === 'string' || typeof value === 'number' || value instanceof Date) ? new Date(value).toISOString() : null);

/**
 * Intake from every channel: matches or creates the customer (never telling the caller which, and
 * never changing a known customer's contact data: a phone or email that differs from the profile's
 * becomes a proposal staff confirm, see services/contact-proposals.ts),
 * suggests a classification, gives the reference and the tracking token, starts the clocks, and
 * writes the item and its first audit event in one transaction. Written against the query layer,
 * not the document service: this is the hottest path of the system.
 */
const intake = ({ strapi }: { strapi: Core.Strapi }) => {
  const hooks = new Set<IntakeHook | IntakeReceiptHook>();
  const prepareHooks = new Set<IntakePrepareHook>();

  /**
   * The item's product and customer links, written here rather than by the query layer. The query
   * layer places the item last in the product's (customer's) list with `SELECT MAX(<item>_ord) …
   * GROUP BY product_id`, which reads every link row of the product (a popular model has hundreds
   * of thousands: 50 ms per intake at a million items; a repeat caller's history: 3–7 ms, see
   * bench/README.md); without the GROUP BY the same maximum is one look-up in the (owner, order)
   * index (migration link-order-indexes). Same row, same order value.
   */
  const LINKED_BY_HAND = ['product', 'customer'] as const;
  type Link = { table: string; itemColumn: string; targetColumn: string; orderColumn: string | null };
  const linkOf = (uid: string, field: string): Link | null => {
    const joinTable = contentTable(strapi, uid).attributes[field]?.joinTable;
    if (!joinTable || joinTable.on) return null;
    return { table: joinTable.name, itemColumn: joinTable.joinColumn.name, targetColumn: joinTable.inverseJoinColumn.name, orderColumn: joinTable.inverseOrderColumnName ?? null };
  };
  const linkLast = async (trx: Knex.Transaction, link: Link, itemId: number, targetId: number) => {
    const row: Record<string, unknown> = { [link.itemColumn]: itemId, [link.targetColumn]: targetId };
    if (link.orderColumn) {
      const [last] = await trx(link.table).where(link.targetColumn, targetId).max({ max: link.orderColumn });
      row[link.orderColumn] = Number(last?.max ?? 0) + 1;
    }
    await trx(link.table).insert(row);
  };

  const matchOrCreateCustomer = async (input: IntakeInput['customer'], now: Date): Promise<{ customer: CustomerRecord; known: boolean }> => {
    // Staff picked the caller from the matches (front desk): that customer, as they are.
    if (input.documentId) {
      const chosen = await strapi.db.query(CONTENT_TYPES.customer).findOne({ where: { documentId: input.documentId } });
      if (!chosen) throw invalidInput([{ path: ['data', 'customer', 'documentId'], message: `no customer ${input.documentId}` }]);
      return { customer: chosen, known: true };
    }
    const existing = await getService(strapi, 'contact-data').matchCustomer(input);
    // A known customer's contact data is never changed by an intake: what differs is proposed (below).
    if (existing) return { customer: existing, known: true };
    const created = await strapi.db.query(CONTENT_TYPES.customer).create({
      data: {
        documentId: newDocumentId(),
        name: input.name.trim(),
        company: input.company?.trim() || null,
        phone: input.phone?.trim() || null,
        phoneNormalized: input.phoneNormalized ?? null,
        email: input.email?.trim() || null,
        emailNormalized: input.emailNormalized ?? null,
        locale: input.locale ?? 'zh-Hans',
        segment: 'regular',
        contactConsent: false,
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
      },
    });
    return { customer: created, known: false };
  };

  const classifiers = (): Classifier[] =>
    getService(strapi, 'extension-host')
      .contributions('classifiers')
      .map((c) => c.value as Classifier);

  /** The classifier's suggestion for the customer's words (symptom, scenario, expected solution). */
  const suggestionFor = (words: { symptom?: unknown; scenario?: unknown; expectedSolution?: unknown }) =>
    classify([words.symptom, words.scenario, words.expectedSolution].map((w) => (typeof w === 'string' ? w : '')).join('\n'), classifiers());

  /**
   * Work the receipt hooks leave for after the commit (`afterCommit`): started when the outermost
   * transaction commits (Strapi's `onCommit`, which runs its callbacks without awaiting them), kept
   * here so the intake can await it before answering; a failure is logged, never thrown (the item is
   * written by then). Dropped with the transaction when it rolls back.
   */
  type AfterCommitQueue = { pending: Promise<void>[]; add: (onCommit: (callback: () => void) => void, reference: () => string | null) => (work: () => Promise<unknown>) => void };
  const afterCommitQueue = (): AfterCommitQueue => {
    const pending: Promise<void>[] = [];
    return {
      pending,
      add: (onCommit, reference) => (work) =>
        onCommit(() => {
          pending.push(
            Promise.resolve()
              .then(work)
              .then(
                () => undefined,
                (error: unknown) => {
                  strapi.log.error(`[after-sales] intake ${reference() ?? ''}: work after the commit failed: ${(error as Error)?.stack ?? String(error)}`);
                }
              )
          );
        }),
    };
  };
  /** Awaits what the committed transaction started (nothing when an outer transaction has yet to commit: it runs then, unawaited). */
  const settle = async (queue: AfterCommitQueue) => {
    while (queue.pending.length) await Promise.all(queue.pending.splice(0));
  };

  /** The audit actor of a client: an admin user is audited as the admin, like their workflow actions. */
  const actorOf = (client: IntakeClient) => ({ kind: client.kind, id: client.id, name: client.name });

  /** A received item, as its first audit event and the receipt hooks see it. */
  type Receipt = {
    kind: 'feedback' | 'complaint';
    uid: string;
    item: ItemRecord;
    relations: Record<string, number | null>;
    customer: CustomerRecord | null;
    trackingToken: string;
    client: IntakeClient;
    channel: string;
    matched: string[];
    now: Date;
    afterCommit: (work: () => Promise<unknown>) => void;
  };
  /** What a receipt hook is given, for a receipt with a customer. */
  const hookArgumentsOf = ({ kind, item, relations, trackingToken, now, afterCommit }: Receipt, customer: CustomerRecord) => ({
    strapi,
    kind,
    item,
    relations,
    customer,
    trackingToken,
    now,
    afterCommit,
  });

  /** The first audit event of a received item, then the hooks that must commit with it (acknowledgement…). */
  const completeReceipt = async (trx: Knex.Transaction, args: Receipt, prepared?: Prepared) => {
    const { uid, item, customer, client, channel, matched, now } = args;
    await getService(strapi, 'audit').append(
      {
        contentType: uid,
        documentId: item.documentId,
        reference: item.reference ?? null,
        action: 'receive',
        toState: item.state,
        actor: actorOf(client),
        note: `channel: ${channel}${matched.length ? `; classified by ${matched.join(', ')}` : ''}${customer ? '' : '; no customer: no acknowledgement'}`,
        changedFields: ['state'],
        version: 1,
        at: now,
      },
      trx
    );
    // The acknowledgement needs someone to send it to; every other receipt hook gets the customer too.
    if (!customer) return;
    const receipt = hookArgumentsOf(args, customer);
    // Hooks prepared before the number was taken get what they read; the others (an item numbered as it was written) prepare now.
    const ready = prepared ?? (await prepareReceipt({ ...receipt, item: { ...item, reference: null } }));
    for (const hook of hooks) {
      if (typeof hook === 'function') await hook(receipt);
      else if (ready.has(hook)) await hook.receive(receipt, ready.get(hook));
    }
  };

  /** What each two-step receipt hook read before the item takes its number (`IntakeReceiptHook.prepare`), by hook. */
  type Prepared = Map<IntakeReceiptHook, unknown>;
  const prepareReceipt = async (receipt: Parameters<IntakeReceiptHook['prepare']>[0]): Promise<Prepared> => {
    const prepared: Prepared = new Map();
    for (const hook of hooks) if (typeof hook !== 'function') prepared.set(hook, await hook.prepare(receipt));
    return prepared;
  };

  /** The relation ids of an item's data as the query layer writes it (ids or null); relations given otherwise are left out. */
  const relationsOf = (uid: string, data: Record<string, unknown>): Record<string, number | null> => {
    const attributes = modelOf(strapi, uid)?.attributes ?? {};
    const relations: Record<string, number | null> = {};
    for (const [field, value] of Object.entries(data)) {
      if (attributes[field]?.type !== 'relation') continue;
      if (typeof value === 'number') relations[field] = value;
      else if (value === null || value === undefined) relations[field] = null;
    }
    return relations;
  };

  /**
   * Receives one item. `suggest`: also looks up the knowledge-base articles for the customer's words
   * (the public answer's `suggestedArticles`), before the item takes its number (see below).
   */
  const submitIn = async (input: IntakeInput, client: IntakeClient, queue: AfterCommitQueue, suggest = false) => {
    const now = getService(strapi, 'clock').now();
    // The item kind that takes this intake kind (`intake.kind`), with its copies of the customer's text.
    const kind = getService(strapi, 'item-kinds').byIntakeKind(input.kind);
    const uid = kind?.contentType ?? '';
    const workflow = kind ? getService(strapi, 'workflow').definitionFor(uid) : undefined;
    if (!kind || !workflow) throw new HttpError(503, `Intake of ${input.kind} is switched off (its workflow extension is disabled)`);

    return strapi.db.transaction(async ({ trx, onCommit }) => {
      const product = input.product ? await strapi.db.query(CONTENT_TYPES.product).findOne({ where: { modelCode: input.product.model.trim() }, select: ['id', 'documentId', 'modelCode'] }) : null;
      if (input.product && !product) {
        throw invalidInput([{ path: ['data', 'product', 'model'], message: `no product with model "${input.product.model}"` }]);
      }
      const { customer, known } = await matchOrCreateCustomer(input.customer, now);
      const suggestion = suggestionFor(input);
      const departmentCode = input.department ?? suggestion.department;
      const department = departmentCode ? await strapi.db.query(CONTENT_TYPES.department).findOne({ where: { code: departmentCode }, select: ['id'] }) : null;
      if (input.department && !department) throw invalidInput([{ path: ['data', 'department'], message: `no department "${input.department}"` }]);
      const office = input.office ? await strapi.db.query(CONTENT_TYPES.office).findOne({ where: { code: input.office.trim() }, select: ['id'] }) : null;
      if (input.office && !office) throw invalidInput([{ path: ['data', 'office'], message: `no office "${input.office}"` }]);
      // The customer's language (theirs, else the intake's) for the articles that may answer them.
      const locale: string = customer.locale ?? input.customer.locale ?? 'zh-Hans';
      const articles: { title: string; slug: string }[] = suggest ? await getService(strapi, 'knowledge-base').search({ q: input.symptom, locale, limit: 3 }, trx) : [];
      const trackingToken = newSecretToken();
      const common = {
        documentId: newDocumentId(),
        reference: null,
        state: workflow.initialState,
        version: 1,
        customer: customer.id,
        product: product?.id ?? null,
        office: office?.id ?? null,
        trackingTokenHash: hashToken(trackingToken),
        // A staff member who registers a case takes it (as in the Content Manager) and keeps seeing it.
        ...(client.kind === 'admin' && Number(client.id) > 0 && 'owner' in (modelOf(strapi, uid)?.attributes ?? {}) ? { owner: Number(client.id) } : {}),
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
      };
      const copied = Object.fromEntries(Object.entries(kind.intake?.fields ?? {}).map(([from, to]) => [to, (input as unknown as Record<string, unknown>)[from] ?? null]));
      const data =
        input.kind === 'feedback'
          ? {
              ...common,
              ...copied,
              channel: input.channel,
              type: input.type ?? suggestion.type ?? null,
              severity: input.severity ?? suggestion.severity ?? null,
              complex: input.complex ?? suggestion.complex ?? false,
              department: department?.id ?? null,
              batch: input.product?.batch?.trim() || null,
              reopenCount: 0,
            }
          : {
              ...common,
              ...copied,
              channel: input.channel,
              cause: input.cause ?? null,
              seriousness: input.severity === 'urgent' || input.severity === 'important' ? 'serious' : 'minor',
              orderNumber: input.order?.number ?? null,
              orderDate: input.order?.date ?? null,
              productVersion: input.order?.productVersion ?? null,
              quantity: input.order?.quantity ?? null,
              deliveryDate: input.order?.deliveryDate ?? null,
              price: input.order?.price ?? null,
              salesHandler: input.order?.salesHandler ?? null,
              department: (await strapi.db.query(CONTENT_TYPES.department).findOne({ where: { code: INTAKE_DEPARTMENT }, select: ['id'] }))?.id ?? null,
            };
      const prepared: Record<string, unknown> = { ...data };
      for (const hook of prepareHooks) Object.assign(prepared, (await hook({ strapi, kind: input.kind, uid, data: prepared, now })) ?? {});
      // The item is written before it gets its number: the allocation locks the day's counter row
      // until the commit (a rolled-back intake gives its number back: no gaps), so concurrent intakes
      // queue for what comes after it. Only what needs the number comes after it: the audit event,
      // the receipt hooks (the customer's message, or the call owed), the answer kept for the
      // Idempotency-Key; every read that does not (the articles above) comes before.
      const byHand = LINKED_BY_HAND.flatMap((field) => {
        const target = prepared[field];
        const link = typeof target === 'number' ? linkOf(uid, field) : null;
        return link ? [{ field, link, target: target as number }] : [];
      });
      const written = { ...prepared };
      for (const { field } of byHand) delete written[field];
      const created = await strapi.db.query(uid).create({ data: written });
      for (const { link, target } of byHand) await linkLast(trx, link, created.id, target);
      // The links of who holds the item as the intake wrote them: one it did not write is empty (the hooks need not read the item back).
      const relations = relationsOf(uid, prepared);
      for (const field of [kind.departmentField, kind.ownerField, kind.assigneeField]) if (field && !(field in relations)) relations[field] = null;
      let reference: string | null = null;
      const afterCommit = queue.add(onCommit, () => reference);
      // The receipt hooks' reads (templates, settings, the people to tell) before the number: under the counter's lock only writes remain.
      const unnumbered = { ...created, reference: null };
      const receipt: Receipt = { kind: input.kind, uid, item: unnumbered, relations, customer, trackingToken, client, channel: input.channel, matched: suggestion.matched, now, afterCommit };
      const ready = customer ? await prepareReceipt({ ...hookArgumentsOf(receipt, customer), item: unnumbered }) : undefined;
      reference = await getService(strapi, 'reference').allocateInto(kind.referencePrefix, now, strapi.db.metadata.get(uid).tableName, created.id);
      const item: ItemRecord = { ...created, reference };
      if (known) await getService(strapi, 'contact-proposals').proposeFromIntake(trx, customer, input.customer, { reference, kind: client.kind }, now);

      await completeReceipt(trx, { ...receipt, item }, ready);
      return { item, trackingToken, locale, articles };
    });
  };

  return {
    onPrepare(hook: IntakePrepareHook) {
      prepareHooks.add(hook);
      return { dispose: () => void prepareHooks.delete(hook) };
    },

    /** Extensions (messages, SLA) add work that must commit with the item. */
    onReceived(hook: IntakeHook | IntakeReceiptHook) {
      hooks.add(hook);
      return { dispose: () => void hooks.delete(hook) };
    },

    async submit(input: IntakeInput, client: IntakeClient) {
      const queue = afterCommitQueue();
      const submitted = await submitIn(input, client, queue);
      await settle(queue);
      return submitted;
    },

    /** The classifier's suggestion for a customer's words, as the intake would apply it. */
    classify(words: { symptom?: string; scenario?: string; expectedSolution?: string }) {
      return suggestionFor(words);
    },

    /**
     * The same intake for an item written through the document service (the Content Manager's
     * create, the REST API): `write` is the document service's own create (the rest of its
     * middlewares: reference, case owner, clocks…). What the staff member left empty is classified
     * and routed as the intake would; the item gets a tracking token, the prepare hooks' fields, the
     * first audit event with the real actor and the acknowledgement, all in one transaction.
     */
    async receiveDocument<T>(uid: string, params: { data?: Record<string, unknown> }, client: IntakeClient, write: () => Promise<T>): Promise<T> {
      const kind = getService(strapi, 'item-kinds').get(uid);
      const intakeKind = kind?.intake?.kind;
      if (intakeKind !== 'feedback' && intakeKind !== 'complaint') return write();
      const now = getService(strapi, 'clock').now();
      const queue = afterCommitQueue();
      let reference: string | null = null;
      const result = await strapi.db.transaction(async ({ trx, onCommit }) => {
        const data: Record<string, unknown> = { ...(params.data ?? {}) };
        const suggestion = suggestionFor(data);
        if (intakeKind === 'feedback') {
          if (isEmpty(data.type) && suggestion.type) data.type = suggestion.type;
          if (isEmpty(data.severity) && suggestion.severity) data.severity = suggestion.severity;
        }
        const departmentCode = intakeKind === 'feedback' ? suggestion.department : INTAKE_DEPARTMENT;
        if (isEmptyRelation(data.department) && departmentCode) {
          const department = await strapi.db.query(CONTENT_TYPES.department).findOne({ where: { code: departmentCode }, select: ['documentId'] });
          if (department) data.department = department.documentId;
        }
        const trackingToken = newSecretToken();
        data.trackingTokenHash = hashToken(trackingToken);
        // The prepare hooks (the SLA's clock rows) key what they store by the item's documentId.
        data.documentId = newDocumentId();
        const departmentId =
          typeof data.department === 'string' ? ((await strapi.db.query(CONTENT_TYPES.department).findOne({ where: { documentId: data.department }, select: ['id'] }))?.id ?? null) : null;
        for (const hook of prepareHooks) {
          const added = (await hook({ strapi, kind: intakeKind, uid, data: { ...data, department: departmentId ?? data.department }, now })) ?? {};
          for (const [field, value] of Object.entries(added)) if (isEmpty(data[field])) data[field] = value;
        }
        params.data = data;
        const created = await write();
        const documentId = (created as { documentId?: unknown } | null)?.documentId;
        if (typeof documentId !== 'string') return created;
        // The written item with its customer and the ids of who holds it (the hooks need not read it again).
        const held = [kind?.departmentField, kind?.ownerField, kind?.assigneeField].filter((field): field is string => !!field && field !== 'customer');
        const populate: Record<string, unknown> = { customer: true, ...Object.fromEntries(held.map((field) => [field, { select: ['id'] }])) };
        const item: (ItemRecord & { customer?: CustomerRecord | null }) | null = await strapi.db.query(uid).findOne({ where: { documentId }, populate });
        // Written just now, in this transaction: always there (without it the receipt's audit event, which names it, fails).
        if (!item) throw new Error(`${uid} ${documentId}: the item just written cannot be read back`);
        const { customer, ...fields } = item;
        for (const field of held) delete fields[field];
        const relations = Object.fromEntries(held.map((field) => [field, relationIdOf(item[field])]));
        reference = fields.reference ?? null;
        await completeReceipt(trx, {
          kind: intakeKind,
          uid,
          item: fields,
          relations,
          customer: customer ?? null,
          trackingToken,
          client,
          channel: String(data.channel ?? ''),
          matched: suggestion.matched,
          now,
          afterCommit: queue.add(onCommit, () => reference),
        });
        return created;
      });
      await settle(queue);
      return result;
    },

    /**
     * The public intake: registers the item and, with an Idempotency-Key, stores the answer in the
     * same transaction (a crash leaves either both or neither); the answer the API sends (201).
     */
    async register(input: IntakeInput, client: IntakeClient, idempotent: { scope: string; key: string; claim: string } | null, files: { name: string; mime: string; buffer: Buffer }[] = []) {
      // Files go to the upload provider first (no transaction covers it); taken back if the item is not written.
      const attachments = await getService(strapi, 'attachments').store(files);
      const queue = afterCommitQueue();
      const body = await strapi.db
        .transaction(async ({ trx }) => {
          const { item, trackingToken, articles } = await submitIn(input, client, queue, true);
          if (attachments.length) {
            // The customer's first message on the item's conversation, with the photos.
            await getService(strapi, 'thread').append({
              contentType: getService(strapi, 'item-kinds').byIntakeKind(input.kind)!.contentType,
              documentId: item.documentId,
              reference: item.reference,
              kind: 'message-in',
              channel: input.channel,
              author: { kind: 'customer', id: null, name: input.customer.name },
              bodyText: input.symptom,
              attachments,
            });
          }
          const answerBody = {
            data: {
              reference: item.reference as string,
              trackingToken,
              state: item.state,
              acknowledgeBy: isoOrNull(item.acknowledgeBy),
              respondBy: isoOrNull(item.respondBy),
              suggestedArticles: articles.map((a) => ({ title: a.title, slug: a.slug })),
            },
          };
          if (idempotent) await getService(strapi, 'idempotency').complete(idempotent.scope, idempotent.key, idempotent.claim, 201, answerBody, trx);
          return answerBody;
        })
        .catch(async (error) => {
          if (attachments.length)
            await getService(strapi, 'attachments')
              .remove(attachments.map((a) => a.fileId))
              .catch(() => undefined);
          throw error;
        });
      await settle(queue);
      // Strapi's transaction() returns quietly when knex had already ended the transaction (a
      // connection lost mid-way): make sure the item really committed before answering 201.
      const uid = input.kind === 'feedback' ? CONTENT_TYPES.feedback : CONTENT_TYPES.complaint;
      const stored = await strapi.db.query(uid).findOne({ where: { reference: body.data.reference }, select: ['id'] });
      if (!stored) throw new HttpError(503, 'The registration did not complete; retry with the same Idempotency-Key', {}, 1);
      return body;
    },
  };
};

export default intake;
