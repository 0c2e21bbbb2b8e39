import type { EntityManager } from 'typeorm';

/**
 * Runs SQL written with `?` placeholders on either database (PostgreSQL wants `$1, $2, …`).
 * For the few statements the query builder cannot express portably (upsert, `RETURNING`, which
 * both databases support and which tells reliably whether a row was touched).
 * @internal
 */
export function runSql<T = Record<string, unknown>>(manager: EntityManager, text: string, parameters: unknown[]): Promise<T[]> {
  let index = 0;
  const portable = manager.connection.options.type === 'postgres' ? text.replace(/\?/g, () => `$${++index}`) : text;
  return manager.query(portable, parameters);
}
