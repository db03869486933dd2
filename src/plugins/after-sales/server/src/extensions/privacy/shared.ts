import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { dbTime, contentTable, columnOf as columnOfTable, modelOf, CONTENT_TYPES, TABLES, errors, invalidInput, createApiHandle } from '../../extension-api';

export type AccessAction = 'reveal' | 'export' | 'erase';

export interface AccessEntry {
  action: AccessAction;
  customerDocumentId: string;
  actor: { kind: string; id: number | string | null; name: string };
  reason: string;
  /** What the access included (e.g. the contact fields revealed, the sections exported). */
  fields: string[];
  at: Date;
}

/** This extension's id (its manifest's) and the lease row of its retention run. */
export const PRIVACY_EXTENSION_ID = 'after-sales.privacy';
export const RETENTION_JOB = 'privacy.retention';
export const CONTACT_FIELDS = ['phone', 'email', 'wechat', 'address'] as const;
export const NEVER_SCRUBBED = new Set(['documentId', 'reference', 'state', 'locale', 'trackingTokenHash']);
export const UNDELIVERED = ['pending', 'held', 'sending'];

/** The privacy extension's API, bound by its `register(context)`. */
export const privacyHandle = createApiHandle(PRIVACY_EXTENSION_ID);

/** A short reason is required for every access to contact data: 5 to 500 characters. */
export const parseReason = (value: unknown): string => {
  const reason = typeof value === 'string' ? value.trim() : '';
  if (reason.length < 5 || reason.length > 500 || reason.includes('\u0000')) {
    throw invalidInput([{ path: ['reason'], message: 'is required: a short reason of 5 to 500 characters' }]);
  }
  return reason;
};

/** What access, erasure and retention share: the clock, the tables, the customer lookup, the access audit. */
export const privacyBase = (strapi: Core.Strapi) => {
  const knex = () => strapi.db.connection;
  const api = privacyHandle.api;
  const now = () => api().clock.now();
  /** Datetimes as the content tables store them: epoch ms on SQLite, timestamps on PostgreSQL. */
  const at = (date: Date) => dbTime(strapi, date);
  const columnOf = (uid: string, field: string) => columnOfTable(contentTable(strapi, uid), field);
  const tableOf = (uid: string) => contentTable(strapi, uid).tableName;

  const findCustomer = async (documentId: string) => {
    const customer = await strapi.db.query(CONTENT_TYPES.customer).findOne({ where: { documentId } });
    if (!customer) throw new errors.NotFoundError(`No customer ${documentId}`);
    return customer;
  };

  const record = async (trx: Knex, entry: AccessEntry) => {
    await trx(TABLES.privacyAudit).insert({
      action: entry.action,
      customer_document_id: entry.customerDocumentId,
      actor_kind: entry.actor.kind,
      actor_id: entry.actor.id === null ? null : String(entry.actor.id),
      actor_name: entry.actor.name,
      reason: entry.reason,
      fields: JSON.stringify(entry.fields),
      created_at: entry.at.toISOString(),
    });
  };

  /** Runs in the current transaction if there is one (raw knex must use its `trx`), else in a new one. */
  const withTransaction = <T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> => strapi.db.transaction(({ trx }) => fn(trx)) as Promise<T>;

  /** The item kinds with a customer (every declared one, its workflow on or off: erasure must reach them all). */
  const customerKinds = () =>
    api()
      .itemKinds.all()
      .filter((kind) => kind.customerField && modelOf(strapi, kind.contentType));
  /** The item types that hold a customer. */
  const itemTypes = (): readonly string[] => customerKinds().map((kind) => kind.contentType);
  /** Free text the customer wrote (the kind's `customerWords`): replaced whole on erasure, not only where it quotes them. */
  const customerWordsOf = (uid: string): string[] => customerKinds().find((kind) => kind.contentType === uid)?.customerWords ?? [];

  return { strapi, api, knex, now, at, columnOf, tableOf, findCustomer, record, withTransaction, itemTypes, customerWordsOf };
};

export type PrivacyBase = ReturnType<typeof privacyBase>;
