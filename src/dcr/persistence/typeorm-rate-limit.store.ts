import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DCR_ENTITY_MANAGER } from '../dcr.constants';
import { RateLimitStore } from '../rate-limit/rate-limit.store';
import { runSql } from './portable-sql';
import { toStorageError } from './storage-errors';

/** Buckets in the `dcr_rate_limit` table; one atomic upsert per hit. @publicApi */
@Injectable()
export class TypeOrmRateLimitStore extends RateLimitStore {
  constructor(@Inject(DCR_ENTITY_MANAGER) private readonly manager: EntityManager) {
    super();
  }

  async hit(bucket: string, expiresAt: number): Promise<number> {
    try {
      const [row] = await runSql<{ hits: number | string }>(
        this.manager,
        'INSERT INTO dcr_rate_limit (bucket, hits, expires_at) VALUES (?, 1, ?) ON CONFLICT (bucket) DO UPDATE SET hits = dcr_rate_limit.hits + 1 RETURNING hits',
        [bucket, expiresAt],
      );
      const hits = Number(row.hits);
      // The first hit of a bucket clears expired ones: cleanup costs one statement per new window.
      if (hits === 1) await runSql(this.manager, 'DELETE FROM dcr_rate_limit WHERE expires_at < ?', [Date.now()]);
      return hits;
    } catch (error) {
      throw toStorageError(error);
    }
  }
}
