import { DcrError } from './dcr.error';

/**
 * A malformed request to the admin API (RFC 6749 §5.2 `invalid_request`): a bad query parameter,
 * body, cursor or id. 400, or 413 / 415 for a body that is too large or not JSON.
 * @publicApi
 */
export class InvalidRequestError extends DcrError {
  readonly error = 'invalid_request';

  constructor(description: string, readonly status: 400 | 413 | 415 = 400) {
    super(description);
  }
}
