import { isIPv4, isIPv6 } from 'node:net';
import type { DcrHttpRequest } from '../http/http-request';

/**
 * The client's IP address: the socket peer, or with `trustedHops` reverse proxies in front, the
 * entry that many places from the right of `X-Forwarded-For` (entries further left are written
 * by the client and cannot be trusted).
 * @publicApi
 */
export function clientIp(request: Pick<DcrHttpRequest, 'headers' | 'socket'>, trustedHops: number): string {
  const peer = request.socket?.remoteAddress ?? 'unknown';
  if (trustedHops === 0) return peer;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  return forwarded[forwarded.length - trustedHops] ?? forwarded[0] ?? peer;
}

/**
 * The unit a per-address limit counts (rate limits, failed authentications). IPv4 as is (also
 * when written IPv4-mapped, as Node reports it on dual-stack sockets); IPv6 by its /64 prefix,
 * because one host usually owns a whole /64 and could otherwise spread requests over 2^64
 * addresses. Anything else is "unknown", which still counts, as one shared address.
 * @publicApi
 */
export function clientAddressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(ip)) return ip;
  const zoneless = ip.split('%')[0];
  if (isIPv6(zoneless)) return `${expandIPv6(zoneless).slice(0, 4).join(':')}::/64`;
  return 'unknown';
}

/** The eight 16-bit groups of an IPv6 address, lowercase without leading zeros. */
function expandIPv6(address: string): string[] {
  let text = address.toLowerCase();
  // A trailing dotted IPv4 part (e.g. ::1.2.3.4) is two groups.
  const dotted = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = text.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((group) => parseInt(group, 16).toString(16));
}
