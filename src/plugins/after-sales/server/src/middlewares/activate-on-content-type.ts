import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

/** Fires `onContentType:<uid>` the first time a document of that type is read or written. */
export const activateOnContentType =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (ctx, next) => {
    await getService(strapi, 'extension-host').fire(`onContentType:${ctx.uid}`);
    return next();
  };
