/** SQLite's `PRAGMA synchronous` levels. */
const FULL = 2;
const LEVEL_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

/** What this reads and sets of a better-sqlite3 `Database`. @internal */
export interface SqlitePragmas {
  pragma(source: string, options: { simple: true }): unknown;
}

/**
 * A 201 promises that the client is on disk. On SQLite that takes `synchronous = FULL` (or
 * `EXTRA`): with NORMAL, a commit in WAL mode is flushed only at the next checkpoint, and
 * better-sqlite3's build falls back to NORMAL for a WAL file unless the host set the level
 * explicitly. Raises the connection to FULL when it is below, and returns the level found so the
 * caller can tell the operator. An explicit setting sticks: SQLite no longer changes it.
 * @internal
 */
export function flushEveryCommit(db: SqlitePragmas): { before: string; raised: boolean } {
  const level = Number(db.pragma('synchronous', { simple: true }));
  const before = LEVEL_NAMES[level] ?? String(level);
  if (level >= FULL) return { before, raised: false };
  db.pragma('synchronous = FULL', { simple: true });
  return { before, raised: true };
}
