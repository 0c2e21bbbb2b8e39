import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DCR_ENTITY_MANAGER } from '../dcr.constants';
import { eventOfPayload, StagedEvent } from './change-outbox';
import { runSql } from './portable-sql';
import { toStorageError } from './storage-errors';
import type { SqlRow } from './sql-script';
import { SqliteDirect, sqliteConnectionOf } from './sqlite-direct';

/** Where an event stands: `pending` until delivered; `dead` after too many failed attempts. @publicApi */
export type ChangeEventStatus = 'pending' | 'delivered' | 'dead';

/** One row of the outbox as the admin API shows it (the event, and how its delivery went). @publicApi */
export interface ChangeEventRecord {
  id: string;
  clientId: string;
  change: string;
  status: ChangeEventStatus;
  attempts: number;
  /** Epoch ms of the next attempt (pending events). */
  nextAttemptAt: number;
  /** The last delivery error, without any secret; null when none failed. */
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
  event: StagedEvent;
}

/** A row claimed for delivery. @internal */
export interface ClaimedEvent {
  seq: number;
  attempts: number;
  event: StagedEvent;
}

const LAST_ERROR_MAX = 500;
const RECORD_COLUMNS = 'seq, id, client_id, change_type, status, attempts, next_attempt_at, last_error, created_at, delivered_at, payload';

/**
 * The dispatcher's statements on `dcr_change_event`. A claim is one statement, so of several
 * instances exactly one gets a row: on PostgreSQL the candidate rows are locked with
 * `FOR UPDATE SKIP LOCKED` (a concurrent claimer skips them instead of waiting and then taking
 * them too), and the outer WHERE is checked again on the locked row; SQLite has a single writer,
 * so the statement is atomic anyway. The claim is a lease (`claimed_by`, `claim_until`): an
 * instance that dies while delivering leaves the row to be claimed again once the lease runs out.
 *
 * Only the oldest pending event of each client is claimable (`NOT EXISTS` an earlier pending one),
 * so event N+1 of a client is never delivered before N is delivered or dead, whatever instance.
 *
 * On SQLite the statements are `SqliteDirect.writeUnflushed`: outside any request's transaction (a
 * dispatcher's UPDATE must not be rolled back with one), and without a flush of their own.
 * @internal
 */
@Injectable()
export class ChangeOutboxStore {
  private readonly sqlite = new SqliteDirect();

  constructor(@Inject(DCR_ENTITY_MANAGER) private readonly manager: EntityManager) {}

  /** Claims up to `limit` due events for `holder` until `leaseUntil`, oldest first. */
  async claim(holder: string, limit: number, now: number, leaseUntil: number): Promise<ClaimedEvent[]> {
    const lock = this.isPostgres() ? 'FOR UPDATE OF e SKIP LOCKED' : '';
    const rows = await this.run(
      `UPDATE dcr_change_event SET claimed_by = ?, claim_until = ?
       WHERE seq IN (
         SELECT e.seq FROM dcr_change_event e
         WHERE e.status = 'pending' AND e.next_attempt_at <= ? AND (e.claim_until IS NULL OR e.claim_until < ?)
           AND NOT EXISTS (SELECT 1 FROM dcr_change_event p WHERE p.client_id = e.client_id AND p.status = 'pending' AND p.seq < e.seq)
         ORDER BY e.seq LIMIT ? ${lock}
       ) AND status = 'pending' AND (claim_until IS NULL OR claim_until < ?)
       RETURNING seq, attempts, payload`,
      [holder, leaseUntil, now, now, limit, now],
    );
    return rows
      .map((row) => ({ seq: Number(row.seq), attempts: Number(row.attempts), event: eventOfPayload(String(row.payload)) }))
      .sort((a, b) => a.seq - b.seq);
  }

  async delivered(seq: number, holder: string, now: number): Promise<void> {
    await this.run(
      `UPDATE dcr_change_event SET status = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = NULL, claimed_by = NULL, claim_until = NULL
       WHERE seq = ? AND claimed_by = ?`,
      [now, seq, holder],
    );
  }

  /** A failed attempt: retried at `retryAt`, or dead once `maxAttempts` attempts have failed. */
  async failed(seq: number, holder: string, error: string, retryAt: number, maxAttempts: number): Promise<void> {
    await this.run(
      `UPDATE dcr_change_event SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
         status = CASE WHEN attempts + 1 >= ? THEN 'dead' ELSE 'pending' END, claimed_by = NULL, claim_until = NULL
       WHERE seq = ? AND claimed_by = ?`,
      [error.slice(0, LAST_ERROR_MAX), retryAt, maxAttempts, seq, holder],
    );
  }

  /** Deletes delivered events older than `before`; returns how many. */
  async prune(before: number): Promise<number> {
    const rows = await this.run("DELETE FROM dcr_change_event WHERE status = 'delivered' AND delivered_at < ? RETURNING seq", [before]);
    return rows.length;
  }

  /** Events with `status`, oldest first, after the `afterSeq` keyset. */
  async list(status: ChangeEventStatus, limit: number, afterSeq = 0): Promise<(ChangeEventRecord & { seq: number })[]> {
    return this.records(`SELECT ${RECORD_COLUMNS} FROM dcr_change_event WHERE status = ? AND seq > ? ORDER BY seq LIMIT ?`, [status, afterSeq, limit]);
  }

  /** The event with this id, in a list of one or none. */
  async findById(id: string): Promise<(ChangeEventRecord & { seq: number })[]> {
    return this.records(`SELECT ${RECORD_COLUMNS} FROM dcr_change_event WHERE id = ?`, [id]);
  }

  private async records(sql: string, params: unknown[]): Promise<(ChangeEventRecord & { seq: number })[]> {
    const rows = await this.run(sql, params);
    return rows.map((row) => ({
      seq: Number(row.seq),
      id: String(row.id),
      clientId: String(row.client_id),
      change: String(row.change_type),
      status: row.status as ChangeEventStatus,
      attempts: Number(row.attempts),
      nextAttemptAt: Number(row.next_attempt_at),
      lastError: row.last_error === null || row.last_error === undefined ? null : String(row.last_error),
      createdAt: Number(row.created_at),
      deliveredAt: row.delivered_at === null || row.delivered_at === undefined ? null : Number(row.delivered_at),
      event: eventOfPayload(String(row.payload)),
    }));
  }

  /** A dead event back to pending, its attempts from zero; false when there is no dead event with this id. */
  async retry(id: string, now: number): Promise<boolean> {
    const rows = await this.run(
      "UPDATE dcr_change_event SET status = 'pending', attempts = 0, next_attempt_at = ?, claimed_by = NULL, claim_until = NULL WHERE id = ? AND status = 'dead' RETURNING seq",
      [now, id],
    );
    return rows.length === 1;
  }

  private isPostgres(): boolean {
    return this.manager.connection.options.type === 'postgres';
  }

  /** A database failure becomes the module's storage error (503 with Retry-After in the admin API). */
  private async run(sql: string, params: unknown[]): Promise<SqlRow[]> {
    try {
      return await this.runRaw(sql, params);
    } catch (error) {
      throw toStorageError(error);
    }
  }

  private async runRaw(sql: string, params: unknown[]): Promise<SqlRow[]> {
    const db = sqliteConnectionOf(this.manager);
    // The dispatcher's bookkeeping needs no flush of its own: a claim or a "delivered" lost at a
    // power failure only means the event is delivered again, which at least once allows.
    return db ? this.sqlite.writeUnflushed(db, sql, params) : runSql<SqlRow>(this.manager, sql, params);
  }
}
