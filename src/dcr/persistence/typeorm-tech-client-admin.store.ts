import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, Repository } from 'typeorm';
import type { TechClientActor } from '../events/tech-client-event';
import { toStorageError } from './storage-errors';
import {
  ConditionalWriteResult,
  TechClientAdminStore,
  TechClientDetailsChange,
  TechClientLockEvent,
  TechClientSecretChange,
  TechClientSecretState,
} from '../tech-clients/tech-client-admin.store';
import { TechClientLockEventEntity } from './tech-client-lock-event.entity';
import { buildSearchStatement, SqlDialect } from './tech-client-search.sql';
import { TechClientNameSearch } from './tech-client-name-search';
import type { TechClientSearchFilter, TechClientSearchPage, TechClientSummary } from './tech-client-summary';
import { ClientArrival, TechClientEntity, TechClientSource } from './tech-client.entity';
import { clientNamesOf } from '../vocabulary/client-vocabulary';
import { redirectHostsOf } from '../vocabulary/redirect-hosts';
import { TECH_CLIENT_REPOSITORY } from './typeorm-tech-client.store';
import { runSql } from './portable-sql';
import { ClientCounters } from './client-counters';
import { nameSearchOf } from './name-search';
import { StagedEvent, stageChange } from './change-outbox';

type Row = Record<string, unknown>;

/**
 * `TechClientAdminStore` on the host's TypeORM DataSource (PostgreSQL or SQLite). The search is
 * one keyset-paged statement per page; a name search takes at most a few, chosen here by what
 * each found (see `TechClientNameSearch`): a gram index on PostgreSQL, an FTS5 trigram index on
 * SQLite.
 * @publicApi
 */
@Injectable()
export class TypeOrmTechClientAdminStore extends TechClientAdminStore {
  private readonly dialect: SqlDialect;
  /** @internal */
  readonly nameSearch: TechClientNameSearch;

  constructor(@Inject(TECH_CLIENT_REPOSITORY) private readonly clients: Repository<TechClientEntity>) {
    super();
    this.dialect = clients.manager.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
    this.nameSearch = new TechClientNameSearch(clients.manager, this.dialect);
  }

  async search(filter: TechClientSearchFilter, page: TechClientSearchPage): Promise<TechClientSummary[]> {
    return this.guard(async () => {
      const { nameContains } = filter;
      let rows: Row[];
      if (nameContains !== undefined) {
        rows = await this.nameSearch.page({ ...filter, nameContains }, page);
      } else {
        const { sql, params } = buildSearchStatement(this.dialect, filter, page);
        rows = await this.clients.query(sql, params);
      }
      return rows.map(toSummary);
    });
  }

  async findSummary(id: string): Promise<TechClientSummary | null> {
    const [summary] = await this.search({ id }, { sort: 'creationDate', descending: false, limit: 1 });
    return summary ?? null;
  }

  async findSecretState(id: string): Promise<TechClientSecretState | null> {
    return this.guard(async () => {
      const client = await this.clients.findOne({
        where: { id },
        select: { id: true, version: true, authorizationServer: true, tokenEndpointAuthMethod: true, secretDigest: true, secretExpiresAt: true },
      });
      if (!client) return null;
      const { version, authorizationServer, tokenEndpointAuthMethod, secretDigest, secretExpiresAt } = client;
      return { version, authorizationServer, tokenEndpointAuthMethod, secretDigest, secretExpiresAt };
    });
  }

  async updateDetails(id: string, expectedVersion: number, change: TechClientDetailsChange, now: number, event?: StagedEvent): Promise<ConditionalWriteResult> {
    const values: Record<string, unknown> = { updatedAt: now, version: () => 'version + 1' };
    if (change.name !== undefined) Object.assign(values, { name: change.name, nameSearch: nameSearchOf(change.name) });
    if (change.label !== undefined) values.label = change.label;
    if (change.description !== undefined) values.description = change.description;
    return this.guard(() => this.conditionalUpdate(id, expectedVersion, values, event));
  }

  async lock(id: string, reason: string, actor: TechClientActor, now: number, event?: StagedEvent): Promise<'updated' | 'missing'> {
    return this.guard(() =>
      this.clients.manager.transaction(async (manager) => {
        // The UPDATE takes the row lock first, so history entries follow the order of the changes.
        const result = await manager.createQueryBuilder().update(TechClientEntity)
          .set({ locked: true, lockReason: reason, lockedAt: now, updatedAt: now, version: () => 'version + 1' })
          .where('id = :id', { id })
          .execute();
        if (!result.affected) return 'missing';
        await this.recordLockEvent(manager, id, 'lock', reason, actor, now);
        await stage(manager, event);
        return 'updated';
      }),
    );
  }

  async unlock(id: string, actor: TechClientActor, now: number, event?: StagedEvent): Promise<'updated' | 'unchanged' | 'missing'> {
    return this.guard(() =>
      this.clients.manager.transaction(async (manager) => {
        const result = await manager.createQueryBuilder().update(TechClientEntity)
          .set({ locked: false, lockReason: null, lockedAt: null, updatedAt: now, version: () => 'version + 1' })
          .where('id = :id AND locked = :locked', { id, locked: true })
          .execute();
        if (!result.affected) return (await manager.existsBy(TechClientEntity, { id })) ? 'unchanged' : 'missing';
        await this.recordLockEvent(manager, id, 'unlock', null, actor, now);
        await stage(manager, event);
        return 'updated';
      }),
    );
  }

