import type { Core } from '@strapi/strapi';
import { CONTENT_TYPES, PRIVACY } from '../constants';
import { normalizeEmail, normalizePhone, toHalfWidth } from '../domain/intake/normalize-contact';
import { adminMay } from '../utils/admin-permissions';
import { getService } from '../utils/get-service';
import { modelOf } from '../utils/content-table';
import type { RouteContext } from '../utils/route-context';
import { staffName, type StaffNameParts } from '../domain/staff/display-name';
import { prependRouteMiddleware } from '../utils/route-middlewares';

const MAX_MATCHES = 200;

/** An option of a relation picker as the Content Manager answers it: its id and main field, the rest passed through. */
type PickerOption = { id: number; name?: unknown; firstname?: unknown; [field: string]: unknown };
const ADMIN_USER = 'admin::user';

/**
 * The customers a staff member's search text `q` finds: by name or company (part of it), by the
 * full phone number however it is typed (`138 1222 8006`, `+86-138…`, full-width digits: compared
 * normalised) or the full email address. Staff allowed to see contact data also find by part of
 * the number (4 digits or more). Nobody sees digits they may not see: the list and the picker show
 * the masked number (the contact-data guard, middlewares/guard-contact-data.ts), a full-number match only says "this customer".
 */
const customerIdsMatching = async (strapi: Core.Strapi, q: string, seesContacts: boolean): Promise<number[]> => (await customerMatches(strapi, q, seesContacts)).ids;

/** The matches, and which of them were found by their contact data rather than by name or company. */
const customerMatches = async (strapi: Core.Strapi, q: string, seesContacts: boolean) => {
  const text = toHalfWidth(q).trim();
  const byContact: Record<string, unknown>[] = [];
  const phone = normalizePhone(text, getService(strapi, 'contact-data').phoneRegion());
  if (phone.ok) byContact.push({ phoneNormalized: phone.value });
  const digits = text.replace(/[\s().\-+]/g, '');
  if (seesContacts && /^\d{4,15}$/.test(digits)) byContact.push({ phoneNormalized: { $contains: digits } });
  const email = normalizeEmail(text);
  if (email) byContact.push({ emailNormalized: email });
  const query = strapi.db.query(CONTENT_TYPES.customer);
  const [named, contacted] = await Promise.all([
    query.findMany({ where: { $or: [{ name: { $containsi: text } }, { company: { $containsi: text } }] }, select: ['id'], limit: MAX_MATCHES }),
    byContact.length ? query.findMany({ where: { $or: byContact }, select: ['id'], limit: MAX_MATCHES }) : Promise.resolve([]),
  ]);
  const viaContact = new Set<number>(contacted.map((r: { id: number }) => r.id));
  for (const r of named) viaContact.delete(r.id);
  return { ids: [...new Set<number>([...named, ...contacted].map((r: { id: number }) => r.id))].slice(0, MAX_MATCHES), viaContact };
};

/** Active staff whose first name, last name or email contain every word of `q` (`Li Agent`, `agent@`). */
const staffIdsMatching = async (strapi: Core.Strapi, q: string): Promise<number[]> => {
  const words = q.trim().split(/\s+/).filter(Boolean).slice(0, 4);
  const rows = await strapi.db.query(ADMIN_USER).findMany({
    where: { isActive: true, $and: words.map((word) => ({ $or: [{ firstname: { $containsi: word } }, { lastname: { $containsi: word } }, { email: { $containsi: word } }] })) },
    select: ['id'],
    limit: MAX_MATCHES,
  });
  return rows.map((r: { id: number }) => r.id);
};

/** "Li Agent": how a staff member is named in pickers. */
const staffLabel = (user: StaffNameParts) => staffName(user, '') as string;

const targetOf = (strapi: Core.Strapi, ctx: RouteContext): string | null => {
  const { model, targetField } = ctx.params ?? {};
  const uid = typeof ctx.query?.component === 'string' && ctx.query.component ? ctx.query.component : model;
  const attribute = modelOf(strapi, uid)?.attributes[targetField];
  return attribute?.type === 'relation' ? (attribute.target ?? null) : null;
};

const restrictTo = (ctx: RouteContext, ids: number[]) => {
  const { _q, ...query } = ctx.query;
  const filters = (query.filters && typeof query.filters === 'object' ? query.filters : {}) as { $and?: unknown };
  const and = Array.isArray(filters.$and) ? filters.$and : [];
  ctx.query = { ...query, filters: { ...filters, $and: [...and, { id: { $in: ids.length ? ids : [0] } }] } };
};

