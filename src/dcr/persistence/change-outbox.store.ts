import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DCR_ENTITY_MANAGER } from '../dcr.constants';
import { eventOfPayload, StagedEvent } from './change-outbox';
import { runSql } from './portable-sql';
import { toStorageError } from './storage-errors';
import type { SqlRow } from './sql-script';
import type { SqlitePragmas } from './sqlite-durability';
import type { SqliteDatabase, SqliteStatement } from './sqlite-write-batch';

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

/** How long a polled wait for another transaction on the SQLite connection pauses. */
const TRANSACTION_POLL_MS = 1;
/** SQLite `synchronous` level NORMAL. */
const NORMAL = 1;
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
 * On SQLite the statements go to better-sqlite3 directly, synchronously, and only while no
 * transaction is open on the connection TypeORM shares: a dispatcher's UPDATE must not become
 * part of a request's transaction (and be rolled back with it).
 * @internal
 */
@Injectable()
export class ChangeOutboxStore {
  private statements = new Map<string, SqliteStatement>();
  private db?: SqliteDatabase & SqlitePragmas;

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
    const db = this.sqlite();
    if (!db) return runSql<SqlRow>(this.manager, sql, params);
    while (db.inTransaction) await new Promise((resolve) => setTimeout(resolve, TRANSACTION_POLL_MS));
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      this.statements.set(sql, statement);
    }
    // The dispatcher's bookkeeping needs no flush of its own: a claim or a "delivered" lost in a
    // crash only means the event is delivered again, which at least once allows. So it commits at
    // synchronous = NORMAL (no fsync; the frames reach the disk with the next flushed commit, a
    // registration's or a checkpoint's), and the level is put back at once: this code runs
    // synchronously, so no registration ever commits at the lower level.
    const level = Number(db.pragma('synchronous', { simple: true }));
    if (level > NORMAL) db.pragma(`synchronous = ${NORMAL}`, { simple: true });
    try {
      if (statement.reader) return statement.all(...params) as SqlRow[];
      statement.run(...params);
      return [];
    } finally {
      if (level > NORMAL) db.pragma(`synchronous = ${level}`, { simple: true });
    }
  }

  /** The better-sqlite3 connection, if that is the driver; statements are prepared again when the host reopened it. */
  private sqlite(): (SqliteDatabase & SqlitePragmas) | undefined {
    const connection = this.manager.connection;
    if (connection.options.type !== 'better-sqlite3') return undefined;
    const db = (connection.driver as unknown as { databaseConnection: SqliteDatabase & SqlitePragmas }).databaseConnection;
    if (db !== this.db) {
      this.db = db;
      this.statements = new Map();
    }
    return db;
  }
}
