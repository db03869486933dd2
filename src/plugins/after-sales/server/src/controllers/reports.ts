import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { errors, invalidInput } from '../utils/http-errors';
import { reportToCsv, reportToHtml, reportToXlsx } from '../services/report-export';
import { answer } from './answer';
import { reportLocaleOf } from '../domain/reports/labels';
import type { RouteContext } from '../utils/route-context';
import { staffName } from '../domain/staff/display-name';
import { keptFiguresInfo } from '../utils/kept-figures';

const ALLOWED = new Set(['month', 'product', 'department', 'region', 'office', 'format', 'locale']);
/** An issue's references: the report's parameters but its format, and the issue's own. */
const ISSUE_ALLOWED = new Set([...ALLOWED].filter((name) => name !== 'format').concat(['productModel', 'batch', 'groupedBy', 'key', 'page']));

type Problem = { path: string[]; message: string };

const unknownParameters = (query: Record<string, unknown>, allowed: Set<string>): Problem[] =>
  Object.keys(query)
    .filter((k) => !allowed.has(k))
    .map((k) => ({ path: [k], message: 'is not a known parameter' }));

/** A text parameter of at most `max` characters; a problem noted when it is not one (or missing and required). */
const textParam = (query: Record<string, unknown>, problems: Problem[], name: string, max: number, required = false) => {
  const value = query[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || !value || value.length > max) {
    problems.push({ path: [name], message: `must be a text of at most ${max} characters` });
    return undefined;
  }
  return value;
};

const monthParam = (query: Record<string, unknown>, problems: Problem[]) => {
  const month = textParam(query, problems, 'month', 7);
  if (!month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) problems.push({ path: ['month'], message: 'must be YYYY-MM' });
  return month!;
};

/** The report's scope below the month: product, department, region, office. */
const placesParam = (query: Record<string, unknown>, problems: Problem[]) => ({
  product: textParam(query, problems, 'product', 64),
  department: textParam(query, problems, 'department', 40),
  region: textParam(query, problems, 'region', 100),
  office: textParam(query, problems, 'office', 40),
});

/** A report's scope and format from the query: 400 naming each bad or unknown parameter. */
const parseScope = (query: Record<string, unknown>) => {
  const problems = unknownParameters(query, ALLOWED);
  const month = monthParam(query, problems);
  const format = textParam(query, problems, 'format', 8) ?? 'json';
  if (!['json', 'csv', 'xlsx', 'html'].includes(format)) problems.push({ path: ['format'], message: 'must be json, csv, xlsx or html' });
  const scope = { month, ...placesParam(query, problems) };
  if (problems.length) throw invalidInput(problems);
  return { scope, format };
};

/**
 * The query of one high-frequency issue's references: the report's scope (month, product,
 * department, region, office), the issue (productModel, batch: none for the issue of no batch,
 * groupedBy, key) and the page. 400 naming each bad parameter.
 */
export const parseIssueQuery = (query: Record<string, unknown>) => {
  const problems: Problem[] = [];
  const productModel = textParam(query, problems, 'productModel', 64, true);
  const batch = textParam(query, problems, 'batch', 64);
  const groupedBy = textParam(query, problems, 'groupedBy', 20, true);
  if (groupedBy !== undefined && groupedBy !== 'type' && groupedBy !== 'knowledge-article') problems.push({ path: ['groupedBy'], message: 'must be type or knowledge-article' });
  const key = textParam(query, problems, 'key', 100, true);
  const pageText = textParam(query, problems, 'page', 6);
  if (pageText !== undefined && !/^[1-9]\d{0,5}$/.test(pageText)) problems.push({ path: ['page'], message: 'must be a page number from 1' });
  problems.push(...unknownParameters(query, ISSUE_ALLOWED));
  const scope = { month: monthParam(query, problems), ...placesParam(query, problems) };
  if (problems.length) throw invalidInput(problems);
  const issue = { productModel: productModel!, batch: batch ?? null, groupedBy: groupedBy as 'type' | 'knowledge-article', key: key! };
  return { scope, issue, page: pageText ? Number(pageText) : 1 };
};

