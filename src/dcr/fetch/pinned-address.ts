import { lookup } from 'node:dns/promises';
import { isIPv4 } from 'node:net';
import type { Deadline } from './deadline';
import { FetchRefusedError } from './fetch-refused.error';
import type { HostResolver, ResolvedAddress, ResolvedGuardedFetcherOptions } from './fetch-options';
import { loopbackAllowed, type VettedUrl } from './fetch-url';
import { isLoopbackAddress, specialUseRange } from './special-use-address';

/** The system resolver: every address of the name, in the order the system prefers. @internal */
export const systemResolver: HostResolver = async (hostname) => {
  const addresses = await lookup(hostname, { all: true, verbatim: true });
  return addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/**
 * The one address the exchange connects to. An IP literal is its own address. A name is resolved
 * once; if ANY of its addresses is special-use the name is refused (a name that mixes public and
 * internal addresses is an attack, not a misconfiguration), else the first address is used and the
 * connection is pinned to it. Loopback passes only with the development option for the scheme,
 * and then only when every address is loopback.
 * @internal
 */
export async function pinAddress(
  target: VettedUrl,
  options: Pick<ResolvedGuardedFetcherOptions, 'resolve' | 'development'>,
  deadline: Deadline,
): Promise<ResolvedAddress> {
  if (target.literal) return { address: target.hostname, family: isIPv4(target.hostname) ? 4 : 6 };
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await deadline.race((options.resolve ?? systemResolver)(target.hostname));
  } catch (error) {
    if (error instanceof FetchRefusedError) throw error;
    throw new FetchRefusedError('dns', undefined, { cause: error });
  }
  if (!Array.isArray(addresses) || addresses.length === 0) throw new FetchRefusedError('dns');
  const loopbackOk = loopbackAllowed(target.url, options.development);
  const refused = addresses.some(({ address }) => {
    if (typeof address !== 'string') return true;
    if (loopbackOk && isLoopbackAddress(address)) return false;
    return specialUseRange(address) !== undefined;
  });
  const mixed = loopbackOk && addresses.some(({ address }) => isLoopbackAddress(address)) &&
    !addresses.every(({ address }) => isLoopbackAddress(address));
  if (refused || mixed) throw new FetchRefusedError('special_use_address');
  const [first] = addresses;
  return { address: first.address, family: isIPv4(first.address) ? 4 : 6 };
}