  async delete(id: string, event?: StagedEvent): Promise<boolean> {
    return this.guard(() =>
      this.clients.manager.transaction(async (manager) => {
        const client = await manager.findOneBy(TechClientEntity, { id });
        if (!client) return false;
        const deleted = await runSql(manager, 'DELETE FROM tech_client WHERE id = ? RETURNING id', [id]);
        if (deleted.length === 0) return false;
        // Frees the client's places in the quotas, as every other deletion path does.
        await ClientCounters.remove(manager, client);
        await stage(manager, event);
        return true;
      }),
    );
  }

  async replaceSecret(id: string, expectedVersion: number, change: TechClientSecretChange, now: number, event?: StagedEvent): Promise<ConditionalWriteResult> {
    return this.guard(() =>
      this.conditionalUpdate(id, expectedVersion, { ...change, updatedAt: now, version: () => 'version + 1' }, event),
    );
  }

  async lockHistory(id: string, limit: number, beforeId?: number): Promise<TechClientLockEvent[]> {
    return this.guard(async () => {
      const query = this.clients.manager.createQueryBuilder(TechClientLockEventEntity, 'e')
        .where('e.clientId = :id', { id })
        .orderBy('e.id', 'DESC')
        .limit(limit);
      if (beforeId !== undefined) query.andWhere('e.id < :beforeId', { beforeId });
      const events = await query.getMany();
      return events.map((event) => ({
        id: Number(event.id),
        clientId: event.clientId,
        action: event.action,
        reason: event.reason,
        actor: event.actorId === null ? { kind: event.actorKind as TechClientActor['kind'] } : { kind: event.actorKind as TechClientActor['kind'], id: event.actorId },
        at: event.at,
      }));
    });
  }

  /** With an event, the UPDATE and the event's outbox row in one transaction; without, one statement as before. */
  private async conditionalUpdate(id: string, expectedVersion: number, values: Record<string, unknown>, event?: StagedEvent): Promise<ConditionalWriteResult> {
    const update = (manager: EntityManager) => manager.createQueryBuilder().update(TechClientEntity)
      .set(values)
      .where('id = :id AND version = :expectedVersion', { id, expectedVersion })
      .execute();
    const applied = event
      ? await this.clients.manager.transaction(async (manager) => {
        const result = await update(manager);
        if (result.affected) await stage(manager, event);
        return Boolean(result.affected);
      })
      : Boolean((await update(this.clients.manager)).affected);
    if (applied) return 'updated';
    return (await this.clients.existsBy({ id })) ? 'conflict' : 'missing';
  }

  private async recordLockEvent(
    manager: EntityManager, clientId: string, action: 'lock' | 'unlock', reason: string | null, actor: TechClientActor, at: number,
  ): Promise<void> {
    await manager.insert(TechClientLockEventEntity, { clientId, action, reason, actorKind: actor.kind, actorId: actor.id ?? null, at });
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toStorageError(error);
    }
  }
}

function toSummary(row: Row): TechClientSummary {
  const metadata = metadataOf(row.metadata);
  return {
    id: String(row.id),
    authorizationServer: String(row.authorization_server),
    name: String(row.name),
    nameSearch: String(row.name_search),
    label: text(row.label),
    description: text(row.description),
    locked: Boolean(row.locked),
    lockReason: text(row.lock_reason),
    lockedAt: epoch(row.locked_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    version: Number(row.version),
    source: String(row.source) as TechClientSource,
    softwareId: text(row.software_id),
    softwareVersion: text(row.software_version),
    tokenEndpointAuthMethod: text(row.token_endpoint_auth_method),
    grantTypes: grantTypesOf(metadata),
    hasSecret: Boolean(row.has_secret),
    secretExpiresAt: epoch(row.secret_expires_at),
    previousSecretValidUntil: epoch(row.previous_secret_valid_until),
    lastUsedAt: epoch(row.last_used_at),
    arrival: String(row.arrival) as ClientArrival,
    vouchedBy: text(row.vouched_by),
    redirectHosts: redirectHostsOf(metadata.redirect_uris),
    clientNames: clientNamesOf(metadata),
  };
}

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** PostgreSQL returns `bigint` as a string. */
function epoch(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function metadataOf(column: unknown): Record<string, unknown> {
  try {
    const metadata: unknown = typeof column === 'string' ? JSON.parse(column) : column;
    return typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function grantTypesOf(metadata: Record<string, unknown>): string[] {
  const grants = metadata.grant_types;
  return Array.isArray(grants) ? grants.filter((grant): grant is string => typeof grant === 'string') : [];
}

/** The event's outbox row, inside the caller's transaction, after the write that took the row lock. */
async function stage(manager: EntityManager, event: StagedEvent | undefined): Promise<void> {
  if (!event) return;
  const step = stageChange(event);
  await runSql(manager, step.sql, step.params);
}
