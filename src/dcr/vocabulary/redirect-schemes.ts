/**
 * Redirect URI schemes no configuration can allow: they run code or read local data in the
 * browser (`javascript`, `data`, `vbscript`, `blob`, `file`, `about`, `filesystem`, `view-source`),
 * or look like the web schemes on a consent screen (`http`-anything, `ws`, `wss`).
 * @internal
 */
export const FORBIDDEN_REDIRECT_SCHEMES: readonly string[] = [
  'javascript', 'data', 'vbscript', 'blob', 'file', 'about', 'filesystem', 'view-source', 'ws', 'wss',
];

/** RFC 3986 §3.1 scheme syntax, lowercase only: redirect URIs are compared as exact strings. @internal */
export const SCHEME_NAME = /^[a-z][a-z0-9+.-]*$/;

/**
 * Why `scheme` can never be a private-use redirect scheme, or undefined when it may be one.
 * `http` and `https` themselves are not private-use schemes; names that start with `http`
 * (`https2`, `http-app`) are refused because people read them as the web schemes.
 * @internal
 */
export function forbiddenSchemeReason(scheme: string): string | undefined {
  if (FORBIDDEN_REDIRECT_SCHEMES.includes(scheme)) return `scheme "${scheme}" is never allowed`;
  if (scheme.startsWith('http')) return `scheme "${scheme}" is never allowed (it reads like http or https)`;
  return undefined;
}
