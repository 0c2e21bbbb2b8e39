import { DcrError } from './dcr.error';

/** `If-Match` named another version than the stored one (412 `precondition_failed`, RFC 9110 §13.1.1). @publicApi */
export class PreconditionFailedError extends DcrError {
  readonly status = 412;
  readonly error = 'precondition_failed';
}
