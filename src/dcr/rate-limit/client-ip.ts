import { isIPv6 } from 'node:net';
import type { Request } from 'express';

/**
 * The client's IP address: the socket peer, or with `trustedHops` reverse proxies in front, the
 * entry that many places from the right of `X-Forwarded-For` (entries further left are written
 * by the client and cannot be trusted).
 * @internal
 */
export function clientIp(request: Request, trustedHops: number): string {
  const peer = request.socket?.remoteAddress ?? 'unknown';
  if (trustedHops === 0) return peer;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  return forwarded[forwarded.length - trustedHops] ?? forwarded[0] ?? peer;
}

/** The unit a per-IP limit counts: the address, or for IPv6 its /64 (one host usually owns a whole /64). @internal */
export function rateLimitSubject(ip: string): string {
  const address = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (!isIPv6(address)) return address;
  const [head, tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).map((group) => group.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
