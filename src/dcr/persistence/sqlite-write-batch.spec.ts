import type { SqlStep } from './sql-script';
import type { SqlitePragmas } from './sqlite-durability';
import { SqliteDatabase, SqliteWriteBatch } from './sqlite-write-batch';

/** The better-sqlite3 API this test uses (the package ships no type declarations). */
interface TestDatabase extends SqliteDatabase {
  exec(sql: string): void;
  pragma(source: string): unknown;
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (file: string) => TestDatabase;

describe('SqliteWriteBatch', () => {
  let db: TestDatabase;
  let batch: SqliteWriteBatch;
  let unflushed: SqliteWriteBatch;
  let commits: number;
  /** How often the batch has asked whether a transaction is open (each flush, each poll). */
  let looks: number;
  const insert = (id: string): SqlStep => ({ sql: 'INSERT INTO item (id) VALUES (?)', params: [id] });
  const ids = () => (db.prepare('SELECT id FROM item ORDER BY id').all() as { id: string }[]).map((row) => row.id);

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE item (id TEXT PRIMARY KEY, flag INTEGER)');
    commits = 0;
    looks = 0;
    const transaction = db.transaction.bind(db);
    // Counts the outermost transactions, i.e. the COMMITs.
    const counted = Object.assign(Object.create(db), {
      transaction: (work: (...args: never[]) => unknown) => {
        const outermost = !db.inTransaction;
        const run = transaction(work);
        return () => {
          const value = run();
          if (outermost) commits++;
          return value;
        };
      },
    }) as SqliteDatabase & SqlitePragmas;
    Object.defineProperty(counted, 'inTransaction', {
      get: () => {
        looks++;
        return db.inTransaction;
      },
    });
    batch = new SqliteWriteBatch(counted);
    unflushed = new SqliteWriteBatch(counted, 'unflushed');
  });
  afterEach(() => db.close());

  it('commits the writes of one event-loop turn together, each settling with its own result', async () => {
    const results = await Promise.all(['a', 'b', 'c'].map((id) => batch.run((execute) => execute({ ...insert(id), sql: `${insert(id).sql} RETURNING id` }))));
    expect(results).toEqual([[{ id: 'a' }], [{ id: 'b' }], [{ id: 'c' }]]);
    expect(ids()).toEqual(['a', 'b', 'c']);
    expect(commits).toBe(1);
  });

  it('rolls back only the write that throws, with every statement it ran', async () => {
    const outcomes = await Promise.allSettled([
      batch.run((execute) => execute(insert('a'))),
      batch.run((execute) => {
        execute(insert('b'));
        throw new Error('quota full');
      }),
      batch.run((execute) => execute(insert('a'))), // duplicate key
      batch.run((execute) => execute(insert('c'))),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('quota full'));
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(ids()).toEqual(['a', 'c']);
  });

  it('binds booleans as 0 and 1', async () => {
    await batch.run((execute) => execute({ sql: 'INSERT INTO item (id, flag) VALUES (?, ?)', params: ['a', true] }));
    expect(db.prepare('SELECT flag FROM item').all()).toEqual([{ flag: 1 }]);
  });

  it('waits while another transaction is open on the connection instead of joining it', async () => {
    db.exec('BEGIN');
    db.exec("INSERT INTO item (id) VALUES ('other')");
    let settled = false;
    const write = batch.run((execute) => execute(insert('mine'))).then(() => (settled = true));
    // The batch has found the transaction open several times (its first flush, then its polls).
    while (looks < 5) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(settled).toBe(false);
    db.exec('ROLLBACK'); // the other transaction fails; the batched write must not go with it
    await write;
    expect(ids()).toEqual(['mine']);
  });

  it('rejects every write of the batch when the COMMIT fails, and stores none', async () => {
    db.exec('CREATE TABLE child (parent TEXT REFERENCES item (id) DEFERRABLE INITIALLY DEFERRED)');
    db.pragma('foreign_keys = ON');
    const outcomes = await Promise.allSettled([
      batch.run((execute) => execute(insert('a'))),
      // Checked only at COMMIT: fails the whole transaction.
      batch.run((execute) => execute({ sql: 'INSERT INTO child (parent) VALUES (?)', params: ['missing'] })),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    expect(ids()).toEqual([]);
    expect(db.inTransaction).toBe(false);
  });

  it('when SQLite rolls back the whole batch (an I/O error), answers every write with that error, runs none after it and skips the COMMIT', async () => {
    const ioError = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
    let ranAfter = false;
    const outcomes = await Promise.allSettled([
      batch.run((execute) => execute(insert('a'))),
      batch.run((execute) => {
        execute(insert('b'));
        // What SQLite does on an I/O error inside a transaction: the transaction is gone.
        execute({ sql: 'ROLLBACK', params: [] });
        throw ioError;
      }),
      batch.run((execute) => {
        ranAfter = true;
        return execute(insert('c'));
      }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const outcome of outcomes) expect((outcome as PromiseRejectedResult).reason).toBe(ioError);
    expect(ranAfter).toBe(false);
    expect(commits).toBe(0);
    expect(ids()).toEqual([]);
    expect(db.inTransaction).toBe(false);

    // The next batch starts afresh.
    await batch.run((execute) => execute(insert('d')));
    expect(ids()).toEqual(['d']);
  });

  it('starts a new batch for writes submitted after a flush', async () => {
    await batch.run((execute) => execute(insert('a')));
    await batch.run((execute) => execute(insert('b')));
    expect(ids()).toEqual(['a', 'b']);
    expect(commits).toBe(2);
  });

  describe('unflushed', () => {
    const level = () => Number((db as unknown as SqlitePragmas).pragma('synchronous', { simple: true }));
    beforeEach(() => db.pragma('synchronous = FULL'));

    it('commits the writes of one turn together at synchronous = NORMAL, and puts FULL back', async () => {
      const seen: number[] = [];
      await Promise.all(
        ['a', 'b', 'c'].map((id) =>
          unflushed.run((execute) => {
            seen.push(level());
            return execute(insert(id));
          }),
        ),
      );
      expect(seen).toEqual([1, 1, 1]);
      expect(commits).toBe(1);
      expect(level()).toBe(2);
      expect(ids()).toEqual(['a', 'b', 'c']);
    });

    it('puts the level back when the batch fails too', async () => {
      db.exec('CREATE TABLE child (parent TEXT REFERENCES item (id) DEFERRABLE INITIALLY DEFERRED)');
      db.pragma('foreign_keys = ON');
      await expect(unflushed.run((execute) => execute({ sql: 'INSERT INTO child (parent) VALUES (?)', params: ['missing'] }))).rejects.toMatchObject({
        code: 'SQLITE_CONSTRAINT_FOREIGNKEY',
      });
      expect(level()).toBe(2);
    });

    it('leaves a connection below FULL where it was', async () => {
      db.pragma('synchronous = OFF');
      await unflushed.run((execute) => execute(insert('a')));
      expect(level()).toBe(0);
    });
  });
});
