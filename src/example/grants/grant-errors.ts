import { DcrError } from '../../dcr';

/** RFC 6749 §5.2 `invalid_grant`: the code or refresh token is invalid, expired, spent, or not this client's. */
export class InvalidGrantError extends DcrError {
  readonly status = 400;
  readonly error = 'invalid_grant';
}

/** RFC 8707 §2 `invalid_target`: the resource is not the one the grant was for. */
export class InvalidTargetError extends DcrError {
  readonly status = 400;
  readonly error = 'invalid_target';
}
