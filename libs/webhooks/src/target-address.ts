import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** Why an address may not receive webhooks; null when it may. */
export type AddressRefusal =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'reserved'
  | 'not an IP address';

const V4: [string, number, AddressRefusal][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['127.0.0.0', 8, 'loopback'],
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['100.64.0.0', 10, 'private'], // carrier-grade NAT
  ['169.254.0.0', 16, 'link-local'], // also the cloud metadata services (169.254.169.254)
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // and the broadcast address
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.0.2.0', 24, 'reserved'], // documentation
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['192.88.99.0', 24, 'reserved'], // 6to4 relay anycast (deprecated, RFC 7526): tunnels onwards
];

const V6: [string, number, AddressRefusal][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fe80::', 10, 'link-local'],
  ['fc00::', 7, 'unique-local'],
  ['fec0::', 10, 'private'], // deprecated site-local
  ['ff00::', 8, 'multicast'],
  ['::', 96, 'reserved'], // deprecated IPv4-compatible addresses
  ['100::', 64, 'reserved'], // discard-only
  ['100:0:0:1::', 64, 'reserved'], // dummy prefix (RFC 9780)
  // IETF protocol assignments: Teredo (2001::/32, a tunnel to an IPv4 host), benchmarking
  // (2001:2::/48), ORCHID, AMT, AS112 and anycast services; no web server is addressed there.
  ['2001::', 23, 'reserved'],
  ['2001:db8::', 32, 'reserved'], // documentation
  ['3fff::', 20, 'reserved'], // documentation (RFC 9637)
  ['5f00::', 16, 'reserved'], // SRv6 segment identifiers (RFC 9602)
  ['64:ff9b:1::', 48, 'reserved'], // local-use NAT64: translates to whatever the operator chose
];

/** IPv6 prefixes that carry an IPv4 address in their last 32 bits: judged by that address. */
const EMBEDDING_V4: [string, number][] = [
  ['::ffff:0:0', 96], // IPv4-mapped (::ffff:127.0.0.1)
  ['::ffff:0:0:0', 96], // IPv4-translated (SIIT, RFC 2765: ::ffff:0:127.0.0.1)
  ['64:ff9b::', 96], // NAT64 well-known prefix
];

const lists = new Map<AddressRefusal, BlockList>();
for (const [network, prefix, refusal] of V4) listOf(refusal).addSubnet(network, prefix, 'ipv4');
for (const [network, prefix, refusal] of V6) listOf(refusal).addSubnet(network, prefix, 'ipv6');

function listOf(refusal: AddressRefusal): BlockList {
  let list = lists.get(refusal);
  if (!list) lists.set(refusal, (list = new BlockList()));
  return list;
}

/**
 * Classifies an IP address (v4 or v6 text, as DNS answers): null when a webhook may be delivered
 * to it, otherwise why not. Private, loopback, link-local, unique-local, multicast, unspecified
 * and reserved ranges are refused (every block of the IANA IPv4 and IPv6 special-purpose
 * registries but the public AS112 and AMT anycast services outside 2001::/23), also when written
 * as IPv4-mapped, IPv4-translated or NAT64 IPv6 addresses, or as 6to4 (2002::/16) addresses
 * embedding one. Teredo (2001::/32) is refused outright: its IPv4 address is obfuscated, and no
 * webhook receiver needs a tunnel.
 */
export function refusalOf(address: string): AddressRefusal | null {
  const bare = address.replace(/%.*$/, ''); // a zone index (fe80::1%eth0) names no other host
  if (isIPv4(bare)) return check(bare, 'ipv4');
  if (!isIPv6(bare)) return 'not an IP address';
  const bytes = ipv6Bytes(bare);
  const embedded = embeddedIPv4(bytes);
  if (embedded) return check(embedded, 'ipv4');
  return check(bare, 'ipv6');
}

function check(address: string, family: 'ipv4' | 'ipv6'): AddressRefusal | null {
  for (const [refusal, list] of lists) if (list.check(address, family)) return refusal;
  return null;
}

function embeddedIPv4(bytes: number[]): string | null {
  const text = (from: number) => bytes.slice(from, from + 4).join('.');
  for (const [network, prefix] of EMBEDDING_V4) {
    const list = new BlockList();
    list.addSubnet(network, prefix, 'ipv6');
    if (list.check(formatIPv6(bytes), 'ipv6')) return text(12);
  }
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return text(2); // 6to4
  return null;
}

/** The 16 bytes of a valid IPv6 address (with `::` and a dotted IPv4 tail expanded). */
function ipv6Bytes(address: string): number[] {
  let text = address.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros =
    tail === undefined ? [] : Array(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

function formatIPv6(bytes: number[]): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return groups.join(':');
}