/**
 * Route middleware of the Content Manager's relation pickers (`relations.findAvailable`,
 * `relations.findExisting`; runs after authentication and the route's policies):
 * - pickers of localized targets (knowledge articles) on items that are not localized list each
 *   document once, in the default locale;
 * - customer pickers search name, company, the full phone number (normalised) and email, not the
 *   name only;
 * - staff pickers (assignee, technician, owners…) show and search people by name: the Content
 *   Manager would otherwise show their ids to every role that may not manage admin users, since
 *   it hides a relation's main field from those who cannot read the target. Only the name is
 *   added, never the email or roles.
 */
const contentManagerPickers = (strapi: Core.Strapi) => async (ctx: RouteContext, next: () => Promise<void>) => {
  const target = targetOf(strapi, ctx);
  if (target && !ctx.query?.locale && modelOf(strapi, target)?.pluginOptions?.i18n?.localized) {
    // A localized target (knowledge articles) picked from an item that is not localized: without a
    // locale the Content Manager lists every language version of each article, the same document
    // twice (React's duplicate keys). One version each: the default locale's.
    const locale = await strapi.plugin('i18n')?.service('locales')?.getDefaultLocale?.();
    if (locale) ctx.query = { ...ctx.query, locale };
  }
  if (target !== CONTENT_TYPES.customer && target !== ADMIN_USER) return next();
  const q = typeof ctx.query?._q === 'string' ? ctx.query._q.trim() : '';
  let viaContact = new Set<number>();
  if (q && ctx.state?.user) {
    if (target === CONTENT_TYPES.customer) {
      const matches = await customerMatches(strapi, q, await adminMay(strapi, ctx.state.user, PRIVACY.viewContactData));
      viaContact = matches.viaContact;
      restrictTo(ctx, matches.ids);
    } else restrictTo(ctx, await staffIdsMatching(strapi, q));
  }
  await next();
  const body = ctx.body as { results?: PickerOption[] } | null | undefined;
  if (!body || !Array.isArray(body.results) || !body.results.length) return;
  if (target === CONTENT_TYPES.customer) {
    // The picker shows (and filters its options by) the main field: the name, with the company to
    // tell namesakes apart and, for a customer found by the number or email typed, that text
    // (what the user typed, never the stored digits; the picker hides options not containing it).
    const companies: { id: number; company: string | null }[] = await strapi.db
      .query(CONTENT_TYPES.customer)
      .findMany({ where: { id: { $in: body.results.map((r) => r.id) } }, select: ['id', 'company'] });
    const companyOf = new Map(companies.map((c) => [c.id, c.company]));
    body.results = body.results.map((r) => (typeof r.name === 'string' ? { ...r, name: [r.name, companyOf.get(r.id), viaContact.has(r.id) ? q : null].filter(Boolean).join(' · ') } : r));
    return;
  }
  const ids = body.results.map((r) => r.id);
  const users: (StaffNameParts & { id: number })[] = await strapi.db.query(ADMIN_USER).findMany({ where: { id: { $in: ids } }, select: ['id', 'firstname', 'lastname'] });
  const names = new Map(users.map((u) => [u.id, staffLabel(u)]));
  // The picker shows the relation's main field (`firstname`): it carries the full name.
  body.results = body.results.map((r) => ({ ...r, firstname: names.get(r.id) ?? r.firstname }));
};

/**
 * The Customers list's search (`collection-types.find` of customers): the same matching as the
 * picker, so a customer is found by phone in the list too.
 */
const customerListSearch = (strapi: Core.Strapi) => async (ctx: RouteContext, next: () => Promise<void>) => {
  const q = typeof ctx.query?._q === 'string' ? ctx.query._q.trim() : '';
  if (ctx.params?.model === CONTENT_TYPES.customer && q && ctx.state?.user) {
    restrictTo(ctx, await customerIdsMatching(strapi, q, await adminMay(strapi, ctx.state.user, PRIVACY.viewContactData)));
  }
  return next();
};

/** Adds the two middlewares above to the Content Manager's routes (in `register`, before routes are mounted). */
export const extendContentManagerRoutes = (strapi: Core.Strapi) => {
  const routes = (strapi.plugin('content-manager')?.routes as { admin?: { routes?: { handler: string; config?: { middlewares?: unknown[] } }[] } } | undefined)?.admin?.routes;
  if (!routes) return;
  for (const route of routes) {
    if (route.handler === 'relations.findAvailable' || route.handler === 'relations.findExisting') prependRouteMiddleware(route, 'pickers', contentManagerPickers(strapi));
    else if (route.handler === 'collection-types.find') prependRouteMiddleware(route, 'customer-list-search', customerListSearch(strapi));
  }
};
