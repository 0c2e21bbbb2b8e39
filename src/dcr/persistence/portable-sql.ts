import type { EntityManager } from 'typeorm';
import { toStorageError } from './storage-errors';

/**
 * Runs SQL written with `?` placeholders on either database (PostgreSQL wants `$1, $2, …`).
 * For the few statements the query builder cannot express portably (upsert, `RETURNING`, which
 * both databases support and which tells reliably whether a row was touched).
 * @internal
 */
export async function runSql<T = Record<string, unknown>>(manager: EntityManager, text: string, parameters: unknown[]): Promise<T[]> {
  if (manager.connection.options.type !== 'postgres') return manager.query(text, parameters);
  let index = 0;
  const result = await manager.query(text.replace(/\?/g, () => `$${++index}`), parameters);
  // TypeORM answers an UPDATE or DELETE on PostgreSQL with [rows, rowCount].
  return isRowsAndCount(result) ? (result[0] as T[]) : result;
}

function isRowsAndCount(result: unknown): result is [unknown[], number] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
}

/** `runSql`, with a database failure turned into the module's storage error (503 with Retry-After). @internal */
export async function runStorageSql<T = Record<string, unknown>>(manager: EntityManager, text: string, parameters: unknown[]): Promise<T[]> {
  try {
    return await runSql<T>(manager, text, parameters);
  } catch (error) {
    throw toStorageError(error);
  }
}
