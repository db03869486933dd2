import { isEligible, retentionCutoff, type RetentionPolicy } from '../../domain/privacy/retention';
import { retryStorageRemoval } from './files';
import { type PrivacyBase, RETENTION_JOB } from './shared';
import type { erasureService } from './erasure';
import { CONTENT_TYPES, TABLES, statusOf, queryOf, type WorkflowCaller as Actor } from '../../extension-api';

/**
 * The retention policy: customers without an open item and without activity for the configured
 * months are erased (through the same `erase` action), by an administrator's run or by the
 * scheduled job, which one instance per interval claims.
 */
export const retentionService = (base: PrivacyBase, erasure: Pick<ReturnType<typeof erasureService>, 'erase'>) => {
  const { strapi, api, knex, now, at, columnOf, tableOf, itemTypes } = base;
  const service = {
    async policy(): Promise<RetentionPolicy> {
      const settings = await api().configuration.all();
      return { enabled: settings.retentionEnabled === true, months: Number(settings.retentionMonths ?? 36), batchSize: Number(settings.retentionBatchSize ?? 100) };
    },

    /** Customers the policy would anonymise now, oldest activity first (at most `limit`). */
    async retentionCandidates(instant: Date, months: number, limit: number) {
      const cutoff = retentionCutoff(instant, months);
      const customerTable = tableOf(CONTENT_TYPES.customer);
      const c = (field: string) => `c.${columnOf(CONTENT_TYPES.customer, field)}`;
      // Cheap first cut in SQL: not erased, the profile itself untouched since the cutoff.
      const rows = await knex()(`${customerTable} as c`)
        .select({ id: c('id'), documentId: c('documentId'), updatedAt: c('updatedAt'), createdAt: c('createdAt') })
        .where((q) => q.whereNull(c('privacyState')).orWhereNot(c('privacyState'), 'erased'))
        .andWhere(c('updatedAt'), '<', at(cutoff))
        .orderBy(c('updatedAt'), 'asc')
        .orderBy(c('id'), 'asc');
      const eligible: { documentId: string; lastActivityAt: string }[] = [];
      for (const row of rows) {
        if (eligible.length >= limit) break;
        let lastActivity = new Date(Math.max(new Date(row.updatedAt).getTime(), new Date(row.createdAt).getTime()));
        let openItems = 0;
        for (const uid of itemTypes()) {
          const done = (api().workflow.definition(uid)?.states ?? []).filter((s) => s.category === 'done').map((s) => s.id);
          const items: { state: string; updatedAt: string | Date }[] = await queryOf(strapi, uid).findMany({ where: { customer: { id: row.id } }, select: ['state', 'updatedAt'] });
          for (const item of items) {
            if (!done.includes(item.state)) openItems += 1;
            const updated = new Date(item.updatedAt);
            if (updated > lastActivity) lastActivity = updated;
          }
        }
        if (isEligible({ documentId: row.documentId, lastActivityAt: lastActivity, openItems, erased: false }, cutoff)) {
          eligible.push({ documentId: row.documentId, lastActivityAt: lastActivity.toISOString() });
        }
      }
      return { cutoff: cutoff.toISOString(), customers: eligible };
    },

    /** Runs the policy (or, with dryRun, reports what it would do). Each customer is erased at most once: the action needs the `active` state. */
    async runRetention(options: { dryRun: boolean; actor?: Actor; months?: number }) {
      const policy = await service.policy();
      const months = options.months ?? policy.months;
      const { cutoff, customers } = await service.retentionCandidates(now(), months, policy.batchSize);
      if (options.dryRun) return { dryRun: true, months, cutoff, wouldAnonymise: customers, anonymised: [], skipped: [] };
      const actor: Actor = options.actor ?? { kind: 'system', id: null, name: 'retention policy', headOf: [] };
      const anonymised: string[] = [];
      const skipped: { documentId: string; reason: string }[] = [];
      for (const candidate of customers) {
        const current = await strapi.db.query(CONTENT_TYPES.customer).findOne({ where: { documentId: candidate.documentId }, select: ['version', 'privacyState'] });
        try {
          await erasure.erase(
            candidate.documentId,
            { version: current.version, reason: `retention policy: no open item and no activity for ${months} months (last activity ${candidate.lastActivityAt})` },
            actor
          );
          anonymised.push(candidate.documentId);
        } catch (error) {
          if ([409, 404].includes(statusOf(error) ?? 0)) skipped.push({ documentId: candidate.documentId, reason: (error as Error).message });
          else throw error;
        }
      }
      return { dryRun: false, months, cutoff, wouldAnonymise: customers, anonymised, skipped };
    },

    /**
     * The scheduled job: one instance per interval claims it (a lease row), then runs the policy
     * when the extension is enabled and the policy switched on.
     */
    /** Removes from storage the erased files still queued (see privacy-files). */
    retryFileRemovals(olderThanMs?: number) {
      return retryStorageRemoval(strapi, olderThanMs);
    },

    async scheduledRetention(intervalMs: number) {
      if (!api().extension.isUsable()) return null;
      const retried = await retryStorageRemoval(strapi);
      if (retried) strapi.log.info(`[after-sales.privacy] retried the storage deletion of ${retried} erased file(s)`);
      const policy = await service.policy();
      if (!policy.enabled) return null;
      const instant = now().getTime();
      const owner = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
      await knex()(TABLES.jobClaims).insert({ job: RETENTION_JOB, lease_until: 0 }).onConflict('job').ignore();
      const claimed = await knex()(TABLES.jobClaims)
        .where({ job: RETENTION_JOB })
        .andWhere('lease_until', '<=', instant)
        .update({ lease_until: instant + intervalMs, owner, claimed_at: new Date(instant).toISOString() });
      if (claimed !== 1) return null;
      const result = await service.runRetention({ dryRun: false });
      await knex()(TABLES.jobClaims)
        .where({ job: RETENTION_JOB, owner })
        .update({ last_result: JSON.stringify({ anonymised: result.anonymised.length, skipped: result.skipped.length, cutoff: result.cutoff }) });
      if (result.anonymised.length) strapi.log.info(`[after-sales.privacy] retention anonymised ${result.anonymised.length} customer(s)`);
      return result;
    },
  };
  return service;
};
