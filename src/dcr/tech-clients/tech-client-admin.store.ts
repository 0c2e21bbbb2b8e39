import type { TechClientActor } from '../events/tech-client-event';
import type { LockAction } from '../persistence/tech-client-lock-event.entity';
import type { StagedEvent } from '../persistence/change-outbox';
import type { TechClientSearchFilter, TechClientSearchPage, TechClientSummary } from '../persistence/tech-client-summary';

/** Admin changes to a client's descriptive fields; `undefined` leaves a field as it is. @publicApi */
export interface TechClientDetailsChange {
  name?: string;
  label?: string | null;
  description?: string | null;
}

/** New secret state after a rotation; digests only. @publicApi */
export interface TechClientSecretChange {
  secretDigest: string;
  /** Epoch seconds; 0 = never. */
  secretExpiresAt: number;
  previousSecretDigest: string | null;
  /** Epoch ms. */
  previousSecretValidUntil: number | null;
}

/** What a rotation needs to know about the current secret. @publicApi */
export interface TechClientSecretState {
  version: number;
  authorizationServer: string;
  tokenEndpointAuthMethod: string | null;
  secretDigest: string | null;
  secretExpiresAt: number | null;
}

/** One lock history entry. @publicApi */
export interface TechClientLockEvent {
  id: number;
  clientId: string;
  action: LockAction;
  reason: string | null;
  actor: TechClientActor;
  /** Epoch ms. */
  at: number;
}

/**
 * Outcome of a conditional write: `updated`; `conflict` when the row's version was not the
 * expected one (someone else wrote first, nothing was changed); `missing` when there is no such client.
 * @publicApi
 */
export type ConditionalWriteResult = 'updated' | 'conflict' | 'missing';

/**
 * Persistence port of the admin API: search with keyset paging, conditional (versioned) writes,
 * lock history. Separate from `TechClientStore` so that a host replacing one does not have to
 * implement the other. Errors: `StorageUnavailableError` when the database cannot be reached.
 * Every write takes an optional `event`: written to the change outbox in the same transaction as
 * the change, and only when the change is applied.
 * @publicApi
 */
export abstract class TechClientAdminStore {
  /** Clients matching every filter, in the page's order, after its keyset, at most `page.limit`. */
  abstract search(filter: TechClientSearchFilter, page: TechClientSearchPage): Promise<TechClientSummary[]>;
  abstract findSummary(id: string): Promise<TechClientSummary | null>;
  abstract findSecretState(id: string): Promise<TechClientSecretState | null>;
  /** Applies the change only if the stored version is `expectedVersion`; bumps the version. */
  abstract updateDetails(id: string, expectedVersion: number, change: TechClientDetailsChange, now: number, event?: StagedEvent): Promise<ConditionalWriteResult>;
  /** Locks (again, with a new reason) and records it in the lock history, in one transaction. */
  abstract lock(id: string, reason: string, actor: TechClientActor, now: number, event?: StagedEvent): Promise<'updated' | 'missing'>;
  /** Unlocks a locked client and records it; `unchanged` when it was not locked. */
  abstract unlock(id: string, actor: TechClientActor, now: number, event?: StagedEvent): Promise<'updated' | 'unchanged' | 'missing'>;
  /** Deletes the client (and its lock history); false when there was none. */
  abstract delete(id: string, event?: StagedEvent): Promise<boolean>;
  abstract replaceSecret(id: string, expectedVersion: number, change: TechClientSecretChange, now: number, event?: StagedEvent): Promise<ConditionalWriteResult>;
  /** Newest first, entries with an id below `beforeId` when given. */
  abstract lockHistory(id: string, limit: number, beforeId?: number): Promise<TechClientLockEvent[]>;
}
