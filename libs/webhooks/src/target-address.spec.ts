import { refusalOf } from './target-address';

describe(refusalOf.name, () => {
  it.each([
    ['93.184.215.14'],
    ['8.8.8.8'],
    ['172.32.0.1'],
    ['100.128.0.1'],
    ['2606:4700:4700::1111'],
    ['2a00:1450:4001:80b::200e'],
    ['::ffff:8.8.8.8'],
    ['64:ff9b::808:808'],
    ['2002:0808:0808::1'],
    ['::ffff:0:808:808'],
    ['2001:200::1'], // the first RIR allocation after the IETF's 2001::/23
    ['192.88.98.1'],
    ['192.88.100.1'],
    ['3000::1'],
    ['4000::1'],
  ])('lets public %s receive', (address) => {
    expect(refusalOf(address)).toBeNull();
  });

  it.each([
    ['0.0.0.0', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['::127.0.0.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.254', 'reserved'],
    ['100.127.255.254', 'private'],
    ['0.1.2.3', 'unspecified'],
    ['240.0.0.1', 'reserved'],
    ['192.0.0.9', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.7', 'reserved'],
    ['192.88.99.1', 'reserved'], // 6to4 relay anycast (RFC 7526)
    ['192.88.99.255', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'], // Teredo, 2001::/32
    ['2001::1', 'reserved'],
    ['2001:2::1', 'reserved'], // benchmarking
    ['2001:20::1', 'reserved'], // ORCHIDv2
    ['2001:1ff::1', 'reserved'], // the end of the IETF's 2001::/23
    ['100::1', 'reserved'], // discard-only
    ['100:0:0:1::1', 'reserved'], // dummy prefix (RFC 9780)
    ['3fff::1', 'reserved'], // documentation (RFC 9637)
    ['3fff:fff:ffff::1', 'reserved'],
    ['5f00::1', 'reserved'], // SRv6 segment identifiers (RFC 9602)
    ['64:ff9b:1::1', 'reserved'], // local-use NAT64
    ['fec0::1', 'private'],
    ['ff0e::1', 'multicast'],
  ])('refuses %s (%s)', (address, refusal) => {
    expect(refusalOf(address)).toBe(refusal);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::FFFF:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['0:0:0:0:0:ffff:c0a8:0101', 'private'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:7f00:0001::1', 'loopback'],
    ['2002:c0a8:0101::', 'private'],
    ['2002:0a00:0001::1', 'private'],
    ['::ffff:0:7f00:1', 'loopback'], // IPv4-translated (SIIT, ::ffff:0:0/96)
    ['::ffff:0:127.0.0.1', 'loopback'],
    ['0:0:0:0:ffff:0:a9fe:a9fe', 'link-local'],
    ['::ffff:0:c0a8:101', 'private'],
    ['64:ff9b::c058:6301', 'reserved'], // NAT64 of the 6to4 relay anycast
  ])('judges %s by the IPv4 address it carries (%s)', (address, refusal) => {
    expect(refusalOf(address)).toBe(refusal);
  });

  it('refuses what is not an address', () => {
    expect(refusalOf('localhost')).toBe('not an IP address');
    expect(refusalOf('')).toBe('not an IP address');
  });
});
