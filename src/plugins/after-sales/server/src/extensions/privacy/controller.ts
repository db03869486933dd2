import type { Core } from '@strapi/strapi';
import { parseReason, privacyOf } from './privacy';
import { privacyHandle } from './shared';
import { CONTENT_TYPES, errors, invalidInput, answer, respond, type RouteContext } from '../../extension-api';
import { staffActorName } from '../../domain/staff/display-name';

const api = privacyHandle.api;

const adminActor = (user: { id: number; firstname?: string; lastname?: string; email?: string }) => ({
  kind: 'admin',
  id: user.id,
  name: staffActorName(user),
});

const documentIdOf = (ctx: RouteContext) => {
  const id = String(ctx.params.documentId ?? '');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new errors.NotFoundError('No such customer');
  return id;
};

/** The customer's document id, once it is known that the caller may read this customer (as in the Content Manager). */
const readableCustomer = async (strapi: Core.Strapi, ctx: RouteContext) => {
  const documentId = documentIdOf(ctx);
  await api().records.assertMayRead(ctx, CONTENT_TYPES.customer, documentId);
  return documentId;
};

/** Sends a customer export as a JSON file download. */
const sendExport = (ctx: RouteContext, documentId: string, data: unknown) => {
  ctx.type = 'application/json; charset=utf-8';
  ctx.attachment(`customer-${documentId}.json`);
  return { status: 200, body: JSON.stringify(data, null, 2) };
};

/** Admin routes of customer privacy: the panel's summary, reveal, export, erasure, the access audit, retention. */
const privacyController = ({ strapi }: { strapi: Core.Strapi }) => {
  const privacy = () => privacyOf(strapi);
  return {
    async summary(ctx: RouteContext) {
      await respond(ctx, async () => privacy().summary(await readableCustomer(strapi, ctx), ctx.state.user));
    },
    async reveal(ctx: RouteContext) {
      await respond(ctx, async () => {
        if (!(await privacy().adminMayReveal(ctx.state.user))) throw new errors.ForbiddenError('You may not reveal contact data; ask an administrator', { code: 'no-access' });
        return privacy().reveal(await readableCustomer(strapi, ctx), parseReason(ctx.request.body?.reason), adminActor(ctx.state.user));
      });
    },
    /** The customer of an item the user may read, masked, with whether they may reveal the contact data (to call back). */
    async itemCustomer(ctx: RouteContext) {
      await respond(ctx, async () => {
        // The same record-level read check as every plugin route that takes a record.
        await api().records.assertMayRead(ctx, ctx.params.uid, ctx.params.documentId);
        const workflow = api().workflow;
        const actor = await workflow.adminActor(ctx.state.user);
        const definition = workflow.definition(String(ctx.params.uid));
        const record = definition ? await workflow.readableRecord(definition.contentType, String(ctx.params.documentId), actor) : null;
        if (!record) throw new errors.NotFoundError('No such item', { code: 'not-found' });
        const customerId = (record.customer as { documentId?: string } | null)?.documentId;
        if (!customerId) return { customer: null, may: { reveal: false } };
        const summary = await privacy().summary(customerId, ctx.state.user);
        return { customer: { documentId: customerId, name: summary.name, phone: summary.phone, email: summary.email, erased: summary.privacyState === 'erased' }, may: { reveal: summary.may.reveal } };
      });
    },
    async exportCustomer(ctx: RouteContext) {
      await answer(ctx, async () => {
        const documentId = await readableCustomer(strapi, ctx);
        return sendExport(ctx, documentId, await privacy().exportCustomer(documentId, parseReason(ctx.request.body?.reason), adminActor(ctx.state.user)));
      });
    },
    async erase(ctx: RouteContext) {
      await respond(ctx, async () => {
        const body = ctx.request.body ?? {};
        const reason = parseReason(body.reason);
        if (!Number.isInteger(body.version)) throw invalidInput([{ path: ['version'], message: 'is required (the version you last read)' }]);
        const actor = await api().workflow.adminActor(ctx.state.user);
        return privacy().erase(await readableCustomer(strapi, ctx), { version: body.version, reason }, actor);
      });
    },
    async audit(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: await privacy().audit(ctx.query ?? {}) }));
    },
    async retention(ctx: RouteContext) {
      await respond(ctx, async () => ({ policy: await privacy().policy(), preview: await privacy().runRetention({ dryRun: true }) }));
    },
    async runRetention(ctx: RouteContext) {
      await respond(ctx, async () => {
        const body = ctx.request.body ?? {};
        const unknown = Object.keys(body).filter((k) => k !== 'dryRun');
        if (typeof body.dryRun !== 'boolean' || unknown.length) {
          throw invalidInput([{ path: ['dryRun'], message: 'is required: true to preview, false to anonymise (and the only field)' }]);
        }
        const actor = await api().workflow.adminActor(ctx.state.user);
        return privacy().runRetention({ dryRun: body.dryRun, actor });
      });
    },
  };
};

/** The content-API side: a customer's data export for API tokens (or users) holding `privacy-api.exportCustomer`. */
export const privacyApiController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async exportCustomer(ctx: RouteContext) {
    await answer(ctx, async () => {
      const documentId = await readableCustomer(strapi, ctx);
      const actor = api().workflow.apiActor(ctx);
      return sendExport(ctx, documentId, await privacyOf(strapi).exportCustomer(documentId, parseReason(ctx.request.body?.reason), actor));
    });
  },
});

export default privacyController;
