/** `http://` on a loopback host, then the optional port, then the rest (path and query). */
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(?::(\d{1,5}))?([/?].*)?$/;

/**
 * The registered redirect URI that `requested` stands for, or undefined. Exact string comparison
 * (RFC 6749 §3.1.2.3, RFC 9700 §4.1.3), with one exception: a native app's loopback redirect
 * URI may use any port (RFC 8252 §7.3), since the app listens on whatever port is free. Host,
 * path and query must still be the same, character for character.
 */
export function matchRedirectUri(requested: string, registered: readonly string[]): string | undefined {
  if (registered.includes(requested)) return requested;
  const asked = LOOPBACK.exec(requested);
  if (!asked) return undefined;
  return registered.find((uri) => {
    const known = LOOPBACK.exec(uri);
    return known !== null && known[1] === asked[1] && (known[3] ?? '') === (asked[3] ?? '');
  });
}

/** The redirect URIs a client registered (its metadata `redirect_uris`). */
export function registeredRedirectUris(metadata: Record<string, unknown> | null | undefined): string[] {
  const uris = metadata?.redirect_uris;
  return Array.isArray(uris) ? uris.filter((uri): uri is string => typeof uri === 'string') : [];
}
