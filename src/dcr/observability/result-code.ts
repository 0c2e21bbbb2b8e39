import { HttpException } from '@nestjs/common';
import { DcrError, TemporarilyUnavailableError, TooManyRequestsError } from '../errors/dcr.error';

/**
 * The `result` label of a failed request: a short code from a bounded set, never a message. A
 * `DcrError` gives its OAuth error code (`invalid_client_metadata`, `invalid_token` …); a rate
 * limit `rate_limited`; an outage `unavailable`; another HTTP exception `http_<status>`; anything
 * else `error`.
 * @internal
 */
export function failureResult(error: unknown): string {
  if (error instanceof TooManyRequestsError) return 'rate_limited';
  if (error instanceof TemporarilyUnavailableError) return 'unavailable';
  if (error instanceof DcrError) return /^[a-z_]{1,40}$/.test(error.error) ? error.error : 'error';
  if (error instanceof HttpException) return `http_${error.getStatus()}`;
  return 'error';
}

const CLASS_NAME = /^[A-Za-z][A-Za-z0-9_$]{0,59}$/;

/**
 * The class of a database failure for `dcr_database_errors_total{class}`: the driver's error
 * class (`QueryFailedError`'s `driverError`, or the cause itself), capped; never its message.
 * @internal
 */
export function databaseErrorClass(cause: unknown): string {
  if (cause === null || typeof cause !== 'object') return 'unknown';
  const candidate = cause as { driverError?: object; name?: unknown; constructor?: { name?: string } };
  const source = (candidate.driverError && typeof candidate.driverError === 'object' ? candidate.driverError : candidate) as { name?: unknown; constructor?: { name?: string } };
  // The constructor's name first: drivers put other things in `name` (pg: the message type).
  const ownClass = source.constructor?.name;
  const name = ownClass && ownClass !== 'Error' && ownClass !== 'Object' ? ownClass : source.name;
  if (typeof name === 'string' && CLASS_NAME.test(name)) return name;
  return ownClass && CLASS_NAME.test(ownClass) ? ownClass : 'unknown';
}
