import type { EntityManager } from 'typeorm';
import type { SqlRow } from './sql-script';
import type { SqlitePragmas } from './sqlite-durability';
import { SqliteDatabase, SqliteStatement, SqliteWriteBatch } from './sqlite-write-batch';

/** Prepared statements kept; the callers use a handful of distinct texts. */
const MAX_CACHED_STATEMENTS = 32;

/** The better-sqlite3 connection under a TypeORM EntityManager, if that is its driver. @internal */
export function sqliteConnectionOf(manager: EntityManager): (SqliteDatabase & SqlitePragmas) | undefined {
  const connection = manager.connection;
  if (connection.options.type !== 'better-sqlite3') return undefined;
  return (connection.driver as unknown as { databaseConnection: SqliteDatabase & SqlitePragmas }).databaseConnection;
}

/** One batch of unflushed writes per connection, shared by every store on it. */
const unflushedBatches = new WeakMap<SqliteDatabase, SqliteWriteBatch>();

function unflushedBatchOf(db: SqliteDatabase & SqlitePragmas): SqliteWriteBatch {
  let batch = unflushedBatches.get(db);
  if (!batch) unflushedBatches.set(db, (batch = new SqliteWriteBatch(db, 'unflushed')));
  return batch;
}

/**
 * Statements sent to better-sqlite3 directly, prepared once: no hop through TypeORM's query
 * runner (a promise chain and a statement lookup per query), for the statements of the hot paths.
 *
 * `read`: a SELECT, at once, on the connection TypeORM shares (as TypeORM's own reads run).
 *
 * `writeUnflushed`: bookkeeping whose loss at a power failure costs nothing that matters (a
 * rate-limit hit, a throttle counter, a dispatcher's claim). The bookkeeping writes of one turn of
 * the event loop, of every caller on the connection, commit together in one transaction at
 * `synchronous = NORMAL` (a `SqliteWriteBatch`, each write in a savepoint of its own): in WAL mode
 * the commit is in the WAL file at once (a crash of the process loses nothing, the next process
 * reads it), and reaches the disk with the next flushed commit (a registration's) or checkpoint;
 * only a power failure before that loses it. The level is put back at once: the transaction runs
 * synchronously, so nothing else commits at NORMAL. It runs only while no transaction is open on
 * the shared connection: a bookkeeping write must not become part of a request's transaction.
 *
 * Without this, each such write was a flush of its own, serialized behind every other: one
 * rate-limit hit per registration doubled the flushes of a registration, and the group commit of
 * the registrations themselves could not help.
 * @internal
 */
export class SqliteDirect {
  private db?: SqliteDatabase & SqlitePragmas;
  private statements = new Map<string, SqliteStatement>();

  /** The rows of a SELECT (with `?` placeholders). */
  read(db: SqliteDatabase & SqlitePragmas, sql: string, params: unknown[]): SqlRow[] {
    return this.prepared(db, sql).all(...params) as SqlRow[];
  }

  /** Runs `sql` (with `?` placeholders) in the connection's next unflushed commit; the rows it returns, if any. */
  writeUnflushed(db: SqliteDatabase & SqlitePragmas, sql: string, params: unknown[]): Promise<SqlRow[]> {
    return unflushedBatchOf(db).run((execute) => execute({ sql, params }));
  }

  /** Statements are prepared again when the host has opened its DataSource again. */
  private prepared(db: SqliteDatabase & SqlitePragmas, sql: string): SqliteStatement {
    if (db !== this.db) {
      this.db = db;
      this.statements = new Map();
    }
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      statement = db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
