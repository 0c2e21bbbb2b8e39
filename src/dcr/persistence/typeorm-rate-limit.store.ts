import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DCR_ENTITY_MANAGER } from '../dcr.constants';
import { RateLimitStore } from '../rate-limit/rate-limit.store';
import { runSql } from './portable-sql';
import type { SqlRow } from './sql-script';
import { sqliteConnectionOf, SqliteDirect } from './sqlite-direct';
import { toStorageError } from './storage-errors';

const HIT =
  'INSERT INTO dcr_rate_limit (bucket, hits, expires_at) VALUES (?, 1, ?) ON CONFLICT (bucket) DO UPDATE SET hits = dcr_rate_limit.hits + 1 RETURNING hits';
const PURGE = 'DELETE FROM dcr_rate_limit WHERE expires_at < ?';
/**
 * HIT on PostgreSQL as one statement that is its own transaction: `set_config(…, true)` holds for
 * that transaction only, so its commit is not waited for on disk. One round trip, where BEGIN,
 * SET LOCAL, the upsert and COMMIT took four.
 */
const HIT_POSTGRES =
  "INSERT INTO dcr_rate_limit (bucket, hits, expires_at) SELECT CAST(? AS varchar), 1, CAST(? AS bigint) FROM (SELECT set_config('synchronous_commit', 'off', true)) AS unflushed " +
  'ON CONFLICT (bucket) DO UPDATE SET hits = dcr_rate_limit.hits + 1 RETURNING hits';

/**
 * Buckets in the `dcr_rate_limit` table, shared by every instance; one atomic upsert per hit.
 *
 * A hit is not flushed on its own: on SQLite it commits without a flush (`SqliteDirect.writeUnflushed`),
 * on PostgreSQL with `synchronous_commit = off` for its own transaction (one statement). A crash of the process or of
 * the database server loses nothing; a power failure may lose the hits of its last moments, which
 * at worst lets that many more requests in after it. What a request then writes for real (a
 * client) is flushed before it is answered, as ever. Flushing every hit cost a registration a
 * second flush, taken one after the other whatever the concurrency.
 * @publicApi
 */
@Injectable()
export class TypeOrmRateLimitStore extends RateLimitStore {
  private readonly sqlite = new SqliteDirect();

  constructor(@Inject(DCR_ENTITY_MANAGER) private readonly manager: EntityManager) {
    super();
  }

  async hit(bucket: string, expiresAt: number): Promise<number> {
    try {
      const [row] = this.isPostgres() ? await runSql<SqlRow>(this.manager, HIT_POSTGRES, [bucket, expiresAt]) : await this.run(HIT, [bucket, expiresAt]);
      const hits = Number(row.hits);
      // The first hit of a bucket clears expired ones: cleanup costs one statement per new window.
      if (hits === 1) await this.run(PURGE, [Date.now()]);
      return hits;
    } catch (error) {
      throw toStorageError(error);
    }
  }

  private isPostgres(): boolean {
    return this.manager.connection.options.type === 'postgres';
  }

  private async run(sql: string, params: unknown[]): Promise<SqlRow[]> {
    const db = sqliteConnectionOf(this.manager);
    if (db) return this.sqlite.writeUnflushed(db, sql, params);
    if (!this.isPostgres()) return runSql<SqlRow>(this.manager, sql, params);
    return this.manager.transaction(async (manager) => {
      await manager.query('SET LOCAL synchronous_commit = off');
      return runSql<SqlRow>(manager, sql, params);
    });
  }
}
