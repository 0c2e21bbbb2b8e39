import type { ClientQuotas } from './client-counters';
import type { TechClientEntity } from './tech-client.entity';
import type { StagedEvent } from './change-outbox';

/** Thrown by `insert` when the id is taken: the caller retries with a new id. @publicApi */
export class ClientIdConflictError extends Error {
  constructor(readonly clientId: string) {
    super('client_id already taken');
    this.name = 'ClientIdConflictError';
  }
}

/** Thrown by `insert` when the initial access token has no use left; nothing was stored. @publicApi */
export class InitialAccessTokenExhaustedError extends Error {
  constructor(readonly tokenId: string) {
    super('initial access token has no use left');
    this.name = 'InitialAccessTokenExhaustedError';
  }
}

/** @publicApi */
export interface InsertOptions {
  /** Count one use of this initial access token in the same transaction, refusing past `maxUses`. */
  initialAccessToken?: { id: string; maxUses: number };
  /** Caps on live clients, checked in the same transaction (`QuotaExceededError`). */
  quotas?: ClientQuotas;
  /** The change event, written to the outbox in the same transaction as the client. */
  event?: StagedEvent;
}

/** Columns `update` may change. @publicApi */
export type TechClientChanges = Partial<Omit<TechClientEntity, 'id' | 'createdAt' | 'version' | 'authorizationServer' | 'source'>>;

/**
 * Persistence port for technical clients. The default implementation uses the host's TypeORM
 * DataSource; a host may provide another (`{ provide: TechClientStore, useClass: … }`).
 * Every write is conditional on the `version` that was read (optimistic concurrency).
 * Errors: `ClientIdConflictError` on a taken id, `StorageUnavailableError` when the database
 * cannot be reached.
 * @publicApi
 */
export abstract class TechClientStore {
  /** Plain INSERT in a transaction: never overwrites an existing client. */
  abstract insert(client: TechClientEntity, options?: InsertOptions): Promise<void>;
  abstract findById(id: string): Promise<TechClientEntity | null>;
  /**
   * Applies `changes` when the stored version is still `expectedVersion`; false when it is not (or
   * the client is gone). A changed `softwareId` is checked against `quotas` (`QuotaExceededError`).
   * `event`, when given, is written to the change outbox in the same transaction, only if the
   * change is applied (a store that cannot must not accept it: an event without its change, or a
   * change without its event, is what the outbox exists to prevent).
   */
  abstract update(id: string, expectedVersion: number, changes: TechClientChanges, quotas?: ClientQuotas, event?: StagedEvent): Promise<boolean>;
  /** Deletes when the stored version is still `expectedVersion` (and counts it out of the quotas), with `event` in the same transaction; false otherwise. */
  abstract delete(id: string, expectedVersion: number, event?: StagedEvent): Promise<boolean>;
  /** Dynamically registered clients of `serverId` that match a reaping rule (epoch ms / epoch s cut-offs). */
  abstract findReapable(serverId: string, criteria: ReapingCriteria, limit: number): Promise<TechClientEntity[]>;
  /**
   * Sets `last_used_at` to `at` (epoch ms) unless it is already later than `at - minIntervalMs`:
   * a conditional write, so client authentication does not write on every request. Changes
   * neither `version` nor `updated_at`: use is not a change of the client.
   */
  abstract recordUse(id: string, at: number, minIntervalMs: number): Promise<void>;
  /**
   * `findById` for client authentication, which should take the same time whether or not the
   * client exists (else response times reveal which ids are real). The default is `findById`;
   * the TypeORM store reads one row in both cases.
   */
  findForAuthentication(id: string): Promise<TechClientEntity | null> {
    return this.findById(id);
  }
}

/** @publicApi */
export interface ReapingCriteria {
  /** Last used (or, never used, created) before this epoch-ms time. */
  unusedBefore?: number;
  /** Secret expired (`secret_expires_at`, epoch seconds, not 0) before this epoch-seconds time. */
  secretExpiredBefore?: number;
  /** Registered anonymously before this epoch-ms time and never used. */
  anonymousNeverUsedBefore?: number;
}
