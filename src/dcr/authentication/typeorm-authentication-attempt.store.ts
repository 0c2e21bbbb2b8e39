import { Inject, Injectable } from '@nestjs/common';
import type { Repository } from 'typeorm';
import { sqlDialect } from '../persistence/sql-dialect';
import { toStorageError } from '../persistence/storage-errors';
import type { TechClientEntity } from '../persistence/tech-client.entity';
import { TECH_CLIENT_REPOSITORY } from '../persistence/typeorm-tech-client.store';
import { AttemptCounter, AuthenticationAttemptStore } from './authentication-attempt.store';

const TABLE = 'tech_client_auth_failure';

/**
 * Counters in the host's database, on the module's DataSource. The increment is one
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING` statement, atomic on PostgreSQL and SQLite, so
 * instances sharing the database never lose a count. Keys are written in sorted order, so two
 * statements over the same keys cannot deadlock on PostgreSQL.
 * @publicApi
 */
@Injectable()
export class TypeOrmAuthenticationAttemptStore extends AuthenticationAttemptStore {
  // Any repository of the DataSource gives its EntityManager; tech_client's is already provided.
  constructor(@Inject(TECH_CLIENT_REPOSITORY) private readonly clients: Repository<TechClientEntity>) {
    super();
  }

  async read(keys: readonly string[], now: number): Promise<AttemptCounter[]> {
    if (keys.length === 0) return [];
    const { param } = sqlDialect(this.clients.manager);
    const list = keys.map((_, index) => param(index + 1)).join(', ');
    const rows = await this.query(
      `SELECT attempt_key, failures, expires_at FROM ${TABLE} WHERE attempt_key IN (${list}) AND expires_at > ${param(keys.length + 1)}`,
      [...keys, now],
    );
    return rows.map(toCounter);
  }

  async recordFailure(keys: readonly string[], now: number, windowMs: number): Promise<AttemptCounter[]> {
    if (keys.length === 0) return [];
    const { param } = sqlDialect(this.clients.manager);
    const sorted = [...new Set(keys)].sort();
    const values = sorted.map((_, index) => `(${param(index + 1)}, 1, ${param(sorted.length + 1)})`).join(', ');
    const nowParam = param(sorted.length + 2);
    // A counter whose window has ended starts again; otherwise it counts up in its window.
    const rows = await this.query(
      `INSERT INTO ${TABLE} (attempt_key, failures, expires_at) VALUES ${values}
       ON CONFLICT (attempt_key) DO UPDATE SET
         failures = CASE WHEN ${TABLE}.expires_at <= ${nowParam} THEN 1 ELSE ${TABLE}.failures + 1 END,
         expires_at = CASE WHEN ${TABLE}.expires_at <= ${nowParam} THEN excluded.expires_at ELSE ${TABLE}.expires_at END
       RETURNING attempt_key, failures, expires_at`,
      [...sorted, now + windowMs, now],
    );
    return rows.map(toCounter);
  }

  async reset(key: string): Promise<void> {
    const { param } = sqlDialect(this.clients.manager);
    await this.query(`DELETE FROM ${TABLE} WHERE attempt_key = ${param(1)}`, [key]);
  }

  async purgeExpired(now: number): Promise<void> {
    const { param } = sqlDialect(this.clients.manager);
    await this.query(`DELETE FROM ${TABLE} WHERE expires_at <= ${param(1)}`, [now]);
  }

  private async query(sql: string, parameters: unknown[]): Promise<Record<string, unknown>[]> {
    try {
      const result: unknown = await this.clients.manager.query(sql, parameters);
      return Array.isArray(result) ? (result as Record<string, unknown>[]) : [];
    } catch (error) {
      throw toStorageError(error);
    }
  }
}

function toCounter(row: Record<string, unknown>): AttemptCounter {
  return { key: String(row.attempt_key), failures: Number(row.failures), expiresAt: Number(row.expires_at) };
}
