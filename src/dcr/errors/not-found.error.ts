import { DcrError } from './dcr.error';

/** The technical client (or admin route) does not exist (404 `not_found`). @publicApi */
export class NotFoundError extends DcrError {
  readonly status = 404;
  readonly error = 'not_found';
}
