/** A route a built-in's `server.ts` adds to the plugin's server. */
export interface ServerRoute {
  method: string;
  path: string;
  handler: string;
  config?: unknown;
}

/** The routes of a built-in's `server.ts`: staff (admin), content API, and the test clock's (mounted only with the `testClock` setting). */
export interface ServerPartRoutes {
  admin?: readonly ServerRoute[];
  contentApi?: readonly ServerRoute[];
  testClock?: readonly ServerRoute[];
}

/** The routes of every built-in's server part, in folder order (used by the discovered index, `extensions/index.ts`). */
export const mergeRoutes = (parts: readonly { routes: ServerPartRoutes }[]) => ({
  admin: parts.flatMap((part) => part.routes.admin ?? []),
  contentApi: parts.flatMap((part) => part.routes.contentApi ?? []),
  testClock: parts.flatMap((part) => part.routes.testClock ?? []),
});
