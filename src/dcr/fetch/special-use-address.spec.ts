import { isLoopbackAddress, specialUseRange } from './special-use-address';

describe('specialUseRange', () => {
  // Both edges of each range, and the first address outside it where that is public.
  it.each([
    ['0.0.0.0', 'this-network'], ['0.255.255.255', 'this-network'],
    ['10.0.0.0', 'private'], ['10.255.255.255', 'private'],
    ['100.64.0.0', 'shared-cgnat'], ['100.127.255.255', 'shared-cgnat'],
    ['127.0.0.0', 'loopback'], ['127.0.0.1', 'loopback'], ['127.255.255.255', 'loopback'],
    ['169.254.0.0', 'link-local'], ['169.254.169.254', 'link-local'], ['169.254.255.255', 'link-local'],
    ['172.16.0.0', 'private'], ['172.31.255.255', 'private'],
    ['192.0.0.0', 'ietf-protocol-assignments'], ['192.0.0.255', 'ietf-protocol-assignments'],
    ['192.0.2.0', 'documentation'], ['192.0.2.255', 'documentation'],
    ['192.88.99.0', '6to4-relay'], ['192.88.99.255', '6to4-relay'],
    ['192.168.0.0', 'private'], ['192.168.255.255', 'private'],
    ['198.18.0.0', 'benchmarking'], ['198.19.255.255', 'benchmarking'],
    ['198.51.100.0', 'documentation'], ['198.51.100.255', 'documentation'],
    ['203.0.113.0', 'documentation'], ['203.0.113.255', 'documentation'],
    ['224.0.0.0', 'multicast'], ['239.255.255.255', 'multicast'],
    ['240.0.0.0', 'reserved'], ['255.255.255.254', 'reserved'],
    ['255.255.255.255', 'broadcast'],
  ])('IPv4 %s is %s', (address, range) => {
    expect(specialUseRange(address)).toBe(range);
  });

  it.each([
    '1.0.0.1', '8.8.8.8', '9.255.255.255', '11.0.0.0', '100.63.255.255', '100.128.0.0', '126.255.255.255',
    '128.0.0.0', '169.253.255.255', '169.255.0.0', '172.15.255.255', '172.32.0.0', '192.0.1.0', '192.0.3.0',
    '192.88.98.255', '192.88.100.0', '192.167.255.255', '192.169.0.0', '198.17.255.255', '198.20.0.0',
    '198.51.99.255', '198.51.101.0', '203.0.112.255', '203.0.114.0', '223.255.255.255',
  ])('IPv4 %s is public', (address) => {
    expect(specialUseRange(address)).toBeUndefined();
  });

  it.each([
    ['::', 'unspecified'], ['[::]', 'unspecified'], ['0:0:0:0:0:0:0:0', 'unspecified'],
    ['::1', 'loopback'], ['[::1]', 'loopback'], ['0000:0000:0000:0000:0000:0000:0000:0001', 'loopback'],
    // IPv4-mapped and -compatible forms are refused whatever the IPv4 address inside.
    ['::ffff:127.0.0.1', 'ipv4-mapped'], ['::ffff:7f00:1', 'ipv4-mapped'], ['::ffff:8.8.8.8', 'ipv4-mapped'],
    ['::ffff:0:0', 'ipv4-mapped'], ['::ffff:ffff:ffff', 'ipv4-mapped'], ['[::ffff:a9fe:a9fe]', 'ipv4-mapped'],
    ['::ffff:0:8.8.8.8', 'ipv4-translated'],
    ['::127.0.0.1', 'ipv4-compatible'], ['::8.8.8.8', 'ipv4-compatible'], ['::2', 'ipv4-compatible'],
    ['::ffff', 'ipv4-compatible'], ['::ffff:ffff', 'ipv4-compatible'],
    ['64:ff9b::', 'nat64'], ['64:ff9b::7f00:1', 'nat64'], ['64:ff9b::ffff:ffff', 'nat64'],
    ['64:ff9b:1::', 'nat64'], ['64:ff9b:1:ffff:ffff:ffff:ffff:ffff', 'nat64'],
    ['100::', 'discard'], ['100::ffff:ffff:ffff:ffff', 'discard'],
    ['2001::', 'teredo'], ['2001:0:ffff:ffff:ffff:ffff:ffff:ffff', 'teredo'],
    ['2001:2::', 'benchmarking'], ['2001:2:0:ffff:ffff:ffff:ffff:ffff', 'benchmarking'],
    ['2001:10::', 'orchid'], ['2001:2f:ffff::', 'orchid'],
    ['2001:1::1', 'ietf-protocol-assignments'], ['2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff', 'ietf-protocol-assignments'],
    ['2001:db8::', 'documentation'], ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 'documentation'],
    ['3fff::', 'documentation'], ['3fff:fff:ffff::', 'documentation'],
    ['2002::', '6to4'], ['2002:7f00:1::', '6to4'], ['2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '6to4'],
    ['fc00::', 'unique-local'], ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'unique-local'],
    ['fe80::', 'link-local'], ['fe80::1', 'link-local'], ['febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'link-local'],
    ['fec0::', 'site-local'], ['feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'site-local'],
    ['ff00::', 'multicast'], ['ff02::1', 'multicast'], ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'multicast'],
    // Outside global unicast 2000::/3: reserved, whatever is assigned there later.
    ['1::', 'not-global-unicast'], ['5f00::1', 'not-global-unicast'], ['4000::', 'not-global-unicast'],
    ['1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'not-global-unicast'], ['64:ff9a:ffff::', 'not-global-unicast'],
    ['fe80::1%eth0', 'zone'], ['[fe80::1%25eth0]', 'zone'], ['2606:4700::1%1', 'zone'],
  ])('IPv6 %s is %s', (address, range) => {
    expect(specialUseRange(address)).toBe(range);
  });

  it.each([
    '2000::', '2001:200::', '2001:4860:4860::8888', '2003::', '2606:4700:4700::1111',
    '[2a00:1450:4001:82a::200e]', '2001:dB9::1', '2001:db7:ffff:ffff:ffff:ffff:ffff:ffff', '3ffe:ffff::',
    '3fff:1000::', '3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  ])('IPv6 %s is public', (address) => {
    expect(specialUseRange(address)).toBeUndefined();
  });

  it.each([
    '', 'localhost', 'example.com', '127.1', '2130706433', '0x7f000001', '017700000001', '127.0.0.01', '1.2.3.256',
    '1.2.3.4.5', ':::', '1::2::3', '12345::', '::ffff:1.2.3.256', '[::1', 'gggg::',
  ])('%j is not an address', (text) => {
    expect(specialUseRange(text)).toBe('invalid');
  });
});

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true], ['127.10.20.30', true], ['::1', true], ['[::1]', true],
    ['::ffff:127.0.0.1', false], ['128.0.0.1', false], ['10.0.0.1', false], ['::2', false],
  ])('%s → %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});
