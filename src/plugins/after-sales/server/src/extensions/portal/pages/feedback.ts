import fs from 'node:fs/promises';
import type { PortalRequest, PortalRoute } from '../page';
import type { PortalLocale } from '../locale';
import { FEEDBACK_DONE_VIEW, FEEDBACK_FORM_VIEW } from '../views/feedback';
import { ASSETS_BASE, assetHref } from '../assets';
import { captchaOf, type CaptchaVerdict } from '../captcha';
import { FORM_FIELDS, FORM_KINDS, formFieldOf, formToIntake, readFormValues, type FeedbackFormValues, type FormField } from '../../../domain/portal/feedback-form';
import { PORTAL_BASE, trackingLink } from '../../../domain/portal/links';
import { statusOf } from '../../../extension-api';

/**
 * The customer feedback form (`/after-sales/portal/feedback`): a plain HTML form (multipart, so
 * photos go with it) that goes through the intake exactly as `POST /api/after-sales/intake` does:
 * the same per-address rate limit (the same counter), the same validation (`intake.parse`), the
 * same photo checks (`intake.readFiles`: count, size, type read from the bytes) and the same
 * registration (`intake.register`). On top, the proof-of-work CAPTCHA (altcha), checked last so a
 * customer who must correct a field does not lose a solution for nothing. A refusal shows the form
 * again with the message beside the field, in the page's language; the answer page shows the
 * reference, the promised time and the private tracking link. `?embed=1` is the widget's form (the
 * configured sites may frame it; links open in a new tab).
 */

/** Most products a form lists (a larger catalogue still validates: the intake checks the model). */
const MAX_PRODUCTS = 200;

/** A file as koa-body (formidable) leaves it after a multipart request. */
interface UploadedFile {
  filepath?: string;
  originalFilename?: string | null;
  size?: number;
}

const embeddedOf = (page: PortalRequest) => page.ctx.query?.embed === '1';

/** The form's own address (language and embedding kept: the POST answers in the same language, inside the same frame). */
const formAddress = (page: PortalRequest) => {
  const params = new URLSearchParams();
  if (typeof page.ctx.query?.lang === 'string' && (page.ctx.query.lang === 'en' || page.ctx.query.lang === 'zh-Hans')) params.set('lang', page.ctx.query.lang);
  if (embeddedOf(page)) params.set('embed', '1');
  const query = params.toString();
  return `${PORTAL_BASE}/feedback${query ? `?${query}` : ''}`;
};

/** Who may frame the form: our own pages and the widget's configured sites. */
const framing = (page: PortalRequest) => ["'self'", ...((page.strapi.config.get('plugin::after-sales.widgetOrigins', []) as string[]) ?? [])];

