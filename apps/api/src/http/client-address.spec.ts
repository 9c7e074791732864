import { rateLimitAddress } from './client-address';

describe(rateLimitAddress.name, () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['::ffff:cb00:7109', '203.0.113.9'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:ffff::', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:db8::2', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['::', '0:0:0:0::/64'],
    ['64:ff9b::192.0.2.33', '64:ff9b:0:0::/64'],
    ['unknown', 'unknown'],
  ])('%s → %s', (ip, expected) => {
    expect(rateLimitAddress(ip)).toBe(expected);
  });

  it('counts the hosts of one /64 together and neighbouring /64s apart', () => {
    const a = rateLimitAddress('2001:db8:aa:1::1');
    expect(rateLimitAddress('2001:db8:aa:1:ffff:ffff:ffff:ffff')).toBe(a);
    expect(rateLimitAddress('2001:db8:aa:2::1')).not.toBe(a);
  });
});
