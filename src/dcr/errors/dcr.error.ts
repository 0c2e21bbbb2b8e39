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

/** The database cannot be reached; nothing was written (503). @publicApi */
export class StorageUnavailableError extends DcrError {
  readonly status = 503;
  readonly error = 'temporarily_unavailable';
  constructor(description = 'The client registry is temporarily unavailable; nothing was stored. Try again later.') {
    super(description);
    this.headers['Retry-After'] = '5';
  }
}
