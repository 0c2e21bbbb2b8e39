import { DcrError } from './dcr.error';

/**
 * The technical client changed between read and write (409 `conflict`): the change was not
 * applied. Read the client again and retry. Optimistic concurrency never drops an update silently.
 * @publicApi
 */
export class ConflictError extends DcrError {
  readonly status = 409;
  readonly error = 'conflict';
}
