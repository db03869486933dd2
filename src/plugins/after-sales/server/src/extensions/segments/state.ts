import type { Core } from '@strapi/strapi';
import { HttpError, type AfterSalesApiV1 } from '../../extension-api';

/**
 * The extension's API and Strapi, set by `activate` and cleared when the extension is disabled, so
 * a disabled extension's routes answer 503 instead of acting.
 */
let current: { api: AfterSalesApiV1; strapi: Core.Strapi } | null = null;

export const setSegmentsContext = (value: typeof current) => {
  current = value;
};

export const segmentsContext = () => {
  if (!current) throw new HttpError(503, 'The customer segments extension is disabled');
  return current;
};
