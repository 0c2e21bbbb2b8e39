import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ClientAssertionReplayStore } from '../authentication/client-assertion-replay.store';
import { DCR_ENTITY_MANAGER } from '../dcr.constants';
import { runStorageSql } from './portable-sql';

const TABLE = 'dcr_client_assertion_use';

/**
 * Used assertions in the host's database. `use` is one `INSERT … ON CONFLICT DO UPDATE … WHERE
 * expired … RETURNING` statement, atomic on PostgreSQL and SQLite (3.35+): of two instances that
 * get the same assertion at once, exactly one sees its row returned. A row whose expiry has passed
 * is taken over rather than refused (its assertion can no longer be valid anyway).
 * @publicApi
 */
@Injectable()
export class TypeOrmClientAssertionReplayStore extends ClientAssertionReplayStore {
  constructor(@Inject(DCR_ENTITY_MANAGER) private readonly manager: EntityManager) {
    super();
  }

  async use(key: string, expiresAt: number, now: number): Promise<boolean> {
    const rows = await this.query(
      `INSERT INTO ${TABLE} (use_key, expires_at) VALUES (?, ?)
       ON CONFLICT (use_key) DO UPDATE SET expires_at = excluded.expires_at WHERE ${TABLE}.expires_at <= ?
       RETURNING use_key`,
      [key, expiresAt, now],
    );
    return rows.length === 1;
  }

  async purgeExpired(now: number): Promise<void> {
    await this.query(`DELETE FROM ${TABLE} WHERE expires_at <= ?`, [now]);
  }

  private query(sql: string, parameters: unknown[]): Promise<Record<string, unknown>[]> {
    return runStorageSql(this.manager, sql, parameters);
  }
}
