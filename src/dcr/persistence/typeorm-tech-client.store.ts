import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit, Optional } from '@nestjs/common';
import { EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ClientCounters, ClientQuotas, QuotaExceededError } from './client-counters';
import { nameSearchOf } from './name-search';
import { StagedEvent, stageChange } from './change-outbox';
import { runSql } from './portable-sql';
import { assertSchemaReady } from './schema-check';
import { runScript, runScriptSync, SqlScript, SqlStep } from './sql-script';
import { flushEveryCommit, SqlitePragmas } from './sqlite-durability';
import { sqliteConnectionOf, SqliteDirect } from './sqlite-direct';
import { SqliteDatabase, SqliteWriteBatch } from './sqlite-write-batch';
import { isUniqueViolation, toStorageError } from './storage-errors';
import { TechClientEntity } from './tech-client.entity';
import { commitOutcomeUnknown, removeIfStored } from './unanswered-commit';
import { DcrMetrics } from '../observability/dcr-metrics';
import { ClientIdConflictError, InitialAccessTokenExhaustedError, InsertOptions, ReapingCriteria, TechClientChanges, TechClientStore } from './tech-client.store';

/** The job-lease row that `probeWrite` writes. */
const WRITE_PROBE = 'dcr:write-probe';

const NO_QUOTAS: ClientQuotas = { maxClients: 0, maxClientsPerSoftwareId: 0, maxClientsPerInitialAccessToken: 0 };

/** Repository of `TechClientEntity` on the DataSource the module was given. @internal */
export const TECH_CLIENT_REPOSITORY = 'DCR:TECH_CLIENT_REPOSITORY';

/**
 * Rule for every transaction here (and in the other TypeORM stores): its body awaits nothing but
 * its own statements. On SQLite the driver shares one connection, so a body that waited on other
 * I/O would let another request's statements, or its transaction as a SAVEPOINT, run inside this
 * one and be rolled back with it. Registrations on better-sqlite3 go through `SqliteWriteBatch`
 * instead, which runs them synchronously and never inside another open transaction.
 * @publicApi
 */
