import type { Core } from '@strapi/strapi';
import { conversationOf, type UploadedFile } from './conversation';
import { answer, type RouteContext } from '../../extension-api';

/** Files of a multipart request (field `files`, one or several); none for a JSON body. */
const filesOf = (ctx: RouteContext): UploadedFile[] => {
  const files = (ctx.request as { files?: Record<string, UploadedFile | UploadedFile[]> }).files?.files;
  return files ? (Array.isArray(files) ? files : [files]) : [];
};
const localeOf = (ctx: RouteContext) => (String(ctx.query?.locale ?? '') === 'en' ? 'en' : 'zh-Hans');

/** The case screen: parse, call the conversation service, shape the answer. */
const conversationController = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => conversationOf(strapi);
  return {
    async show(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: await service().view(ctx.state.user, ctx.params.uid, ctx.params.documentId, localeOf(ctx), ctx) } }));
    },
    async preview(ctx: RouteContext) {
      await answer(ctx, async () => ({ body: { data: await service().preview(ctx.state.user, ctx.params.uid, ctx.params.documentId, ctx.request.body ?? {}) } }));
    },
    async reply(ctx: RouteContext) {
      await answer(ctx, async () => ({ status: 201, body: { data: await service().post(ctx.state.user, 'reply', ctx.params.uid, ctx.params.documentId, ctx.request.body ?? {}, filesOf(ctx)) } }));
    },
    async note(ctx: RouteContext) {
      await answer(ctx, async () => ({ status: 201, body: { data: await service().post(ctx.state.user, 'note', ctx.params.uid, ctx.params.documentId, ctx.request.body ?? {}, filesOf(ctx)) } }));
    },
    async file(ctx: RouteContext) {
      await answer(ctx, async () => {
        const file = await service().file(ctx.state.user, ctx.params.uid, ctx.params.documentId, ctx.params.fileId);
        if ('redirect' in file) {
          ctx.redirect(file.redirect as string);
          return { status: 302, body: null };
        }
        ctx.set('Content-Type', file.mime);
        ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
        ctx.set('X-Content-Type-Options', 'nosniff');
        return { body: file.stream };
      });
    },
  };
};

export default conversationController;
