import { DcrError } from './dcr.error';

/**
 * The connection closed or failed (ECONNRESET, a request timeout) before the request body was
 * read to its end: no one is left to read an answer. Anyone can cause it at will, so it is
 * logged at debug level, never as an unexpected error with a stack.
 * @internal
 */
export class ClientDisconnectedError extends DcrError {
  readonly status = 400;
  readonly error = 'invalid_request';

  constructor(readonly reason: string) {
    super(`the connection closed before the request body was read (${reason})`);
  }
}
