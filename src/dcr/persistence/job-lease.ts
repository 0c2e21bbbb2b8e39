import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DCR_ENTITY_MANAGER } from '../dcr.constants';
import { runSql } from './portable-sql';

/**
 * A lease in `dcr_job_lease`: of several instances, only the holder runs a scheduled job until
 * the lease runs out. One atomic upsert takes a free or expired lease, or renews one's own.
 * @internal
 */
@Injectable()
export class JobLease {
  constructor(@Inject(DCR_ENTITY_MANAGER) private readonly manager: EntityManager) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const rows = await runSql(
      this.manager,
      `INSERT INTO dcr_job_lease (name, holder, lease_until) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until
       WHERE dcr_job_lease.lease_until < ? OR dcr_job_lease.holder = excluded.holder
       RETURNING holder`,
      [name, holder, now + ttlMs, now],
    );
    return rows.length === 1;
  }
}
