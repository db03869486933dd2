import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

/**
 * Graceful shutdown on SIGTERM / SIGINT, in place of Strapi's own handler (which closes every
 * connection at once, dropping the requests in flight):
 *  1. readiness answers 503 (`draining`), the listening socket closes (no new connections) and
 *     idle keep-alive connections close; a response still being written gets `Connection: close`;
 *  2. the requests in flight finish (at most `shutdownTimeoutMs`);
 *  3. `strapi.destroy()`: the plugin's destroy stops the dispatcher and the SLA sweep after their
 *     current run (a sweep's row locks end with its transaction), gives this instance's outbox
 *     leases back, then the database pool closes; the process exits 0.
 */
export interface GracefulShutdownOptions {
  /** Ends the process with the exit code (tests pass their own). */
  exit?: (code: number) => void;
  /** Replace the SIGTERM / SIGINT handlers (false: the caller triggers `shutdown` itself). */
  handleSignals?: boolean;
}

export const installGracefulShutdown = (strapi: Core.Strapi, options: GracefulShutdownOptions = {}) => {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const server = (strapi.server as unknown as { httpServer?: Server }).httpServer;
  if (!server) return null;
  const timeoutMs = strapi.config.get<number>('plugin::after-sales.shutdownTimeoutMs', 25_000);
  const open = new Set<ServerResponse>();
  let draining = false;
  let idle: (() => void) | null = null;

  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    open.add(res);
    if (draining) res.shouldKeepAlive = false;
    res.once('close', () => {
      open.delete(res);
      if (open.size === 0) idle?.();
    });
  });

  const drained = () =>
    new Promise<boolean>((resolve) => {
      if (open.size === 0) return resolve(true);
      const timer = setTimeout(() => resolve(false), timeoutMs);
      idle = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });

  const shutdown = async (signal: string) => {
    if (draining) return;
    draining = true;
    strapi.log.info(`[after-sales] ${signal}: draining ${open.size} request(s) in flight`);
    getService(strapi, 'health').setDraining();
    for (const res of open) if (!res.headersSent) res.shouldKeepAlive = false;
    server.close();
    server.closeIdleConnections?.();
    const clean = await drained();
    if (!clean) strapi.log.warn(`[after-sales] ${open.size} request(s) still running after ${timeoutMs} ms; closing them`);
    let code = clean ? 0 : 1;
    try {
      await strapi.destroy();
    } catch (error) {
      strapi.log.error(`[after-sales] shutdown failed: ${(error as Error).message}`);
      code = 1;
    }
    exit(code);
  };

  // Strapi registered its own handlers when it was created; this one replaces them.
  if (options.handleSignals !== false) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.removeAllListeners(signal);
      process.on(signal, () => void shutdown(signal));
    }
  }
  return { shutdown, inFlight: () => open.size };
};
