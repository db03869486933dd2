import { answer } from './answer';
import type { RouteContext } from '../utils/route-context';

/** Answers `{ data }` with the handler's result; refusals as in `answer`. */
export const respond = (ctx: RouteContext, handler: () => Promise<unknown>, status = 200) => answer(ctx, async () => ({ status, body: { data: await handler() } }));
