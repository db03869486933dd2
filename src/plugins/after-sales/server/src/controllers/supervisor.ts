import type { Core } from '@strapi/strapi';
import { answer } from './answer';
import { getService } from '../utils/get-service';
import { invalidInput, type FieldError } from '../utils/http-errors';
import type { RouteContext } from '../utils/route-context';
import { supervisorPeriod } from '../domain/supervisor/period';
import { supervisorCsv } from '../domain/supervisor/csv';
import { reportLocaleOf } from '../domain/reports/labels';
import { SUPERVISOR_DRILLS, SUPERVISOR_SORT_KEYS, type SupervisorDrill, type SupervisorSortKey } from '../../../shared/supervisor';

const PERIOD_PARAMS = ['from', 'to'];

/** The supervisor's view: parse and check the query (400 naming each bad parameter), call the service, shape the answer. */
const supervisorController = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'supervisor');

  const parse = (query: Record<string, unknown>, known: string[]) => {
    const problems: FieldError[] = Object.keys(query)
      .filter((k) => !known.includes(k))
      .map((k) => ({ path: [k], message: 'is not a known parameter' }));
    const text = (name: string) => {
      const value = query[name];
      if (value === undefined) return undefined;
      if (typeof value !== 'string' || value.length > 100) {
        problems.push({ path: [name], message: 'must be a single text value' });
        return undefined;
      }
      return value;
    };
    const result = supervisorPeriod({ from: text('from'), to: text('to'), now: getService(strapi, 'clock').now(), timeZone: service().timeZone() });
    if (!result.ok) problems.push(...result.problems.map((p) => ({ path: [p.field], message: p.message })));
    return { problems, text, period: result.ok ? result.period : null };
  };

  return {
    async view(ctx: RouteContext) {
      await answer(ctx, async () => {
        const query = ctx.query ?? {};
        const { problems, text, period } = parse(query, [...PERIOD_PARAMS, 'sort', 'direction', 'format', 'locale']);
        const sort = text('sort') ?? 'name';
        if (!(SUPERVISOR_SORT_KEYS as readonly string[]).includes(sort)) problems.push({ path: ['sort'], message: `must be one of ${SUPERVISOR_SORT_KEYS.join(', ')}` });
        const direction = text('direction') ?? (sort === 'name' ? 'asc' : 'desc');
        if (direction !== 'asc' && direction !== 'desc') problems.push({ path: ['direction'], message: 'must be asc or desc' });
        const format = text('format') ?? 'json';
        if (format !== 'json' && format !== 'csv') problems.push({ path: ['format'], message: 'must be json or csv' });
        const locale = text('locale');
        if (problems.length || !period) throw invalidInput(problems);
        const view = await service().view(ctx.state.user, period, { sort: sort as SupervisorSortKey, direction: direction as 'asc' | 'desc', purpose: format === 'csv' ? 'export' : 'view' });
        if (format === 'csv') {
          ctx.type = 'text/csv; charset=utf-8';
          ctx.attachment(`supervisor-${period.from}-${period.to}.csv`);
          return { body: supervisorCsv(view, reportLocaleOf(locale ?? 'zh-Hans')) };
        }
        return { body: { data: view } };
      });
    },

    async items(ctx: RouteContext) {
      await answer(ctx, async () => {
        const { problems, text, period } = parse(ctx.query ?? {}, [...PERIOD_PARAMS, 'person', 'figure', 'contentType', 'clock']);
        const person = Number(text('person'));
        if (!Number.isInteger(person) || person < 1) problems.push({ path: ['person'], message: 'must be an admin user id' });
        const drill = text('figure');
        if (!drill || !(SUPERVISOR_DRILLS as readonly string[]).includes(drill)) problems.push({ path: ['figure'], message: `must be one of ${SUPERVISOR_DRILLS.join(', ')}` });
        const contentType = text('contentType');
        const clock = text('clock');
        if ((drill === 'clock' || drill === 'late') && (!contentType || !clock)) problems.push({ path: [contentType ? 'clock' : 'contentType'], message: 'is needed for a deadline figure' });
        if (problems.length || !period) throw invalidInput(problems);
        return { body: { data: await service().items(ctx.state.user, period, { person, drill: drill as SupervisorDrill, contentType, clock }) } };
      });
    },
  };
};

export default supervisorController;
