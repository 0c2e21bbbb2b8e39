import { StorageUnavailableError } from '../errors/dcr.error';

/** SQLSTATE classes that mean the statement itself was wrong, not that the database was away. */
const PG_STATEMENT_ERRORS = /^(22|23|42)/;

/** True for a duplicate primary or unique key on PostgreSQL or SQLite. @internal */
export function isUniqueViolation(error: unknown): boolean {
  const { code } = driverError(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Turns a database failure into `StorageUnavailableError` (503) unless it is a fault of the
 * statement (constraint, data or syntax error), which stays a bug to be seen as a 500. The
 * driver's error is kept as `cause`, for the log line of the 503 (see `UnavailableCauseLog`).
 * @internal
 */
export function toStorageError(error: unknown): unknown {
  const { code } = driverError(error);
  if (typeof code === 'string' && (PG_STATEMENT_ERRORS.test(code) || code === 'SQLITE_ERROR' || code.startsWith('SQLITE_CONSTRAINT'))) {
    return error;
  }
  return new StorageUnavailableError(undefined, error);
}

function driverError(error: unknown): { code?: unknown } {
  const candidate = error as { driverError?: { code?: unknown }; code?: unknown } | undefined;
  return candidate?.driverError ?? candidate ?? {};
}
