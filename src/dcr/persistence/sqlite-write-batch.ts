import type { SqlRow, SqlStep } from './sql-script';
import type { SqlitePragmas } from './sqlite-durability';

/** What this uses of a better-sqlite3 `Database` (the TypeORM driver's `databaseConnection`). @internal */
export interface SqliteDatabase {
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  transaction<F extends (...args: never[]) => unknown>(work: F): F;
}

/** @internal */
export interface SqliteStatement {
  readonly reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
}

/** Prepared statements kept; the writes here use a handful of distinct texts. */
const MAX_CACHED_STATEMENTS = 64;

/** How often a batch looks again whether another transaction on the connection has ended. */
const TRANSACTION_POLL_MS = 1;

/** SQLite `synchronous` level NORMAL: a commit in WAL mode is written, and flushed at the next flushed commit or checkpoint. */
const NORMAL = 1;

/**
 * `flushed`: the COMMIT is flushed as the connection's level says (FULL: on disk before it returns).
 * `unflushed`: the COMMIT runs at `synchronous = NORMAL` (see `SqliteDirect.writeUnflushed`).
 * @internal
 */
export type SqliteBatchDurability = 'flushed' | 'unflushed';

/** Thrown out of a batch whose transaction SQLite rolled back; `cause` is the error that did it. */
class BatchRolledBack {
  constructor(readonly cause: unknown) {}
}

interface Pending {
  write: (execute: (step: SqlStep) => SqlRow[]) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit on SQLite. Writes submitted during one turn of the event loop run in one
 * transaction, each in a savepoint of its own (a write that throws is rolled back alone, and its
 * caller gets the error), and reach the disk with one COMMIT: with `synchronous=FULL` the flush
 * costs about 0.2 ms and blocks the process, once per batch instead of once per write. A write
 * settles only after the COMMIT, so its caller still answers only for what is on disk.
 *
 * Each write runs synchronously, so no statement of another request can run inside it on the
 * connection TypeORM shares. While a TypeORM transaction is open on that connection, the batch
 * waits for it to end instead of becoming part of it. The statements go to better-sqlite3
 * directly, so TypeORM's query logging and subscribers do not see them.
 * @internal
 */
export class SqliteWriteBatch {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(
    private readonly db: SqliteDatabase & SqlitePragmas,
    private readonly durability: SqliteBatchDurability = 'flushed',
  ) {}

  /** Runs `write` in the next batch; settles after the batch's COMMIT. */
  run<T>(write: (execute: (step: SqlStep) => SqlRow[]) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(delayMs?: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const flush = () => {
      this.scheduled = false;
      this.flush();
    };
    if (delayMs === undefined) setImmediate(flush);
    else setTimeout(flush, delayMs);
  }

  private flush(): void {
    if (this.queue.length === 0) return;
    // Polled with a timer, not every loop turn: that transaction may be waiting on I/O.
    if (this.db.inTransaction) return this.schedule(TRANSACTION_POLL_MS);
    const batch = this.queue;
    this.queue = [];
    const outcomes: ({ value: unknown } | { error: unknown })[] = [];
    const execute = (step: SqlStep) => this.execute(step);
    try {
      this.commit(() => {
        for (const pending of batch) {
          try {
            // Nested: a SAVEPOINT, released on return and rolled back on throw.
            outcomes.push({ value: this.db.transaction(() => pending.write(execute))() });
          } catch (error) {
            // Some failures (an I/O error, a full disk) make SQLite roll back the whole
            // transaction, not just the savepoint: the writes before are gone too, and the ones
            // after would each run in a transaction of their own. Stop here and skip the COMMIT.
            if (!this.db.inTransaction) throw new BatchRolledBack(error);
            outcomes.push({ error });
          }
        }
      });
    } catch (error) {
      // The batch was rolled back, or its COMMIT failed: nothing of it is stored, and every
      // write gets the error that ended it.
      const cause = error instanceof BatchRolledBack ? error.cause : error;
      for (const pending of batch) pending.reject(cause);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index];
      if ('error' in outcome) pending.reject(outcome.error);
      else pending.resolve(outcome.value);
    });
  }

  /** Runs `work` in one transaction; an unflushed batch commits at NORMAL, and the level is put back at once. */
  private commit(work: () => void): void {
    if (this.durability === 'flushed') return this.db.transaction(work)();
    const level = Number(this.db.pragma('synchronous', { simple: true }));
    if (level > NORMAL) this.db.pragma(`synchronous = ${NORMAL}`, { simple: true });
    try {
      this.db.transaction(work)();
    } finally {
      // All of it synchronous: nothing else on the connection commits while the level is NORMAL.
      if (level > NORMAL) this.db.pragma(`synchronous = ${level}`, { simple: true });
    }
  }

  private execute({ sql, params }: SqlStep): SqlRow[] {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      this.statements.set(sql, statement);
    }
    // better-sqlite3 binds no booleans.
    const values = params.map((value) => (typeof value === 'boolean' ? Number(value) : value));
    if (statement.reader) return statement.all(...values) as SqlRow[];
    statement.run(...values);
    return [];
  }
}