const photoLimits = (page: PortalRequest) => {
  const limits = page.strapi.config.get('plugin::after-sales.intakeFiles', { maxFiles: 5, maxFileBytes: 5242880, types: 'image/jpeg,image/png' }) as {
    maxFiles: number;
    maxFileBytes: number;
    types: string;
  };
  const types = limits.types
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return {
    maxFiles: limits.maxFiles,
    maxFileBytes: limits.maxFileBytes,
    view: {
      count: limits.maxFiles,
      size: Math.round((limits.maxFileBytes / (1024 * 1024)) * 10) / 10,
      types: types.map((t) => t.replace(/^image\//, '').toUpperCase()).join(', '),
      accept: types.join(','),
    },
  };
};

const emptyValues: FeedbackFormValues = { kind: '', model: '', batch: '', symptom: '', scenario: '', name: '', contact: '' };

type FieldErrors = Partial<Record<FormField | 'form', string>>;

/** Renders the form, with the customer's values and the refused fields' messages after a refusal. */
const showForm = async (page: PortalRequest, options: { values?: FeedbackFormValues; errors?: FieldErrors; status?: number; reselectPhotos?: boolean } = {}) => {
  const values = options.values ?? emptyValues;
  const errors = options.errors ?? {};
  const { products } = await page.api.knowledge.products({ page: 1, pageSize: MAX_PRODUCTS });
  const limits = photoLimits(page);
  const embedded = embeddedOf(page);
  const order: (FormField | 'form')[] = [...FORM_FIELDS, 'form'];
  const errorList = order.filter((field) => errors[field]).map((field) => ({ target: field === 'form' ? 'feedback-form' : `f-${field}`, text: errors[field] }));
  await page.render({
    view: FEEDBACK_FORM_VIEW,
    title: 'feedback.title',
    status: options.status,
    frameAncestors: framing(page),
    csp: { 'script-src': ["'self'"], 'style-src': ["'self'"], 'connect-src': ["'self'"], 'worker-src': ["'self'"] },
    data: {
      action: formAddress(page),
      embedded,
      values,
      errors,
      errorList,
      reselectPhotos: !!options.reselectPhotos,
      kinds: FORM_KINDS.map((kind) => ({ value: kind, label: page.t(`feedback.kind.${kind}`), checked: values.kind === kind })),
      products: products.map((p) => ({ model: p.model, name: p.name, selected: p.model === values.model })),
      photoLimits: limits.view,
      challengeUrl: '/api/after-sales/captcha/challenge',
      altchaLanguage: page.locale === 'en' ? 'en' : 'zh-cn',
      assetsBase: ASSETS_BASE,
      helpBase: `${PORTAL_BASE}/help/articles`,
      assets: {
        css: assetHref('altcha.css'),
        script: assetHref(page.locale === 'en' ? 'feedback-en.js' : 'feedback-zh-Hans.js'),
      },
    },
  });
};

/** The uploaded photos of the request (the file input's empty part, sent when none was chosen, left out). */
const uploadedPhotos = (page: PortalRequest): { photos: UploadedFile[]; all: UploadedFile[]; foreign: string[] } => {
  const files = ((page.ctx.request as { files?: Record<string, UploadedFile | UploadedFile[]> }).files ?? {}) as Record<string, UploadedFile | UploadedFile[]>;
  const all = Object.values(files).flatMap((f) => (Array.isArray(f) ? f : [f]));
  const photos = ([] as UploadedFile[]).concat(files.photos ?? []).filter((f) => !(f.size === 0 && !f.originalFilename));
  return { photos, all, foreign: Object.keys(files).filter((key) => key !== 'photos') };
};

/** The message beside the photo field for the intake's refusal of a file. */
const photoMessage = (page: PortalRequest, message: string) => {
  const limits = photoLimits(page);
  // A refusal of one file starts with its name, quoted; the reason is what follows (a file called "bytes.png" is not a size problem).
  const reason = message.replace(/^"(?:[^"\\]|\\.)*" /, '');
  if (/^must be at most \d+ bytes$/.test(reason)) return page.t('feedback.error.photosSize', { size: limits.view.size });
  if (/^(?:at most \d+ files|files are not accepted)$/.test(reason)) return page.t('feedback.error.photosCount', { count: limits.maxFiles });
  return page.t('feedback.error.photos');
};

const captchaMessage = (page: PortalRequest, verdict: Exclude<CaptchaVerdict, { ok: true }>) =>
  page.t(
    verdict.reason === 'unavailable' ? 'feedback.error.captchaUnavailable' : verdict.reason === 'replayed' || verdict.reason === 'expired' ? 'feedback.error.captchaUsed' : 'feedback.error.captcha'
  );

/** The intake's field errors (ValidationError details) as messages per form field. */
const fieldErrorsOf = (page: PortalRequest, error: unknown): FieldErrors | null => {
  if (statusOf(error) !== 400) return null;
  const list = ((error as { details?: { errors?: { path?: (string | number)[]; message?: string }[] } }).details?.errors ?? []) as { path?: (string | number)[]; message?: string }[];
  if (!list.length) return null;
  const errors: FieldErrors = {};
  for (const problem of list) {
    const field = formFieldOf(problem.path ?? []);
    if (errors[field]) continue;
    errors[field] = field === 'photos' ? photoMessage(page, problem.message ?? '') : page.t(`feedback.error.${field}`);
  }
  return errors;
};

const receive = async (page: PortalRequest) => {
  const api = page.api;
  // The public intake's own counter: a customer gets as many sends through the form as through the API, not more.
  const verdict = await api.rateLimits.hit(`intake:ip:${api.rateLimits.clientKey(page.ctx)}`, api.rateLimits.limits().intakePerIp);
  if (!verdict.allowed) {
    page.ctx.set('Retry-After', String(verdict.retryAfterSeconds));
    return showForm(page, { values: readFormValues((page.ctx.request.body ?? {}) as Record<string, unknown>), status: 429, errors: { form: page.t('error.tooMany.text') } });
  }
  const fields = (page.ctx.request.body ?? {}) as Record<string, unknown>;
  const values = readFormValues(fields);
  const locale: PortalLocale = page.locale;
  const { photos, foreign } = uploadedPhotos(page);
  const errors: FieldErrors = {};
  const mapped = formToIntake(values, locale);
  if (!mapped.ok) for (const field of mapped.fields) errors[field] = page.t(`feedback.error.${field}`);
  // Over-long text is cut by readFormValues; the intake's limits would accept the cut text, so say it.
  if (typeof fields.symptom === 'string' && fields.symptom.length > 10000) errors.symptom = page.t('feedback.error.symptom');
  if (typeof fields.scenario === 'string' && fields.scenario.length > 10000) errors.scenario = page.t('feedback.error.scenario');
  if (typeof fields.batch === 'string' && fields.batch.trim().length > 64) errors.batch = page.t('feedback.error.batch');
  if (foreign.length) errors.photos = page.t('feedback.error.photos');
  let input = null;
  if (mapped.ok) {
    try {
      input = api.intake.parse(mapped.body);
    } catch (error) {
      const found = fieldErrorsOf(page, error);
      if (!found) throw error;
      Object.assign(errors, found);
    }
  }
  let checked: Awaited<ReturnType<typeof api.intake.readFiles>> = [];
  try {
    checked = await api.intake.readFiles(photos);
  } catch (error) {
    const found = fieldErrorsOf(page, error);
    if (!found) throw error;
    Object.assign(errors, found);
  }
  const refuse = (status: number) => showForm(page, { values, errors, status, reselectPhotos: photos.length > 0 });
  if (Object.keys(errors).length || !input) return refuse(400);
  const captcha = await captchaOf(page.strapi).verify(fields.altcha);
  if (!captcha.ok) {
    errors.captcha = captchaMessage(page, captcha);
    return refuse(captcha.reason === 'unavailable' ? 503 : 400);
  }
  let answer;
  try {
    answer = await api.intake.register(input, { kind: 'public', id: api.rateLimits.clientKey(page.ctx), name: 'portal form' }, checked);
  } catch (error) {
    // What only registration can tell (a model not in the catalogue): beside its field too.
    const found = fieldErrorsOf(page, error);
    if (!found) throw error;
    Object.assign(errors, found);
    return refuse(400);
  }
  const embedded = embeddedOf(page);
  const withLang = (path: string) => `${path}?lang=${locale}`;
  await page.render({
    view: FEEDBACK_DONE_VIEW,
    title: 'feedback.done.title',
    frameAncestors: framing(page),
    data: {
      embedded,
      reference: answer.reference,
      deadline: answer.respondBy ?? answer.acknowledgeBy,
      trackHref: withLang(trackingLink('', answer.reference, answer.trackingToken)),
      suggestions: answer.suggestedArticles.map((a) => ({ title: a.title, href: withLang(`${PORTAL_BASE}/help/articles/${encodeURIComponent(a.slug)}`) })),
      againHref: formAddress(page),
    },
  });
};

export const feedbackRoutes: PortalRoute[] = [
  {
    method: 'GET',
    path: '/feedback',
    name: 'feedbackForm',
    limit: 'read',
    handle: (page) => showForm(page),
  },
  {
    method: 'POST',
    path: '/feedback',
    name: 'feedbackSend',
    limit: 'write',
    async handle(page) {
      try {
        await receive(page);
      } finally {
        // koa-body leaves a multipart request's files in the temporary directory.
        const { all } = uploadedPhotos(page);
        await Promise.all(all.map((file) => (file.filepath ? fs.rm(file.filepath, { force: true }) : undefined)));
      }
    },
  },
];
