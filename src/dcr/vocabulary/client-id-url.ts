import { CLIENT_ID_MAX_LENGTH } from './client-vocabulary';

/**
 * True when `clientId` is meant as the URL of a client ID metadata document (it starts with a URL
 * scheme this module would fetch): such an id is never issued by registration, and is resolved
 * only by `ClientMetadataDocumentResolver`.
 * @internal
 */
export function isUrlClientId(clientId: string): boolean {
  return /^https?:\/\//i.test(clientId);
}

/**
 * Why `clientId` cannot name a client ID metadata document, or undefined when it can
 * (draft-ietf-oauth-client-id-metadata-document §3): an https URL with a path, no user
 * information, no fragment, no `.` or `..` segment, written in the canonical form a URL parser
 * gives back (the id is compared as a plain string, so `HTTPS://Example.com` or a default port
 * would be a second name for the same document). At most `CLIENT_ID_MAX_LENGTH` characters, the
 * length of a stored client id. Checked before any connection is made.
 * @internal
 */
export function clientIdUrlProblem(clientId: string): string | undefined {
  if (clientId.length > CLIENT_ID_MAX_LENGTH) return `must be at most ${CLIENT_ID_MAX_LENGTH} characters`;
  if (!clientId.startsWith('https://')) return 'must be an https URL';
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    return 'is not a valid URL';
  }
  if (url.username || url.password || /^https:\/\/[^/?#]*@/.test(clientId)) return 'must not contain user information';
  if (clientId.includes('#')) return 'must not contain a fragment';
  const written = clientId.slice('https://'.length).replace(/^[^/?]*/, '').split('?')[0];
  if (written.split('/').some((segment) => segment === '.' || segment === '..' || /^%2e(%2e)?$|^\.%2e$|^%2e\.$/i.test(segment))) {
    return 'must not contain "." or ".." path segments';
  }
  if (url.pathname === '/' || url.pathname === '') return 'must have a path';
  if (url.href !== clientId) return `must be written in canonical form ("${url.href.slice(0, 200)}")`;
  return undefined;
}
