import type { Core } from '@strapi/strapi';
import { normalizePhone } from '../../domain/intake/normalize-contact';
import { maskEmail, maskPhone } from '../../domain/privacy/mask';
import { openCasePromise, parseAnswerOnCall, parseRegistration, promisedDeadline, type OpenCasePromise } from '../../domain/front-desk/registration';
import { groupBacklog, type BacklogSuggestion } from '../../domain/front-desk/backlog';
import { frontDeskApi } from './extension';
import { CONTENT_TYPES, errors, HttpError, invalidInput, type AfterSalesApiV1, type WorkflowCaller } from '../../extension-api';
import { staffActorName } from '../../domain/staff/display-name';
import { targetWording } from '../../domain/sla/target-wording';

const ITEM_UIDS = [CONTENT_TYPES.feedback, CONTENT_TYPES.complaint] as const;
const MAX_QUERY = 100;

export interface StaffUser {
  id: number;
  firstname?: string;
  lastname?: string;
  email?: string;
}

const clientOf = (user: StaffUser) => ({ kind: 'admin' as const, id: String(user.id), name: staffActorName(user) });
const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);
/** A datetime field of an item as the query layer reads it (text or a Date), or null. */
const dateField = (value: unknown): string | Date | null => (typeof value === 'string' || value instanceof Date ? value : null);

/**
 * The front desk: find the caller (their open cases and products), the catalogue's models and
 * batches, matching articles and the classifier's suggestion while the agent types; register the
 * case through the intake, add to an open case, send an article; the suggestions backlog.
 * Everything goes through the extension API (`frontDeskApi`) and reads with `strapi.db.query`.
 */
