import type { Core } from '@strapi/strapi';
import { corsOriginsFor, frameAncestors } from '../../domain/portal/origins';

/**
 * The embeddable widget's reach: which external sites may frame the feedback form and call the
 * public intake from a browser (`AFTER_SALES_WIDGET_ORIGINS`). `config/middlewares.ts` asks
 * `corsOrigins` on every request (Strapi's CORS middleware), the pages ask `frameAncestors`.
 */
const widget = ({ strapi }: { strapi: Core.Strapi }) => {
  const origins = (): string[] => strapi.config.get('plugin::after-sales.widgetOrigins', []) as string[];
  return {
    origins,
    corsOrigins: (path: string): string[] => corsOriginsFor(path, origins()),
    frameAncestors: (embeddable: boolean): string => frameAncestors(embeddable, origins()),
  };
};

export default widget;
