import { DcrError } from './dcr.error';

/**
 * The path exists but does not serve this method (405). RFC 9110 §15.5.6 requires the `Allow`
 * header, which lists the methods it does serve.
 * @publicApi
 */
export class MethodNotAllowedError extends DcrError {
  readonly status = 405;
  readonly error = 'invalid_request';

  constructor(readonly allowed: readonly string[]) {
    super(`this path serves ${allowed.join(', ')} only`);
    this.headers.Allow = allowed.join(', ');
  }
}
