import type { Core } from '@strapi/strapi';
import { templateEditorOf } from './template-editor';
import { answer, type RouteContext } from '../../extension-api';

/** Settings → After-sales → Message templates: read, save and revert overrides; find a record to preview against. */
const templateEditorController = ({ strapi }: { strapi: Core.Strapi }) => {
  const editor = () => templateEditorOf(strapi);
  return {
    async channels(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: editor().channels() } }));
    },
    async list(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: await editor().list(ctx.query?.channel) } }));
    },
    async show(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: await editor().get(ctx.params.key, ctx.query?.channel) } }));
    },
    async save(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: await editor().save(ctx.params.key, ctx.request.body?.data ?? {}) } }));
    },
    async revert(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: await editor().revert(ctx.params.key, ctx.query?.locale, ctx.query?.channel) } }));
    },
    async records(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: await editor().records(ctx.query?.q ?? '') } }));
    },
  };
};

export default templateEditorController;