@Injectable()
export class TypeOrmTechClientStore extends TechClientStore implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('DcrStorage');
  private batch?: { db: SqliteDatabase; writes: SqliteWriteBatch };
  /** Reads and unflushed writes of the hot paths, straight to better-sqlite3. */
  private readonly direct = new SqliteDirect();

  constructor(
    @Inject(TECH_CLIENT_REPOSITORY) private readonly clients: Repository<TechClientEntity>,
    @Optional() private readonly metrics?: DcrMetrics,
  ) {
    super();
  }

  /**
   * Refuses to start on a database without the module's schema (migrations left out, or
   * `synchronize` alone), with one error naming what is missing and how to fix it; otherwise the
   * app would start and answer every registration 500. Before any `onApplicationBootstrap`, so no
   * job has touched the tables yet.
   */
  async onModuleInit(): Promise<void> {
    await assertSchemaReady(this.clients.manager.connection);
  }

  /** On SQLite, a 201 must mean flushed: raise `synchronous` to FULL where the host left it lower. */
  onApplicationBootstrap(): void {
    const db = this.sqliteConnection();
    if (!db) return;
    const { before, raised } = flushEveryCommit(db);
    if (raised) {
      this.logger.warn(
        `SQLite synchronous was ${before}: commits would reach the disk only at checkpoints. Set to FULL for this connection; set it in the DataSource's prepareDatabase to make this explicit.`,
      );
    }
  }

  async insert(client: TechClientEntity, options: InsertOptions = {}): Promise<void> {
    try {
      const batch = this.sqliteBatch();
      if (batch) await batch.run((execute) => runScriptSync(execute, this.insertion(client, options)));
      else await this.insertInTransaction(client, options);
    } catch (error) {
      if (error instanceof QuotaExceededError) this.quotaRefused(client.authorizationServer, error);
      if (error instanceof InitialAccessTokenExhaustedError || error instanceof QuotaExceededError) throw error;
      if (isUniqueViolation(error)) throw new ClientIdConflictError(client.id);
      throw toStorageError(error);
    }
  }

  /**
   * The insertion in a transaction of its own. A COMMIT that fails without an answer (a timeout, a
   * lost connection) may still be carried out by the server: the caller answers 503, and
   * `removeIfStored` makes sure the client does not stay behind.
   */
  private async insertInTransaction(client: TechClientEntity, options: InsertOptions): Promise<void> {
    const runner = this.clients.manager.connection.createQueryRunner();
    try {
      await runner.startTransaction();
      try {
        await runScript(runner.manager, this.insertion(client, options));
      } catch (error) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
      try {
        await runner.commitTransaction();
      } catch (error) {
        if (commitOutcomeUnknown(error)) void removeIfStored(this.clients.manager, client, this.logger);
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  /** The statements of one registration, run in one transaction. */
  private *insertion(client: TechClientEntity, options: InsertOptions): SqlScript {
    if (options.initialAccessToken) yield* countUse(options.initialAccessToken.id, options.initialAccessToken.maxUses);
    // Counted before the INSERT: a counter seeded from COUNT(*) must not see this client yet.
    yield* ClientCounters.adding(client, options.quotas ?? NO_QUOTAS);
    yield this.insertStatement(client);
    // The outbox row rides in the same transaction (on SQLite: the same savepoint of the batch).
    if (options.event) yield stageChange(options.event);
  }

  /**
   * One INSERT, values converted by the entity's own column metadata (transformers, booleans,
   * JSON) as the query builder would. The builder re-derives the statement from the metadata on
   * every call and costs more than the write itself on SQLite; the text here is the same for every
   * client, so the statement is prepared only once. Columns left undefined are left out, so their
   * database defaults apply as with the builder.
   */
  private insertStatement(client: TechClientEntity): SqlStep {
    // What the entity's @BeforeInsert listener does; this path does not run listeners.
    if (typeof client.name === 'string') client.nameSearch = nameSearchOf(client.name);
    if (client.version === undefined) client.version = 1;
    const driver = this.clients.manager.connection.driver;
    const names: string[] = [];
    const params: unknown[] = [];
    for (const column of this.clients.metadata.columns) {
      const value = column.getEntityValue(client);
      if (value === undefined) continue;
      names.push(column.databaseName);
      params.push(driver.preparePersistentValue(value, column));
    }
    return { sql: `INSERT INTO tech_client (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`, params };
  }

  /** Group commit when the DataSource is better-sqlite3 (see `SqliteWriteBatch`); made on first use. */
  private sqliteBatch(): SqliteWriteBatch | undefined {
    const db = this.sqliteConnection();
    if (!db) return undefined;
    // A new one when the host has opened its DataSource again (e.g. to recover a read-only file).
    if (this.batch?.db !== db) this.batch = { db, writes: new SqliteWriteBatch(db) };
    return this.batch.writes;
  }

  /** The better-sqlite3 connection under the DataSource, if that is its driver. */
  private sqliteConnection(): (SqliteDatabase & SqlitePragmas) | undefined {
    return sqliteConnectionOf(this.clients.manager);
  }


  /**
   * One committed write through the path registrations take (the group commit on SQLite): the
   * row `dcr:write-probe` of the job-lease table, which no job uses. Rejects with the driver's
   * error while the database cannot write (read-only file, full disk, server away), so that a
   * readiness check can take the instance out of rotation. Costs one flush.
   */
  async probeWrite(): Promise<void> {
    const step: SqlStep = {
      sql: 'INSERT INTO dcr_job_lease (name, holder, lease_until) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until',
      params: [WRITE_PROBE, 'readiness', Date.now()],
    };
    const batch = this.sqliteBatch();
    if (batch) await batch.run((execute) => execute(step));
    else await this.clients.manager.transaction((manager) => runSql(manager, step.sql, step.params));
  }

  async findById(id: string): Promise<TechClientEntity | null> {
    return this.guard(() => this.clients.findOneBy({ id }));
  }

  async update(id: string, expectedVersion: number, changes: TechClientChanges, quotas: ClientQuotas = NO_QUOTAS, event?: StagedEvent): Promise<boolean> {
    // The version column is incremented by TypeORM on every query-builder update; entity listeners
    // do not run here, so the folded search name follows the name explicitly.
    const values = changes.name === undefined ? changes : { ...changes, nameSearch: nameSearchOf(changes.name) };
    const write = (manager: EntityManager) =>
      manager
        .createQueryBuilder()
        .update(TechClientEntity)
        .set(values as QueryDeepPartialEntity<TechClientEntity>)
        .where('id = :id AND version = :version', { id, version: expectedVersion })
        .execute()
        .then((result) => result.affected === 1);
    // After the UPDATE, which takes the client's row lock: the event is staged only when applied.
    const writeAndStage = async (manager: EntityManager) => {
      const written = await write(manager);
      if (written && event) await runStep(manager, stageChange(event));
      return written;
    };
    if (changes.softwareId === undefined && !event) return this.guard(() => write(this.clients.manager));
    if (changes.softwareId === undefined) return this.guard(() => this.clients.manager.transaction(writeAndStage));
    let server = '';
    try {
      return await this.clients.manager.transaction(async (manager) => {
        // A new software_id moves the client between per-software quota counters.
        const before = await manager.findOneBy(TechClientEntity, { id, version: expectedVersion });
        if (!before) return false;
        server = before.authorizationServer;
        if (before.softwareId !== changes.softwareId) {
          await ClientCounters.remove(manager, before);
          await ClientCounters.add(manager, Object.assign(new TechClientEntity(), before, changes), quotas);
        }
        return writeAndStage(manager);
      });
    } catch (error) {
      if (error instanceof QuotaExceededError) throw this.quotaRefused(server, error);
      throw toStorageError(error);
    }
  }

  /** Counts the refusal (`dcr_quota_refusals_total`) and gives the error back. */
  private quotaRefused(server: string, error: QuotaExceededError): QuotaExceededError {
    this.metrics?.quotaRefused(server, error.quota ?? 'unknown');
    return error;
  }

  async delete(id: string, expectedVersion: number, event?: StagedEvent): Promise<boolean> {
    return this.guard(() =>
      this.clients.manager.transaction(async (manager) => {
        const client = await manager.findOneBy(TechClientEntity, { id, version: expectedVersion });
        if (!client) return false;
        const deleted = await runSql(manager, 'DELETE FROM tech_client WHERE id = ? AND version = ? RETURNING id', [id, expectedVersion]);
        if (deleted.length === 0) return false;
        await ClientCounters.remove(manager, client);
        if (event) await runStep(manager, stageChange(event));
        return true;
      }),
    );
  }

  async findReapable(serverId: string, criteria: ReapingCriteria, limit: number): Promise<TechClientEntity[]> {
    const rules: string[] = [];
    if (criteria.unusedBefore !== undefined) rules.push('COALESCE(client.last_used_at, client.created_at) < :unusedBefore');
    if (criteria.secretExpiredBefore !== undefined) rules.push('(client.secret_expires_at > 0 AND client.secret_expires_at < :secretExpiredBefore)');
    if (criteria.anonymousNeverUsedBefore !== undefined) {
      rules.push("(client.arrival = 'anonymous' AND client.last_used_at IS NULL AND client.created_at < :anonymousNeverUsedBefore)");
    }
    if (rules.length === 0) return [];
    return this.guard(() =>
      this.clients
        .createQueryBuilder('client')
        .where("client.authorization_server = :serverId AND client.source = 'dcr'", { serverId })
        .andWhere(`(${rules.join(' OR ')})`, criteria)
        .orderBy('client.created_at', 'ASC')
        .limit(limit)
        .getMany(),
    );
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw toStorageError(error);
    }
  }

  /**
   * Raw SQL: TypeORM's update builder would also bump the @VersionColumn. On SQLite not flushed on
   * its own (`SqliteDirect.writeUnflushed`): a use lost at a power failure is at most one interval
   * of `last_used_at`, and it costs the token endpoint no flush.
   */
  async recordUse(id: string, at: number, minIntervalMs: number): Promise<void> {
    const params = [at, id, at - minIntervalMs];
    const db = this.sqliteConnection();
    await this.guard(() => (db ? this.direct.writeUnflushed(db, RECORD_USE, params) : runSql(this.clients.manager, RECORD_USE, params)));
  }


  /**
   * One row whatever the id (a LEFT JOIN from a one-row table), hydrated column by column through
   * the driver, so an unknown id costs what a known one does: the ORM's `findOneBy` does
   * measurably more work for a row than for none.
   */
  override async findForAuthentication(id: string): Promise<TechClientEntity | null> {
    const db = this.sqliteConnection();
    const rows = await this.guard(async () => (db ? this.direct.read(db, FIND_FOR_AUTHENTICATION, [id]) : runSql(this.clients.manager, FIND_FOR_AUTHENTICATION, [id])));
    const row = rows[0] ?? {};
    const exists = row.id !== null && row.id !== undefined;
    const driver = this.clients.manager.connection.driver;
    const client = new TechClientEntity();
    for (const column of this.clients.metadata.columns) {
      const raw = row[column.databaseName];
      // The same JSON parse for an unknown id as for a real row.
      const value = column.propertyName === 'metadata' && !exists ? UNKNOWN_CLIENT_METADATA : raw;
      column.setEntityValue(client, driver.prepareHydratedValue(value, column));
    }
    return exists ? client : null;
  }
}

const RECORD_USE = 'UPDATE tech_client SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)';
/** One row whatever the id: a LEFT JOIN from a one-row table. */
const FIND_FOR_AUTHENTICATION = 'SELECT c.* FROM (SELECT 1 AS one) o LEFT JOIN tech_client c ON c.id = ?';

/** Stands in for the metadata of an unknown client, of a typical size. */
const UNKNOWN_CLIENT_METADATA = JSON.stringify({
  grant_types: ['client_credentials'],
  response_types: [],
  token_endpoint_auth_method: 'client_secret_basic',
  client_name: 'unknown client',
  scope: 'unknown:scope',
});

function runStep(manager: EntityManager, step: SqlStep): Promise<unknown> {
  return runSql(manager, step.sql, step.params);
}

/** One use of an initial access token; conditional, so concurrent instances never exceed `maxUses`. */
function* countUse(tokenId: string, maxUses: number): SqlScript {
  const now = Date.now();
  yield { sql: 'INSERT INTO initial_access_token_use (token_id, uses, updated_at) VALUES (?, 0, ?) ON CONFLICT (token_id) DO NOTHING', params: [tokenId, now] };
  const counted = yield { sql: 'UPDATE initial_access_token_use SET uses = uses + 1, updated_at = ? WHERE token_id = ? AND uses < ? RETURNING uses', params: [now, tokenId, maxUses] };
  if (counted.length === 0) throw new InitialAccessTokenExhaustedError(tokenId);
}
