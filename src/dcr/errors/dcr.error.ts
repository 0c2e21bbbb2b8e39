/**
 * An error with an OAuth error code (RFC 6749 §5.2, RFC 7591 §3.2.2, RFC 7592, RFC 6750 §3.1).
 * Only `DcrExceptionFilter` turns it into an HTTP answer.
 * @publicApi
 */
export abstract class DcrError extends Error {
  abstract readonly status: number;
  abstract readonly error: string;
  /** Extra response headers (`WWW-Authenticate`, `Retry-After`). */
  readonly headers: Record<string, string> = {};

  constructor(readonly description: string) {
    super(description);
    this.name = new.target.name;
  }
}

/** RFC 7591 §3.2.2: a metadata value is invalid. @publicApi */
export class InvalidClientMetadataError extends DcrError {
  readonly status = 400;
  readonly error = 'invalid_client_metadata';
}

/** RFC 7591 §3.2.2: a redirect URI is invalid. @publicApi */
export class InvalidRedirectUriError extends DcrError {
  readonly status = 400;
  readonly error = 'invalid_redirect_uri';
}

/** The request body is not JSON (415) — reported with the RFC 7591 metadata error code. @publicApi */
export class UnsupportedMediaTypeError extends DcrError {
  readonly status = 415;
  readonly error = 'invalid_client_metadata';
}

/** The request body is larger than the limit (413). @publicApi */
export class PayloadTooLargeError extends DcrError {
  readonly status = 413;
  readonly error = 'invalid_client_metadata';
}

/**
 * A dependency (database, a trusted issuer's keys) cannot be reached; nothing was written (503).
 * `cause` is the underlying failure: never answered, logged by `DcrExceptionFilter` (its class
 * and first line, at most once per 30 s per cause class).
 * @publicApi
 */
export class TemporarilyUnavailableError extends DcrError {
  readonly status = 503;
  readonly error = 'temporarily_unavailable';
  constructor(description: string, cause?: unknown) {
    super(description);
    if (cause !== undefined) this.cause = cause;
    this.headers['Retry-After'] = '5';
  }
}

/** The database cannot be reached; nothing was written (503). `cause`: the driver's error. @publicApi */
export class StorageUnavailableError extends TemporarilyUnavailableError {
  constructor(description = 'The client registry is temporarily unavailable; nothing was stored. Try again later.', cause?: unknown) {
    super(description, cause);
  }
}

/** RFC 6750 §3.1: missing, malformed, unknown or foreign bearer token — one answer for all (401). @publicApi */
export class InvalidTokenError extends DcrError {
  readonly status = 401;
  readonly error = 'invalid_token';
  constructor(description = 'the access token is missing, invalid or does not grant access to this client') {
    super(description);
    this.headers['WWW-Authenticate'] = `Bearer error="invalid_token"`;
  }
}

/**
 * RFC 6749 §5.2 `invalid_request`: a malformed request outside the client metadata (a bad query
 * parameter, body, cursor or id). 400, or 413 / 415 for a body that is too large or not JSON.
 * @publicApi
 */
export class InvalidRequestError extends DcrError {
  readonly error = 'invalid_request';

  constructor(description: string, readonly status: 400 | 413 | 415 = 400) {
    super(description);
  }
}

/** RFC 7592 §2: the client may not change its registration (403); e.g. locked by an administrator. @publicApi */
export class AccessDeniedError extends DcrError {
  readonly status = 403;
  readonly error = 'access_denied';
}

/** RFC 7591 §3.2.2: the software statement is malformed, badly signed for its claims, or expired. @publicApi */
export class InvalidSoftwareStatementError extends DcrError {
  readonly status = 400;
  readonly error = 'invalid_software_statement';
}

/** RFC 7591 §3.2.2: the software statement is not from a trusted issuer or key. @publicApi */
export class UnapprovedSoftwareStatementError extends DcrError {
  readonly status = 400;
  readonly error = 'unapproved_software_statement';
}

/** A rate limit is exhausted (429); `Retry-After` says when the window ends. @publicApi */
export class TooManyRequestsError extends DcrError {
  readonly status = 429;
  readonly error = 'temporarily_unavailable';
  constructor(description: string, retryAfterSeconds: number) {
    super(description);
    this.headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}
