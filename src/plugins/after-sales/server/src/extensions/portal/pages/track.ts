import fs from 'node:fs/promises';
import type { PortalRequest, PortalRoute } from '../page';
import { MESSAGES } from '../i18n';
import { parseLocale, type PortalLocale } from '../locale';
import { TRACK_VIEW } from '../views/track';
import { populatedOf, relationIdOf, statusOf, textOf, type CustomerCaseView, type ThreadAttachment } from '../../../extension-api';

/**
 * The customer's tracking page (`/after-sales/portal/track/:reference/:key`): the case's state in
 * plain words, the promised dates and the public thread, in the customer's language; and the reply
 * box, a plain multipart form (works without JavaScript) whose text and photos go into the case's
 * thread as the customer's message (channel `portal`), then back to the page.
 *
 * The key is the intake's tracking token or the case's link key (see `api.tracking`). A wrong
 * reference and a wrong key get the same 404 page; the key is never logged (the log redacts it).
 */
const MAX_MESSAGE = 5000;
const encode = encodeURIComponent;

interface FileLimits {
  maxFiles: number;
  maxFileBytes: number;
}

const limitsOf = (page: PortalRequest): FileLimits => page.strapi.config.get<FileLimits>('plugin::after-sales.intakeFiles', { maxFiles: 5, maxFileBytes: 5242880 });

const params = (page: PortalRequest) => {
  const { reference, key } = (page.ctx.params ?? {}) as Record<string, unknown>;
  return typeof reference === 'string' && typeof key === 'string' && reference.length <= 40 && key.length <= 200 ? { reference, key } : null;
};

/** The case of the link, or null (a wrong reference and a wrong key alike). The page speaks `?lang=`, else the customer's language. */
const caseOf = async (page: PortalRequest) => {
  const link = params(page);
  if (!link) return null;
  const found = await page.api.tracking.find(link.reference, link.key, parseLocale(page.ctx.query?.lang) ?? undefined);
  return found ? { link, found, locale: page.localeFor(found.customerLocale) } : null;
};

/** A text by a key made at run time (a state, a due date): the company's own wording where it wrote one; undefined when there is no such key. */
const textIn = (page: PortalRequest, locale: PortalLocale, key: string): string | undefined => (MESSAGES[locale][key] === undefined ? undefined : page.t(key, {}, locale));

/** The page's data: the state's title and plain-words sentence, the promised dates still ahead or kept, the thread. */
const trackData = (page: PortalRequest, found: CustomerCaseView, locale: PortalLocale, link: { reference: string; key: string }) => {
  const state = page.api.workflow.definition(found.contentType)?.states.find((s) => s.id === found.state);
  const title = state ? (typeof state.title === 'string' ? state.title : (state.title[locale] ?? state.title.en)) : found.state;
  const category = state?.category ?? 'open';
  const limits = limitsOf(page);
  return {
    stateTitle: title,
    stateText: textIn(page, locale, `track.stateText.${found.state}`) ?? textIn(page, locale, `track.category.${category}`),
    closed: category === 'done',
    receivedAt: found.receivedAt,
    dueDates: Object.entries(found.dueDates)
      .filter(([, at]) => !!at)
      .map(([field, at]) => ({ label: textIn(page, locale, `track.due.${field}`) ?? field, at })),
    messages: found.messages.map((m) => ({ ...m, who: textIn(page, locale, m.direction === 'in' ? 'track.you' : 'track.us') })),
    replyAction: `/after-sales/portal/track/${encode(link.reference)}/${encode(link.key)}/reply?lang=${locale}`,
    maxLength: MAX_MESSAGE,
    maxFiles: limits.maxFiles,
    maxMegabytes: Math.round((limits.maxFileBytes / 1048576) * 10) / 10,
  };
};

/** The photos of the reply form as koa-body left them; an empty file input (no file chosen) is no photo. */
const uploadedPhotos = (page: PortalRequest): { filepath: string; originalFilename?: string | null; size: number }[] => {
  const files = ((page.ctx.request as { files?: Record<string, unknown> }).files ?? {}) as Record<string, unknown>;
  return Object.values(files).flatMap((f) => (Array.isArray(f) ? f : [f])) as { filepath: string; originalFilename?: string | null; size: number }[];
};

export const trackRoutes: PortalRoute[] = [
  {
    method: 'GET',
    path: '/track/:reference/:key',
    name: 'track',
    limit: 'read',
    async handle(page) {
      const found = await caseOf(page);
      if (!found) return page.notFound();
      await page.render({
        view: TRACK_VIEW,
        title: 'track.title',
        titleValues: { reference: found.found.reference },
        locale: found.locale,
        data: { ...trackData(page, found.found, found.locale, found.link), sent: page.ctx.query?.sent === '1', draft: '' },
      });
    },
  },
  {
    method: 'POST',
    path: '/track/:reference/:key/reply',
    name: 'trackReply',
    limit: 'write',
    async handle(page) {
      const uploaded = uploadedPhotos(page);
      try {
        const found = await caseOf(page);
        if (!found) return page.notFound();
        const { link, locale } = found;
        const body = (page.ctx.request.body ?? {}) as Record<string, unknown>;
        const raw = typeof body.message === 'string' ? body.message.replace(/\r\n/g, '\n') : '';
        const chosen = uploaded.filter((f) => f.size > 0 || !!f.originalFilename);
        const refuse = (errorKey: string) =>
          page.render({
            view: TRACK_VIEW,
            title: 'track.title',
            titleValues: { reference: found.found.reference },
            locale,
            status: 400,
            data: { ...trackData(page, found.found, locale, link), errorKey, draft: raw.slice(0, MAX_MESSAGE) },
          });
        const text = raw.trim();
        if (raw.includes('\u0000')) return refuse('track.reply.invalid');
        if (text.length > MAX_MESSAGE) return refuse('track.reply.tooLong');
        if (!text && !chosen.length) return refuse('track.reply.empty');
        let photos;
        try {
          photos = await page.api.intake.readFiles(chosen);
        } catch (error) {
          if (statusOf(error) === 400) return refuse('track.reply.badPhotos');
          throw error;
        }
        const record = await page.api.records.find(found.found.contentType, found.found.documentId, { customer: { select: ['id', 'name'] } });
        const stored: ThreadAttachment[] = photos.length ? await page.api.files.store(photos.map((p) => ({ name: p.name, mime: p.mime, buffer: p.buffer }))) : [];
        try {
          await page.api.thread.append({
            contentType: found.found.contentType,
            documentId: found.found.documentId,
            reference: found.found.reference,
            kind: 'message-in',
            visibility: 'public',
            channel: 'portal',
            author: { kind: 'customer', id: relationIdOf(record?.customer), name: textOf(populatedOf(record?.customer)?.name) || page.t('track.customer', {}, locale) },
            bodyText: text || null,
            attachments: stored,
          });
        } catch (error) {
          await page.api.files.remove(stored.map((f) => f.fileId));
          throw error;
        }
        page.ctx.status = 303;
        page.ctx.redirect(`/after-sales/portal/track/${encode(link.reference)}/${encode(link.key)}?lang=${locale}&sent=1`);
      } finally {
        // koa-body leaves a multipart request's files in the temporary directory.
        await Promise.all(uploaded.map((f) => (typeof f?.filepath === 'string' ? fs.rm(f.filepath, { force: true }) : undefined)));
      }
    },
  },
];
