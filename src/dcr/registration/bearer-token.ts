import type { DcrHttpRequest } from '../http/http-request';
import { InvalidRequestError, InvalidTokenError } from '../errors/dcr.error';

// RFC 6750 §2.1 b64token, bounded: our tokens are 43 characters.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]{1,512}=*)$/i;

/**
 * The bearer token of the `Authorization` header (RFC 6750 §2.1), the only place it is accepted:
 * tokens in URLs end up in logs and browser history (RFC 6750 §2.3 discourages them).
 * @internal
 */
export function bearerToken(request: DcrHttpRequest): string {
  if (hasQueryToken(request)) {
    throw new InvalidRequestError('access tokens are accepted only in the Authorization header');
  }
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header.trim()) : null;
  if (!match) throw new InvalidTokenError();
  return match[1];
}

/** The bearer token, or undefined when the request carries no `Authorization` header. @internal */
export function optionalBearerToken(request: DcrHttpRequest): string | undefined {
  return request.headers.authorization === undefined && !hasQueryToken(request) ? undefined : bearerToken(request);
}

function hasQueryToken(request: DcrHttpRequest): boolean {
  return typeof request.query === 'object' && request.query !== null && Object.prototype.hasOwnProperty.call(request.query, 'access_token');
}
