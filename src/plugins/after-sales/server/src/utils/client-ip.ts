/**
 * The caller's address. `X-Forwarded-For` is believed only when the direct peer is one of the
 * configured proxies; then the right-most address that is not a trusted proxy is the client.
 */
const normalize = (ip: string) => ip.trim().replace(/^::ffff:/, '');

export const clientIp = (ctx: { req: { socket: { remoteAddress?: string } }; get(header: string): string }, trustedProxies: string[]): string => {
  const remote = normalize(ctx.req.socket.remoteAddress ?? 'unknown');
  const trusted = new Set(trustedProxies.map(normalize));
  if (!trusted.has(remote)) return remote;
  const chain = (ctx.get('x-forwarded-for') || '').split(',').map(normalize).filter(Boolean);
  for (let i = chain.length - 1; i >= 0; i--) if (!trusted.has(chain[i])) return chain[i];
  return remote;
};
