/**
 * What a caller may read of a customer's contact data, applied wherever a customer is serialised
 * and wherever a query could test it. Pure: the schemas come in through `SchemaOf`.
 *
 * - `full`: the stored value; `masked`: `138****8000`, `w***@example.cn`…; `hidden`: left out.
 * - A query (filters, sort, the filters and sort of a populate, at any depth and through any
 *   relation) may only name a contact field its caller reads in `full`: filtering on a masked field
 *   would reveal it one character at a time (`$startsWith`).
 */
import { CONTACT_MASKS, maskContactsInText } from './mask';

export const CUSTOMER_UID = 'api::customer.customer';

/** Contact fields as staff read them, and the derived search columns (never shown but in full). */
export const CONTACT_FIELDS = ['phone', 'email', 'wechat', 'address', 'notes'] as const;
const DERIVED_CONTACT_FIELDS = ['phoneNormalized', 'emailNormalized'] as const;
export const GUARDED_FIELDS: readonly string[] = [...CONTACT_FIELDS, ...DERIVED_CONTACT_FIELDS];

export type FieldAccess = 'full' | 'masked' | 'hidden';
export type ContactAccess = Record<string, FieldAccess>;

/** The access of each guarded field; derived columns are hidden unless their field is read in full. */
export const contactAccess = (of: (field: (typeof CONTACT_FIELDS)[number]) => FieldAccess): ContactAccess => {
  const access: ContactAccess = {};
  for (const field of CONTACT_FIELDS) access[field] = of(field);
  access.phoneNormalized = access.phone === 'full' ? 'full' : 'hidden';
  access.emailNormalized = access.email === 'full' ? 'full' : 'hidden';
  return access;
};

export const FULL_ACCESS: ContactAccess = contactAccess(() => 'full');
export const NO_ACCESS: ContactAccess = contactAccess(() => 'hidden');
export const isFull = (access: ContactAccess) => GUARDED_FIELDS.every((f) => access[f] === 'full');

const maskField = (field: string, value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  if (field === 'notes') return maskContactsInText(value);
  const mask = CONTACT_MASKS[field];
  return mask ? mask(value) : null;
};

/** One customer object, in place: each guarded field kept, masked or removed. */
const applyContactAccess = (customer: Record<string, unknown>, access: ContactAccess): void => {
  for (const field of GUARDED_FIELDS) {
    if (!(field in customer)) continue;
    const rule = access[field] ?? 'hidden';
    if (rule === 'hidden') delete customer[field];
    else if (rule === 'masked') customer[field] = maskField(field, customer[field]);
  }
};

export interface AttributeLike {
  type: string;
  target?: string;
  component?: string;
  components?: string[];
}
/** The attributes of a content type or component, or undefined when unknown. */
export type SchemaOf = (uid: string) => Record<string, AttributeLike> | undefined;

const MAX_DEPTH = 20;

/**
 * Walks an entity (or an array of them) of content type `uid` through its relations, components and
 * dynamic zones, applying `access` to every customer met, whatever the depth.
 */
export const guardEntity = (data: unknown, uid: string, schemaOf: SchemaOf, access: ContactAccess, depth = 0): void => {
  if (!data || typeof data !== 'object' || depth > MAX_DEPTH) return;
  if (Array.isArray(data)) {
    for (const item of data) guardEntity(item, uid, schemaOf, access, depth + 1);
    return;
  }
  const record = data as Record<string, unknown>;
  if (uid === CUSTOMER_UID) applyContactAccess(record, access);
  const attributes = schemaOf(uid);
  if (!attributes) return;
  for (const [key, value] of Object.entries(record)) {
    if (!value || typeof value !== 'object') continue;
    const attribute = attributes[key];
    if (!attribute) continue;
    if (attribute.type === 'relation' && attribute.target) {
      // A relation is the entity, a list of them, or `{ data, count, results }` shapes of some routes.
      const nested = value as Record<string, unknown>;
      guardEntity(value, attribute.target, schemaOf, access, depth + 1);
      for (const wrapper of ['data', 'results']) if (wrapper in nested) guardEntity(nested[wrapper], attribute.target, schemaOf, access, depth + 1);
    } else if (attribute.type === 'component' && attribute.component) {
      guardEntity(value, attribute.component, schemaOf, access, depth + 1);
    } else if (attribute.type === 'dynamiczone') {
      for (const item of Array.isArray(value) ? value : []) {
        const component = (item as { __component?: string })?.__component;
        if (component && (attribute.components ?? []).includes(component)) guardEntity(item, component, schemaOf, access, depth + 1);
      }
    }
  }
};

