import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { PLUGIN_ID, PRIVACY } from '../constants';
import type { CountryCode } from 'libphonenumber-js/max';
import { DEFAULT_PHONE_REGION, isPhoneRegion, normalizeEmail, normalizePhone, type NormalizedPhone } from '../domain/intake/normalize-contact';
import type { CustomerRecord } from '../domain/customers/customer-row';
import { modelOf, queryOf } from '../utils/content-table';
import type { RouteContext } from '../utils/route-context';
import {
  contactAccess,
  CUSTOMER_UID,
  GUARDED_FIELDS,
  guardEntity,
  isFull,
  NO_ACCESS,
  unreadableQueryFields,
  type AttributeLike,
  type ContactAccess,
  type SchemaOf,
} from '../domain/privacy/contact-access';

const CM_READ = 'plugin::content-manager.explorer.read';
const STRING_TYPES = new Set(['string', 'text', 'richtext', 'email', 'uid']);

/** What the contact rules read of a request: its admin user and their ability (the Content Manager's permissions). */
interface AbilityContext {
  state?: { user?: unknown; userAbility?: { can(action: string, subject?: string, field?: string): boolean } };
}

/** What a route serves: the content type its query runs on and its body is made of. */
export interface RouteModel {
  uid: string;
  /** History versions carry the entity one level down (`data[].data`). */
  shape: 'entities' | 'history';
}

/**
 * The one place that decides what a caller reads of customers' contact data (full, masked or not at
 * all) and enforces it: on every response of the Content Manager and of the content API, whatever
 * the route and the populate (`guardResponse`), and on every filter and sort they accept
 * (`assertReadableQuery`). The routes get it through the `guard-contact-data` route middleware;
 * the plugin's own routes through `guardCustomer`.
 */
