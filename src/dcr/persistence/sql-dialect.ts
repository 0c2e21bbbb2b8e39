import type { EntityManager } from 'typeorm';

/** The SQL the module writes by hand: PostgreSQL or SQLite. @internal */
export interface SqlDialect {
  kind: 'postgres' | 'sqlite';
  /** The placeholder of the `index`-th parameter (1-based): `$1` or `?`. */
  param(index: number): string;
}

const SQLITE_DRIVERS = ['better-sqlite3', 'sqlite', 'sqljs'];

/**
 * The dialect of `manager`'s DataSource. Both supported databases have
 * `INSERT … ON CONFLICT … DO UPDATE … RETURNING` (PostgreSQL 9.5, SQLite 3.35), which the
 * counters need to be atomic without a transaction.
 * @internal
 */
export function sqlDialect(manager: EntityManager): SqlDialect {
  const type = manager.connection.options.type;
  if (type === 'postgres') return { kind: 'postgres', param: (index) => `$${index}` };
  if (SQLITE_DRIVERS.includes(type)) return { kind: 'sqlite', param: () => '?' };
  throw new Error(
    `nestjs-dcr: hand-written SQL supports PostgreSQL and SQLite, not "${type}"; provide your own AuthenticationAttemptStore and TechClientStore`,
  );
}
