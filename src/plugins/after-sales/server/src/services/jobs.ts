import os from 'node:os';
import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Disposable, ScheduledJob } from '../extension-api';
import { jobSwitchVariable } from '../extension-api';
import { TABLES } from '../constants';

const JOB_ID = /^[a-z][a-z0-9.-]{0,79}$/;

export interface Scheduled {
  job: ScheduledJob;
  /** Whether the job may run now on this instance (its extension is usable). */
  isOn: () => boolean;
  timer: NodeJS.Timeout | null;
  controller: AbortController;
  running: Promise<unknown> | null;
}

/**
 * Scheduled jobs of extensions. Each job has a lease row in the job-claims table: a run first
 * claims it for one interval (`lease_until`, wall-clock time), so across every instance the job
 * runs once per interval; an instance that died leaves a lease that simply runs out. A job is
 * switched off on one instance by `AFTER_SALES_JOB_<ID>=off`, everywhere by disabling its extension.
 */
const jobs = ({ strapi }: { strapi: Core.Strapi }) => {
  const scheduled = new Map<string, Scheduled>();
  const owner = `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`.slice(0, 80);
  const knex = () => strapi.db.connection;

  const switchedOff = (id: string) => strapi.config.get<Record<string, string>>('plugin::after-sales.jobSwitches', {})[jobSwitchVariable(id)] === 'off';

  const service = {
    /**
     * Takes the lease of `job` for `leaseMs` when nobody holds it; true when this instance got it.
     * One UPDATE … WHERE lease_until <= now: of concurrent claimers exactly one matches.
     */
    async claim(job: string, leaseMs: number): Promise<boolean> {
      const now = Date.now();
      await knex()(TABLES.jobClaims).insert({ job, lease_until: 0 }).onConflict('job').ignore();
      const claimed = await knex()(TABLES.jobClaims)
        .where({ job })
        .andWhere('lease_until', '<=', now)
        .update({ lease_until: now + leaseMs, owner, claimed_at: new Date(now).toISOString() });
      return claimed === 1;
    },

    /** Adds a job; its timer starts at once. Dispose to stop it (a run in progress is aborted and awaited). */
    schedule(job: ScheduledJob, isOn: () => boolean = () => true): Disposable {
      if (!JOB_ID.test(job.id)) throw new Error(`job id "${job.id}" must be lower-case letters, digits, "." and "-" (at most 80)`);
      if (!Number.isInteger(job.intervalMs) || job.intervalMs < 10) throw new Error(`job "${job.id}": intervalMs must be an integer of at least 10`);
      if (scheduled.has(job.id)) throw new Error(`job "${job.id}" is scheduled already`);
      const entry: Scheduled = { job, isOn, timer: null, controller: new AbortController(), running: null };
      scheduled.set(job.id, entry);
      entry.timer = setInterval(() => {
        // A timer's tick has nobody to answer to: whatever it throws is logged, never left unhandled (which would stop the process).
        service.tick(job.id).catch((error: Error) => strapi.log.error(`[after-sales] job "${job.id}" tick failed: ${error.message}`));
      }, job.intervalMs);
      entry.timer.unref();
      return { dispose: () => service.unschedule(job.id, entry) };
    },

    async unschedule(id: string, entry: Scheduled) {
      if (scheduled.get(id) !== entry) return;
      scheduled.delete(id);
      if (entry.timer) clearInterval(entry.timer);
      entry.controller.abort();
      await entry.running?.catch(() => undefined);
    },

    /**
     * One tick of a job's timer: runs it when it is switched on here, not already running here,
     * and this instance claims its lease. Answers whether it ran.
     */
    async tick(id: string): Promise<{ ran: boolean; result?: unknown }> {
      const entry = scheduled.get(id);
      if (!entry || entry.running || switchedOff(id) || !entry.isOn()) return { ran: false };
      const run = (async () => {
        // The database may be away (a restart, a failover): this tick is skipped, the next one tries again.
        let claimed = false;
        try {
          claimed = await service.claim(id, entry.job.intervalMs);
        } catch (error) {
          strapi.log.warn(`[after-sales] job "${id}" skipped: its lease could not be claimed (${(error as Error).message})`);
        }
        if (!claimed) return { ran: false };
        let lastResult: unknown;
        try {
          const result = await entry.job.run({ now: new Date(), signal: entry.controller.signal });
          lastResult = result ?? null;
          return { ran: true, result };
        } catch (error) {
          lastResult = { error: (error as Error).message };
          strapi.log.error(`[after-sales] job "${id}" failed: ${(error as Error).message}`);
          return { ran: true };
        } finally {
          const text = (() => {
            try {
              return JSON.stringify(lastResult)?.slice(0, 10_000) ?? null;
            } catch {
              return null;
            }
          })();
          await knex()(TABLES.jobClaims)
            .where({ job: id, owner })
            .update({ last_result: text })
            .catch(() => undefined);
        }
      })();
      entry.running = run;
      try {
        return await run;
      } finally {
        entry.running = null;
      }
    },

    /** Ids of the jobs scheduled on this instance. */
    list(): string[] {
      return [...scheduled.keys()];
    },

    /** Stops every timer and waits for the runs in progress (Strapi stopping). */
    async stopAll() {
      await Promise.all([...scheduled.entries()].map(([id, entry]) => service.unschedule(id, entry)));
    },
  };
  return service;
};

export default jobs;
