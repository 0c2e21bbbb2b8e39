import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flushEveryCommit, SqlitePragmas } from './sqlite-durability';

interface TestDatabase extends SqlitePragmas {
  exec(sql: string): void;
  close(): void;
}
// The package ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (file: string) => TestDatabase;

describe('flushEveryCommit', () => {
  let folder: string;
  let db: TestDatabase;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'dcr-sync-'));
    db = new Database(join(folder, 'dcr.sqlite'));
  });
  afterEach(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const level = () => db.pragma('synchronous', { simple: true });

  it('raises a WAL file left at its default (NORMAL) to FULL, and the level stays after reads and writes', () => {
    db.pragma('journal_mode = WAL', { simple: true });
    db.exec('CREATE TABLE t (x)');
    expect(level()).toBe(1);
    expect(flushEveryCommit(db)).toEqual({ before: 'NORMAL', raised: true });
    db.exec('INSERT INTO t VALUES (1)');
    db.pragma('user_version', { simple: true });
    expect(level()).toBe(2);
  });

  it('leaves FULL and EXTRA as they are', () => {
    db.pragma('synchronous = EXTRA', { simple: true });
    expect(flushEveryCommit(db)).toEqual({ before: 'EXTRA', raised: false });
    expect(level()).toBe(3);
  });
});
