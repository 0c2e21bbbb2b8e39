import { isIPv4 } from 'node:net';
import { FetchRefusedError } from './fetch-refused.error';
import type { ResolvedGuardedFetcherOptions } from './fetch-options';
import { isLoopbackAddress, specialUseRange } from './special-use-address';

/**
 * A URL the fetcher may request. `hostname` is without IPv6 brackets; `literal` is true when the
 * host is an IP address (no DNS resolution then).
 * @internal
 */
export interface VettedUrl {
  readonly url: URL;
  readonly hostname: string;
  readonly literal: boolean;
}

// The authority as written: what follows "scheme://" up to the path, query or fragment.
const WRITTEN_AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i;

/**
 * Checks `input` before any connection: an absolute `https:` URL (or `http:` to a loopback IP
 * literal with `development.allowHttpLoopback`), no userinfo, a host written the way it is parsed
 * (refuses `2130706433`, `0x7f000001`, `127.1`, `017700000001`, percent-encoded or full-width
 * digits …, which WHATWG parsing silently turns into dotted quads), and an IP literal host outside
 * every special-use range (loopback only with a development option).
 * @internal
 */
export function vetFetchUrl(input: string, development: ResolvedGuardedFetcherOptions['development']): VettedUrl {
  // WHATWG parsing drops tabs and newlines, trims spaces and reads "\" as "/": refuse them rather
  // than fetch something other than what was written.
  if (typeof input !== 'string' || /[\s\\\x00-\x1f\x7f]/.test(input)) throw new FetchRefusedError('invalid_url');
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new FetchRefusedError('invalid_url');
  }
  const authority = WRITTEN_AUTHORITY.exec(input)?.[1];
  if (authority === undefined) throw new FetchRefusedError('invalid_url');
  if (authority.includes('@') || url.username !== '' || url.password !== '') {
    throw new FetchRefusedError('invalid_url', 'the URL must not contain userinfo');
  }

  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const literal = isIPv4(url.hostname) || url.hostname.startsWith('[');
  // Any host that WHATWG parsing turned into an IPv4 address must have been written as exactly
  // that dotted quad: other spellings of an address are how filters are bypassed.
  if (isIPv4(url.hostname) && writtenHost(authority) !== url.hostname) {
    throw new FetchRefusedError('invalid_url', 'the URL host must be a plain dotted-quad IPv4 address or a name');
  }

  const loopbackLiteral = literal && isLoopbackAddress(hostname);
  if (url.protocol === 'http:') {
    if (!(development.allowHttpLoopback && loopbackLiteral)) {
      throw new FetchRefusedError('invalid_url', 'the URL must use https');
    }
  } else if (url.protocol !== 'https:') {
    throw new FetchRefusedError('invalid_url', 'the URL must use https');
  }

  if (literal && specialUseRange(hostname) !== undefined && !(loopbackLiteral && loopbackAllowed(url, development))) {
    throw new FetchRefusedError('special_use_address');
  }
  return { url, hostname, literal };
}

/** Whether development options let this URL's scheme reach a loopback address. @internal */
export function loopbackAllowed(url: URL, development: ResolvedGuardedFetcherOptions['development']): boolean {
  return url.protocol === 'http:' ? development.allowHttpLoopback : development.allowHttpsLoopback;
}

/** The host part of a written authority (no port), lowercased. */
function writtenHost(authority: string): string {
  return authority.replace(/:\d*$/, '').toLowerCase();
}
