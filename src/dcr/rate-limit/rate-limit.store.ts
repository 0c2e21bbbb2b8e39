import { Inject, Injectable } from '@nestjs/common';
import type { Repository } from 'typeorm';
import { runSql } from '../persistence/portable-sql';
import { toStorageError } from '../persistence/storage-errors';
import type { TechClientEntity } from '../persistence/tech-client.entity';
import { TECH_CLIENT_REPOSITORY } from '../persistence/typeorm-tech-client.store';

/**
 * Counters of fixed-window rate limits, shared by every instance. A host may keep them
 * elsewhere (Redis): `{ provide: RateLimitStore, useClass: … }`.
 * @publicApi
 */
export abstract class RateLimitStore {
  /** Adds one hit to `bucket` (which lives until `expiresAt`, epoch ms) and returns its hits. */
  abstract hit(bucket: string, expiresAt: number): Promise<number>;
}

/** Buckets in the `dcr_rate_limit` table; one atomic upsert per hit. @publicApi */
@Injectable()
export class TypeOrmRateLimitStore extends RateLimitStore {
  constructor(@Inject(TECH_CLIENT_REPOSITORY) private readonly clients: Repository<TechClientEntity>) {
    super();
  }

  async hit(bucket: string, expiresAt: number): Promise<number> {
    try {
      const [row] = await runSql<{ hits: number | string }>(
        this.clients.manager,
        'INSERT INTO dcr_rate_limit (bucket, hits, expires_at) VALUES (?, 1, ?) ON CONFLICT (bucket) DO UPDATE SET hits = dcr_rate_limit.hits + 1 RETURNING hits',
        [bucket, expiresAt],
      );
      const hits = Number(row.hits);
      // The first hit of a bucket clears expired ones: cleanup costs one statement per new window.
      if (hits === 1) await runSql(this.clients.manager, 'DELETE FROM dcr_rate_limit WHERE expires_at < ?', [Date.now()]);
      return hits;
    } catch (error) {
      throw toStorageError(error);
    }
  }
}
