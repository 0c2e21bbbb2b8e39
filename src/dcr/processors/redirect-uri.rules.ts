import { forbiddenSchemeReason } from '../vocabulary/redirect-schemes';

/** OIDC Registration §2 `application_type`. @internal */
export type ApplicationType = 'web' | 'native';

/** Options that shape which redirect URIs are acceptable. @internal */
export interface RedirectUriPolicy {
  allowHttpLoopback: boolean;
  allowPrivateUseSchemes: boolean;
  /** Private-use schemes accepted although they are not reverse domain names. */
  allowedSchemes: readonly string[];
  /** OIDC Registration §2: implicit web clients use https only, never localhost. */
  implicit: boolean;
  /** @default "web" */
  applicationType?: ApplicationType;
}

const MAX_LENGTH = 2000;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** RFC 3986 §3.1 scheme syntax, lowercase only: redirect URIs are compared as exact strings. */
const SCHEME = /^([a-z][a-z0-9+.-]*):/;
/** A host name as browsers send it (RFC 1123 labels, lowercase; international names as A-labels). */
const HOST_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

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
  if (scheme === 'https' || scheme === 'http') {
    const problem = hostProblem(writtenHost(uri, scheme), url.hostname);
    if (problem) return problem;
  }

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
  const forbidden = forbiddenSchemeReason(scheme);
  if (forbidden) return forbidden;
  if (!policy.allowPrivateUseSchemes) return `scheme "${scheme}" is not allowed (use https)`;
  if (policy.implicit) return 'must use https with the implicit grant';
  // OIDC Registration §2: only native clients receive redirects outside the web.
  if (policy.applicationType === 'web') return `scheme "${scheme}" is a private-use scheme, which only native clients use (register with application_type "native")`;
  // RFC 8252 §7.1: a private-use scheme is a reverse domain name the app controls; single-word
  // names are accepted only when configured (allowedSchemes).
  if (!scheme.includes('.') && !policy.allowedSchemes.includes(scheme)) {
    return `scheme "${scheme}" is not allowed (private-use schemes must be reverse domain names, like com.example.app, or listed in allowedSchemes)`;
  }
  return undefined;
}

/** True when `uri` starts with a scheme other than http and https (a private-use one, or worse). @internal */
export function isPrivateUseUri(uri: string): boolean {
  const scheme = SCHEME.exec(uri)?.[1];
  return scheme !== undefined && scheme !== 'http' && scheme !== 'https';
}

/** The host as written in `uri` (`scheme://host[:port]/…`), before any parsing normalises it. */
function writtenHost(uri: string, scheme: string): string {
  const authority = uri.slice(scheme.length + 3).split(/[/?#]/, 1)[0];
  return authority.startsWith('[') ? authority.slice(0, authority.indexOf(']') + 1) : authority.split(':', 1)[0];
}

/**
 * A redirect URI is compared as an exact string and shown on consent screens, so its host must be
 * written exactly as a browser will send it. Parsers rewrite `127.1`, `0x7f000001`, upper case and
 * Unicode names (`http://127.1/cb` is 127.0.0.1 to a browser, yet a host name under RFC 3986),
 * and accept characters no DNS name carries (`*`, `_`): all of these are refused.
 */
function hostProblem(written: string, parsed: string): string | undefined {
  if (written !== parsed) {
    return `host must be written as browsers send it ("${parsed}"): lowercase, international names as A-labels (xn--), IP addresses in dotted or bracketed form`;
  }
  if (written.startsWith('[') || IPV4.test(written)) return undefined;
  if (!HOST_NAME.test(written)) return 'host must be a DNS name (letters, digits and hyphens in dot-separated labels), an IPv4 address or a bracketed IPv6 address';
  return undefined;
}
