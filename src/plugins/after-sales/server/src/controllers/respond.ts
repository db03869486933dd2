import { answer } from './answer';

/** Answers `{ data }` with the handler's result; refusals as in `answer`. */
export const respond = (ctx: any, handler: () => Promise<unknown>, status = 200) => answer(ctx, async () => ({ status, body: { data: await handler() } }));
