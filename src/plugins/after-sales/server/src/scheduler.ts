import type { Core } from '@strapi/strapi';

/**
 * Background loops of this instance (the outbox dispatcher). Each can be switched
 * off per instance; each run is safe on several instances because the work it does claims rows.
 */
export interface Loop {
  name: string;
  intervalMs: number;
  run: () => Promise<unknown>;
}

export const startLoops = (strapi: Core.Strapi, loops: Loop[]) => {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  for (const loop of loops) {
    let busy = false;
    const tick = async () => {
      if (busy || stopped) return;
      busy = true;
      const run = loop.run().catch((error) => strapi.log.error(`[after-sales] ${loop.name} failed: ${(error as Error).message}`));
      running.add(run);
      await run;
      running.delete(run);
      busy = false;
    };
    const timer = setInterval(tick, loop.intervalMs);
    timer.unref();
    timers.push(timer);
  }
  return {
    /** Stops the timers and waits for the runs in progress. */
    async stop() {
      stopped = true;
      timers.forEach(clearInterval);
      await Promise.allSettled([...running]);
    },
  };
};
