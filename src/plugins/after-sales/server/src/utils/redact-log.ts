import type { Core } from '@strapi/strapi';
import { redactLinkKeys } from '../domain/portal/links';

interface LogFormat {
  transform(info: Record<string, unknown>, options?: unknown): unknown;
  options?: unknown;
}

/**
 * Keeps the keys of customer links out of the log: Strapi's request logger writes every URL
 * (`GET /after-sales/portal/track/FB-…/<key>`), so each log line's message passes through
 * `redactLinkKeys` before Strapi's own format (winston's logger runs `format.transform` per line).
 */
export const redactLinkKeysInLog = (strapi: Core.Strapi) => {
  const logger = strapi.log as unknown as { format?: LogFormat };
  const inner = logger.format;
  if (!inner || (inner as { redactsLinkKeys?: boolean }).redactsLinkKeys) return;
  logger.format = Object.assign(
    {
      transform(info: Record<string, unknown>, options?: unknown) {
        if (typeof info.message === 'string') info.message = redactLinkKeys(info.message);
        return inner.transform(info, options ?? inner.options);
      },
      options: inner.options,
    },
    { redactsLinkKeys: true }
  );
};
