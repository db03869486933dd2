import type { Core } from '@strapi/strapi';
import { TABLES } from '../constants';
import { getService } from '../utils/get-service';

export interface RateLimitVerdict {
  allowed: boolean;
  hits: number;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters in the database, so that every instance behind a load balancer shares
 * them. One upsert per request; old windows are swept now and then.
 */
const rateLimit = ({ strapi }: { strapi: Core.Strapi }) => ({
  async hit(bucket: string, limit: number, windowMs: number): Promise<RateLimitVerdict> {
    const now = getService(strapi, 'clock').now().getTime();
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const result = await strapi.db.connection.raw(
      `INSERT INTO ${TABLES.rateLimits} (bucket, window_start, hits) VALUES (?, ?, 1)
       ON CONFLICT (bucket, window_start) DO UPDATE SET hits = ${TABLES.rateLimits}.hits + 1
       RETURNING hits`,
      [bucket.slice(0, 200), windowStart]
    );
    const rows = Array.isArray(result) ? result : result.rows;
    const hits = Number(rows[0].hits);
    if (Math.random() < 0.01) {
      await strapi.db
        .connection(TABLES.rateLimits)
        .where('window_start', '<', now - 3600 * 1000)
        .del();
    }
    return { allowed: hits <= limit, hits, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)) };
  },
});

export default rateLimit;
