import { DcrError } from './dcr.error';

/**
 * RFC 6749 §5.2 `invalid_client` (401): client authentication failed. One description for every
 * cause (unknown, locked, deleted, expired, wrong secret, wrong method), so the answer tells an
 * attacker nothing about the client. RFC 6749 §5.2 requires the `WWW-Authenticate` challenge of
 * the scheme the client used; only `Basic` is offered (RFC 7617 §2.1 `charset`: credentials are
 * read as UTF-8).
 * @publicApi
 */
export class InvalidClientError extends DcrError {
  readonly status = 401;
  readonly error = 'invalid_client';

  constructor(realm: string, description = 'client authentication failed') {
    super(description);
    this.headers['WWW-Authenticate'] = `Basic realm="${realm}", charset="UTF-8"`;
  }
}

/**
 * 429: too many failed authentication attempts for this client (from this address, or from all).
 * Answered before the credentials are looked at, so a right guess is not confirmed either.
 * `Retry-After` (RFC 9110 §10.2.3) says when the window ends.
 * @publicApi
 */
export class ClientAuthenticationThrottledError extends DcrError {
  readonly status = 429;
  readonly error = 'invalid_client';

  constructor(readonly retryAfterSeconds: number) {
    super('too many failed client authentication attempts; try again later');
    this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}

/**
 * RFC 6749 §5.2 `invalid_request` for a token request body of the wrong media type (415) or size
 * (413). Other malformed requests are `InvalidRequestError` (400).
 * @publicApi
 */
export class TokenRequestBodyError extends DcrError {
  readonly error = 'invalid_request';

  constructor(description: string, readonly status: 413 | 415) {
    super(description);
  }
}

/** RFC 6749 §5.2 `unauthorized_client`: the client is not registered for this grant type. @publicApi */
export class UnauthorizedClientError extends DcrError {
  readonly status = 400;
  readonly error = 'unauthorized_client';
}

/** RFC 6749 §5.2 `unsupported_grant_type`: the server does not offer this grant type. @publicApi */
export class UnsupportedGrantTypeError extends DcrError {
  readonly status = 400;
  readonly error = 'unsupported_grant_type';
}

/** RFC 6749 §5.2 `invalid_scope`: a requested scope is malformed or not registered. @publicApi */
export class InvalidScopeError extends DcrError {
  readonly status = 400;
  readonly error = 'invalid_scope';
}
