import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { contributedChannelIds } from './handle';
import { messagesOf, TEMPLATE_UID, type SavedTemplate } from './messages';
import { queryOf } from '../../extension-api';

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

/**
 * A template with a syntax error, an unknown variable or an unknown helper, or on a channel no
 * usable extension contributes, is refused on save,
 * naming the field and line; every accepted save gets a new version (which refreshes the cache).
 */
export const validateMessageTemplate =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (ctx, next) => {
    if (ctx.uid !== TEMPLATE_UID || (ctx.action !== 'create' && ctx.action !== 'update')) return next();
    const params = ctx.params as { documentId?: string; data?: Record<string, unknown> };
    const current: SavedTemplate | null = ctx.action === 'update' ? await queryOf(strapi, TEMPLATE_UID).findOne({ where: { documentId: params.documentId } }) : null;
    // The channel is one contributed by a usable extension (`contributes.channels`), not a fixed list.
    const channel = params.data?.channel ?? (ctx.action === 'create' ? 'email' : undefined);
    if (channel !== undefined) {
      const known = contributedChannelIds();
      if (typeof channel !== 'string' || !known.includes(channel)) {
        const message = `must be one of ${known.join(', ')}`;
        throw new errors.ValidationError(`channel: ${message}`, { errors: [{ path: ['channel'], message, name: 'ValidationError' }] });
      }
    }
    const subject = String(params.data?.subject ?? current?.subject ?? '');
    const body = String(params.data?.body ?? current?.body ?? '');
    const problems = messagesOf(strapi).validate({ subject, body }, String(params.data?.key ?? current?.key ?? ''));
    if (problems.length) {
      throw new errors.ValidationError(problems.map((p) => `${p.field}, line ${p.line}: ${p.message}`).join('; '), {
        errors: problems.map((p) => ({ path: [p.field], message: `line ${p.line}: ${p.message}`, name: 'ValidationError' })),
      });
    }
    params.data = { ...(params.data ?? {}), version: (current?.version ?? 0) + 1 };
    return next();
  };
