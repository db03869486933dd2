import type { Core } from '@strapi/strapi';
import { HttpError, type AfterSalesApiV1 } from '../../extension-api';

/** The extension's API and Strapi while it is active: its routes answer 503 when it is disabled. */
let current: { api: AfterSalesApiV1; strapi: Core.Strapi } | null = null;

export const setComplaintWorkflowContext = (value: typeof current) => {
  current = value;
};

export const complaintWorkflowContext = () => {
  if (!current) throw new HttpError(503, 'The complaint workflow extension is disabled');
  return current;
};
