import { clientKey } from '../client-ip';

describe('clientKey: what a per-client limit counts by', () => {
  it('keeps IPv4 addresses whole', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts an IPv6 client by its /64, whatever the notation', () => {
    const a = clientKey('2001:db8:1234:5678:1:2:3:4');
    expect(a).toBe('2001:db8:1234:5678::/64');
    expect(clientKey('2001:0DB8:1234:5678:ffff::1')).toBe(a);
    expect(clientKey('2001:db8:1234:5678::')).toBe(a);
    expect(clientKey('2001:db8:1234:5679::1')).not.toBe(a);
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
  });

  it('leaves anything that is not an address as it is', () => {
    expect(clientKey('unknown')).toBe('unknown');
    expect(clientKey('zz::1')).toBe('zz::1');
  });
});
