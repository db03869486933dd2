import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

export type Check = 'ok' | 'unreachable' | 'pending' | 'failed' | 'timeout';

export interface Readiness {
  status: 'ready' | 'not-ready' | 'draining';
  checks: { database: Check; migrations: Check; extensions: Check };
}

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> => Promise.race([promise, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref())]);

/**
 * Liveness and readiness of this instance, for a load balancer or an orchestrator. The answers
 * name checks only: no personal data, no configuration, no versions.
 */
const health = ({ strapi }: { strapi: Core.Strapi }) => {
  let draining = false;
  const timeoutMs = () => strapi.config.get<number>('plugin::after-sales.readyTimeoutMs', 2000);
  return {
    /** Graceful shutdown has begun: readiness answers 503 so the load balancer stops routing here. */
    setDraining() {
      draining = true;
    },
    isDraining() {
      return draining;
    },
    async ready(): Promise<Readiness> {
      const database = await withTimeout(
        strapi.db.connection.raw('SELECT 1').then(
          () => 'ok' as const,
          () => 'unreachable' as const
        ),
        timeoutMs()
      );
      const migrations =
        database === 'ok'
          ? await withTimeout(
              getService(strapi, 'migrations')
                .pending()
                .then(
                  (pending) => (pending.length ? ('pending' as const) : ('ok' as const)),
                  () => 'unreachable' as const
                ),
              timeoutMs()
            )
          : ('unreachable' as const);
      // Built-in extensions must be active (or waiting for their activation event); a third-party
      // extension that failed is shown on the Extensions page but does not take the instance out.
      const extensions = getService(strapi, 'extension-host')
        .list()
        .some((e: { builtin: boolean; state: string }) => e.builtin && e.state === 'failed')
        ? 'failed'
        : 'ok';
      const checks = { database, migrations, extensions } as Readiness['checks'];
      const ok = Object.values(checks).every((c) => c === 'ok');
      return { status: draining ? 'draining' : ok ? 'ready' : 'not-ready', checks };
    },
  };
};

export default health;
