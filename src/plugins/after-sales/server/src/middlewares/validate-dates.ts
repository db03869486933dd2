import type { Core } from '@strapi/strapi';
import { queryOf } from '../utils/content-table';
import { errors } from '@strapi/utils';
import { checkDates, DATE_FIELDS, readDate, type DateProblem } from '../domain/dates/date-bounds';
import { getService } from '../utils/get-service';
import { isWorkflowEngineWrite } from '../utils/internal-write';

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

/** The bounds of the plugin configuration, for the domain check. */
export const dateBoundsOf = (strapi: Core.Strapi) => ({
  timeZone: strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai'),
  maxFutureDays: strapi.config.get<number>('plugin::after-sales.maxFutureDays', 730),
  now: getService(strapi, 'clock').now(),
});

/** A 400 naming every implausible date, each with its code (for translation) and message. */
const dateValidationError = (problems: DateProblem[], pathPrefix: string[] = []) =>
  new errors.ValidationError(problems.map((p) => `${p.field}: ${p.message}`).join('; '), {
    errors: problems.map((p) => ({ path: [...pathPrefix, p.field], message: p.message, name: 'ValidationError', code: p.code, values: p.values })),
  });

/**
 * Every create and update of a work item (Content Manager, REST API, seed, extensions) has its
 * dates checked against the item's life: see `domain/dates/date-bounds.ts`. Values equal to the
 * stored ones are not checked again (the Content Manager sends the whole record on save). Writes
 * of the workflow engine are checked in the workflow service, on the action's input only.
 */
export const validateDates =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (ctx, next) => {
    if (ctx.action !== 'create' && ctx.action !== 'update') return next();
    const fields = DATE_FIELDS[ctx.uid];
    if (!fields || isWorkflowEngineWrite()) return next();
    const params = ctx.params as { documentId?: string; data?: Record<string, unknown> };
    const data = params.data ?? {};
    const written = Object.keys(fields).filter((field) => data[field] !== undefined && data[field] !== null && data[field] !== '');
    if (!written.length) return next();
    const bounds = dateBoundsOf(strapi);
    let createdAt = bounds.now;
    const toCheck: Record<string, unknown> = {};
    if (ctx.action === 'update' && params.documentId) {
      const stored = await queryOf(strapi, ctx.uid).findOne({ where: { documentId: params.documentId }, select: ['createdAt', ...written] });
      // min(): with the test clock set back, "now" may be before the stored creation time.
      if (stored?.createdAt) createdAt = new Date(Math.min(new Date(stored.createdAt).getTime(), bounds.now.getTime()));
      for (const field of written) {
        const before = stored ? readDate(stored[field] instanceof Date ? stored[field] : (stored[field] ?? null), bounds.timeZone) : null;
        const after = readDate(data[field], bounds.timeZone);
        if (!before || !after || before.getTime() !== after.getTime()) toCheck[field] = data[field];
      }
    } else {
      for (const field of written) toCheck[field] = data[field];
    }
    const problems = checkDates(ctx.uid, toCheck, { ...bounds, createdAt });
    if (problems.length) throw dateValidationError(problems);
    return next();
  };