const contactData = ({ strapi }: { strapi: Core.Strapi }) => {
  const schemaOf: SchemaOf = (uid) => modelOf(strapi, uid)?.attributes as Record<string, AttributeLike> | undefined;

  const phoneRegion = (): CountryCode => {
    const configured = strapi.config.get(`plugin::${PLUGIN_ID}.phoneRegion`, DEFAULT_PHONE_REGION) as string;
    return isPhoneRegion(configured) ? configured : DEFAULT_PHONE_REGION;
  };

  const service = {
    schemaOf,

    /** The region numbers without a country code are read in (`AFTER_SALES_PHONE_REGION`). */
    phoneRegion,

    /** A phone number as stored for matching and search (E.164), or why it is not one. */
    normalizePhone: (raw: string): NormalizedPhone => normalizePhone(raw, phoneRegion()),

    normalizeEmail,

    /**
     * The one rule that decides whether contact data belongs to a known customer: the oldest
     * customer whose normalised phone or normalised email equals the given one (raw values are
     * normalised first; an unparsable value matches nothing). Runs in the caller's transaction.
     */
    async matchCustomer(contact: { phone?: string | null; email?: string | null; phoneNormalized?: string | null; emailNormalized?: string | null }): Promise<CustomerRecord | null> {
      const phone = contact.phoneNormalized ?? (contact.phone ? service.normalizePhone(contact.phone) : null);
      const phoneValue = typeof phone === 'string' ? phone : phone?.ok ? phone.value : null;
      const emailValue = contact.emailNormalized ?? (contact.email ? normalizeEmail(contact.email) : null);
      const where: Record<string, unknown>[] = [];
      if (phoneValue) where.push({ phoneNormalized: phoneValue });
      if (emailValue) where.push({ emailNormalized: emailValue });
      if (!where.length) return null;
      return queryOf(strapi, CUSTOMER_UID).findOne({ where: { $or: where }, orderBy: { id: 'asc' } });
    },

    /**
     * Admin users: a field their role may not read on customers in the Content Manager is hidden;
     * the others are full with *View contact data* (super admins hold it), masked without. Notes
     * are what staff write about the customer: full to the roles that may read them (a form shown
     * with masked notes would store them masked), hidden to the others.
     * Content-API callers (users, API tokens, the public): hidden, the fields are private.
     */
    accessFor(ctx: unknown): ContactAccess {
      const state = (ctx as AbilityContext | null | undefined)?.state;
      const ability = state?.userAbility;
      if (!ability || !state.user) return NO_ACCESS;
      const mayView = ability.can(`plugin::${PLUGIN_ID}.${PRIVACY.viewContactData}`);
      return contactAccess((field) => (!ability.can(CM_READ, CUSTOMER_UID, field) ? 'hidden' : mayView || field === 'notes' ? 'full' : 'masked'));
    },

    /** The content type a Content Manager or content-API route reads, from its path and handler. */
    routeModel(ctx: RouteContext): RouteModel | null {
      const route = ctx.state?.route;
      const params = ctx.params ?? {};
      const known = (uid: unknown): uid is string => typeof uid === 'string' && !!modelOf(strapi, uid);
      if (route?.info?.pluginName === 'content-manager') {
        if (typeof route.path === 'string' && route.path.startsWith('/history-versions')) {
          const contentType = ctx.query?.contentType;
          return known(contentType) ? { uid: contentType, shape: 'history' } : null;
        }
        if (!known(params.model)) return null;
        if (typeof route.path === 'string' && route.path.startsWith('/relations/')) {
          const target = (schemaOf(params.model) ?? {})[params.targetField]?.target;
          return known(target) ? { uid: target!, shape: 'entities' } : null;
        }
        return { uid: params.model, shape: 'entities' };
      }
      const apiName = route?.info?.apiName;
      if (apiName && typeof route.handler === 'string') {
        const controller = route.handler.slice(0, route.handler.lastIndexOf('.'));
        const uid = controller.includes('::') ? controller : `api::${apiName}.${controller}`;
        return known(uid) ? { uid, shape: 'entities' } : null;
      }
      return null;
    },

    /** Refuses (400 naming the field) a filter or sort on a contact field the caller does not read in full. */
    assertReadableQuery(query: Record<string, unknown> | undefined, uid: string, access: ContactAccess) {
      const found = unreadableQueryFields(query, uid, schemaOf, access);
      if (!found.length) return;
      const message = 'you may not filter or sort by a contact field you cannot read';
      throw new errors.ValidationError(`${found.map((f) => f.path.join('.')).join(', ')}: ${message}`, {
        errors: found.map((f) => ({ path: f.path, message, name: 'ValidationError' })),
      });
    },

    /**
     * A search (`_q`) on customers looks through every text column, contact data included. For a
     * caller who does not read it in full it becomes the same search over the other text fields.
     */
    narrowSearch(query: Record<string, unknown> | undefined, uid: string, access: ContactAccess) {
      if (!query || uid !== CUSTOMER_UID || isFull(access) || typeof query._q !== 'string' || !query._q) return;
      const search = query._q;
      const attributes = (schemaOf(CUSTOMER_UID) ?? {}) as Record<string, AttributeLike & { private?: boolean; visible?: boolean; searchable?: boolean }>;
      const fields = Object.entries(attributes)
        .filter(
          ([name, attribute]) =>
            STRING_TYPES.has(attribute.type) && !GUARDED_FIELDS.includes(name) && name !== 'locale' && !attribute.private && attribute.visible !== false && attribute.searchable !== false
        )
        .map(([name]) => name);
      const bySearch = { $or: fields.map((field) => ({ [field]: { $containsi: search } })) };
      delete query._q;
      query.filters = query.filters && typeof query.filters === 'object' ? { $and: [query.filters, bySearch] } : bySearch;
    },

    /** Applies `access` to every customer in a response body, at any depth. */
    guardResponse(body: unknown, model: RouteModel, access: ContactAccess) {
      if (!body || typeof body !== 'object' || Buffer.isBuffer(body) || isFull(access)) return;
      const record = body as { data?: unknown; results?: unknown; meta?: Record<string, unknown> | null };
      if (model.shape === 'history') {
        for (const version of Array.isArray(record.data) ? record.data : [record.data]) if (version) guardEntity((version as { data?: unknown }).data, model.uid, schemaOf, access);
        return;
      }
      if (Array.isArray(body)) return guardEntity(body, model.uid, schemaOf, access);
      if ('results' in record) guardEntity(record.results, model.uid, schemaOf, access);
      if ('data' in record) guardEntity(record.data, model.uid, schemaOf, access);
      for (const key of ['availableLocales', 'availableStatus']) if (record.meta?.[key]) guardEntity(record.meta[key], model.uid, schemaOf, access);
      if (!('results' in record) && !('data' in record)) guardEntity(record, model.uid, schemaOf, access);
    },

    /** One customer (or anything that embeds customers) of type `uid`, for the plugin's own responses. */
    guardCustomer<T>(data: T, access: ContactAccess, uid = CUSTOMER_UID): T {
      const copy = data && typeof data === 'object' ? structuredClone(data) : data;
      guardEntity(copy, uid, schemaOf, access);
      return copy;
    },
  };
  return service;
};

export default contactData;
