import { DcrError } from './dcr.error';

/** The host's admin guard refused the request (403 `access_denied`). @publicApi */
export class AdminForbiddenError extends DcrError {
  readonly status = 403;
  readonly error = 'access_denied';
}
