import { DcrError } from './dcr.error';

/**
 * The admin API was called without valid admin credentials (401 `invalid_token`, RFC 6750 §3.1),
 * with a `WWW-Authenticate: Bearer` challenge. The description never says which part was wrong
 * beyond "missing" or "not accepted".
 * @publicApi
 */
export class AdminUnauthorizedError extends DcrError {
  readonly status = 401;
  readonly error = 'invalid_token';

  constructor(description: string, presented: boolean) {
    super(description);
    // RFC 6750 §3.1: no error code in the challenge when the request carried no credentials.
    this.headers['WWW-Authenticate'] = presented
      ? `Bearer realm="dcr-admin", error="invalid_token", error_description="${description}"`
      : 'Bearer realm="dcr-admin"';
  }
}
