import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { CONTENT_TYPES, TABLES } from '../constants';
import { getService } from '../utils/get-service';

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

const refuse = (field: string, message: string) => new errors.ValidationError(`${field}: ${message}`, { errors: [{ path: [field], message, name: 'ValidationError' }] });

/**
 * A customer's normalised phone and email (what staff search by, and what the intake matches
 * returning customers on) follow the phone and email written, on every path (Content Manager,
 * REST API, intake, seed). They are never taken from the client: the Content Manager shows them
 * empty to roles without contact data and would otherwise send the empty value back.
 * A phone number libphonenumber cannot read is refused (400 naming `phone`), unless it is the
 * stored value sent back unchanged (a number stored before numbers were checked: the backfill
 * lists it for staff to correct, and the rest of the form can still be saved).
 */
export const normalizeCustomerContacts =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (ctx, next) => {
    if (ctx.uid !== CONTENT_TYPES.customer || (ctx.action !== 'create' && ctx.action !== 'update')) return next();
    const params = ctx.params as { documentId?: string; data?: Record<string, unknown> };
    const data = { ...(params.data ?? {}) };
    delete data.phoneNormalized;
    delete data.emailNormalized;
    const contactData = getService(strapi, 'contact-data');
    if ('phone' in data) {
      const raw = typeof data.phone === 'string' ? data.phone.trim() : '';
      const phone = raw ? contactData.normalizePhone(raw) : null;
      if (phone && !phone.ok) {
        const stored = ctx.action === 'update' ? await strapi.db.query(CONTENT_TYPES.customer).findOne({ where: { documentId: params.documentId }, select: ['phone'] }) : null;
        if (stored?.phone !== data.phone) throw refuse('phone', phone.message);
      }
      data.phoneNormalized = phone?.ok ? phone.value : null;
    }
    if ('email' in data) {
      const raw = typeof data.email === 'string' ? data.email.trim() : '';
      const email = raw ? contactData.normalizeEmail(raw) : null;
      if (raw && !email) throw refuse('email', 'is not a valid email address');
      data.emailNormalized = email;
    }
    params.data = data;
    const result = await next();
    // A corrected phone or email leaves the backfill's list of unreadable contact data.
    const fixed = [...(data.phoneNormalized ? ['phone'] : []), ...(data.emailNormalized ? ['email'] : [])];
    const documentId = params.documentId ?? (result as { documentId?: string } | null)?.documentId;
    if (fixed.length && documentId) {
      await strapi.db.transaction(({ trx }) => trx(TABLES.contactIssues).where({ customer_document_id: documentId }).whereIn('field', fixed).delete());
    }
    return result;
  };
