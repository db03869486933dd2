import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';
import { registerAdminPermissions } from './permissions';
import { installAbilityReuse } from './services/admin-ability';
import { startLoops } from './scheduler';
import { installGracefulShutdown } from './shutdown';
import { spellChineseSlugs } from './utils/chinese-slugs';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  spellChineseSlugs(strapi);
  await getService(strapi, 'migrations').migratePlugin();
  await getService(strapi, 'knowledge-base').fillMissingSearchText();
  const host = getService(strapi, 'extension-host');
  await registerAdminPermissions(strapi, host.allManifests());
  // Every admin request builds the user's permission ability; the same rows give the same ability (services/admin-ability.ts).
  installAbilityReuse(strapi);
  await host.start();
  // After the extensions: the item kinds decide which tables keep their unassigned items (PostgreSQL).
  await getService(strapi, 'unassigned-items').install();
  // The monthly figures' feedback facts (PostgreSQL): triggers put back where missing.
  await getService(strapi, 'feedback-facts').install();

  const loops: { name: string; intervalMs: number; run: () => Promise<unknown> }[] = [];
  if (strapi.config.get('plugin::after-sales.dispatcher', true)) {
    loops.push({ name: 'outbox dispatcher', intervalMs: strapi.config.get<number>('plugin::after-sales.dispatchIntervalMs', 5000), run: () => getService(strapi, 'outbox').drain() });
  }
  scheduler = startLoops(strapi, loops);
  // Off under jest (config/plugins.ts: NODE_ENV=test): the test process owns its signals.
  if (strapi.config.get('plugin::after-sales.gracefulShutdown', true)) installGracefulShutdown(strapi);
};

let scheduler: ReturnType<typeof startLoops> | null = null;
export const stopScheduler = async () => {
  await scheduler?.stop();
  scheduler = null;
};

export default bootstrap;
