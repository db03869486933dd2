import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';
import { registerAdminPermissions } from './permissions';
import { startLoops } from './scheduler';
import { installGracefulShutdown } from './shutdown';
import { spellChineseSlugs } from './utils/chinese-slugs';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  spellChineseSlugs(strapi);
  await getService(strapi, 'migrations').migratePlugin();
  await getService(strapi, 'knowledge-base').fillMissingSearchText();
  const host = getService(strapi, 'extension-host');
  await registerAdminPermissions(strapi, host.allManifests());
  await host.start();
  await getService(strapi, 'sla-settings').seedFromContributions();
  await getService(strapi, 'sla').backfillClocks();

  const loops: { name: string; intervalMs: number; run: () => Promise<unknown> }[] = [];
  if (strapi.config.get('plugin::after-sales.dispatcher', true) && process.env.AFTER_SALES_DISPATCHER !== 'off') {
    loops.push({ name: 'outbox dispatcher', intervalMs: strapi.config.get<number>('plugin::after-sales.dispatchIntervalMs', 5000), run: () => getService(strapi, 'outbox').drain() });
  }
  if (strapi.config.get('plugin::after-sales.scheduler', true) && process.env.AFTER_SALES_SCHEDULER !== 'off') {
    loops.push({ name: 'SLA sweep', intervalMs: strapi.config.get<number>('plugin::after-sales.sweepIntervalMs', 60_000), run: () => getService(strapi, 'sla').sweep() });
  }
  scheduler = startLoops(strapi, loops);
  // Not under jest (NODE_ENV=test): the test process owns its signals.
  if (strapi.config.get('plugin::after-sales.gracefulShutdown', true) && process.env.NODE_ENV !== 'test') installGracefulShutdown(strapi);
};

let scheduler: ReturnType<typeof startLoops> | null = null;
export const stopScheduler = async () => {
  await scheduler?.stop();
  scheduler = null;
};

export default bootstrap;
