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

/**
 * The key a per-client limit counts by: an IPv4 address as it is, an IPv6 address by its /64
 * network (one subscriber gets a whole /64 and can rotate through it at will).
 */
export const clientKey = (ip: string): string => {
  if (!ip.includes(':')) return ip;
  const address = ip.replace(/%.*$/, '').toLowerCase();
  const [head, tail = ''] = address.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  let left = groups(head);
  let right = address.includes('::') ? groups(tail) : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4 forms are already unwrapped) counts as two groups.
  const expandV4 = (list: string[]) => list.flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]));
  left = expandV4(left);
  right = expandV4(right);
  const missing = Math.max(0, 8 - left.length - right.length);
  const all = [...left, ...Array(missing).fill('0'), ...right].slice(0, 8);
  if (all.length < 4 || all.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return ip;
  return `${all
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
};
