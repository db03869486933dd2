import type { Core } from '@strapi/strapi';
import { mailboxRoutes } from './service';
import { respond, errors, type RouteContext } from '../../extension-api';
import { staffActorName } from '../../domain/staff/display-name';

const positiveInt = (value: unknown, field: string, fallback: number, max = Number.MAX_SAFE_INTEGER) => {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new errors.ValidationError(`${field} must be a whole number from 1 to ${max}`, { errors: [{ path: [field], message: `must be a whole number from 1 to ${max}` }] });
  return n;
};

const DECISIONS = ['retry', 'new-item', 'discard'] as const;

/** Admin routes of the inbound mailbox: status, a poll now, the quarantine, a quarantined message's source and the decision on it. */
const mailboxController = (_: { strapi: Core.Strapi }) => {
  const service = () => mailboxRoutes;
  return {
    async status(ctx: RouteContext) {
      await respond(ctx, () => service().status());
    },
    async poll(ctx: RouteContext) {
      await respond(ctx, () => service().poll());
    },
    async quarantine(ctx: RouteContext) {
      const query = (ctx.query ?? {}) as Record<string, unknown>;
      await respond(ctx, async () => service().quarantine(positiveInt(query.page, 'page', 1), positiveInt(query.pageSize, 'pageSize', 50, 200)));
    },
    /** An admin's decision on a quarantined message: `retry`, `new-item` or `discard`. */
    async resolve(ctx: RouteContext) {
      await respond(ctx, async () => {
        const id = Number(ctx.params?.id);
        if (!Number.isInteger(id) || id < 1) throw new errors.NotFoundError('No such quarantined message');
        const decision = String(ctx.params?.decision ?? '');
        if (!DECISIONS.includes(decision as (typeof DECISIONS)[number]))
          throw new errors.ValidationError(`decision must be one of ${DECISIONS.join(', ')}`, { errors: [{ path: ['decision'], message: `must be one of ${DECISIONS.join(', ')}` }] });
        const user = ctx.state.user as { id: number; firstname?: string; lastname?: string; email?: string };
        return service().resolveQuarantined(id, decision as (typeof DECISIONS)[number], { id: user.id, name: staffActorName(user) });
      });
    },
    async source(ctx: RouteContext) {
      await respond(ctx, async () => {
        const id = Number(ctx.params?.id);
        if (!Number.isInteger(id) || id < 1) throw new errors.NotFoundError('No such quarantined message');
        return service().quarantineSource(id);
      });
    },
  };
};

export default mailboxController;
