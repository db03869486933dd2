import type { Core } from '@strapi/strapi';
import { checkPreferences, DELIVERY_CHOICES, NOTIFICATION_KINDS } from '../../domain/notifications/kinds';
import { activeNotifications } from './notifications';
import { errors, HttpError, invalidInput, answer, type RouteContext } from '../../extension-api';

const positive = (value: unknown, field: string, fallback: number) => {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw invalidInput([{ path: [field], message: 'must be a whole number of at least 1' }]);
  return n;
};

/** The signed-in member's own notifications and preferences (nobody reads another's). */
const notificationsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => {
    const active = activeNotifications(strapi);
    if (!active) throw new HttpError(503, 'Staff notifications are switched off (the after-sales.notifications extension is disabled)');
    return active;
  };
  const me = (ctx: RouteContext): number => {
    const id = ctx.state.user?.id;
    if (typeof id !== 'number') throw new errors.UnauthorizedError('Sign in to the admin first');
    return id;
  };
  return {
    async list(ctx: RouteContext) {
      await answer(ctx, async () => {
        const unread = ctx.query.unread;
        if (unread !== undefined && unread !== 'true' && unread !== 'false') throw invalidInput([{ path: ['unread'], message: 'must be true or false' }]);
        const result = await service().list(me(ctx), { unreadOnly: unread === 'true', page: positive(ctx.query.page, 'page', 1), pageSize: positive(ctx.query.pageSize, 'pageSize', 20) });
        return { body: { data: result.data, meta: { total: result.total, page: result.page, pageSize: result.pageSize, unread: result.unread } } };
      });
    },
    async unreadCount(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: { count: await service().unreadCount(me(ctx)) } } }));
    },
    async read(ctx: RouteContext) {
      await answer(ctx, async () => {
        const id = Number(ctx.params.id);
        if (!Number.isInteger(id) || id < 1) throw invalidInput([{ path: ['id'], message: 'must be a notification id' }]);
        const row = await service().markRead(me(ctx), id);
        if (!row) throw new errors.NotFoundError(`You have no notification ${id}`);
        return { body: { data: row } };
      });
    },
    async readAll(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: { marked: await service().markAllRead(me(ctx)) } } }));
    },
    async preferences(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: { preferences: await service().preferencesFor(me(ctx)), kinds: NOTIFICATION_KINDS, choices: DELIVERY_CHOICES } } }));
    },
    async savePreferences(ctx: RouteContext) {
      await answer(ctx, async () => {
        const checked = checkPreferences(ctx.request.body?.preferences);
        if ('field' in checked) throw invalidInput([{ path: checked.field.split('.'), message: checked.message }]);
        return { body: { data: { preferences: await service().savePreferences(me(ctx), checked.preferences), kinds: NOTIFICATION_KINDS, choices: DELIVERY_CHOICES } } };
      });
    },
  };
};

export default notificationsController;
