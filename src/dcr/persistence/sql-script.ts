import type { EntityManager } from 'typeorm';
import { runSql } from './portable-sql';

/** A row as the driver returns it. @internal */
export type SqlRow = Record<string, unknown>;

/** One statement, written with `?` placeholders. @internal */
export interface SqlStep {
  sql: string;
  params: unknown[];
}

/**
 * A write as a sequence of statements: each `yield` runs one and receives its rows (for
 * `RETURNING`). One definition of a write then runs on TypeORM (awaiting each statement) and,
 * unchanged, synchronously inside an SQLite group commit (`SqliteWriteBatch`).
 * @internal
 */
export type SqlScript<T = void> = Generator<SqlStep, T, SqlRow[]>;

/** Runs `script` statement by statement on `manager` (inside the caller's transaction, if any). @internal */
export async function runScript<T>(manager: EntityManager, script: SqlScript<T>): Promise<T> {
  let next = script.next();
  while (!next.done) next = script.next(await runSql(manager, next.value.sql, next.value.params));
  return next.value;
}

/** Runs `script` with a synchronous executor. @internal */
export function runScriptSync<T>(execute: (step: SqlStep) => SqlRow[], script: SqlScript<T>): T {
  let next = script.next();
  while (!next.done) next = script.next(execute(next.value));
  return next.value;
}