export interface UnreadableField {
  /** Where in the query: `['filters', 'customer', 'phone']`, `['sort', 'customer', 'phone']`. */
  path: string[];
  field: string;
}

const isOperator = (key: string) => key.startsWith('$');

/** Filters of content type `uid`: every guarded field they test that the caller does not read in full. */
const unreadableInFilters = (filters: unknown, uid: string, schemaOf: SchemaOf, access: ContactAccess, path: string[], found: UnreadableField[], depth: number): void => {
  if (!filters || typeof filters !== 'object' || depth > MAX_DEPTH) return;
  if (Array.isArray(filters)) {
    filters.forEach((item, i) => unreadableInFilters(item, uid, schemaOf, access, [...path, String(i)], found, depth + 1));
    return;
  }
  const attributes = schemaOf(uid) ?? {};
  for (const [rawKey, value] of Object.entries(filters as Record<string, unknown>)) {
    if (isOperator(rawKey)) {
      // $and, $or, $not hold filters of the same type; comparison operators hold values.
      if (['$and', '$or', '$not'].includes(rawKey)) unreadableInFilters(value, uid, schemaOf, access, [...path, rawKey], found, depth + 1);
      continue;
    }
    // `customer.phone` as one key means the same as `customer: { phone }`.
    const [key, ...rest] = rawKey.split('.');
    const nestedValue = rest.length ? { [rest.join('.')]: value } : value;
    const here = [...path, key];
    if (uid === CUSTOMER_UID && GUARDED_FIELDS.includes(key) && access[key] !== 'full') {
      found.push({ path: here, field: key });
      continue;
    }
    const attribute = attributes[key];
    if (attribute?.type === 'relation' && attribute.target) unreadableInFilters(nestedValue, attribute.target, schemaOf, access, here, found, depth + 1);
    else if (attribute?.type === 'component' && attribute.component) unreadableInFilters(nestedValue, attribute.component, schemaOf, access, here, found, depth + 1);
  }
};

/** Sort in any of Strapi's shapes: `a.b:asc`, `a,b:desc`, `['a:asc']`, `{ a: 'asc' }`, `[{ a: { b: 'desc' } }]`. */
const unreadableInSort = (sort: unknown, uid: string, schemaOf: SchemaOf, access: ContactAccess, path: string[], found: UnreadableField[], depth: number): void => {
  if (sort === null || sort === undefined || depth > MAX_DEPTH) return;
  const walkPath = (segments: string[], at: string, prefix: string[]) => {
    let current = at;
    const here = [...prefix];
    for (const segment of segments) {
      here.push(segment);
      if (current === CUSTOMER_UID && GUARDED_FIELDS.includes(segment) && access[segment] !== 'full') {
        found.push({ path: here, field: segment });
        return;
      }
      const attribute = (schemaOf(current) ?? {})[segment];
      const next = attribute?.type === 'relation' ? attribute.target : attribute?.type === 'component' ? attribute.component : undefined;
      if (!next) return;
      current = next;
    }
  };
  if (typeof sort === 'string') {
    for (const part of sort.split(',')) walkPath(part.trim().split(':')[0].split('.'), uid, path);
    return;
  }
  if (Array.isArray(sort)) {
    sort.forEach((item) => unreadableInSort(item, uid, schemaOf, access, path, found, depth + 1));
    return;
  }
  if (typeof sort === 'object') {
    for (const [key, value] of Object.entries(sort as Record<string, unknown>)) {
      const segments = key.split('.');
      if (value && typeof value === 'object') {
        // `{ customer: { phone: 'asc' } }`: the nested object sorts the related type.
        let current = uid;
        const here = [...path];
        let stopped = false;
        for (const segment of segments) {
          here.push(segment);
          if (current === CUSTOMER_UID && GUARDED_FIELDS.includes(segment) && access[segment] !== 'full') {
            found.push({ path: here, field: segment });
            stopped = true;
            break;
          }
          const attribute = (schemaOf(current) ?? {})[segment];
          const next = attribute?.type === 'relation' ? attribute.target : attribute?.type === 'component' ? attribute.component : undefined;
          if (!next) {
            stopped = true;
            break;
          }
          current = next;
        }
        if (!stopped) unreadableInSort(value, current, schemaOf, access, here, found, depth + 1);
      } else {
        walkPath(segments, uid, path);
      }
    }
  }
};

