import type { Core } from '@strapi/strapi';
import { modelOf } from '../utils/content-table';
import { errors } from '@strapi/utils';
import { columnProblem } from '../domain/column-fit';

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];
type Path = (string | number)[];

/**
 * Every write through the Document Service (Content Manager, REST, our services) is checked against
 * what its columns hold before it reaches the database: an `order.price` of 1e12 in a
 * `decimal(10,2)`, `2026-02-30` in a `date`, 300 characters in a `varchar(255)` are a 400 naming
 * the field, not a 500 from PostgreSQL. Components and dynamic zones are followed.
 */
export const fitColumns =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (ctx, next) => {
    if ((ctx.action !== 'create' && ctx.action !== 'update') || !ctx.uid.startsWith('api::')) return next();
    const data = (ctx.params as { data?: Record<string, unknown> }).data;
    if (!data || typeof data !== 'object') return next();
    const problems: { path: Path; message: string; name: string }[] = [];
    const visit = (uid: string, value: Record<string, unknown>, path: Path, depth: number) => {
      const model = modelOf(strapi, uid);
      if (!model || depth > 10) return;
      for (const [name, attribute] of Object.entries(model.attributes as Record<string, { type: string; repeatable?: boolean; component?: string }>)) {
        const field = value[name];
        if (field === undefined || field === null) continue;
        if (attribute.type === 'component') {
          const list = attribute.repeatable ? (Array.isArray(field) ? field : []) : [field];
          list.forEach(
            (item: unknown, i: number) =>
              item && typeof item === 'object' && visit(attribute.component!, item as Record<string, unknown>, attribute.repeatable ? [...path, name, i] : [...path, name], depth + 1)
          );
        } else if (attribute.type === 'dynamiczone') {
          (Array.isArray(field) ? field : []).forEach(
            (item: { __component?: string } | null, i: number) => item?.__component && visit(item.__component, item as Record<string, unknown>, [...path, name, i], depth + 1)
          );
        } else {
          const problem = columnProblem(attribute.type, field);
          if (problem) problems.push({ path: [...path, name], message: problem, name: 'ValidationError' });
        }
      }
    };
    visit(ctx.uid, data, [], 0);
    if (problems.length) throw new errors.ValidationError(problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; '), { errors: problems });
    return next();
  };
