import type { Core } from '@strapi/strapi';
import { staleWhileRevalidate, type Served } from './stale-while-revalidate';
import type { KeptFiguresInfo } from '../../../shared/reports';

/** `dashboardFigures` in the plugin config (`AFTER_SALES_DASHBOARD_CACHE_FROM_MS`, `…_FRESH_SECONDS`, `…_STALE_SECONDS`). */
export interface FiguresConfig {
  cacheFromMs: number;
  freshSeconds: number;
  staleSeconds: number;
}

const DEFAULTS: FiguresConfig = { cacheFromMs: 200, freshSeconds: 30, staleSeconds: 300 };

export const figuresConfig = (strapi: Core.Strapi) => strapi.config.get<FiguresConfig>('plugin::after-sales.dashboardFigures', DEFAULTS);

/** What an answer says of its figures: computed at `computedAt` (epoch ms), kept or not, and for how long they are. */
export const keptFiguresInfo = (strapi: Core.Strapi, computedAt: number, kept: boolean): KeptFiguresInfo => {
  const { freshSeconds, staleSeconds } = figuresConfig(strapi);
  return { asOf: new Date(computedAt).toISOString(), kept, freshSeconds, staleSeconds };
};

/**
 * Figures kept a little while when they were slow to compute: the dashboard's counts and charts, the total under a
 * Content Manager list, the monthly report's page. A computation that took `cacheFromMs` or longer is kept (what
 * the cache saves is its cost, not its size) and served as `staleWhileRevalidate` says: as it is for
 * `freshSeconds`, then while one refresh runs, never older than `staleSeconds` (0: never kept). A quicker one is
 * computed for every caller, so small scopes are always exact. Callers with the same key at the same time share
 * one computation either way. `what` names the figures in the log when a background refresh fails.
 */
export const keptFigures = <T>(strapi: Core.Strapi, { what, maxEntries }: { what: string; maxEntries: number }) => {
  const config = () => figuresConfig(strapi);
  const store = staleWhileRevalidate<T>({
    freshMs: () => config().freshSeconds * 1000,
    staleMs: () => config().staleSeconds * 1000,
    maxEntries,
    onRefreshError: (key, error) => strapi.log.warn(`after-sales: refreshing ${what} (${key.slice(0, 80)}) failed: ${(error as Error)?.message ?? error}`),
  });
  return {
    get(key: string, run: () => Promise<T>): Promise<Served<T>> {
      return store.get(key, async () => {
        const started = Date.now();
        const value = await run();
        const { cacheFromMs, staleSeconds } = config();
        return { value, keep: staleSeconds > 0 && Date.now() - started >= cacheFromMs };
      });
    },
    clear: () => store.clear(),
  };
};
