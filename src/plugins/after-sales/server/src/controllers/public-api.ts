import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { errors, HttpError, invalidInput } from '../utils/http-errors';
import { clientIp, clientKey } from '../utils/client-ip';
import { IdempotencyClaimLost, requestHash } from '../services/idempotency';
import fs from 'node:fs/promises';
import crypto from 'node:crypto';
import { parseIntake } from '../validation/intake';
import { parseMultipartIntake, uploadedPaths, type IntakeFile } from '../validation/intake-files';
import { answer } from './answer';
import { openApiDocument } from '../openapi';
import { apiTokenOf } from '../utils/api-client';
import type { IntakeClient } from '../services/intake';
import type { RouteContext } from '../utils/route-context';

/** How long browsers and proxies may keep the public product list before they revalidate it. */
const PRODUCTS_MAX_AGE_SECONDS = 60;

/**
 * The public API for external sites and apps: intake, tracking, knowledge-base search and votes.
 * Thin: parse, check limits, call a service, shape the answer.
 */
const publicApi = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = <T>(key: string, fallback: T): T => strapi.config.get(`plugin::after-sales.${key}`, fallback) as T;
  const ip = (ctx: RouteContext) => clientKey(clientIp(ctx, config<string[]>('trustedProxies', [])));
  /**
   * The caller: an API token (limited per token), a users-permissions user, or an anonymous address
   * (limited per address; an IPv6 address counts by its /64). Each has its own rate-limit bucket and
   * its own Idempotency-Key scope.
   */
  const clientOf = (ctx: RouteContext): IntakeClient & { bucket: string; perMinute: number } => {
    const token = apiTokenOf(ctx);
    if (token) return { kind: 'api-token', id: token.id, name: token.name, bucket: `token:${token.id}`, perMinute: config('rateLimits.intakePerTokenPerMinute', 600) };
    const user = ctx.state?.user;
    if (user?.id !== undefined)
      return { kind: 'api-user', id: String(user.id), name: user.username ?? `user ${user.id}`, bucket: `user:${user.id}`, perMinute: config('rateLimits.intakePerIpPerMinute', 30) };
    const address = ip(ctx);
    return { kind: 'public', id: address, name: 'public', bucket: `ip:${address}`, perMinute: config('rateLimits.intakePerIpPerMinute', 30) };
  };

  const limit = async (bucket: string, perMinute: number) => {
    const verdict = await getService(strapi, 'rate-limit').hit(bucket, perMinute, 60_000);
    if (!verdict.allowed) {
      throw new HttpError(429, 'Too many requests; try again later', { retryAfterSeconds: verdict.retryAfterSeconds }, verdict.retryAfterSeconds);
    }
  };

  /** The intake proper: JSON, or multipart with images (`data` as JSON text, `files`). */
  const receive = async (ctx: RouteContext) => {
    await answer(ctx, async () => {
      const { bucket, perMinute, ...client } = clientOf(ctx);
      await limit(`intake:${bucket}`, perMinute);
      let body: unknown = ctx.request.body;
      let files: IntakeFile[] = [];
      if (ctx.is('multipart')) {
        const parsed = await parseMultipartIntake(
          ctx.request.body,
          (ctx.request as { files?: unknown }).files,
          config('intakeFiles', { maxFiles: 5, maxFileBytes: 5242880, types: 'image/jpeg,image/png' })
        );
        body = parsed.body;
        files = parsed.files;
      }

      const key = ctx.get('idempotency-key');
      if (key && (key.length > 200 || !/^[\x21-\x7e]+$/.test(key))) {
        throw invalidInput([{ path: ['headers', 'Idempotency-Key'], message: 'must be 1 to 200 visible ASCII characters' }]);
      }
      const input = parseIntake(body, getService(strapi, 'contact-data').phoneRegion());
      const scope = `intake:${bucket}`;
      const idempotency = getService(strapi, 'idempotency');
      let claim: string | null = null;
      if (key) {
        const start = await idempotency.begin(scope, key, requestHash(files.length ? { body, files: files.map((f) => f.sha256) } : body));
        if (start.kind === 'replay') return { status: start.status, body: start.body };
        if (start.kind === 'mismatch') throw new HttpError(422, 'This Idempotency-Key was used with a different request body');
        if (start.kind === 'in-flight') throw new HttpError(409, 'A request with this Idempotency-Key is still being processed; retry shortly');
        claim = start.claim;
      }
      try {
        const answerBody = await getService(strapi, 'intake').register(input, client, key && claim ? { scope, key, claim } : null, files);
        return { status: 201, body: answerBody };
      } catch (error) {
        if (error instanceof IdempotencyClaimLost) throw new HttpError(409, 'A request with this Idempotency-Key is still being processed; retry shortly');
        if (key && claim) await idempotency.abandon(scope, key, claim).catch(() => undefined);
        throw error;
      }
    });
  };

  return {
    async intake(ctx: RouteContext) {
      const temporary = uploadedPaths((ctx.request as { files?: unknown }).files);
      try {
        await receive(ctx);
      } finally {
        // koa-body leaves a multipart request's files in the temporary directory.
        await Promise.all(temporary.map((file) => fs.rm(file, { force: true })));
      }
    },

    async track(ctx: RouteContext) {
      await answer(ctx, async () => {
        await limit(`track:ip:${ip(ctx)}`, config('rateLimits.trackPerIpPerMinute', 60));
        const token = typeof ctx.query.token === 'string' ? ctx.query.token : '';
        const found =
          token.length <= 200 ? await getService(strapi, 'tracking').find(String(ctx.params.reference).slice(0, 40), token, typeof ctx.query.locale === 'string' ? ctx.query.locale : undefined) : null;
        if (!found) throw new errors.NotFoundError('No case with this reference and token');
        return { body: { data: found } };
      });
    },

    async searchArticles(ctx: RouteContext) {
      await answer(ctx, async () => {
        const { q, locale, product, limit: size } = ctx.query as Record<string, unknown>;
        const errors = [];
        if (typeof q !== 'string' || !q.trim()) errors.push({ path: ['q'], message: 'is required' });
        else if (q.length > 200 || q.includes('\u0000')) errors.push({ path: ['q'], message: 'must be at most 200 characters, without NUL' });
        if (locale !== undefined && locale !== 'zh-Hans' && locale !== 'en') errors.push({ path: ['locale'], message: 'must be zh-Hans or en' });
        if (product !== undefined && (typeof product !== 'string' || product.length > 64)) errors.push({ path: ['product'], message: 'must be a product model code' });
        if (size !== undefined && (typeof size !== 'string' || !/^\d{1,2}$/.test(size) || Number(size) < 1 || Number(size) > 50))
          errors.push({ path: ['limit'], message: 'must be a number from 1 to 50' });
        if (errors.length) throw invalidInput(errors);
        const hits = await getService(strapi, 'knowledge-base').search({
          q: q as string,
          locale: locale as string | undefined,
          product: product as string | undefined,
          limit: size ? Number(size) : 10,
        });
        return { body: { data: hits } };
      });
    },

    async staffList(ctx: RouteContext) {
      await answer(ctx, async () => {
        const queue = getService(strapi, 'staff-queue');
        const scope = await queue.scopeFor(ctx);
        return { body: await queue.list(String(ctx.params.collection), ctx.query ?? {}, scope) };
      });
    },

    /** The product catalogue an external form offers (intake refuses unknown models); no private data. */
    async listProducts(ctx: RouteContext) {
      await answer(ctx, async () => {
        await limit(`products:ip:${ip(ctx)}`, config('rateLimits.trackPerIpPerMinute', 60));
        const { q, page, pageSize, ...rest } = ctx.query as Record<string, unknown>;
        const errors = Object.keys(rest).map((key) => ({ path: [key], message: 'is not a known parameter' }));
        if (q !== undefined && (typeof q !== 'string' || q.length > 64)) errors.push({ path: ['q'], message: 'must be at most 64 characters' });
        const integer = (value: unknown, name: string, max: number, fallback: number) => {
          if (value === undefined) return fallback;
          if (typeof value !== 'string' || !/^\d{1,6}$/.test(value) || Number(value) < 1 || Number(value) > max) {
            errors.push({ path: [name], message: `must be a whole number from 1 to ${max}` });
            return fallback;
          }
          return Number(value);
        };
        const pageNumber = integer(page, 'page', 100000, 1);
        const size = integer(pageSize, 'pageSize', 200, 100);
        if (errors.length) throw invalidInput(errors);
        return { body: await getService(strapi, 'knowledge-base').products({ q: (q as string | undefined)?.trim() || undefined, page: pageNumber, pageSize: size }) };
      });
      // A catalogue changes rarely and every form page asks for it: browsers and proxies keep it a
      // minute, then revalidate with its ETag (304 without a body when nothing changed).
      if (ctx.status === 200) {
        ctx.set('Cache-Control', `public, max-age=${PRODUCTS_MAX_AGE_SECONDS}`);
        ctx.etag = crypto.createHash('sha256').update(JSON.stringify(ctx.body)).digest('base64url').slice(0, 27);
        if (ctx.fresh) ctx.status = 304;
      }
    },

    /** The OpenAPI 3.0 document of the content-API routes, as JSON (a stable URL for generators and validating proxies). */
    async openapi(ctx: RouteContext) {
      ctx.set('Cache-Control', 'no-cache');
      ctx.body = openApiDocument(strapi);
    },

    async voteArticle(ctx: RouteContext) {
      await answer(ctx, async () => {
        await limit(`vote:ip:${ip(ctx)}`, config('rateLimits.votePerIpPerMinute', 10));
        const body = ctx.request.body ?? {};
        const extra = Object.keys(body).filter((k) => k !== 'helpful');
        if (typeof body.helpful !== 'boolean' || extra.length) {
          throw invalidInput([{ path: ['helpful'], message: 'must be true or false (and the only field)' }]);
        }
        const locale = ctx.query.locale;
        if (locale !== undefined && locale !== 'zh-Hans' && locale !== 'en') throw invalidInput([{ path: ['locale'], message: 'must be zh-Hans or en' }]);
        const result = await getService(strapi, 'knowledge-base').vote(String(ctx.params.slug).slice(0, 200), body.helpful, locale);
        if (!result) throw new errors.NotFoundError('No published article with this slug');
        return { body: { data: result } };
      });
    },
  };
};

export default publicApi;
