import type { Knex } from 'knex';
import { SLA_CLOCK_BACKFILL_JOB, TABLES } from '../constants';
import type { CountryCode } from 'libphonenumber-js/max';
import { normalizeEmail, normalizePhone } from '../domain/intake/normalize-contact';

/**
 * The plugin's own tables (not content types): created after Strapi's schema sync,
 * by the knex migrator, in order. Never edit a shipped migration; add a new one.
 */
/** Settings a data migration may need, from the plugin's configuration. */
export interface MigrationSettings {
  phoneRegion: CountryCode;
}

export interface PluginMigration {
  name: string;
  up(knex: Knex, settings: MigrationSettings): Promise<void>;
}

export const pluginMigrations: PluginMigration[] = [
  {
    name: '0001-reference-sequences',
    async up(knex) {
      await knex.schema.createTable(TABLES.sequences, (table) => {
        table.string('scope', 16).notNullable();
        table.string('day', 8).notNullable();
        table.integer('value').notNullable();
        table.primary(['scope', 'day']);
      });
    },
  },
  {
    name: '0002-audit-events',
    async up(knex) {
      await knex.schema.createTable(TABLES.auditEvents, (table) => {
        table.bigIncrements('id').primary();
        table.string('content_type', 120).notNullable();
        table.string('document_id', 64).notNullable();
        table.string('reference', 32);
        table.string('action', 80).notNullable();
        table.string('from_state', 40);
        table.string('to_state', 40);
        table.string('actor_kind', 20).notNullable();
        table.string('actor_id', 64);
        table.string('actor_name', 200);
        table.text('note');
        table.text('changed_fields');
        table.integer('version');
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.index(['content_type', 'document_id', 'id'], 'after_sales_audit_events_document_idx');
        table.index(['created_at'], 'after_sales_audit_events_created_idx');
      });
    },
  },
  {
    name: '0003-idempotency-keys',
    async up(knex) {
      await knex.schema.createTable(TABLES.idempotencyKeys, (table) => {
        table.string('scope', 80).notNullable();
        table.string('key', 200).notNullable();
        table.string('request_hash', 64).notNullable();
        table.string('status', 16).notNullable();
        table.integer('response_status');
        table.text('response_body');
        table.string('created_at', 32).notNullable();
        table.primary(['scope', 'key']);
        table.index(['created_at'], 'after_sales_idempotency_created_idx');
      });
    },
  },
  {
    name: '0004-rate-limits',
    async up(knex) {
      await knex.schema.createTable(TABLES.rateLimits, (table) => {
        table.string('bucket', 200).notNullable();
        table.bigInteger('window_start').notNullable();
        table.integer('hits').notNullable();
        table.primary(['bucket', 'window_start']);
        table.index(['window_start'], 'after_sales_rate_limits_window_idx');
      });
    },
  },
  {
    name: '0005-report-snapshots',
    async up(knex) {
      await knex.schema.createTable(TABLES.reportSnapshots, (table) => {
        table.bigIncrements('id').primary();
        table.string('month', 7).notNullable();
        table.string('scope', 200).notNullable();
        table.text('figures').notNullable();
        table.string('generated_at', 32).notNullable();
        table.string('generated_by_id', 64);
        table.string('generated_by_name', 200);
        table.unique(['month', 'scope'], { indexName: 'after_sales_report_snapshots_month_scope_uq' });
      });
    },
  },
  {
    name: '0006-outbox',
    async up(knex) {
      await knex.schema.createTable(TABLES.outbox, (table) => {
        table.bigIncrements('id').primary();
        table.string('dedupe_key', 200).notNullable().unique('after_sales_outbox_dedupe_uq');
        table.string('content_type', 120);
        table.string('document_id', 64);
        table.string('reference', 32);
        table.string('template_key', 80).notNullable();
        table.string('channel', 40).notNullable();
        table.string('locale', 10);
        table.string('recipient', 320);
        table.text('subject');
        table.text('body_text');
        table.text('body_html');
        table.string('status', 16).notNullable();
        table.integer('attempts').notNullable().defaultTo(0);
        table.bigInteger('next_attempt_at').notNullable();
        table.bigInteger('lease_until');
        table.string('lease_owner', 80);
        table.text('last_error');
        table.string('trigger', 120);
        table.string('created_at', 32).notNullable();
        table.string('sent_at', 32);
        table.index(['status', 'next_attempt_at'], 'after_sales_outbox_due_idx');
        table.index(['content_type', 'document_id'], 'after_sales_outbox_document_idx');
      });
    },
  },
  {
    name: '0007-surveys',
    async up(knex) {
      await knex.schema.createTable(TABLES.surveys, (table) => {
        table.bigIncrements('id').primary();
        table.string('token_hash', 64).notNullable().unique('after_sales_surveys_token_uq');
        table.string('content_type', 120).notNullable();
        table.string('document_id', 64).notNullable();
        table.string('reference', 32);
        table.string('locale', 10);
        table.bigInteger('expires_at').notNullable();
        table.string('answered_at', 32);
        table.integer('score');
        table.text('comment');
        table.string('created_at', 32).notNullable();
        table.index(['content_type', 'document_id'], 'after_sales_surveys_document_idx');
      });
    },
  },
  {
    name: '0008-escalations',
    async up(knex) {
      await knex.schema.createTable(TABLES.escalations, (table) => {
        table.bigIncrements('id').primary();
        table.string('content_type', 120).notNullable();
        table.string('document_id', 64).notNullable();
        table.string('clock', 40).notNullable();
        table.string('level', 20).notNullable();
        table.string('step', 40).notNullable();
        table.string('instance', 80);
        table.string('created_at', 32).notNullable();
        table.unique(['content_type', 'document_id', 'clock', 'level', 'step'], { indexName: 'after_sales_escalations_once_uq' });
      });
    },
  },
  {
    name: '0009-business-periods',
    async up(knex) {
      // The business calendar's working intervals with the running total of working time, so that
      // SQL can compute business time between two instants (reports: SLA median / p90).
      await knex.schema.createTable(TABLES.businessPeriods, (table) => {
        table.string('calendar_key', 80).notNullable();
        table.bigInteger('start_ms').notNullable();
        table.bigInteger('end_ms').notNullable();
        table.bigInteger('cumulative_ms').notNullable();
        table.primary(['calendar_key', 'start_ms']);
        table.index(['calendar_key', 'end_ms'], 'after_sales_business_periods_end_idx');
      });
    },
  },
  {
    name: '0010-privacy-access-audit',
    async up(knex) {
      await knex.schema.createTable(TABLES.privacyAudit, (table) => {
        table.bigIncrements('id').primary();
        table.string('action', 20).notNullable();
        table.string('customer_document_id', 64).notNullable();
        table.string('actor_kind', 20).notNullable();
        table.string('actor_id', 64);
        table.string('actor_name', 200);
        table.text('reason').notNullable();
        table.text('fields');
        table.string('created_at', 32).notNullable();
        table.index(['customer_document_id', 'id'], 'after_sales_privacy_audit_customer_idx');
        table.index(['created_at'], 'after_sales_privacy_audit_created_idx');
      });
      // Append-only: no row is ever deleted, and only the reason may be rewritten (by an erasure, which
      // replaces the customer's data quoted in it with their pseudonym).
      const locked = 'id, action, customer_document_id, actor_kind, actor_id, actor_name, fields, created_at';
      if (knex.client.config.client === 'postgres' || knex.client.config.client === 'pg') {
        await knex.raw(`CREATE OR REPLACE FUNCTION after_sales_privacy_audit_append_only() RETURNS trigger AS $$
          BEGIN RAISE EXCEPTION 'after_sales_privacy_audit is append-only'; END; $$ LANGUAGE plpgsql`);
        await knex.raw(`CREATE TRIGGER after_sales_privacy_audit_no_delete BEFORE DELETE ON ${TABLES.privacyAudit} FOR EACH ROW EXECUTE FUNCTION after_sales_privacy_audit_append_only()`);
        await knex.raw(`CREATE TRIGGER after_sales_privacy_audit_no_update BEFORE UPDATE OF ${locked} ON ${TABLES.privacyAudit} FOR EACH ROW EXECUTE FUNCTION after_sales_privacy_audit_append_only()`);
      } else {
        await knex.raw(`CREATE TRIGGER after_sales_privacy_audit_no_delete BEFORE DELETE ON ${TABLES.privacyAudit} BEGIN SELECT RAISE(ABORT, 'after_sales_privacy_audit is append-only'); END`);
        await knex.raw(
          `CREATE TRIGGER after_sales_privacy_audit_no_update BEFORE UPDATE OF ${locked} ON ${TABLES.privacyAudit} BEGIN SELECT RAISE(ABORT, 'after_sales_privacy_audit is append-only'); END`
        );
      }
    },
  },
  {
    name: '0011-job-claims',
    async up(knex) {
      await knex.schema.createTable(TABLES.jobClaims, (table) => {
        table.string('job', 80).primary();
        table.bigInteger('lease_until').notNullable();
        table.string('owner', 80);
        table.string('claimed_at', 32);
        table.text('last_result');
      });
    },
  },
  {
    name: '0012-customer-privacy-state',
    async up(knex) {
      // Customers stored before the privacy workflow existed start in its initial state.
      if (!(await knex.schema.hasColumn('customers', 'privacy_state'))) return;
      await knex('customers').whereNull('privacy_state').update({ privacy_state: 'active' });
      await knex('customers').whereNull('version').update({ version: 1 });
    },
  },
  {
    name: '0013-sla-settings',
    async up(knex) {
      await knex.schema.createTable(TABLES.slaCalendars, (table) => {
        table.string('id', 100).primary();
        table.string('name', 200).notNullable();
        table.text('definition').notNullable();
        table.boolean('is_default').notNullable().defaultTo(false);
        table.string('contributed_by', 200);
        table.boolean('edited').notNullable().defaultTo(false);
        table.integer('revision').notNullable().defaultTo(1);
        table.string('updated_at', 32).notNullable();
        table.string('updated_by', 200);
      });
      await knex.schema.createTable(TABLES.slaPolicies, (table) => {
        table.string('id', 100).primary();
        table.string('name', 200).notNullable();
        table.string('workflow', 40).notNullable();
        table.boolean('active').notNullable().defaultTo(false);
        table.text('definition').notNullable();
        table.string('contributed_by', 200);
        table.boolean('edited').notNullable().defaultTo(false);
        table.integer('revision').notNullable().defaultTo(1);
        table.string('updated_at', 32).notNullable();
        table.string('updated_by', 200);
        table.index(['workflow', 'active'], 'after_sales_sla_policies_workflow_idx');
      });
      await knex.schema.createTable(TABLES.departmentCalendars, (table) => {
        table.string('department_code', 40).primary();
        table.string('calendar_id', 100).notNullable().references('id').inTable(TABLES.slaCalendars);
      });
    },
  },
  {
    // A claim token per Idempotency-Key, so a retry can take over a claim left by a dead instance.
    name: '0014-idempotency-claims',
    async up(knex) {
      await knex.schema.alterTable(TABLES.idempotencyKeys, (table) => {
        table.string('claim', 32);
        table.bigInteger('claimed_at');
      });
    },
  },
  {
    // PostgreSQL's TRUNCATE skips row triggers: refuse it too, so the access audit stays append-only.
    // (SQLite has no TRUNCATE; knex's truncate() there is a DELETE, refused by the row trigger.)
    name: '0015-privacy-audit-no-truncate',
    async up(knex) {
      if (knex.client.config.client !== 'postgres' && knex.client.config.client !== 'pg') return;
      await knex.raw(`CREATE TRIGGER after_sales_privacy_audit_no_truncate BEFORE TRUNCATE ON ${TABLES.privacyAudit} FOR EACH STATEMENT EXECUTE FUNCTION after_sales_privacy_audit_append_only()`);
    },
  },
  {
    // One row per SLA clock of an item (the last run of it), written with the item by the clock
    // engine; the sweep reads the due ones through the partial index, the reports the stopped ones.
    // Items stored before this migration get their rows at the next start (sla service
    // backfillClocks, triggered by the job row inserted here).
    name: '0016-sla-clocks',
    async up(knex) {
      await knex.schema.createTable(TABLES.slaClocks, (table) => {
        table.bigIncrements('id').primary();
        table.string('content_type', 120).notNullable();
        table.string('document_id', 64).notNullable();
        table.string('clock', 40).notNullable();
        table.string('calendar_id', 100);
        table.string('measure', 10).notNullable();
        table.bigInteger('budget_ms').notNullable();
        table.timestamp('started_at', { useTz: true }).notNullable();
        table.timestamp('paused_at', { useTz: true });
        table.bigInteger('paused_ms').notNullable().defaultTo(0);
        table.timestamp('due_at', { useTz: true }).notNullable();
        table.timestamp('stopped_at', { useTz: true });
        table.bigInteger('used_ms');
        table.boolean('met');
        table.timestamp('next_escalation_at', { useTz: true });
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.timestamp('updated_at', { useTz: true }).notNullable();
        table.unique(['content_type', 'document_id', 'clock'], { indexName: 'after_sales_sla_clocks_item_uq' });
        table.index(['content_type', 'stopped_at'], 'after_sales_sla_clocks_stopped_idx');
      });
      // Partial: only clocks with an escalation pending are in it (SQLite and PostgreSQL both accept it,
      // and both use it for `next_escalation_at <= ?`, which implies NOT NULL).
      await knex.raw(`CREATE INDEX after_sales_sla_clocks_next_escalation_idx ON ${TABLES.slaClocks} (next_escalation_at) WHERE next_escalation_at IS NOT NULL`);
      await knex(TABLES.jobClaims).insert({ job: SLA_CLOCK_BACKFILL_JOB, lease_until: 0, owner: null, claimed_at: null, last_result: null }).onConflict('job').ignore();
    },
  },
  {
    // The monthly report's running clocks due in the month: a partial index holds only clocks not
    // stopped yet, by content type and due date (the report reads them through it, not by a scan).
    name: '0017-sla-clocks-running-due',
    async up(knex) {
      await knex.raw(`CREATE INDEX after_sales_sla_clocks_running_due_idx ON ${TABLES.slaClocks} (content_type, due_at) WHERE stopped_at IS NULL`);
    },
  },
  {
    // The storage deletions an erasure still owes: queued in its transaction (storage keys, never
    // file names), taken off once the bytes are gone, retried at startup and by the retention job.
    name: '0018-file-erasures',
    async up(knex) {
      await knex.schema.createTable(TABLES.fileErasures, (table) => {
        table.increments('id').primary();
        table.integer('file_id').notNullable();
        table.text('storage').notNullable();
        table.integer('attempts').notNullable().defaultTo(0);
        table.text('last_error');
        table.string('created_at', 40).notNullable();
        table.index(['file_id'], 'after_sales_file_erasures_file_idx');
      });
    },
  },
  {
    // Contact data an intake gave for a known customer (another email with their phone, another phone
    // with their email): kept as a proposal until staff confirm or reject it; an intake never
    // changes a customer's contact data itself.
    name: '0025-contact-proposals',
    async up(knex) {
      await knex.schema.createTable(TABLES.contactProposals, (table) => {
        table.increments('id').primary();
        table.integer('customer_id').notNullable();
        table.string('customer_document_id', 64).notNullable();
        table.string('field', 10).notNullable();
        table.string('value', 254).notNullable();
        table.string('value_normalized', 320).notNullable();
        table.string('source_reference', 40);
        table.string('source_kind', 20).notNullable();
        table.string('state', 12).notNullable().defaultTo('pending');
        table.string('created_at', 32).notNullable();
        table.string('decided_at', 32);
        table.string('decided_by_kind', 20);
        table.string('decided_by_id', 64);
        table.string('decided_by_name', 200);
        table.index(['customer_document_id', 'state'], 'after_sales_contact_proposals_customer_idx');
        table.index(['state', 'id'], 'after_sales_contact_proposals_state_idx');
      });
    },
  },
  {
    // Customers registered in the Content Manager or the REST API had no normalised phone / email
    // (only the public intake wrote them), so staff could not find them by phone. Fills them in,
    // in batches; the `normalize-customer-contacts` document middleware keeps them from now on.
    name: '0040-customer-contacts-normalised',
    async up(knex) {
      if (!(await knex.schema.hasTable('customers'))) return;
      let last = 0;
      for (;;) {
        const rows = await knex('customers').where('id', '>', last).orderBy('id').limit(500).select('id', 'phone', 'email', 'phone_normalized', 'email_normalized');
        if (!rows.length) break;
        for (const row of rows) {
          const phone = typeof row.phone === 'string' && row.phone ? normalizePhone(row.phone) : null;
          const email = typeof row.email === 'string' && row.email ? normalizeEmail(row.email) : null;
          const update: Record<string, string> = {};
          if (phone?.ok && row.phone_normalized !== phone.value) update.phone_normalized = phone.value;
          if (email && row.email_normalized !== email) update.email_normalized = email;
          if (Object.keys(update).length) await knex('customers').where('id', row.id).update(update);
        }
        last = rows[rows.length - 1].id;
      }
    },
  },
  {
    // Escalation never changes an item's classification: the step that raised severity is gone.
    // Stored policies (an administrator's edits included) lose it; a level left without steps goes.
    name: '0045-escalation-keeps-severity',
    async up(knex) {
      const rows = await knex(TABLES.slaPolicies).select('id', 'definition', 'revision');
      for (const row of rows) {
        const policy = typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition;
        if (!Array.isArray(policy?.escalation)) continue;
        const escalation = policy.escalation
          .map((rule: { steps?: unknown }) => ({ ...rule, steps: Array.isArray(rule.steps) ? rule.steps.filter((step) => step !== 'raise-severity') : rule.steps }))
          .filter((rule: { steps?: unknown }) => !Array.isArray(rule.steps) || rule.steps.length > 0);
        if (JSON.stringify(escalation) === JSON.stringify(policy.escalation)) continue;
        await knex(TABLES.slaPolicies)
          .where({ id: row.id })
          .update({ definition: JSON.stringify({ ...policy, escalation }), revision: Number(row.revision) + 1 });
      }
    },
  },
  {
    // feedbacks.next_escalation_at was never read after the SLA clocks moved to after_sales_sla_clocks
    // (whose own next_escalation_at the sweep reads). The attribute left the content type, so Strapi's
    // schema sync drops the column (and, with it, its index) on a database that had it; this drops
    // what a sync may have left: the index first (SQLite keeps an index that names a missing column
    // out of a table rebuild), then the column.
    name: '0070-drop-feedback-next-escalation-at',
    async up(knex) {
      const hasColumn = await knex.schema.hasColumn('feedbacks', 'next_escalation_at');
      await knex.raw('DROP INDEX IF EXISTS feedbacks_next_escalation_at_idx');
      if (hasColumn) await knex.schema.alterTable('feedbacks', (table) => table.dropColumn('next_escalation_at'));
    },
  },
  {
    // One conversation per work item: customer messages in, replies out, internal notes (what the
    // outbox, the audit trail and the surveys do not already hold). `external_id` (e.g. an email's
    // Message-ID) is unique, so a message imported twice is stored once.
    name: '0100-thread-entries',
    async up(knex) {
      await knex.schema.createTable(TABLES.threadEntries, (table) => {
        table.bigIncrements('id').primary();
        table.string('content_type', 120).notNullable();
        table.string('document_id', 64).notNullable();
        table.string('reference', 40).nullable();
        table.string('entry_kind', 16).notNullable();
        table.string('visibility', 16).notNullable();
        table.string('channel', 40).nullable();
        table.string('author_kind', 16).notNullable();
        table.string('author_id', 64).nullable();
        table.string('author_name', 200).nullable();
        table.text('body_text').nullable();
        table.text('attachments').nullable();
        table.string('external_id', 255).nullable().unique();
        table.bigInteger('outbox_id').nullable();
        table.text('meta').nullable();
        table.string('created_at', 32).notNullable();
        table.index(['content_type', 'document_id', 'id'], 'after_sales_thread_entries_item_idx');
      });
    },
  },
  {
    // The inbound mailbox (extension after-sales.mailbox): one row per imported IMAP message, unique
    // per mailbox, UIDVALIDITY and UID, written in the transaction of the thread entry it became
    // (so a message is imported exactly once); and the messages that could not be imported, with
    // their raw source.
    name: '0210-mailbox',
    async up(knex) {
      await knex.schema.createTable(TABLES.mailboxMessages, (table) => {
        table.bigIncrements('id').primary();
        table.string('mailbox', 200).notNullable();
        table.bigInteger('uidvalidity').notNullable();
        table.bigInteger('uid').notNullable();
        table.string('message_id', 255).nullable();
        table.string('outcome', 24).notNullable();
        table.string('reason', 200).nullable();
        table.string('content_type', 120).nullable();
        table.string('document_id', 64).nullable();
        table.string('reference', 40).nullable();
        table.bigInteger('thread_entry_id').nullable();
        table.string('from_address', 254).nullable();
        table.string('subject', 500).nullable();
        table.string('owner', 80).nullable();
        table.string('imported_at', 32).notNullable();
        table.unique(['mailbox', 'uidvalidity', 'uid'], { indexName: 'after_sales_mailbox_messages_uid_uq' });
        table.index(['message_id'], 'after_sales_mailbox_messages_message_id_idx');
        table.index(['imported_at'], 'after_sales_mailbox_messages_imported_idx');
      });
      await knex.schema.createTable(TABLES.mailboxQuarantine, (table) => {
        table.bigIncrements('id').primary();
        table.string('mailbox', 200).notNullable();
        table.bigInteger('uidvalidity').notNullable();
        table.bigInteger('uid').notNullable();
        table.string('message_id', 255).nullable();
        table.string('from_address', 254).nullable();
        table.string('subject', 500).nullable();
        table.string('reason', 1000).notNullable();
        table.text('source').notNullable();
        table.integer('size').notNullable();
        table.string('created_at', 32).notNullable();
        table.unique(['mailbox', 'uidvalidity', 'uid'], { indexName: 'after_sales_mailbox_quarantine_uid_uq' });
      });
    },
  },
  {
    // Channel per customer (issue #19): the channel the customer asked for and why another was used,
    // the provider's id of the message (an SMS gateway's BizId / SerialNo) and its delivery receipt.
    name: '0220-outbox-channel-choice',
    async up(knex) {
      await knex.schema.alterTable(TABLES.outbox, (table) => {
        table.string('requested_channel', 40).nullable();
        table.text('fallback_reason').nullable();
        table.string('provider_message_id', 120).nullable();
        table.string('delivery_status', 16).nullable();
        table.string('delivered_at', 32).nullable();
        // The message for the next channel, queued when this one fails for good (JSON of an OutboxMessage).
        table.text('fallback_message').nullable();
        // The template's variables as text (JSON), for providers that send by their own template code.
        table.text('variables').nullable();
        table.index(['channel', 'provider_message_id'], 'after_sales_outbox_provider_id_idx');
      });
    },
  },
  {
    // Staff notifications (the notifications extension). `dedupe_key` is unique: an event heard
    // twice (a retry, a second instance) notifies once. `email_state`: null (no email wanted),
    // `sent` (queued in the outbox), `digest` (waiting for the member's next digest), `digested`.
    name: '0230-staff-notifications',
    async up(knex) {
      await knex.schema.createTable(TABLES.notifications, (table) => {
        table.bigIncrements('id').primary();
        table.integer('recipient_id').notNullable();
        table.string('kind', 40).notNullable();
        table.string('content_type', 120).notNullable();
        table.string('document_id', 64).notNullable();
        table.string('reference', 40).nullable();
        table.text('params').nullable();
        table.boolean('in_admin').notNullable();
        table.string('email_state', 16).nullable();
        table.string('locale', 16).notNullable();
        table.string('dedupe_key', 200).notNullable().unique();
        table.string('created_at', 32).notNullable();
        table.string('read_at', 32).nullable();
        table.index(['recipient_id', 'in_admin', 'read_at'], 'after_sales_notifications_recipient_idx');
        table.index(['email_state', 'recipient_id'], 'after_sales_notifications_email_idx');
      });
      await knex.schema.createTable(TABLES.notificationPreferences, (table) => {
        table.integer('user_id').primary();
        table.text('preferences').notNullable();
        table.string('updated_at', 32).notNullable();
      });
    },
  },
  {
    // Phones are parsed with libphonenumber now (issue #20): every stored phone and email is
    // normalised again by the new rule, in batches. A phone or email that cannot be read keeps its
    // stored value, loses its normalised one (it matched on a guess before) and is listed in
    // after_sales_contact_issues (no copy of the value: staff open the customer to correct it).
    name: '0250-customer-contacts-libphonenumber',
    async up(knex, settings) {
      await knex.schema.createTable(TABLES.contactIssues, (table) => {
        table.increments('id').primary();
        table.integer('customer_id').notNullable();
        table.string('customer_document_id', 64).notNullable();
        table.string('field', 10).notNullable();
        table.string('problem', 200).notNullable();
        table.string('source', 20).notNullable();
        table.string('created_at', 32).notNullable();
        table.unique(['customer_document_id', 'field'], { indexName: 'after_sales_contact_issues_customer_uq' });
      });
      if (!(await knex.schema.hasTable('customers'))) return;
      const now = new Date().toISOString();
      let last = 0;
      for (;;) {
        const rows = await knex('customers').where('id', '>', last).orderBy('id').limit(500).select('id', 'document_id', 'phone', 'email', 'phone_normalized', 'email_normalized');
        if (!rows.length) break;
        for (const row of rows) {
          const phone = typeof row.phone === 'string' && row.phone.trim() ? normalizePhone(row.phone, settings.phoneRegion) : null;
          const email = typeof row.email === 'string' && row.email.trim() ? normalizeEmail(row.email) : null;
          const update: Record<string, string | null> = {};
          const phoneValue = phone?.ok ? phone.value : null;
          if ((row.phone_normalized ?? null) !== phoneValue) update.phone_normalized = phoneValue;
          if ((row.email_normalized ?? null) !== email) update.email_normalized = email;
          if (Object.keys(update).length) await knex('customers').where('id', row.id).update(update);
          const issues = [
            ...(phone && !phone.ok ? [{ field: 'phone', problem: phone.message }] : []),
            ...(typeof row.email === 'string' && row.email.trim() && !email ? [{ field: 'email', problem: 'is not a valid email address' }] : []),
          ];
          for (const issue of issues) {
            await knex(TABLES.contactIssues).insert({
              customer_id: row.id,
              customer_document_id: row.document_id,
              field: issue.field,
              problem: issue.problem.slice(0, 200),
              source: 'backfill',
              created_at: now,
            });
          }
        }
        last = rows[rows.length - 1].id;
      }
    },
  },
  {
    // A merge of two customer records (the customers extension): the survivor, the merged record's
    // ids, and a snapshot of what moved (JSON), so the merge can be undone. The purge job clears
    // `snapshot` when `expires_at` (30 days) has passed; the row itself stays as the merge's record.
    name: '0251-customer-merges',
    async up(knex) {
      await knex.schema.createTable(TABLES.customerMerges, (table) => {
        table.increments('id').primary();
        table.integer('survivor_id').notNullable();
        table.string('survivor_document_id', 64).notNullable();
        table.integer('merged_id').notNullable();
        table.string('merged_document_id', 64).notNullable();
        table.text('snapshot');
        table.string('actor_kind', 20).notNullable();
        table.string('actor_id', 64);
        table.string('actor_name', 200);
        table.string('created_at', 32).notNullable();
        table.bigInteger('expires_at').notNullable();
        table.string('undone_at', 32);
        table.index(['survivor_document_id', 'id'], 'after_sales_customer_merges_survivor_idx');
        table.index(['merged_document_id'], 'after_sales_customer_merges_merged_idx');
        table.index(['expires_at'], 'after_sales_customer_merges_expires_idx');
      });
    },
  },
  {
    // Files sent with an outbox message (a reply's attachments from the case screen): their upload
    // ids, names and types as JSON; the dispatcher reads the bytes from storage when it sends.
    name: '0200-outbox-attachments',
    async up(knex) {
      if (!(await knex.schema.hasColumn(TABLES.outbox, 'attachments'))) await knex.schema.alterTable(TABLES.outbox, (table) => table.text('attachments').nullable());
    },
  },
  {
    // The feedback form's CAPTCHA (extension after-sales.portal): each solved challenge is claimed
    // once by inserting its signed nonce; the primary key makes the claim atomic across instances.
    // Rows are deleted once the challenge has expired (it can no longer be sent then anyway).
    name: '0330-captcha-claims',
    async up(knex) {
      await knex.schema.createTable(TABLES.captchaClaims, (table) => {
        table.string('challenge_id', 64).primary();
        table.bigInteger('expires_at').notNullable();
        table.index(['expires_at'], 'after_sales_captcha_claims_expires_idx');
      });
    },
  },
  {
    // Help-center votes: which way each vote token voted on an article, so the same visitor's second
    // vote replaces the first. No address is stored, only a hash of the token; rows go with the token.
    name: '0340-kb-votes',
    async up(knex) {
      await knex.schema.createTable(TABLES.kbVotes, (table) => {
        table.string('document_id', 64).notNullable();
        table.string('locale', 16).notNullable();
        table.string('voter', 64).notNullable();
        table.boolean('helpful').notNullable();
        table.bigInteger('voted_at').notNullable();
        table.primary(['document_id', 'locale', 'voter']);
        table.index(['voted_at'], 'after_sales_kb_votes_voted_at_idx');
      });
    },
  },
  {
    // The complaint rate's base when it is not the feedback a unit handled: orders and deliveries
    // per unit and month (issue #25), one row per month and department code, replaced by each import.
    name: '0380-monthly-volumes',
    async up(knex) {
      await knex.schema.createTable(TABLES.monthlyVolumes, (table) => {
        table.increments('id').primary();
        table.string('month', 7).notNullable();
        table.string('department_code', 64).notNullable();
        table.bigInteger('orders').nullable();
        table.bigInteger('deliveries').nullable();
        table.string('updated_at', 32).notNullable();
        table.string('updated_by', 200).nullable();
        table.unique(['month', 'department_code'], { indexName: 'after_sales_monthly_volumes_uq' });
      });
    },
  },
  {
    // Work queues (issue #23): managed tags (name, colour), the tags on items of any kind (by content
    // type and document id, so a kind an extension adds can be tagged too) and saved views (an owner's
    // filters and columns, private or shared with one department).
    name: '0350-queues',
    async up(knex) {
      await knex.schema.createTable(TABLES.tags, (table) => {
        table.increments('id').primary();
        table.string('name', 30).notNullable().unique();
        table.string('colour', 7).notNullable();
        table.string('created_at', 32).notNullable();
        table.string('updated_at', 32).notNullable();
      });
      await knex.schema.createTable(TABLES.itemTags, (table) => {
        table.string('content_type', 120).notNullable();
        table.string('document_id', 64).notNullable();
        table.integer('tag_id').notNullable();
        table.string('created_at', 32).notNullable();
        table.primary(['content_type', 'document_id', 'tag_id']);
        // The tag filter of a view: items of a kind carrying a tag.
        table.index(['tag_id', 'content_type'], 'after_sales_item_tags_tag_idx');
      });
      await knex.schema.createTable(TABLES.savedViews, (table) => {
        table.increments('id').primary();
        table.integer('owner_id').notNullable();
        table.string('name', 60).notNullable();
        table.string('department_code', 40).nullable();
        table.text('definition').notNullable();
        table.string('created_at', 32).notNullable();
        table.string('updated_at', 32).notNullable();
        table.index(['owner_id'], 'after_sales_saved_views_owner_idx');
        table.index(['department_code'], 'after_sales_saved_views_department_idx');
      });
      // "Recently updated by the customer": the customers' messages of the last days.
      await knex.schema.alterTable(TABLES.threadEntries, (table) => table.index(['entry_kind', 'created_at'], 'after_sales_thread_entries_kind_time_idx'));
    },
  },
  {
    name: '0520-care-call-open-key',
    async up(knex) {
      // At most one open care call per customer and plan (the care extension's job and its outcome
      // logging may meet across instances): the open call carries the key, a logged call none (NULLs are not constrained).
      if (!(await knex.schema.hasTable('care_calls'))) return;
      await knex.schema.alterTable('care_calls', (table) => {
        table.unique(['open_key'], { indexName: 'care_calls_open_key_unique' });
        table.index(['state', 'due_on'], 'care_calls_state_due_idx');
      });
    },
  },
  {
    // Customer segments as data (issue #24): the built-in `key` (a service contract, or 3 units or
    // more) and `regular` (the default: what no rule places). `customers.segment` keeps the segment's
    // key as before (the enumeration became a string in the schema, the same varchar column); a
    // customer without one gets `regular`.
    name: '0500-customer-segments',
    async up(knex) {
      await knex.schema.createTable(TABLES.segments, (table) => {
        table.string('key', 40).primary();
        table.string('title_en', 100).notNullable();
        table.string('title_zh', 100).notNullable();
        table.integer('priority').notNullable();
        table.text('rules').notNullable();
        table.boolean('is_default').notNullable().defaultTo(false);
        table.boolean('built_in').notNullable().defaultTo(false);
        table.string('updated_at', 32).notNullable();
      });
      const at = new Date().toISOString();
      await knex(TABLES.segments).insert([
        { key: 'key', title_en: 'Key customer', title_zh: '重点客户', priority: 10, rules: JSON.stringify([{ contract: true }, { minUnits: 3 }]), is_default: false, built_in: true, updated_at: at },
        { key: 'regular', title_en: 'Regular customer', title_zh: '普通客户', priority: 1000, rules: '[]', is_default: true, built_in: true, updated_at: at },
      ]);
      await knex('customers').whereNull('segment').update({ segment: 'regular' });
    },
  },
  {
    name: '0600-nps-surveys',
    async up(knex) {
      // Loyalty (NPS) campaigns and their invitations (the loyalty extension): one invitation per customer and campaign, answered once.
      await knex.schema.createTable(TABLES.npsCampaigns, (table) => {
        table.increments('id').primary();
        table.string('name', 120).notNullable();
        table.string('segment', 40);
        table.string('product', 80);
        table.integer('invited').notNullable().defaultTo(0);
        table.string('created_by', 200);
        table.string('created_at', 32).notNullable();
      });
      await knex.schema.createTable(TABLES.npsInvitations, (table) => {
        table.increments('id').primary();
        table.integer('campaign_id').notNullable();
        table.string('customer_document_id', 64).notNullable();
        table.string('segment', 40);
        table.string('token_hash', 64).notNullable();
        table.string('locale', 8).notNullable();
        table.bigInteger('expires_at').notNullable();
        table.string('created_at', 32).notNullable();
        table.string('answered_at', 32);
        table.integer('score');
        table.text('comment');
        table.string('care_call_document_id', 64);
        table.unique(['campaign_id', 'customer_document_id'], { indexName: 'after_sales_nps_invitations_once' });
        table.unique(['token_hash'], { indexName: 'after_sales_nps_invitations_token' });
        table.index(['answered_at'], 'after_sales_nps_invitations_answered_idx');
      });
    },
  },
  {
    // The improvement plan (issue #25): one row per action of an improvement record, by its document
    // id; dates as YYYY-MM-DD text (a due date is a calendar day), times as ISO text. The overdue
    // sweep reads open, unescalated actions by due date.
    name: '0580-improvement-actions',
    async up(knex) {
      await knex.schema.createTable(TABLES.improvementActions, (table) => {
        table.increments('id').primary();
        table.string('improvement_document_id', 64).notNullable();
        table.integer('position').notNullable();
        table.string('term', 8).notNullable();
        table.text('action').notNullable();
        table.integer('owner_id').notNullable();
        table.string('due_date', 10).notNullable();
        table.text('resources').nullable();
        table.string('done_at', 32).nullable();
        table.string('escalated_at', 32).nullable();
        table.string('created_at', 32).notNullable();
        table.string('updated_at', 32).notNullable();
        table.index(['improvement_document_id', 'position'], 'after_sales_improvement_actions_record_idx');
        table.index(['done_at', 'due_date'], 'after_sales_improvement_actions_due_idx');
      });
    },
  },
  {
    // Field actions and recalls (issue #25 item 3): one row per field action of an improvement record,
    // and one per unit it reaches (owner + model + batch + serial), unique per improvement record so a
    // recall started twice, or by two managers at once, opens one service record per unit. Times as ISO text.
    name: '0620-field-actions',
    async up(knex) {
      await knex.schema.createTable(TABLES.fieldActions, (table) => {
        table.increments('id').primary();
        table.string('improvement_document_id', 64).notNullable();
        table.string('kind', 32).notNullable();
        table.text('selection').notNullable();
        table.text('note').nullable();
        table.integer('created_by_id').nullable();
        table.string('created_by_name', 200).nullable();
        table.string('created_at', 32).notNullable();
        table.index(['improvement_document_id'], 'after_sales_field_actions_record_idx');
      });
      await knex.schema.createTable(TABLES.fieldActionUnits, (table) => {
        table.increments('id').primary();
        table.integer('field_action_id').notNullable();
        table.string('improvement_document_id', 64).notNullable();
        table.string('unit_key', 400).notNullable();
        table.string('customer_document_id', 64).notNullable();
        table.string('model', 64).notNullable();
        table.string('batch', 64).nullable();
        table.string('serial_number', 64).nullable();
        table.string('service_record_document_id', 64).notNullable();
        table.string('service_record_reference', 32).nullable();
        table.string('notified_channel', 32).nullable();
        table.text('notify_problem').nullable();
        table.string('outcome', 16).nullable();
        table.text('outcome_note').nullable();
        table.string('outcome_at', 32).nullable();
        table.string('outcome_by_name', 200).nullable();
        table.string('created_at', 32).notNullable();
        table.unique(['improvement_document_id', 'unit_key'], { indexName: 'after_sales_field_action_units_unit_uq' });
        table.index(['field_action_id'], 'after_sales_field_action_units_action_idx');
        table.index(['service_record_document_id'], 'after_sales_field_action_units_record_idx');
      });
    },
  },
  {
    // Telling customers the fix shipped (issue #25 item 5): one release row per improvement record, and
    // one notice per linked item (its inform clock: started at the release, stopped when the
    // customer's message was sent). `claim` is the token of the transaction that wrote the row, so a
    // second release or a retry on another instance tells nobody twice. Times as ISO text.
    name: '0660-fix-notices',
    async up(knex) {
      await knex.schema.createTable(TABLES.fixReleases, (table) => {
        table.increments('id').primary();
        table.string('improvement_document_id', 64).notNullable().unique('after_sales_fix_releases_once');
        table.string('reference', 32);
        table.string('action', 80).notNullable();
        table.string('released_at', 32).notNullable();
      });
      await knex.schema.createTable(TABLES.fixNotices, (table) => {
        table.increments('id').primary();
        table.string('improvement_document_id', 64).notNullable();
        table.string('content_type', 120).notNullable();
        table.string('document_id', 64).notNullable();
        table.string('reference', 32);
        table.string('customer_document_id', 64).notNullable();
        table.string('notice_key', 200).notNullable();
        table.string('claim', 64).notNullable();
        table.string('started_at', 32).notNullable();
        table.string('due_at', 32).notNullable();
        table.string('channel', 40);
        table.text('unreachable');
        table.string('sent_at', 32);
        table.boolean('met');
        table.unique(['improvement_document_id', 'content_type', 'document_id'], { indexName: 'after_sales_fix_notices_once' });
        table.index(['sent_at', 'due_at'], 'after_sales_fix_notices_open_idx');
        table.index(['customer_document_id'], 'after_sales_fix_notices_customer_idx');
      });
    },
  },
  {
    // Beta tests of a fix (issue #25 item 4, the beta-tests extension): one invitation per customer
    // and test, answered once (the answers as JSON); the internal verification's results per test
    // case of an analysis report, one row per verdict (the latest counts), with who gave it.
    name: '0640-beta-tests',
    async up(knex) {
      await knex.schema.createTable(TABLES.betaTests, (table) => {
        table.increments('id').primary();
        table.string('improvement_document_id', 64).notNullable();
        table.string('name', 120).notNullable();
        table.text('questions').notNullable();
        table.integer('invited').notNullable().defaultTo(0);
        table.integer('created_by_id');
        table.string('created_by', 200);
        table.string('created_at', 32).notNullable();
        table.index(['improvement_document_id'], 'after_sales_beta_tests_record_idx');
      });
      await knex.schema.createTable(TABLES.betaInvitations, (table) => {
        table.increments('id').primary();
        table.integer('beta_test_id').notNullable();
        table.string('customer_document_id', 64).notNullable();
        table.string('token_hash', 64).notNullable();
        table.string('locale', 8).notNullable();
        table.string('channel', 32);
        table.bigInteger('expires_at').notNullable();
        table.string('created_at', 32).notNullable();
        table.string('answered_at', 32);
        table.text('answers');
        table.unique(['beta_test_id', 'customer_document_id'], { indexName: 'after_sales_beta_invitations_once' });
        table.unique(['token_hash'], { indexName: 'after_sales_beta_invitations_token' });
      });
      await knex.schema.createTable(TABLES.testCaseVerifications, (table) => {
        table.increments('id').primary();
        table.string('improvement_document_id', 64).notNullable();
        table.string('analysis_report_document_id', 64).notNullable();
        table.integer('test_case').notNullable();
        table.text('test_case_title').notNullable();
        table.string('result', 8).notNullable();
        table.text('note');
        table.integer('verified_by_id').notNullable();
        table.string('verified_by', 200);
        table.string('verified_at', 32).notNullable();
        table.index(['improvement_document_id', 'analysis_report_document_id', 'test_case'], 'after_sales_test_case_verifications_case_idx');
      });
    },
  },
  {
    // Units customers own that no case names (issue #25 item 3), imported as a CSV so that a field action
    // reaches them: one row per owner and unit (batch and serial number '' when unknown, so the unique
    // index holds on both databases).
    name: '0621-imported-units',
    async up(knex) {
      await knex.schema.createTable(TABLES.importedUnits, (table) => {
        table.increments('id').primary();
        table.string('customer_document_id', 64).notNullable();
        table.string('model', 64).notNullable();
        table.string('batch', 64).notNullable().defaultTo('');
        table.string('serial_number', 64).notNullable().defaultTo('');
        table.string('imported_by_name', 200).nullable();
        table.string('imported_at', 32).notNullable();
        table.unique(['customer_document_id', 'model', 'batch', 'serial_number'], { indexName: 'after_sales_imported_units_unit_uq' });
        table.index(['model', 'batch'], 'after_sales_imported_units_model_idx');
      });
    },
  },
  {
    // A feedback item closed by a short path (answer-and-close, thank-and-close) kept its intake clocks
    // running: the built-in policy stopped them only on the long path's actions, so a closed usage
    // question went overdue. The policy now stops them on the short paths too; the clocks left running
    // before are ended at the short path's time, as cancelled (met and used time unknown here, so they
    // count in no on-time rate) and no longer escalated.
    name: '0710-short-path-clocks',
    async up(knex) {
      const FEEDBACK = 'api::feedback.feedback';
      const SHORT_PATHS = ['answer-and-close', 'thank-and-close'];
      const INTAKE_CLOCKS = ['acknowledgeBy', 'recordBy', 'respondBy', 'judgeBy', 'rootCauseBy', 'resolveBy'];
      const shortPathOf = (column: string) => knex(TABLES.auditEvents).where('content_type', FEEDBACK).whereRaw('document_id = ??', [column]).whereIn('action', SHORT_PATHS);
      await knex(TABLES.slaClocks)
        .where('content_type', FEEDBACK)
        .whereNull('stopped_at')
        .whereIn('clock', INTAKE_CLOCKS)
        .whereExists(shortPathOf(`${TABLES.slaClocks}.document_id`).select(knex.raw('1')))
        .update({
          stopped_at: shortPathOf(`${TABLES.slaClocks}.document_id`).max('created_at'),
          met: null,
          used_ms: null,
          next_escalation_at: null,
        });
    },
  },
  {
    // The dashboard's aggregates over a department's feedback (issue #23 item 5; bench/README.md, "Dashboard
    // aggregates"): indexes that hold what each figure reads, so PostgreSQL reads the index alone (an
    // index-only scan) instead of the table's rows. Counts by state and the open-item totals: (state, id),
    // joined to the department link by id. The weekly volume: (created_at, id, type), the weeks shown as a
    // range. The satisfaction trend: (closed_at, id, satisfaction_score) over the scored items only.
    // `IF NOT EXISTS`: both databases accept it, and a bench database may have them already.
    name: '0720-dashboard-aggregate-indexes',
    async up(knex) {
      if (!(await knex.schema.hasTable('feedbacks'))) return;
      await knex.raw('CREATE INDEX IF NOT EXISTS feedbacks_state_id_idx ON feedbacks (state, id)');
      await knex.raw('CREATE INDEX IF NOT EXISTS feedbacks_created_at_id_type_idx ON feedbacks (created_at, id, type)');
      await knex.raw('CREATE INDEX IF NOT EXISTS feedbacks_scored_closed_at_idx ON feedbacks (closed_at, id, satisfaction_score) WHERE satisfaction_score IS NOT NULL');
    },
  },
  {
    // The global search at a million items (issue #23 items 4 and 5; bench/README.md, "Search at a million
    // items"), PostgreSQL only (SQLite scans, as before: correct, not fast).
    // - A reference or its start (`reference LIKE 'FB-20261204-00%'`): a btree in `text_pattern_ops`, which
    //   serves a prefix `LIKE` whatever the database's collation (a plain btree does so only under "C").
    // - Words of the symptom, scenario, description, findings, thread text and a customer's name or company
    //   (`ILIKE '%word%'`): a GIN index of each text's character pairs (`after_sales_bigrams`, lower-cased,
    //   distinct). A word is found by the rows holding all of its pairs, then checked by the `ILIKE`.
    //   Pairs, not pg_trgm's trigrams: a Chinese word of two characters (卡纸, 花屏) has no trigram, so a
    //   trigram index cannot serve it (it falls back to reading the whole index or the table); pairs serve
    //   words of any length from two characters, in Chinese and in English, with no extension to install.
    // Built with the table locked against writes (a plain CREATE INDEX, in the migration's transaction): about 30 s
    // for a million items on the bench machine. `IF NOT EXISTS`: a bench database may have them already.
    name: '0730-search-indexes',
    async up(knex) {
      if (knex.client.config.client !== 'postgres' && knex.client.config.client !== 'pg') return;
      await knex.raw(`CREATE OR REPLACE FUNCTION after_sales_bigrams(input text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT ARRAY(SELECT DISTINCT substr(lower(input), i, 2) FROM generate_series(1, char_length(input) - 1) AS i)
      $$`);
      const indexes: [table: string, columns: string[], references: boolean][] = [
        ['feedbacks', ['symptom', 'scenario'], true],
        ['complaints', ['description', 'scenario'], true],
        ['service_records', ['findings'], true],
        ['customers', ['name', 'company'], false],
        [TABLES.threadEntries, ['body_text'], false],
      ];
      for (const [table, columns, references] of indexes) {
        if (!(await knex.schema.hasTable(table))) continue;
        if (references && (await knex.schema.hasColumn(table, 'reference')))
          await knex.raw('CREATE INDEX IF NOT EXISTS ?? ON ?? (reference text_pattern_ops)', [`${table}_reference_prefix_idx`, table]);
        for (const column of columns)
          if (await knex.schema.hasColumn(table, column)) await knex.raw('CREATE INDEX IF NOT EXISTS ?? ON ?? USING gin (after_sales_bigrams(??))', [`${table}_${column}_bigrams_idx`, table, column]);
        // The planner has no statistics of an expression index (how common each pair is) before the table's next ANALYZE.
        await knex.raw('ANALYZE ??', [table]);
      }
    },
  },
  {
    // The work queues' look-ups of an item's running clocks (issue #23 item 5; bench/README.md, "Queue views at a
    // million"): an item's earliest running due date (the due key of "unassigned", "due today" and the views narrowed by
    // a list) and the check that no running clock of the item is due before the one a view walks. Only running clocks
    // (135,000 of 3.8 million rows at a million items), by item, with the due date and the row id: both are read from
    // the index alone. Measured, it pays for "unassigned" (its plan no longer JIT-compiled); the walked views were as
    // fast without it. `IF NOT EXISTS`: both databases accept it.
    name: '0750-running-clocks-by-item',
    async up(knex) {
      await knex.raw(`CREATE INDEX IF NOT EXISTS after_sales_sla_clocks_running_item_idx ON ${TABLES.slaClocks} (content_type, document_id, due_at, id) WHERE stopped_at IS NULL`);
    },
  },
  {
    // A customer's loyalty invitations (the staff customer page's answers and open invitations, the key-customer
    // report's NPS by customer): found by the customer, newest answers first, instead of a scan of every invitation
    // of every campaign (200,000 customers, one invitation each per campaign).
    name: '0770-nps-invitations-by-customer',
    async up(knex) {
      await knex.raw(`CREATE INDEX IF NOT EXISTS after_sales_nps_invitations_customer_idx ON ${TABLES.npsInvitations} (customer_document_id, answered_at)`);
    },
  },
  {
    // Complaints and service records can be marked duplicates (`mark-duplicate`, merging duplicate cases): their
    // clocks fall away on entering `duplicate`, as a feedback duplicate's do. The built-in policies say so; a stored
    // policy (an administrator's edit, not refreshed from the built-in one) gets the same cancel rule on the clocks
    // the built-in policy cancels there: complaints' respondBy and resolveBy, service records' archiveBy.
    name: '0780-duplicate-cancels-clocks',
    async up(knex) {
      if (!(await knex.schema.hasTable(TABLES.slaPolicies))) return;
      const clocks: Record<string, string[]> = { complaint: ['respondBy', 'resolveBy'], 'service-record': ['archiveBy'] };
      const rows = await knex(TABLES.slaPolicies).whereIn('workflow', Object.keys(clocks)).select('id', 'workflow', 'definition', 'revision');
      for (const row of rows) {
        const policy = typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition;
        if (!Array.isArray(policy?.clocks)) continue;
        let changed = false;
        const next = policy.clocks.map((clock: { field?: unknown; start?: unknown; cancel?: { enter?: unknown }[] }) => {
          if (!clocks[row.workflow].includes(String(clock.field)) || !Array.isArray(clock.start)) return clock;
          const cancel = Array.isArray(clock.cancel) ? clock.cancel : [];
          if (cancel.some((event) => event?.enter === 'duplicate')) return clock;
          changed = true;
          return { ...clock, cancel: [...cancel, { enter: 'duplicate' }] };
        });
        if (!changed) continue;
        await knex(TABLES.slaPolicies)
          .where({ id: row.id })
          .update({ definition: JSON.stringify({ ...policy, clocks: next }), revision: Number(row.revision) + 1 });
      }
    },
  },
  {
    // "Unassigned in my departments" kept rather than found (issue #23 item 5; bench/README.md, "Unassigned kept by
    // the database"). Found, the view tests every open item for the absence of an assignee link and for a link to
    // the caller's departments (110,000 open items, 893,000 assignee links at a million: 124 ms a page, seconds with
    // 16 users); no index can hold the absence of a row. PostgreSQL keeps the set here instead: each item without an
    // assignee, with its state and its department, kept by triggers on the item table and its assignee and department
    // link tables, so every path that writes them (the Content Manager, the workflow, bulk actions, intake, SQL) keeps
    // it, and the view reads a department's open ones from an index. Which item tables are kept (and their triggers) is
    // decided at start from the item kinds (services/unassigned-items.ts). SQLite finds them as before (correct, not fast).
    //
    // Concurrency: a link trigger takes the item row's lock (`FOR NO KEY UPDATE`, as an update of the item does) before
    // it reads the item's state, links and department, each in a statement of its own, so two transactions changing one
    // item's state, assignee or department take turns and the second reads what the first committed. Strapi updates the
    // item row before its links in one transaction, so it already holds that lock when its link triggers run.
    name: '0790-unassigned-items',
    async up(knex) {
      if (knex.client.config.client !== 'postgres' && knex.client.config.client !== 'pg') return;
      await knex.schema.createTable(TABLES.unassignedTables, (table) => {
        table.string('item_table', 63).primary();
        table.string('link_table', 63).notNullable();
        table.string('item_column', 63).notNullable();
        table.string('target_column', 63).notNullable();
        // The department link (null: the kind has no department).
        table.string('department_table', 63);
        table.string('department_item_column', 63);
        table.string('department_column', 63);
      });
      await knex.schema.createTable(TABLES.unassignedItems, (table) => {
        table.string('item_table', 63).notNullable();
        table.integer('item_id').notNullable();
        table.string('state', 255);
        table.integer('department_id');
        table.primary(['item_table', 'item_id']);
        // The view's reads: a department's unassigned items in the open states; every department's (a super admin, an office).
        table.index(['item_table', 'department_id', 'state', 'item_id'], 'after_sales_unassigned_items_department_idx');
        table.index(['item_table', 'state', 'item_id'], 'after_sales_unassigned_items_state_idx');
      });
      // The department of an item, from its department link (the lowest when several), null without one.
      await knex.raw(`CREATE OR REPLACE FUNCTION after_sales_unassigned_department(kept after_sales_unassigned_tables, item integer) RETURNS integer LANGUAGE plpgsql STABLE AS $$
        DECLARE
          department integer;
        BEGIN
          IF kept.department_table IS NULL THEN
            RETURN NULL;
          END IF;
          EXECUTE format('SELECT min(%I) FROM %I WHERE %I = $1', kept.department_column, kept.department_table, kept.department_item_column) INTO department USING item;
          RETURN department;
        END $$`);
      // An item without an assignee link written again into the set (its state and department read now), or taken out.
      await knex.raw(`CREATE OR REPLACE FUNCTION after_sales_unassigned_recheck(kept after_sales_unassigned_tables, item integer) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
          current_state text;
          found_rows integer;
          assigned boolean;
        BEGIN
          EXECUTE format('SELECT state FROM %I WHERE id = $1 FOR NO KEY UPDATE', kept.item_table) INTO current_state USING item;
          -- EXECUTE leaves FOUND as it was: the row count says whether the item is there.
          GET DIAGNOSTICS found_rows = ROW_COUNT;
          IF found_rows = 0 THEN
            DELETE FROM after_sales_unassigned_items WHERE item_table = kept.item_table AND item_id = item;
            RETURN;
          END IF;
          EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I = $1 AND %I IS NOT NULL)', kept.link_table, kept.item_column, kept.target_column) INTO assigned USING item;
          IF assigned THEN
            DELETE FROM after_sales_unassigned_items WHERE item_table = kept.item_table AND item_id = item;
          ELSE
            INSERT INTO after_sales_unassigned_items (item_table, item_id, state, department_id)
              VALUES (kept.item_table, item, current_state, after_sales_unassigned_department(kept, item))
              ON CONFLICT (item_table, item_id) DO UPDATE SET state = EXCLUDED.state, department_id = EXCLUDED.department_id;
          END IF;
        END $$`);
      // An item row written: added when new (without an assignee), its state followed, taken out when deleted.
      await knex.raw(`CREATE OR REPLACE FUNCTION after_sales_unassigned_item_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          kept after_sales_unassigned_tables%ROWTYPE;
        BEGIN
          IF TG_OP = 'DELETE' THEN
            DELETE FROM after_sales_unassigned_items WHERE item_table = TG_TABLE_NAME AND item_id = OLD.id;
          ELSIF TG_OP = 'UPDATE' THEN
            UPDATE after_sales_unassigned_items SET state = NEW.state WHERE item_table = TG_TABLE_NAME AND item_id = NEW.id;
          ELSE
            SELECT * INTO kept FROM after_sales_unassigned_tables WHERE item_table = TG_TABLE_NAME;
            IF FOUND THEN
              PERFORM after_sales_unassigned_recheck(kept, NEW.id);
            END IF;
          END IF;
          RETURN NULL;
        END $$`);
      // A link row written (assignee or department: the argument says which column names the item): each item it named
      // before or names now is checked again.
      await knex.raw(`CREATE OR REPLACE FUNCTION after_sales_unassigned_link_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          kept after_sales_unassigned_tables%ROWTYPE;
          before_item integer;
          after_item integer;
        BEGIN
          SELECT * INTO kept FROM after_sales_unassigned_tables WHERE item_table = TG_ARGV[0];
          IF NOT FOUND THEN
            RETURN NULL;
          END IF;
          IF TG_OP <> 'INSERT' THEN
            before_item := (to_jsonb(OLD) ->> TG_ARGV[1])::integer;
          END IF;
          IF TG_OP <> 'DELETE' THEN
            after_item := (to_jsonb(NEW) ->> TG_ARGV[1])::integer;
          END IF;
          IF before_item IS NOT NULL THEN
            PERFORM after_sales_unassigned_recheck(kept, before_item);
          END IF;
          IF after_item IS NOT NULL AND after_item IS DISTINCT FROM before_item THEN
            PERFORM after_sales_unassigned_recheck(kept, after_item);
          END IF;
          RETURN NULL;
        END $$`);
      // The set of one item table read again from its rows (when its triggers are installed, or after a load that
      // bypassed them, e.g. the benchmark's generator, which writes with triggers off). Writes wait meanwhile.
      await knex.raw(`CREATE OR REPLACE FUNCTION after_sales_unassigned_refresh(target text) RETURNS bigint LANGUAGE plpgsql AS $$
        DECLARE
          kept after_sales_unassigned_tables%ROWTYPE;
          written bigint;
        BEGIN
          SELECT * INTO kept FROM after_sales_unassigned_tables WHERE item_table = target;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'after_sales_unassigned_refresh: the unassigned items of % are not kept', target;
          END IF;
          EXECUTE format('LOCK TABLE %I, %I IN SHARE MODE', kept.item_table, kept.link_table);
          IF kept.department_table IS NOT NULL THEN
            EXECUTE format('LOCK TABLE %I IN SHARE MODE', kept.department_table);
          END IF;
          DELETE FROM after_sales_unassigned_items WHERE item_table = target;
          EXECUTE format('INSERT INTO after_sales_unassigned_items (item_table, item_id, state, department_id) SELECT $1, t.id, t.state, %s FROM %I t
              WHERE NOT EXISTS (SELECT 1 FROM %I l WHERE l.%I = t.id AND l.%I IS NOT NULL)',
              CASE WHEN kept.department_table IS NULL THEN 'NULL::integer'
                ELSE format('(SELECT min(d.%I) FROM %I d WHERE d.%I = t.id)', kept.department_column, kept.department_table, kept.department_item_column) END,
              kept.item_table, kept.link_table, kept.item_column, kept.target_column)
            USING target;
          GET DIAGNOSTICS written = ROW_COUNT;
          RETURN written;
        END $$`);
    },
  },
  {
    // The monthly report's and the dashboard's month figures read from one narrow table (issue #23 item 5;
    // bench/README.md, "The monthly report at a million"). Read from the feedback table, every section that groups
    // by product, department or office joined the month's 41,000 items to link tables of a million rows each (the
    // high-frequency issues alone: a hash join over the whole product link table, 307 ms), and the report took
    // 1.2-1.3 s. Here each feedback item has one row with the fields the report counts and the ids of its product,
    // department, office and knowledge article, kept by triggers on the feedback table and those four link tables,
    // so every path that writes them (the Content Manager, the workflow, intake, bulk actions, SQL) keeps it; the
    // report reads the month's rows from the index on the date it counts by. PostgreSQL only: SQLite reads the
    // feedback table and its links as before (correct, not fast). The triggers are (re)installed at start
    // (services/feedback-facts.ts), which reads the table again from the feedback when they were missing.
    //
    // Concurrency: a link trigger takes the feedback row's lock (`FOR NO KEY UPDATE`, as an update of the item does)
    // before it reads the item's links, so two transactions changing one item's links take turns and the second reads
    // what the first committed. Strapi updates the item row before its links in one transaction.
    name: '0800-feedback-facts',
    async up(knex) {
      if (knex.client.config.client !== 'postgres' && knex.client.config.client !== 'pg') return;
      if (!(await knex.schema.hasTable('feedbacks'))) return;
      // The feedback's own columns with their types as they are (timestamps compare with the report's bounds as on the
      // feedback table), and the four link ids.
      await knex.raw(`CREATE TABLE ${TABLES.feedbackFacts} AS
        SELECT id, document_id, reference, created_at, closed_at, resolved_at, type, severity, channel, satisfaction_score,
               reopen_count, root_cause, batch,
               NULL::integer AS product_id, NULL::integer AS department_id, NULL::integer AS office_id, NULL::integer AS knowledge_article_id
        FROM feedbacks WITH NO DATA`);
      await knex.raw(`ALTER TABLE ${TABLES.feedbackFacts} ADD PRIMARY KEY (id)`);
      // The three cohorts the report counts: created, closed (satisfaction) and resolved (root causes) in the month;
      // the SLA cohort's items by document id.
      await knex.raw(`CREATE INDEX after_sales_feedback_facts_created_idx ON ${TABLES.feedbackFacts} (created_at)`);
      await knex.raw(`CREATE INDEX after_sales_feedback_facts_closed_idx ON ${TABLES.feedbackFacts} (closed_at) WHERE satisfaction_score IS NOT NULL`);
      await knex.raw(`CREATE INDEX after_sales_feedback_facts_resolved_idx ON ${TABLES.feedbackFacts} (resolved_at) WHERE root_cause IS NOT NULL`);
      await knex.raw(`CREATE INDEX after_sales_feedback_facts_document_idx ON ${TABLES.feedbackFacts} (document_id)`);
      // The link ids of one item (the lowest when several), written into its row.
      await knex.raw(`CREATE OR REPLACE FUNCTION after_sales_feedback_facts_links(item integer) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM 1 FROM feedbacks WHERE id = item FOR NO KEY UPDATE;
          UPDATE ${TABLES.feedbackFacts} SET
            product_id = (SELECT min(product_id) FROM feedbacks_product_lnk WHERE feedback_id = item),
            department_id = (SELECT min(department_id) FROM feedbacks_department_lnk WHERE feedback_id = item),
            office_id = (SELECT min(office_id) FROM feedbacks_office_lnk WHERE feedback_id = item),
            knowledge_article_id = (SELECT min(knowledge_article_id) FROM feedbacks_knowledge_article_lnk WHERE feedback_id = item)
          WHERE id = item;
        END $$`);
      // A feedback row written: its fields copied, or its row deleted. A row written for the first time (a new item, or
      // one the table had missed) reads the item's links; an update of the item leaves them to the link triggers.
      await knex.raw(`CREATE OR REPLACE FUNCTION after_sales_feedback_facts_item() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          inserted boolean;
        BEGIN
          IF TG_OP = 'DELETE' THEN
            DELETE FROM ${TABLES.feedbackFacts} WHERE id = OLD.id;
            RETURN NULL;
          END IF;
          INSERT INTO ${TABLES.feedbackFacts} (id, document_id, reference, created_at, closed_at, resolved_at, type, severity, channel,
              satisfaction_score, reopen_count, root_cause, batch)
            VALUES (NEW.id, NEW.document_id, NEW.reference, NEW.created_at, NEW.closed_at, NEW.resolved_at, NEW.type, NEW.severity, NEW.channel,
              NEW.satisfaction_score, NEW.reopen_count, NEW.root_cause, NEW.batch)
            ON CONFLICT (id) DO UPDATE SET document_id = EXCLUDED.document_id, reference = EXCLUDED.reference, created_at = EXCLUDED.created_at,
              closed_at = EXCLUDED.closed_at, resolved_at = EXCLUDED.resolved_at, type = EXCLUDED.type, severity = EXCLUDED.severity,
              channel = EXCLUDED.channel, satisfaction_score = EXCLUDED.satisfaction_score, reopen_count = EXCLUDED.reopen_count,
              root_cause = EXCLUDED.root_cause, batch = EXCLUDED.batch
            RETURNING (xmax = 0) INTO inserted;
          IF inserted THEN
            PERFORM after_sales_feedback_facts_links(NEW.id);
          END IF;
          RETURN NULL;
        END $$`);
      // A link row written: the item it named before and the one it names now are read again.
      await knex.raw(`CREATE OR REPLACE FUNCTION after_sales_feedback_facts_link() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP <> 'INSERT' THEN
            PERFORM after_sales_feedback_facts_links(OLD.feedback_id);
          END IF;
          IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.feedback_id IS DISTINCT FROM OLD.feedback_id) THEN
            PERFORM after_sales_feedback_facts_links(NEW.feedback_id);
          END IF;
          RETURN NULL;
        END $$`);
      // The whole table read again from the feedback and its links (when the triggers are installed, or after a load
      // that bypassed them, e.g. the benchmark's generator, which writes with triggers off). Writes wait meanwhile.
      await knex.raw(`CREATE OR REPLACE FUNCTION after_sales_feedback_facts_refresh() RETURNS bigint LANGUAGE plpgsql AS $$
        DECLARE
          written bigint;
        BEGIN
          LOCK TABLE feedbacks, feedbacks_product_lnk, feedbacks_department_lnk, feedbacks_office_lnk, feedbacks_knowledge_article_lnk IN SHARE MODE;
          DELETE FROM ${TABLES.feedbackFacts};
          INSERT INTO ${TABLES.feedbackFacts} (id, document_id, reference, created_at, closed_at, resolved_at, type, severity, channel,
              satisfaction_score, reopen_count, root_cause, batch, product_id, department_id, office_id, knowledge_article_id)
            SELECT f.id, f.document_id, f.reference, f.created_at, f.closed_at, f.resolved_at, f.type, f.severity, f.channel,
              f.satisfaction_score, f.reopen_count, f.root_cause, f.batch, p.product_id, d.department_id, o.office_id, k.knowledge_article_id
            FROM feedbacks f
            LEFT JOIN (SELECT feedback_id, min(product_id) AS product_id FROM feedbacks_product_lnk GROUP BY feedback_id) p ON p.feedback_id = f.id
            LEFT JOIN (SELECT feedback_id, min(department_id) AS department_id FROM feedbacks_department_lnk GROUP BY feedback_id) d ON d.feedback_id = f.id
            LEFT JOIN (SELECT feedback_id, min(office_id) AS office_id FROM feedbacks_office_lnk GROUP BY feedback_id) o ON o.feedback_id = f.id
            LEFT JOIN (SELECT feedback_id, min(knowledge_article_id) AS knowledge_article_id FROM feedbacks_knowledge_article_lnk GROUP BY feedback_id) k ON k.feedback_id = f.id;
          GET DIAGNOSTICS written = ROW_COUNT;
          RETURN written;
        END $$`);
    },
  },
];
