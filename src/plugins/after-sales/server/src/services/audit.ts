import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { TABLES } from '../constants';
import { getService } from '../utils/get-service';

/** One row of the audit trail, as the item's history shows it. */
export interface AuditEvent {
  contentType: string;
  documentId: string;
  reference?: string | null;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  actor: { kind: string; id?: number | string | null; name: string };
  note?: string | null;
  changedFields?: string[];
  version?: number | null;
  at?: Date;
}

/**
 * The audit writer: appends one event to the audit trail, in the caller's transaction when one is
 * given (so the event commits or rolls back with the change it records). The trail is append-only.
 */
const audit = ({ strapi }: { strapi: Core.Strapi }) => ({
  async append(event: AuditEvent, trx?: Knex | Knex.Transaction) {
    const at = event.at ?? getService(strapi, 'clock').now();
    await (trx ?? strapi.db.connection)(TABLES.auditEvents).insert({
      content_type: event.contentType.slice(0, 120),
      document_id: event.documentId.slice(0, 64),
      reference: event.reference ?? null,
      action: event.action.slice(0, 80),
      from_state: event.fromState ?? null,
      to_state: event.toState ?? null,
      actor_kind: event.actor.kind.slice(0, 20),
      actor_id: event.actor.id === null || event.actor.id === undefined ? null : String(event.actor.id),
      actor_name: event.actor.name.slice(0, 200),
      note: event.note ?? null,
      changed_fields: JSON.stringify(event.changedFields ?? []),
      version: event.version ?? null,
      created_at: at.toISOString(),
    });
  },
});

export default audit;
