import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AttemptCounter, AuthenticationAttemptStore } from '../authentication/authentication-attempt.store';
import { DCR_ENTITY_MANAGER } from '../dcr.constants';
import { runStorageSql } from './portable-sql';
import { sqliteConnectionOf, SqliteDirect } from './sqlite-direct';
import { toStorageError } from './storage-errors';

const TABLE = 'tech_client_auth_failure';

/**
 * Counters in the host's database, on the module's DataSource. The increment is one
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING` statement, atomic on PostgreSQL and SQLite
 * (3.35+), so instances sharing the database never lose a count. Keys are written in sorted
 * order, so two statements over the same keys cannot deadlock on PostgreSQL.
 *
 * On SQLite the statements go to the connection directly (`SqliteDirect`): the read comes before
 * every client authentication, and the writes are not flushed on their own (a power failure may
 * forget the failures of its last moments; a crash of the process forgets nothing).
 * @publicApi
 */
@Injectable()
export class TypeOrmAuthenticationAttemptStore extends AuthenticationAttemptStore {
  private readonly sqlite = new SqliteDirect();

  constructor(@Inject(DCR_ENTITY_MANAGER) private readonly manager: EntityManager) {
    super();
  }

  async read(keys: readonly string[], now: number): Promise<AttemptCounter[]> {
    if (keys.length === 0) return [];
    const rows = await this.query(
      'read',
      `SELECT attempt_key, failures, expires_at FROM ${TABLE} WHERE attempt_key IN (${keys.map(() => '?').join(', ')}) AND expires_at > ?`,
      [...keys, now],
    );
    return rows.map(toCounter);
  }

  async recordFailure(keys: readonly string[], now: number, windowMs: number): Promise<AttemptCounter[]> {
    if (keys.length === 0) return [];
    const sorted = [...new Set(keys)].sort();
    // `?` placeholders bind in order, so a value used twice is passed twice.
    const rows = await this.query(
      'write',
      `INSERT INTO ${TABLE} (attempt_key, failures, expires_at) VALUES ${sorted.map(() => '(?, 1, ?)').join(', ')}
       ON CONFLICT (attempt_key) DO UPDATE SET
         failures = CASE WHEN ${TABLE}.expires_at <= ? THEN 1 ELSE ${TABLE}.failures + 1 END,
         expires_at = CASE WHEN ${TABLE}.expires_at <= ? THEN excluded.expires_at ELSE ${TABLE}.expires_at END
       RETURNING attempt_key, failures, expires_at`,
      [...sorted.flatMap((key) => [key, now + windowMs]), now, now],
    );
    return rows.map(toCounter);
  }

  async reset(key: string): Promise<void> {
    await this.query('write', `DELETE FROM ${TABLE} WHERE attempt_key = ?`, [key]);
  }

  async purgeExpired(now: number): Promise<void> {
    await this.query('write', `DELETE FROM ${TABLE} WHERE expires_at <= ?`, [now]);
  }

  private async query(kind: 'read' | 'write', sql: string, parameters: unknown[]): Promise<Record<string, unknown>[]> {
    const db = sqliteConnectionOf(this.manager);
    if (!db) return runStorageSql(this.manager, sql, parameters);
    try {
      return kind === 'read' ? this.sqlite.read(db, sql, parameters) : await this.sqlite.writeUnflushed(db, sql, parameters);
    } catch (error) {
      throw toStorageError(error);
    }
  }
}

function toCounter(row: Record<string, unknown>): AttemptCounter {
  return { key: String(row.attempt_key), failures: Number(row.failures), expiresAt: Number(row.expires_at) };
}
