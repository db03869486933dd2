import type { Core } from '@strapi/strapi';
import {
  approvedSince,
  bestBetaTest,
  customerVerificationGap,
  customerVerificationText,
  fixAuthors,
  internalVerificationGap,
  internalVerificationText,
  parseBetaAnswers,
  parseBetaTest,
  parseVerifications,
  verificationReport,
  verificationSummary,
  type BetaAnswers,
  type ActionGap,
  type BetaQuestion,
  type FieldProblem,
} from '../../domain/improvement/beta-test';
import { betaLink } from '../../domain/portal/links';
import { errors, hashToken, queryOf, HttpError, invalidInput, newSecretToken, refusal, TABLES, type AfterSalesApiV1, type BetaAnswerResult, type BetaInvitation } from '../../extension-api';
import { ANALYSIS_REPORT, BETA_STATES, CUSTOMER, IMPROVEMENT_RECORD, INVITATION_TEMPLATE } from './constants';

const DAY_MS = 24 * 3600 * 1000;
type Knex = Core.Strapi['db']['connection'];

export interface Actor {
  id: number;
  name: string;
}
/** A customer as an invitation reads them (the fields selected in `invite`). */
interface Customer {
  id: number;
  documentId: string;
  name: string;
  email: string | null;
  phone: string | null;
  preferredChannel: string | null;
  locale: string | null;
  privacyState: string | null;
}

/** A customer one may invite, by name only (no contact data). */
interface CandidateCustomer {
  documentId: string;
  name?: string | null;
  privacyState?: string | null;
}

/** What beta tests read of an improvement record (the query layer's or the workflow's record, owners populated). */
type BetaRecord = {
  documentId: string;
  reference?: string | null;
  state: string;
  shortTermOwner?: { id: number } | null;
  longTermOwner?: { id: number } | null;
  approvals?: { decision?: string | null; decidedAt?: string | Date | null }[] | null;
  noBetaTestReason?: string | null;
  customerVerification?: string | null;
};

/** A row of `after_sales_beta_tests` as raw knex returns it (`questions`: JSON). */
interface BetaTestRow {
  id: number;
  improvement_document_id: string;
  name: string;
  questions: string;
  invited: number;
  created_by_id: number | null;
  created_by: string | null;
  created_at: string;
}

/** A row of `after_sales_test_case_verifications`: one verdict on one test case of an analysis report. */
interface VerificationRow {
  id: number;
  improvement_document_id: string;
  analysis_report_document_id: string;
  test_case: number;
  test_case_title: string;
  result: string;
  note: string | null;
  verified_by_id: number | null;
  verified_by: string | null;
  verified_at: string;
}

/** A test case as an analysis report stores it (checked when the report is written; read leniently here). */
type StoredTestCase = { title?: unknown; expected?: unknown } | null;

const json = <T>(value: unknown, fallback: T): T => {
  if (value === null || value === undefined) return fallback;
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
};

/**
 * Beta tests of a fix (004 二(四)): from an improvement record, 10–20 customers (settings) are
 * invited on their channel with a link to the customer page where they answer the test's questions
 * once; the customer verification report (客户验证报告) is counted from the answers. Internal
 * verification records each test case of the record's analysis reports as passed or failed, by
 * someone other than the fix's author.
 */