export const frontDeskOf = (strapi: Core.Strapi) => {
  const api = (): AfterSalesApiV1 => {
    const current = frontDeskApi(strapi);
    if (!current) throw new HttpError(503, 'The front desk is switched off (extension after-sales.front-desk is disabled)');
    return current;
  };
  const query = (q: unknown) => {
    const text = typeof q === 'string' ? q.trim() : '';
    if (text.length > MAX_QUERY) throw invalidInput([{ path: ['q'], message: `must be at most ${MAX_QUERY} characters` }]);
    return text;
  };
  const openStates = (uid: string) => (api().workflow.definition(uid)?.states ?? []).filter((state) => state.category !== 'done').map((state) => state.id);
  const stateTitle = (uid: string, state: string, locale: string) => {
    const title = api()
      .workflow.definition(uid)
      ?.states.find((s) => s.id === state)?.title;
    return !title ? state : typeof title === 'string' ? title : ((title as Record<string, string>)[locale] ?? title.en);
  };

  /** The next deadline the customer was promised on an open case (what the agent reads out when the caller rings about it). */
  const promiseOn = async (uid: string, documentId: string): Promise<OpenCasePromise | null> =>
    openCasePromise(await api().sla.clocks(uid, documentId), api().itemKinds.get(uid)?.tracking?.dueDates ?? []);

  return {
    /**
     * Customers matching a phone number (any format: the normalised number, or — for staff who read
     * contact data in full — its last digits) or a name or company, with their products and open cases
     * (of a case this user may not read in the Content Manager, its reference and state only).
     */
    async callers(q: unknown, locale: string, ctx: unknown) {
      const text = query(q);
      if (text.length < 2) return [];
      const or: Record<string, unknown>[] = [{ name: { $containsi: text } }, { company: { $containsi: text } }];
      const phone = normalizePhone(text);
      if (phone.ok) or.push({ phoneNormalized: phone.value });
      const digits = text.replace(/[\s\-()]/g, '');
      // A part of a number finds people only for those who may read numbers (as the customer search does).
      const readsContacts = api().contactData.isFull(api().contactData.accessFor(ctx));
      if (readsContacts && /^\+?\d{4,}$/.test(digits)) or.push({ phoneNormalized: { $endsWith: digits.replace(/^\+/, '') } });
      const user = (ctx as { state?: { user?: { id: number } } }).state?.user;
      const actor = user ? await api().workflow.adminActor(user) : null;
      const customers = await strapi.db.query(CONTENT_TYPES.customer).findMany({
        where: { $or: or, privacyState: { $ne: 'erased' } },
        select: ['id', 'documentId', 'name', 'company', 'phone', 'email', 'locale'],
        orderBy: { id: 'asc' },
        limit: 8,
      });
      const result: Record<string, unknown>[] = [];
      for (const customer of customers) {
        const cases: Record<string, unknown>[] = [];
        const products = new Map<string, { model: string; name: string | null; batches: string[] }>();
        for (const uid of ITEM_UIDS) {
          const summaryField = api().itemKinds.get(uid)?.summaryField;
          const items = await strapi.db.query(uid).findMany({
            where: { customer: { id: customer.id } },
            select: ['documentId', 'reference', 'state', 'createdAt', ...(summaryField ? [summaryField] : []), ...(uid === CONTENT_TYPES.feedback ? ['batch'] : [])],
            populate: { product: { select: ['modelCode', 'name'] } },
            orderBy: { createdAt: 'desc' },
            limit: 50,
          });
          const open = new Set(openStates(uid));
          for (const item of items) {
            if (item.product?.modelCode) {
              const product = products.get(item.product.modelCode) ?? { model: item.product.modelCode as string, name: (item.product.name as string) ?? null, batches: [] as string[] };
              if (item.batch && !product.batches.includes(item.batch)) product.batches.push(item.batch);
              products.set(product.model, product);
            }
            if (open.has(item.state)) {
              // Another department's case: the caller may be ringing about it, so it is listed (and can take
              // what the caller adds), but not what it says, which this user may not read.
              const readable = !!actor && !!(await api().workflow.readableRecord(uid, item.documentId, actor));
              cases.push({
                uid,
                documentId: item.documentId,
                reference: item.reference,
                state: item.state,
                stateTitle: stateTitle(uid, item.state, locale),
                readable,
                summary: readable ? String((summaryField && item[summaryField]) ?? '').slice(0, 140) : null,
                // The deadline is ours, not the customer's words: shown for every open case, to be read out.
                promise: await promiseOn(uid, item.documentId),
                createdAt: iso(item.createdAt),
              });
            }
          }
        }
        result.push({
          documentId: customer.documentId,
          name: customer.name,
          company: customer.company ?? null,
          // Contact data masked, as in lists: the agent reveals it (with a reason) on the customer's page.
          phone: maskPhone(customer.phone),
          email: maskEmail(customer.email),
          openCases: cases,
          products: [...products.values()],
        });
      }
      return result;
    },

    /** The offices and service points a case can be registered at (code, name, region), by region then name; `mine`: this user is its member or head (the desk's default). */
    async offices(user: StaffUser) {
      const rows = (await strapi.db.query(CONTENT_TYPES.office).findMany({
        select: ['code', 'name', 'region'],
        populate: { head: { select: ['id'] }, members: { select: ['id'] } },
        orderBy: [{ region: 'asc' }, { name: 'asc' }],
      })) as { code: string; name: string; region: string | null; head?: { id: number } | null; members?: { id: number }[] }[];
      return rows.map((o) => ({ code: o.code, name: o.name, region: o.region, mine: o.head?.id === user.id || (o.members ?? []).some((m: { id: number }) => m.id === user.id) }));
    },

    /** Catalogue models matching the words, each with the batches already reported for it. */
    async products(q: unknown) {
      const text = query(q);
      const where = text ? { $or: [{ modelCode: { $containsi: text } }, { name: { $containsi: text } }] } : {};
      const products = await strapi.db.query(CONTENT_TYPES.product).findMany({ where, select: ['id', 'modelCode', 'name'], orderBy: { modelCode: 'asc' }, limit: 10 });
      const result: { model: string; name: string | null; batches: string[] }[] = [];
      for (const product of products) {
        const items = await strapi.db
          .query(CONTENT_TYPES.feedback)
          .findMany({ where: { product: { id: product.id }, batch: { $notNull: true } }, select: ['batch'], orderBy: { createdAt: 'desc' }, limit: 200 });
        result.push({ model: product.modelCode, name: product.name ?? null, batches: [...new Set(items.map((i: { batch: string }) => i.batch))].slice(0, 10) });
      }
      return result;
    },

    /** Published articles matching what the agent has typed so far. */
    async articles(q: unknown, locale: string, product?: string) {
      const text = query(q);
      if (!text) return [];
      return api().knowledge.search({ q: text, locale, product: product || undefined, limit: 5 });
    },

    classify(words: { symptom?: unknown; scenario?: unknown; expectedSolution?: unknown }) {
      const asText = (value: unknown) => (typeof value === 'string' ? value.slice(0, 10000) : undefined);
      return api().intake.classify({ symptom: asText(words.symptom), scenario: asText(words.scenario), expectedSolution: asText(words.expectedSolution) });
    },

    /**
     * What the active feedback policy promises the customer (004 二(一): 一般问题24小时内,复杂问题48小时内),
     * for a general and for a complex issue, worded in both languages with its unit (working or
     * calendar hours), so the desk says what the acknowledgement and the clock say, also after an edit.
     */
    async promise() {
      const worded = (targets: Awaited<ReturnType<AfterSalesApiV1['sla']['targets']>>) => {
        const target = targets.respondBy;
        return target ? { amount: target.amount, unit: target.unit, 'zh-Hans': targetWording(target, 'zh-Hans'), en: targetWording(target, 'en') } : null;
      };
      return {
        general: worded(await api().sla.targets(CONTENT_TYPES.feedback, { complex: false })),
        complex: worded(await api().sla.targets(CONTENT_TYPES.feedback, { complex: true })),
      };
    },

    /** Registers the case through the intake (the staff member is its actor and case owner); the reference and the deadline to read out. */
    async register(body: unknown, user: StaffUser) {
      const parsed = parseRegistration(body);
      const onCall = parseAnswerOnCall(body);
      const problems = [...(parsed.ok ? [] : parsed.problems), ...(onCall.ok ? [] : onCall.problems)];
      if (!parsed.ok || !onCall.ok) throw invalidInput(problems.map((p) => ({ path: ['data', ...p.path], message: p.message })));
      const answer = onCall.value;
      if (answer?.article) {
        const article = await strapi.db.query(CONTENT_TYPES.knowledgeArticle).findOne({ where: { documentId: answer.article, publishedAt: { $notNull: true } }, select: ['id'] });
        if (!article) throw invalidInput([{ path: ['data', 'answer', 'article'], message: `no published article ${answer.article}` }]);
      }
      const { item, trackingToken } = await api().intake.submit(parsed.value, clientOf(user));
      // The short path on the call: registered, then answered and closed by the workflow's own action
      // (the answer goes to the customer; the agent is the case owner). Should that action be refused,
      // the case stays registered and open, and the answer says why.
      let closed: { state: string } | { refused: string } | null = null;
      if (answer) {
        try {
          const done = await api().workflow.perform(
            CONTENT_TYPES.feedback,
            item.documentId,
            'answer-and-close',
            { version: Number(item.version), data: { resolutionSummary: answer.text, ...(answer.article ? { knowledgeArticle: answer.article } : {}) } },
            await api().workflow.adminActor(user)
          );
          closed = { state: done.state };
        } catch (error) {
          closed = { refused: error instanceof Error ? error.message : String(error) };
        }
      }
      const state = closed && 'state' in closed ? closed.state : item.state;
      const uid = parsed.value.kind === 'complaint' ? CONTENT_TYPES.complaint : CONTENT_TYPES.feedback;
      const promised = (await api().sla.targets(uid, item)).respondBy;
      return {
        kind: parsed.value.kind,
        uid: parsed.value.kind === 'complaint' ? CONTENT_TYPES.complaint : CONTENT_TYPES.feedback,
        documentId: item.documentId,
        reference: item.reference as string,
        trackingToken,
        state,
        answered: closed ? 'state' in closed : undefined,
        answerRefused: closed && 'refused' in closed ? closed.refused : undefined,
        type: (item.type as string) ?? null,
        severity: (item.severity as string) ?? null,
        seriousness: (item.seriousness as string) ?? null,
        complex: item.complex === true || item.complex === 1,
        acknowledgeBy: iso(item.acknowledgeBy),
        respondBy: iso(item.respondBy),
        // Answered and closed on the call: nothing left to promise.
        promisedBy: state === 'closed' ? null : promisedDeadline({ respondBy: dateField(item.respondBy), acknowledgeBy: dateField(item.acknowledgeBy) }),
        /** The promise's target as worded for the customer (e.g. "48 个工作小时"); null without one (or answered and closed). */
        promisedWithin: promised && state !== 'closed' ? { 'zh-Hans': targetWording(promised, 'zh-Hans'), en: targetWording(promised, 'en') } : null,
      };
    },

    /** What the caller adds to their open case: an internal note on its conversation, under the staff member's name. */
    async addToCase(uid: string, documentId: string, body: { text?: unknown; channel?: unknown }, user: StaffUser, locale = 'zh-Hans') {
      if (!(ITEM_UIDS as readonly string[]).includes(uid)) throw invalidInput([{ path: ['uid'], message: `must be ${ITEM_UIDS.join(' or ')}` }]);
      const text = typeof body.text === 'string' ? body.text.trim() : '';
      if (!text) throw invalidInput([{ path: ['text'], message: 'is required: what the caller added' }]);
      if (text.length > 10000) throw invalidInput([{ path: ['text'], message: 'must be at most 10000 characters' }]);
      const item = await strapi.db.query(uid).findOne({ where: { documentId }, select: ['documentId', 'reference', 'state'] });
      if (!item) throw new errors.NotFoundError(`No item ${documentId}`);
      if (!openStates(uid).includes(item.state)) throw invalidInput([{ path: ['documentId'], message: `${item.reference} is closed: register a new case` }]);
      const channel = typeof body.channel === 'string' && body.channel ? body.channel.slice(0, 40) : 'phone';
      // The note and its audit event together, or neither.
      const entry = await strapi.db.transaction(async ({ trx }) => {
        const note = await api().thread.append({
          contentType: uid,
          documentId,
          reference: item.reference,
          kind: 'note',
          channel,
          author: { kind: 'admin', id: user.id, name: staffActorName(user) },
          bodyText: text,
          meta: { source: 'front-desk' },
        });
        await api().audit.append(
          {
            action: 'front-desk.add-to-case',
            contentType: uid,
            documentId,
            reference: item.reference,
            actor: { kind: 'admin', id: user.id, name: staffActorName(user) },
            details: `added by ${channel}`,
          },
          trx
        );
        return note;
      });
      // What the agent reads out: the case, where it stands and the deadline the customer was promised.
      return { id: entry.id, reference: item.reference, state: item.state, stateTitle: stateTitle(uid, item.state, locale), promise: await promiseOn(uid, documentId) };
    },

    /** Sends a published article to the customer through the outbox (email, else SMS), on their case's conversation when one is named, else filed under the customer. */
    async sendArticle(body: { article?: unknown; customer?: unknown; uid?: unknown; documentId?: unknown }, user: StaffUser) {
      const problems: { path: string[]; message: string }[] = [];
      if (typeof body.article !== 'string' || !body.article) problems.push({ path: ['article'], message: 'is required (the article documentId)' });
      if (typeof body.customer !== 'string' || !body.customer) problems.push({ path: ['customer'], message: 'is required (the customer documentId)' });
      if (problems.length) throw invalidInput(problems);
      const customer = await strapi.db
        .query(CONTENT_TYPES.customer)
        .findOne({ where: { documentId: body.customer }, select: ['id', 'documentId', 'name', 'phone', 'email', 'locale', 'preferredChannel'] });
      if (!customer) throw invalidInput([{ path: ['customer'], message: `no customer ${String(body.customer)}` }]);
      const locale = customer.locale === 'en' ? 'en' : 'zh-Hans';
      const articles = await strapi.db
        .query(CONTENT_TYPES.knowledgeArticle)
        .findMany({ where: { documentId: body.article, publishedAt: { $notNull: true } }, select: ['documentId', 'title', 'problem', 'solution', 'locale'] });
      const article = articles.find((a: { locale: string }) => a.locale === locale) ?? articles[0];
      if (!article) throw invalidInput([{ path: ['article'], message: `no published article ${String(body.article)}` }]);
      const useEmail = !!customer.email && (customer.preferredChannel !== 'sms' || !customer.phone);
      const channel = useEmail ? 'email' : 'sms';
      const recipient = useEmail ? customer.email : customer.phone;
      if (!recipient) throw invalidInput([{ path: ['customer'], message: 'the customer has neither an email nor a phone number' }]);
      let item: { uid: string; documentId: string; reference: string | null } | null = null;
      if (typeof body.uid === 'string' && typeof body.documentId === 'string') {
        if (!(ITEM_UIDS as readonly string[]).includes(body.uid)) throw invalidInput([{ path: ['uid'], message: `must be ${ITEM_UIDS.join(' or ')}` }]);
        const found = await strapi.db.query(body.uid).findOne({ where: { documentId: body.documentId }, select: ['documentId', 'reference'] });
        if (!found) throw invalidInput([{ path: ['documentId'], message: `no item ${body.documentId}` }]);
        item = { uid: body.uid, documentId: found.documentId, reference: found.reference ?? null };
      }
      const greeting = locale === 'en' ? `Dear ${customer.name},` : `${customer.name}，您好：`;
      const subject = locale === 'en' ? `How to: ${article.title}` : `使用指南：${article.title}`;
      const bodyText = [greeting, '', article.title, '', article.problem, '', article.solution].filter((line) => line !== null && line !== undefined).join('\n');
      const at = api().clock.now();
      const { id } = await api().outbox.enqueue({
        dedupeKey: `front-desk:article:${customer.id}:${article.documentId}:${at.toISOString().slice(0, 16)}`,
        // Without a case, filed under the customer: their page lists it, and a merge moves it.
        contentType: item?.uid ?? CONTENT_TYPES.customer,
        documentId: item?.documentId ?? customer.documentId,
        reference: item?.reference ?? null,
        templateKey: 'front-desk.article',
        channel,
        locale,
        recipient,
        subject,
        bodyText,
        bodyHtml: null,
        trigger: 'front-desk.send-article',
      });
      if (item) {
        await api().thread.append({
          contentType: item.uid,
          documentId: item.documentId,
          reference: item.reference,
          kind: 'reply',
          channel,
          author: { kind: 'admin', id: user.id, name: staffActorName(user) },
          bodyText,
          outboxId: id,
          meta: { article: article.documentId, subject },
        });
      }
      return { outboxId: id, channel, article: { documentId: article.documentId, title: article.title, locale: article.locale } };
    },

    /** The cases this staff member registered (they are their case owner), feedback and complaints, newest first. */
    async mine(user: StaffUser, locale = 'zh-Hans') {
      const cases: { uid: string; kind: string; documentId: string; reference: string | null; state: string; channel: string | null; summary: string; stateTitle: string; createdAt: string | null }[] =
        [];
      for (const uid of ITEM_UIDS) {
        const summaryField = api().itemKinds.get(uid)?.summaryField ?? 'symptom';
        const items = await strapi.db.query(uid).findMany({
          where: { owner: { id: user.id } },
          select: ['documentId', 'reference', 'state', summaryField, 'channel', 'createdAt'],
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          limit: 20,
        });
        for (const item of items as ({ documentId: string; reference: string | null; state: string; channel?: string | null; createdAt: string } & Record<string, unknown>)[]) {
          cases.push({
            uid,
            kind: uid === CONTENT_TYPES.complaint ? 'complaint' : 'feedback',
            documentId: item.documentId,
            reference: item.reference,
            state: item.state,
            channel: item.channel ?? null,
            summary: String(item[summaryField] ?? '').slice(0, 140),
            stateTitle: stateTitle(uid, item.state, locale),
            createdAt: iso(item.createdAt),
          });
        }
      }
      return cases.sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt))).slice(0, 20);
    },

    /** The suggestions backlog, grouped by product with counts; `month` (YYYY-MM) keeps one month's. */
    async backlog(month: unknown) {
      if (month !== undefined && (typeof month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month))) throw invalidInput([{ path: ['month'], message: 'must be YYYY-MM' }]);
      const items = (await strapi.db.query(CONTENT_TYPES.feedback).findMany({
        where: { state: 'backlog' },
        select: ['documentId', 'reference', 'symptom', 'expectedSolution', 'closedAt'],
        populate: { product: { select: ['modelCode', 'name'] } },
        orderBy: { id: 'asc' },
        limit: 5000,
      })) as {
        documentId: string;
        reference?: string | null;
        symptom?: string | null;
        expectedSolution?: string | null;
        closedAt?: string | null;
        product?: { modelCode: string; name?: string | null } | null;
      }[];
      const suggestions: BacklogSuggestion[] = items.map((item) => ({
        documentId: item.documentId,
        reference: item.reference ?? null,
        symptom: item.symptom ?? '',
        expectedSolution: item.expectedSolution ?? null,
        product: item.product ? { model: item.product.modelCode, name: item.product.name ?? null } : null,
        collectedAt: iso(item.closedAt),
      }));
      const timeZone = strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai');
      return { month: (month as string | undefined) ?? null, total: suggestions.length, groups: groupBacklog(suggestions, { month: month as string | undefined, timeZone }) };
    },

    /** Accepts or declines a backlog suggestion with the workflow's own action (permission `suggestions.review`). */
    async review(documentId: string, decision: unknown, note: unknown, version: unknown, actor: WorkflowCaller) {
      if (decision !== 'accept' && decision !== 'decline') throw invalidInput([{ path: ['decision'], message: 'must be accept or decline' }]);
      return api().workflow.perform(CONTENT_TYPES.feedback, documentId, `${decision}-suggestion`, { version: Number(version), note: typeof note === 'string' ? note : null }, actor);
    },

    adminActor: (user: StaffUser) => api().workflow.adminActor(user),
  };
};
