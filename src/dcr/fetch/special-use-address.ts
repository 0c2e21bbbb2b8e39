import { isIPv4, isIPv6 } from 'node:net';

/**
 * The name of a special-use range (RFC 6890 and the IANA special-purpose address registries), or
 * `invalid` for text that is not an IP address.
 * @publicApi
 */
export type SpecialUseRange =
  | 'this-network' | 'private' | 'shared-cgnat' | 'loopback' | 'link-local' | 'ietf-protocol-assignments'
  | 'documentation' | '6to4-relay' | 'benchmarking' | 'multicast' | 'reserved' | 'broadcast'
  | 'unspecified' | 'ipv4-mapped' | 'ipv4-compatible' | 'ipv4-translated' | 'nat64' | 'discard' | 'teredo'
  | 'orchid' | '6to4' | 'unique-local' | 'site-local' | 'not-global-unicast' | 'zone' | 'invalid';

interface Range {
  readonly name: SpecialUseRange;
  readonly base: bigint;
  readonly bits: number;
}

function range(name: SpecialUseRange, cidr: string): Range {
  const [address, bits] = cidr.split('/');
  const base = isIPv4(address) ? ipv4Value(address) : ipv6Value(address);
  if (base === undefined) throw new Error(`bad range ${cidr}`);
  return { name, base, bits: Number(bits) };
}

// RFC 6890 §2.2.2 and the IANA IPv4 special-purpose registry. More specific ranges come first so
// the name reported is the most precise one.
const IPV4_RANGES: readonly Range[] = [
  range('this-network', '0.0.0.0/8'), // RFC 1122 §3.2.1.3
  range('private', '10.0.0.0/8'), // RFC 1918
  range('shared-cgnat', '100.64.0.0/10'), // RFC 6598
  range('loopback', '127.0.0.0/8'), // RFC 1122
  range('link-local', '169.254.0.0/16'), // RFC 3927 (cloud metadata services live here)
  range('private', '172.16.0.0/12'),
  range('ietf-protocol-assignments', '192.0.0.0/24'), // RFC 6890 (DS-Lite, NAT64 discovery …)
  range('documentation', '192.0.2.0/24'), // RFC 5737 TEST-NET-1
  range('6to4-relay', '192.88.99.0/24'), // RFC 7526, deprecated anycast
  range('private', '192.168.0.0/16'),
  range('benchmarking', '198.18.0.0/15'), // RFC 2544
  range('documentation', '198.51.100.0/24'), // TEST-NET-2
  range('documentation', '203.0.113.0/24'), // TEST-NET-3
  range('multicast', '224.0.0.0/4'), // RFC 5771
  range('broadcast', '255.255.255.255/32'), // RFC 919
  range('reserved', '240.0.0.0/4'), // RFC 1112 §4
];

// RFC 6890 §2.2.3 and the IANA IPv6 special-purpose registry. Forms that carry or reach an IPv4
// address (mapped, compatible, NAT64, 6to4, Teredo) are refused whole: the IPv4 address inside
// could be any of the ranges above.
const IPV6_RANGES: readonly Range[] = [
  range('unspecified', '::/128'),
  range('loopback', '::1/128'),
  range('ipv4-mapped', '::ffff:0:0/96'), // RFC 4291 §2.5.5.2
  range('ipv4-translated', '::ffff:0:0:0/96'), // RFC 2765 (SIIT)
  range('ipv4-compatible', '::/96'), // RFC 4291 §2.5.5.1, deprecated
  range('nat64', '64:ff9b::/96'), // RFC 6052
  range('nat64', '64:ff9b:1::/48'), // RFC 8215, local-use
  range('discard', '100::/64'), // RFC 6666
  range('teredo', '2001::/32'), // RFC 4380
  range('benchmarking', '2001:2::/48'), // RFC 5180
  range('orchid', '2001:10::/28'), // RFC 4843, deprecated
  range('orchid', '2001:20::/28'), // RFC 7343
  range('ietf-protocol-assignments', '2001::/23'), // RFC 2928
  range('documentation', '2001:db8::/32'), // RFC 3849
  range('6to4', '2002::/16'), // RFC 3056
  range('documentation', '3fff::/20'), // RFC 9637
  range('unique-local', 'fc00::/7'), // RFC 4193
  range('link-local', 'fe80::/10'), // RFC 4291
  range('site-local', 'fec0::/10'), // RFC 3879, deprecated
  range('multicast', 'ff00::/8'), // RFC 4291
];

// Everything outside global unicast 2000::/3 (RFC 4291 §2.4) is reserved by the IETF or listed
// above; refusing it all also covers ranges assigned after this list was written (e.g. 5f00::/16).
const GLOBAL_UNICAST = range('not-global-unicast', '2000::/3');

/**
 * The special-use range `address` belongs to, or `undefined` when it is a globally routable
 * unicast address that the fetcher may connect to. `address` is an IP address as DNS or
 * `URL.hostname` gives it (IPv6 with or without brackets). A zone id (`fe80::1%eth0`) is always
 * refused; so is anything that is not an address.
 * @publicApi
 */
export function specialUseRange(address: string): SpecialUseRange | undefined {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (text.includes('%')) return 'zone';
  if (isIPv4(text)) return match(IPV4_RANGES, ipv4Value(text), 32);
  const value = isIPv6(text) ? ipv6Value(text) : undefined;
  if (value === undefined) return 'invalid';
  return match(IPV6_RANGES, value, 128) ?? (within(GLOBAL_UNICAST, value, 128) ? undefined : GLOBAL_UNICAST.name);
}

/** Whether `address` is a loopback address (127.0.0.0/8 or ::1), the only range development options open. @publicApi */
export function isLoopbackAddress(address: string): boolean {
  return specialUseRange(address) === 'loopback';
}

function match(ranges: readonly Range[], value: bigint | undefined, width: number): SpecialUseRange | undefined {
  if (value === undefined) return 'invalid';
  return ranges.find((candidate) => within(candidate, value, width))?.name;
}

function within(candidate: Range, value: bigint, width: number): boolean {
  const shift = BigInt(width - candidate.bits);
  return value >> shift === candidate.base >> shift;
}

/** A canonical dotted quad (as `net.isIPv4` accepts it) as a number. */
function ipv4Value(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return undefined;
  return parts.reduce((value, part) => (value << 8n) | BigInt(part), 0n);
}

/** An IPv6 address (compressed, full, or with a trailing dotted quad) as a 128-bit number. */
function ipv6Value(text: string): bigint | undefined {
  let body = text.toLowerCase();
  const dotted = /:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(body);
  if (dotted) {
    const quad = ipv4Value(dotted[1]);
    if (quad === undefined) return undefined;
    body = `${body.slice(0, dotted.index + 1)}${(quad >> 16n).toString(16)}:${(quad & 0xffffn).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return undefined;
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}