/** The filters and sort inside a populate (`populate[customer][filters][phone]…`), at any depth. */
const unreadableInPopulate = (populate: unknown, uid: string, schemaOf: SchemaOf, access: ContactAccess, path: string[], found: UnreadableField[], depth: number): void => {
  if (!populate || typeof populate !== 'object' || Array.isArray(populate) || depth > MAX_DEPTH) return;
  const attributes = schemaOf(uid) ?? {};
  for (const [key, value] of Object.entries(populate as Record<string, unknown>)) {
    if (!value || typeof value !== 'object') continue;
    const attribute = attributes[key];
    const targets =
      attribute?.type === 'relation' && attribute.target
        ? [attribute.target]
        : attribute?.type === 'component' && attribute.component
          ? [attribute.component]
          : attribute?.type === 'dynamiczone'
            ? (attribute.components ?? [])
            : [];
    for (const target of targets) unreadableInQuery(value as Record<string, unknown>, target, schemaOf, access, [...path, key], found, depth + 1);
    const on = (value as Record<string, unknown>).on;
    if (attribute?.type === 'dynamiczone' && on && typeof on === 'object') {
      for (const [component, nested] of Object.entries(on as Record<string, unknown>)) {
        if (nested && typeof nested === 'object') unreadableInQuery(nested as Record<string, unknown>, component, schemaOf, access, [...path, key, 'on', component], found, depth + 1);
      }
    }
  }
};

const unreadableInQuery = (query: Record<string, unknown>, uid: string, schemaOf: SchemaOf, access: ContactAccess, path: string[], found: UnreadableField[], depth: number) => {
  if (query.filters !== undefined) unreadableInFilters(query.filters, uid, schemaOf, access, [...path, 'filters'], found, depth);
  if (query.sort !== undefined) unreadableInSort(query.sort, uid, schemaOf, access, [...path, 'sort'], found, depth);
  if (query.populate !== undefined) unreadableInPopulate(query.populate, uid, schemaOf, access, [...path, 'populate'], found, depth);
};

/** Every contact field a query on content type `uid` filters or sorts by that its caller may not read in full. */
export const unreadableQueryFields = (query: Record<string, unknown> | undefined, uid: string, schemaOf: SchemaOf, access: ContactAccess): UnreadableField[] => {
  const found: UnreadableField[] = [];
  if (!query || isFull(access)) return found;
  unreadableInQuery(query, uid, schemaOf, access, [], found, 0);
  return found;
};

/** What staff see of a customer without a reveal: phone and email masked, the other contact fields left out. */
export const STAFF_MASKED: ContactAccess = contactAccess((f) => (f === 'phone' || f === 'email' ? 'masked' : 'hidden'));
