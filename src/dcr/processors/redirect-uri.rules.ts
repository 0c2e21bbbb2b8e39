/** Options that shape which redirect URIs are acceptable. @internal */
export interface RedirectUriPolicy {
  allowHttpLoopback: boolean;
  allowPrivateUseSchemes: boolean;
  /** OIDC Registration §2: implicit web clients use https only, never localhost. */
  implicit: boolean;
}

const MAX_LENGTH = 2000;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** RFC 3986 §3.1 scheme syntax, lowercase only: redirect URIs are compared as exact strings. */
const SCHEME = /^([a-z][a-z0-9+.-]*):/;

/**
 * Why `uri` cannot be a redirect URI, or undefined when it can. RFC 6749 §3.1.2 (absolute, no
 * fragment), RFC 8252 §7 (native apps: private-use schemes in reverse-domain form, http only on
 * loopback), and no user information (it hides the real host from people reading the URI).
 * @internal
 */
export function redirectUriProblem(uri: string, policy: RedirectUriPolicy): string | undefined {
  if (uri.length === 0) return 'must not be empty';
  if (uri.length > MAX_LENGTH) return `must be at most ${MAX_LENGTH} characters`;
  if (/[\s\\]/.test(uri)) return 'must not contain white space or backslashes';
  if (uri.includes('#')) return 'must not contain a fragment';
  const scheme = SCHEME.exec(uri)?.[1];
  if (!scheme) return 'must be an absolute URI with a lowercase scheme';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'is not a valid absolute URI';
  }
  if (url.username || url.password || /^[a-z][a-z0-9+.-]*:\/\/[^/?]*@/.test(uri)) return 'must not contain user information';

  if (scheme === 'https') {
    if (!url.hostname) return 'must name a host';
    if (policy.implicit && LOOPBACK_HOSTS.has(url.hostname)) return 'must not use a loopback host with the implicit grant';
    return undefined;
  }
  if (scheme === 'http') {
    if (!policy.allowHttpLoopback) return 'must use https';
    if (!LOOPBACK_HOSTS.has(url.hostname)) return 'must use https (http is allowed only on loopback hosts)';
    if (policy.implicit) return 'must use https with the implicit grant';
    return undefined;
  }
  if (!policy.allowPrivateUseSchemes) return `scheme "${scheme}" is not allowed (use https)`;
  if (policy.implicit) return 'must use https with the implicit grant';
  // RFC 8252 §7.1: a private-use scheme is a reverse domain name the app controls; this also
  // keeps out javascript:, data:, file:, vbscript: and every other single-word scheme.
  if (!scheme.includes('.')) return `scheme "${scheme}" is not allowed (private-use schemes must be reverse domain names, like com.example.app)`;
  return undefined;
}