/** Monthly report routes, shared by the admin API and the content API (for API tokens with the permission). */
const reportsController = ({ strapi }: { strapi: Core.Strapi }) => {
  /** The report routes write ctx themselves (files and JSON); refusals go through `answer`. */
  const send = (ctx: RouteContext, handler: () => Promise<void>) =>
    answer(ctx, async () => {
      await handler();
      return { status: ctx.status, body: ctx.body };
    });

  const actorName = (ctx: RouteContext) => {
    const user = ctx.state?.user;
    if (user?.firstname || user?.lastname) return { id: user.id, name: staffName(user) as string };
    if (user) return { id: user.id, name: user.username ?? user.email ?? `user ${user.id}` };
    const token = ctx.state?.auth?.credentials;
    return { id: token?.id ?? null, name: token?.name ?? 'API token' };
  };

  return {
    async monthly(ctx: RouteContext) {
      await send(ctx, async () => {
        const { scope, format } = parseScope(ctx.query ?? {});
        // A file carries the sections extensions contribute, as the page shows them; the JSON is the page's own figures.
        const reports = getService(strapi, 'reports');
        if (format === 'json') {
          // A sample of each high-frequency issue's references (`issueReferences` pages the rest), kept a little while when
          // slow to compute (`meta.figures` says when it was computed); files are computed afresh and carry them all.
          const served = await reports.monthlyPage(scope);
          ctx.body = { data: served.value, meta: { figures: keptFiguresInfo(strapi, served.computedAt, served.kept) } };
          return;
        }
        const report = await reports.monthlyWithSections(scope);
        const departments = await getService(strapi, 'organisation').departmentNames();
        const presentation = {
          locale: reportLocaleOf(ctx.query?.locale),
          departmentNames: departments,
          generatedAt: getService(strapi, 'clock').now(),
        };
        const filename = `feedback-report-${scope.month}`;
        if (format === 'csv') {
          ctx.type = 'text/csv; charset=utf-8';
          ctx.attachment(`${filename}.csv`);
          // Asked in a language (the admin does): for people, with labels; else the codes, for programs.
          ctx.body = reportToCsv(report, ctx.query?.locale ? presentation : undefined);
        } else if (format === 'xlsx') {
          ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
          ctx.attachment(`${filename}.xlsx`);
          ctx.body = await reportToXlsx(report, presentation);
        } else if (format === 'html') {
          ctx.type = 'text/html; charset=utf-8';
          ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
          ctx.body = reportToHtml(report, presentation);
        }
      });
    },
    /** A page of one high-frequency issue's references (the report's JSON carries the first few). */
    async issueReferences(ctx: RouteContext) {
      await send(ctx, async () => {
        const { scope, issue, page } = parseIssueQuery(ctx.query ?? {});
        ctx.body = { data: await getService(strapi, 'reports').issueReferences(scope, issue, page) };
      });
    },
    async archive(ctx: RouteContext) {
      await send(ctx, async () => {
        const { scope } = parseScope({ ...(ctx.request.body ?? {}) });
        ctx.status = 201;
        ctx.body = { data: await getService(strapi, 'reports').archive(scope, actorName(ctx)) };
      });
    },
    async archives(ctx: RouteContext) {
      await send(ctx, async () => {
        const month = typeof ctx.query.month === 'string' ? ctx.query.month : undefined;
        ctx.body = { data: await getService(strapi, 'reports').archives(month) };
      });
    },
    /** The report sections contributed by extensions for one month, each with its data or its own error. */
    async sections(ctx: RouteContext) {
      await send(ctx, async () => {
        const query = ctx.query ?? {};
        const problems = Object.keys(query)
          .filter((k) => k !== 'month' && k !== 'department')
          .map((k) => ({ path: [k], message: 'is not a known parameter' }));
        const month = query.month;
        if (typeof month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) problems.push({ path: ['month'], message: 'must be YYYY-MM' });
        const department = query.department;
        if (department !== undefined && (typeof department !== 'string' || !department || department.length > 40))
          problems.push({ path: ['department'], message: 'must be a text of at most 40 characters' });
        // A month or department that is not text is among the problems.
        if (problems.length || typeof month !== 'string' || (department !== undefined && typeof department !== 'string')) throw invalidInput(problems);
        ctx.body = { data: await getService(strapi, 'contributed-sections').reportSections(month, department ? [department] : undefined) };
      });
    },
    async snapshot(ctx: RouteContext) {
      await send(ctx, async () => {
        const id = Number(ctx.params.id);
        const snapshot = Number.isInteger(id) && id > 0 ? await getService(strapi, 'reports').snapshot(id) : null;
        if (!snapshot) throw new errors.NotFoundError('No archived report with this id');
        ctx.body = { data: snapshot };
      });
    },
  };
};

export default reportsController;