export const createBetaTests = (strapi: Core.Strapi, api: AfterSalesApiV1) => {
  const knex = () => strapi.db.connection;
  const now = () => api.clock.now();
  const publicUrl = () => (strapi.config.get<string>('server.url') || `http://localhost:${strapi.config.get('server.port')}`).replace(/\/$/, '');

  const recordOf = async (ctx: unknown, documentId: string) => {
    const record = (await api.records.find(IMPROVEMENT_RECORD, documentId, { shortTermOwner: { select: ['id'] }, longTermOwner: { select: ['id'] } })) as BetaRecord | null;
    if (!record) throw new errors.NotFoundError(`No improvement record ${documentId}`);
    await api.records.assertMayRead(ctx, IMPROVEMENT_RECORD, documentId);
    return record;
  };

  const reportOf = async (test: BetaTestRow, db: Knex = knex()) => {
    const questions = json<BetaQuestion[]>(test.questions, []);
    // Oldest answer first (the comments in the order they came), then as invited.
    const invitations: { answers: string | null; answered_at: string | null }[] = await db(TABLES.betaInvitations)
      .where({ beta_test_id: test.id })
      .orderBy([{ column: 'answered_at' }, { column: 'id' }])
      .select('answers', 'answered_at');
    const report = verificationReport(
      questions,
      invitations.map((i) => ({ answers: i.answered_at ? json<BetaAnswers | null>(i.answers, null) : null }))
    );
    return {
      id: Number(test.id),
      improvement: test.improvement_document_id,
      name: test.name,
      createdBy: test.created_by ?? null,
      createdAt: test.created_at,
      questions,
      report,
    };
  };

  /** Test cases of the record's analysis reports, each with its latest verdict (`db`: the action's transaction, joined). */
  const testCasesOf = async (documentId: string, db: Knex = knex()) => {
    const reports = (await queryOf(strapi, ANALYSIS_REPORT).findMany({
      where: { improvementRecord: { documentId } },
      select: ['documentId', 'reference', 'title', 'testCases'],
      orderBy: { id: 'asc' },
    })) as { documentId: string; reference?: string | null; title?: string; testCases?: unknown }[];
    const verdicts = (await db(TABLES.testCaseVerifications).where({ improvement_document_id: documentId }).orderBy('id', 'asc')) as VerificationRow[];
    const latest = new Map<string, VerificationRow>();
    for (const v of verdicts) latest.set(`${v.analysis_report_document_id}#${v.test_case}`, v);
    return reports.flatMap((r) =>
      (Array.isArray(r.testCases) ? (r.testCases as StoredTestCase[]) : json<StoredTestCase[]>(r.testCases, [])).map((c, index) => {
        const v = latest.get(`${r.documentId}#${index}`);
        return {
          report: r.documentId,
          reportReference: (r.reference ?? null) as string | null,
          testCase: index,
          title: String(c?.title ?? ''),
          expected: String(c?.expected ?? ''),
          result: (v?.result ?? null) as 'passed' | 'failed' | null,
          note: (v?.note ?? null) as string | null,
          verifiedBy: (v?.verified_by ?? null) as string | null,
          verifiedById: v?.verified_by_id === null || v?.verified_by_id === undefined ? null : Number(v.verified_by_id),
          verifiedAt: (v?.verified_at ?? null) as string | null,
        };
      })
    );
  };

  const authorsOf = async (record: BetaRecord, db: Knex = knex()) => {
    const owners: { owner_id: number }[] = await db(TABLES.improvementActions).where({ improvement_document_id: record.documentId }).select('owner_id');
    return fixAuthors(
      { shortTermOwnerId: record.shortTermOwner?.id ?? null, longTermOwnerId: record.longTermOwner?.id ?? null },
      owners.map((o) => Number(o.owner_id))
    );
  };

  const findInvitation = async (token: string) => {
    if (typeof token !== 'string' || !token || token.length > 200) return null;
    return knex()(TABLES.betaInvitations)
      .where({ token_hash: hashToken(token) })
      .first();
  };

  return {
    /** Invites the listed customers to a beta test of the record's fix: all of them or none (a customer no channel reaches is a 400 naming them). */
    async invite(ctx: unknown, documentId: string, body: unknown, actor: Actor) {
      const min = Number(await api.configuration.get<number>('minCustomers')) || 10;
      const max = Number(await api.configuration.get<number>('maxCustomers')) || 20;
      const parsed = parseBetaTest(body, { min, max: Math.max(min, max) });
      if (!parsed.ok) throw invalidInput(parsed.problems);
      const record = await recordOf(ctx, documentId);
      if (!BETA_STATES.includes(record.state)) throw new HttpError(409, `A beta test starts once the plan is approved; the record is "${record.state}"`, { state: record.state, allowed: BETA_STATES });
      const { name, questions, customers: ids } = parsed.value;
      const found = (await queryOf(strapi, CUSTOMER).findMany({
        where: { documentId: { $in: ids } },
        select: ['id', 'documentId', 'name', 'email', 'phone', 'preferredChannel', 'locale', 'privacyState'],
      })) as Customer[];
      const byId = new Map(found.map((c) => [c.documentId, c]));
      const problems: FieldProblem[] = [];
      const asked: Customer[] = [];
      for (const [i, id] of ids.entries()) {
        const customer = byId.get(id);
        if (!customer) problems.push({ path: ['data', 'customers', i], message: `no customer ${id}` });
        else if (customer.privacyState && customer.privacyState !== 'active')
          problems.push({ path: ['data', 'customers', i], message: 'this customer’s data is erased or restricted: they are not asked' });
        else asked.push(customer);
      }
      if (problems.length) throw invalidInput(problems);
      const lifetime = Number(await api.configuration.get<number>('lifetimeDays')) || 14;
      const at = now();
      return strapi.db.transaction(async ({ trx }) => {
        const [inserted] = await trx(TABLES.betaTests)
          .insert({
            improvement_document_id: documentId,
            name,
            questions: JSON.stringify(questions),
            invited: asked.length,
            created_by_id: actor.id,
            created_by: actor.name,
            created_at: at.toISOString(),
          })
          .returning('id');
        const id = Number(typeof inserted === 'object' ? inserted.id : inserted);
        const channels: Record<string, string> = {};
        for (const customer of asked) {
          const token = newSecretToken();
          // On the customer's channel (preferred, else the fallback order), in their language, as every customer message.
          const sent = await api.customerMessages.send({
            templateKey: INVITATION_TEMPLATE,
            customer: customer.documentId,
            variables: { links: { beta: betaLink(publicUrl(), token) } },
            dedupeKey: `beta:${id}:${customer.documentId}`,
            trigger: 'beta-test.invitation',
          });
          if (sent.status === 'unreachable') {
            problems.push({ path: ['data', 'customers', ids.indexOf(customer.documentId)], message: `no channel reaches this customer (${sent.reason})` });
            continue;
          }
          channels[customer.documentId] = sent.channel;
          await trx(TABLES.betaInvitations).insert({
            beta_test_id: id,
            customer_document_id: customer.documentId,
            token_hash: hashToken(token),
            locale: sent.locale,
            channel: sent.channel,
            expires_at: at.getTime() + lifetime * DAY_MS,
            created_at: at.toISOString(),
          });
        }
        // All or none: a customer no channel reaches is named, and nothing (test, invitations, messages) is kept.
        if (problems.length) throw invalidInput(problems);
        await api.audit.append(
          {
            action: 'beta-test-started',
            contentType: IMPROVEMENT_RECORD,
            documentId,
            reference: record.reference ?? null,
            actor: { kind: 'admin', id: actor.id, name: actor.name },
            details: `Beta 测试「${name}」已邀请 ${asked.length} 位客户`,
          },
          trx
        );
        return { id, name, invited: asked.length, channels };
      });
    },

    /**
     * The record's beta tests, newest first, each with its customer verification report; and the
     * customers one may invite: those of the items first, then the other owners of the
     * product model (a case about it), by name only (no contact data), erased or restricted ones left out.
     */
    async list(ctx: unknown, documentId: string) {
      const record = await recordOf(ctx, documentId);
      const tests = (await knex()(TABLES.betaTests).where({ improvement_document_id: documentId }).orderBy('id', 'desc')) as BetaTestRow[];
      const settings = { minCustomers: Number(await api.configuration.get('minCustomers')) || 10, maxCustomers: Number(await api.configuration.get('maxCustomers')) || 20 };
      const select = ['documentId', 'name', 'privacyState'];
      const linked = (await queryOf(strapi, IMPROVEMENT_RECORD).findOne({
        where: { documentId },
        populate: { feedbacks: { populate: { customer: { select } } }, product: { select: ['modelCode'] } },
      })) as { product?: { modelCode?: string | null } | null; feedbacks?: { customer?: CandidateCustomer | null }[] | null } | null;
      const model = linked?.product?.modelCode;
      const owners = model
        ? ((await queryOf(strapi, CUSTOMER).findMany({
            where: { $or: ['serviceRecords', 'feedbacks', 'complaints'].map((relation) => ({ [relation]: { product: { modelCode: model } } })) },
            select,
            orderBy: { id: 'asc' },
            limit: 200,
          })) as CandidateCustomer[])
        : [];
      const seen = new Set<string>();
      const candidates = [...(linked?.feedbacks ?? []).flatMap((f) => (f.customer ? [f.customer] : [])), ...owners]
        .filter((c) => (!c.privacyState || c.privacyState === 'active') && !seen.has(c.documentId) && seen.add(c.documentId))
        .map((c) => ({ documentId: c.documentId, name: c.name ?? '' }));
      return { state: record.state, mayStart: BETA_STATES.includes(record.state), ...settings, candidates, tests: await Promise.all(tests.map((t) => reportOf(t))) };
    },

    /** One beta test's customer verification report. */
    async report(ctx: unknown, id: string) {
      if (!/^\d{1,9}$/.test(id)) throw invalidInput([{ path: ['id'], message: 'a beta test id' }]);
      const test = (await knex()(TABLES.betaTests)
        .where({ id: Number(id) })
        .first()) as BetaTestRow | undefined;
      if (!test) throw new errors.NotFoundError(`No beta test ${id}`);
      await recordOf(ctx, test.improvement_document_id);
      return reportOf(test);
    },

    /** The test cases to verify internally, with their latest verdicts, and whether the user may verify (not an author of the fix). */
    async verification(ctx: unknown, documentId: string, actor: Actor) {
      const record = await recordOf(ctx, documentId);
      const cases = await testCasesOf(documentId);
      const authors = await authorsOf(record);
      return { cases, summary: verificationSummary(cases), mayVerify: !authors.has(actor.id) };
    },

    /** Records verdicts on test cases, all or none; refused (403) for an author of the fix. */
    async verify(ctx: unknown, documentId: string, body: unknown, actor: Actor) {
      const parsed = parseVerifications(body);
      if (!parsed.ok) throw invalidInput(parsed.problems);
      const record = await recordOf(ctx, documentId);
      if ((await authorsOf(record)).has(actor.id))
        throw refusal(403, 'beta.own-fix', 'The fix’s author cannot verify it: someone else (a quality engineer) records the test cases', { path: ['verifiedBy'] });
      const cases = await testCasesOf(documentId);
      const problems: FieldProblem[] = [];
      parsed.results.forEach((r, i) => {
        if (!cases.some((c) => c.report === r.report)) problems.push({ path: ['data', 'results', i, 'report'], message: 'not an analysis report of this improvement record' });
        else if (!cases.some((c) => c.report === r.report && c.testCase === r.testCase)) problems.push({ path: ['data', 'results', i, 'testCase'], message: 'the report has no such test case' });
      });
      if (problems.length) throw invalidInput(problems);
      const at = now().toISOString();
      await strapi.db.transaction(async ({ trx }) => {
        for (const r of parsed.results) {
          const c = cases.find((x) => x.report === r.report && x.testCase === r.testCase)!;
          await trx(TABLES.testCaseVerifications).insert({
            improvement_document_id: documentId,
            analysis_report_document_id: r.report,
            test_case: r.testCase,
            test_case_title: c.title,
            result: r.result,
            note: r.note,
            verified_by_id: actor.id,
            verified_by: actor.name,
            verified_at: at,
          });
        }
        await api.audit.append(
          {
            action: 'test-cases-verified',
            contentType: IMPROVEMENT_RECORD,
            documentId,
            reference: record.reference ?? null,
            actor: { kind: 'admin', id: actor.id, name: actor.name },
            details: parsed.results.map((r) => `${cases.find((x) => x.report === r.report && x.testCase === r.testCase)!.title}:${r.result === 'passed' ? '通过' : '未通过'}`).join(';'),
          },
          trx
        );
      });
      const after = await testCasesOf(documentId);
      return { cases: after, summary: verificationSummary(after), mayVerify: true };
    },

    /**
     * The verify-internally action's guard and effect (in the action's transaction): refused unless
     * taken by a non-author and every test case has a passed verdict since the plan was approved;
     * the record's internalVerification then says which cases passed and who verified them.
     */
    async internalVerificationCheck(workflowRecord: Record<string, unknown>, actorId: number | string | null): Promise<{ gap: ActionGap | null; text: string }> {
      const record = workflowRecord as BetaRecord;
      return strapi.db.transaction(async ({ trx }) => {
        const documentId = String(record.documentId);
        const cases = await testCasesOf(documentId, trx);
        const authors = await authorsOf(record, trx);
        const gap = internalVerificationGap(cases, authors, actorId, approvedSince(record.approvals));
        return { gap, text: internalVerificationText(cases, (c) => [c.verifiedBy, c.verifiedAt?.slice(0, 10)].filter(Boolean).join(',')) };
      });
    },

    /**
     * The verify-with-customers action's guard and effect: refused unless a beta test of the approved
     * fix has a customer verification report with `minAnswers` answers (or the plan says no beta test
     * is needed, and the action says how the customers confirmed the fix); the record's
     * customerVerification then holds the report's figures.
     */
    async customerVerificationCheck(workflowRecord: Record<string, unknown>, typed: string | null): Promise<{ gap: ActionGap | null; text: string | null }> {
      const record = workflowRecord as BetaRecord;
      const minAnswers = Number(await api.configuration.get<number>('minAnswers')) || 10;
      return strapi.db.transaction(async ({ trx }) => {
        const tests = (await trx(TABLES.betaTests)
          .where({ improvement_document_id: String(record.documentId) })
          .orderBy('id', 'asc')) as BetaTestRow[];
        const answered = (await trx(TABLES.betaInvitations)
          .whereIn(
            'beta_test_id',
            tests.map((t) => t.id)
          )
          .whereNotNull('answered_at')
          .groupBy('beta_test_id')
          .select('beta_test_id', trx.raw('count(*) as n'))) as { beta_test_id: number; n: number | string }[];
        const answers = new Map(answered.map((a) => [Number(a.beta_test_id), Number(a.n)]));
        const statuses = tests.map((t) => ({ id: Number(t.id), name: String(t.name), createdAt: String(t.created_at), invited: Number(t.invited), answered: answers.get(Number(t.id)) ?? 0 }));
        const since = approvedSince(record.approvals);
        const gap = customerVerificationGap({ noBetaTestReason: record.noBetaTestReason, customerVerification: typed ?? record.customerVerification }, statuses, minAnswers, since);
        if (gap || record.noBetaTestReason?.trim()) return { gap, text: null };
        const best = bestBetaTest(statuses, since)!;
        const report = (await trx(TABLES.betaTests).where({ id: best.id }).first()) as BetaTestRow;
        return { gap: null, text: customerVerificationText(best.name, (await reportOf(report, trx)).report) };
      });
    },

    /** An invitation by its link's token, for the portal's page (no personal data). */
    async lookup(token: string): Promise<BetaInvitation | null> {
      const row = await findInvitation(token);
      if (!row) return null;
      const test = await knex()(TABLES.betaTests).where({ id: row.beta_test_id }).first('name', 'questions');
      const status = row.answered_at ? 'answered' : Number(row.expires_at) < now().getTime() ? 'expired' : 'open';
      return { status, locale: row.locale === 'en' ? 'en' : 'zh-Hans', name: test?.name ?? '', questions: json<BetaQuestion[]>(test?.questions, []) };
    },

    /** Records the customer's answers once (claimed with the answer in one update). */
    async answer(token: string, form: Record<string, unknown>): Promise<BetaAnswerResult> {
      const row = await findInvitation(token);
      if (!row || Number(row.expires_at) < now().getTime()) return { status: 404 };
      if (row.answered_at) return { status: 409 };
      const test = await knex()(TABLES.betaTests).where({ id: row.beta_test_id }).first();
      const parsed = parseBetaAnswers(json<BetaQuestion[]>(test?.questions, []), form ?? {});
      if (!parsed.ok) return { status: 400, problems: parsed.problems };
      return strapi.db.transaction(async ({ trx }) => {
        const claimed = await trx(TABLES.betaInvitations)
          .where({ id: row.id })
          .whereNull('answered_at')
          .update({ answered_at: now().toISOString(), answers: JSON.stringify(parsed.answers) });
        if (!claimed) return { status: 409 as const };
        await api.audit.append(
          {
            action: 'beta-test-answered',
            contentType: IMPROVEMENT_RECORD,
            documentId: test.improvement_document_id,
            actor: { kind: 'customer', name: 'beta test customer' },
            details: `Beta 测试「${test.name}」收到一位客户的回答`,
          },
          trx
        );
        return { status: 200 as const };
      });
    },
  };
};
export type BetaTests = ReturnType<typeof createBetaTests>;
