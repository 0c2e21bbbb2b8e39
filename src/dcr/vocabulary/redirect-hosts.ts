/** Loopback names a native client's redirect URI uses with any port (RFC 8252 §7.3). */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Where a client's redirect URIs send the user, one entry per distinct place, in order: the host
 * of an `https`/`http` URI (lower case, without port), `scheme:` for a private-use scheme
 * (RFC 8252 §7.1). What a consent screen shows next to the client's name.
 * @internal
 */
export function redirectHostsOf(redirectUris: unknown): string[] {
  if (!Array.isArray(redirectUris)) return [];
  const hosts = new Set<string>();
  for (const uri of redirectUris) {
    const place = typeof uri === 'string' ? placeOf(uri) : undefined;
    if (place !== undefined) hosts.add(place);
  }
  return [...hosts];
}

/**
 * The redirect hosts that identify one web client: loopback hosts and private-use schemes are
 * left out, because every native client of every user shares them (a limit on them would be one
 * counter for all of Cursor or every MCP client on a laptop).
 * @internal
 */
export function webRedirectHostsOf(redirectUris: unknown): string[] {
  return redirectHostsOf(redirectUris).filter((place) => !place.endsWith(':') && !LOOPBACK.has(place));
}

function placeOf(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.protocol === 'https:' || url.protocol === 'http:') return url.hostname.toLowerCase() || undefined;
  return url.protocol.toLowerCase();
}
