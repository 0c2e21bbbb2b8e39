import { Inject, Injectable } from '@nestjs/common';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import { ConflictError } from '../errors/conflict.error';
import { InvalidRequestError } from '../errors/dcr.error';
import { NotFoundError } from '../errors/not-found.error';
import { PreconditionFailedError } from '../errors/precondition-failed.error';
import type { TechClientActor, TechClientChange, TechClientEvent } from '../events/tech-client-event';
import { TechClientEvents } from '../events/tech-client-events';
import type { ResolvedDcrOptions } from '../options/resolved-options';
import { nameSearchOf } from '../persistence/name-search';
import { StagedEvent, withEventId } from '../persistence/change-outbox';
import { TechClientAdminStore, TechClientDetailsChange, TechClientLockEvent } from './tech-client-admin.store';
import type { TechClientSummary } from '../persistence/tech-client-summary';
import { CredentialIssuer } from '../credentials/credential-issuer';
import { ADMIN_TEXT, optionalText, requireClientId, requireInteger, requireText } from './admin-input.rules';
import { SearchCursorCodec } from './search-cursor.codec';
import { ADMIN_PAGE, resolveSearch, searchCursor, TechClientSearchQuery, TechClientSort } from './tech-client-search.query';

/** Longest grace period of a rotated secret: 30 days. @publicApi */
export const MAX_SECRET_GRACE_SECONDS = 30 * 86400;

/** Who asks for an admin change, for interceptors and the audit log. @publicApi */
export interface AdminChangeContext {
  /** @default { kind: "admin" } */
  actor?: TechClientActor;
  /** Correlates the audit line with the request. */
  requestId?: string;
  /** Apply the change only if the client is still at this version (HTTP `If-Match`). */
  expectedVersion?: number;
}

/** Admin changes to a client's descriptive fields. @publicApi */
export interface TechClientUpdate {
  /** 1 to 200 characters. */
  displayName?: string;
  /** 1 to 200 characters; null removes it. */
  label?: string | null;
  /** Up to 1000 characters, line breaks allowed; null removes it. */
  description?: string | null;
}

/** One page of a search. @publicApi */
export interface TechClientSearchResult {
  clients: TechClientSummary[];
  sort: TechClientSort;
  limit: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** One page of a client's lock history, newest first. @publicApi */
export interface TechClientLockHistoryPage {
  events: TechClientLockEvent[];
  limit: number;
  nextCursor: string | null;
}

/** A freshly rotated secret: shown here once, stored only as a digest. @publicApi */
export interface RotatedSecret {
  clientId: string;
  clientSecret: string;
  /** Epoch seconds; 0 = never (RFC 7591 `client_secret_expires_at`). */
  clientSecretExpiresAt: number;
  /** Epoch ms until which the previous secret still works; null when it stopped at once. */
  previousSecretValidUntil: number | null;
}

const { displayName: DISPLAY_NAME, label: LABEL, description: DESCRIPTION, lockReason: LOCK_REASON } = ADMIN_TEXT;

/**
 * The technical-clients admin API without HTTP: search with keyset paging, read, update, lock and
 * unlock (with history), delete and secret rotation. Every change is a conditional write (nothing
 * is lost to a concurrent one: it fails with `ConflictError` instead) and is published to the
 * change outbox in the same transaction, then delivered to the `TechClientInterceptor`s and webhooks;
 * the audit line is written after commit. No result carries a secret or digest,
 * except the one freshly rotated secret.
 * @publicApi
 */
@Injectable()
export class TechClientsService {
  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) private readonly options: ResolvedDcrOptions,
    private readonly store: TechClientAdminStore,
    private readonly credentials: CredentialIssuer,
    private readonly events: TechClientEvents,
    private readonly cursors: SearchCursorCodec,
  ) {}

  async search(query: TechClientSearchQuery = {}): Promise<TechClientSearchResult> {
    const { filter, page, sort } = resolveSearch(query, this.cursors);
    // One row more than asked tells whether another page exists, without a COUNT.
    const rows = await this.store.search(filter, { ...page, limit: page.limit + 1 });
    const clients = rows.slice(0, page.limit);
    const last = clients[clients.length - 1];
    const nextCursor = rows.length > page.limit
      ? searchCursor(this.cursors, sort, [page.sort === 'creationDate' ? last.createdAt : last.nameSearch, last.id])
      : null;
    return { clients, sort, limit: page.limit, nextCursor };
  }

  async get(id: string): Promise<TechClientSummary> {
    const client = await this.store.findSummary(requireClientId(id));
    if (!client) throw notFound();
    return client;
  }

  async update(id: string, update: TechClientUpdate, context: AdminChangeContext = {}): Promise<TechClientSummary> {
    const requested = validateUpdate(update);
    const current = await this.get(id);
    checkVersion(current, context);
    const change: TechClientDetailsChange = {};
    if (requested.name !== undefined && requested.name !== current.name) change.name = requested.name;
    if (requested.label !== undefined && requested.label !== current.label) change.label = requested.label;
    if (requested.description !== undefined && requested.description !== current.description) change.description = requested.description;
    const fields = Object.keys(change);
    if (fields.length === 0) return current;

    const now = Date.now();
    const event = changeEvent('updated', current, context, now, { fields });
    this.assertWritten(await this.store.updateDetails(current.id, current.version, change, now, this.events.forOutbox(event)));
    await this.events.publish(event);
    return {
      ...current,
      ...change,
      ...(change.name !== undefined ? { nameSearch: nameSearchOf(change.name) } : {}),
      version: current.version + 1,
      updatedAt: now,
    };
  }

  /** Locks the client at once for every path that checks `locked`; locking again records the new reason. */
  async lock(id: string, reason: string, context: AdminChangeContext = {}): Promise<TechClientSummary> {
    const why = requireText(reason, 'reason', LOCK_REASON);
    const before = await this.get(id);
    const now = Date.now();
    const event = changeEvent('locked', before, context, now, { detail: why, fields: ['locked', 'lockReason'] });
    if ((await this.store.lock(before.id, why, actorOf(context), now, this.events.forOutbox(event))) === 'missing') throw notFound();
    await this.events.publish(event);
    return this.get(before.id);
  }

  /** Unlocks; unlocking an unlocked client changes nothing and records nothing. */
  async unlock(id: string, context: AdminChangeContext = {}): Promise<TechClientSummary> {
    const before = await this.get(id);
    const now = Date.now();
    const event = changeEvent('unlocked', before, context, now, { fields: ['locked', 'lockReason'] });
    const outcome = await this.store.unlock(before.id, actorOf(context), now, this.events.forOutbox(event));
    if (outcome === 'missing') throw notFound();
    if (outcome === 'updated') await this.events.publish(event);
    return outcome === 'updated' ? this.get(before.id) : before;
  }

  async delete(id: string, context: AdminChangeContext = {}): Promise<void> {
    const client = await this.get(id);
    checkVersion(client, context);
    const event = changeEvent('deleted', client, context, Date.now());
    if (!(await this.store.delete(client.id, this.events.forOutbox(event)))) throw notFound();
    await this.events.publish(event);
  }

  /**
   * Replaces the client's secret with a new one from `SecretGenerator`. With a grace period the
   * previous secret keeps working until it ends (never past its own expiry); without, it stops at
   * once. Refused for clients that do not authenticate with a secret.
   */
  async rotateSecret(id: string, options: { gracePeriodSeconds?: number } = {}, context: AdminChangeContext = {}): Promise<RotatedSecret> {
    const clientId = requireClientId(id);
    const grace = options.gracePeriodSeconds === undefined ? 0 : requireInteger(options.gracePeriodSeconds, 'gracePeriodSeconds', 0, MAX_SECRET_GRACE_SECONDS);
    const state = await this.store.findSecretState(clientId);
    if (!state) throw notFound();
    if (context.expectedVersion !== undefined && context.expectedVersion !== state.version) throw versionMismatch(state.version);
    if (!this.credentials.canRotate(state.tokenEndpointAuthMethod)) {
      throw new InvalidRequestError(
        `the client authenticates with token_endpoint_auth_method "${state.tokenEndpointAuthMethod ?? 'none'}"; it has no secret to rotate`,
      );
    }
    const server = this.options.servers.get(state.authorizationServer);
    if (!server) throw new InvalidRequestError(`the client's authorization server "${state.authorizationServer}" is not configured`);

    const now = Date.now();
    const { secret, previousSecretValidUntil, columns } = await this.credentials.rotateSecret(server, state, grace, now);
    const event = changeEvent('secret_rotated', { id: clientId, authorizationServer: state.authorizationServer }, context, now, {
      fields: ['secret'],
      detail: previousSecretValidUntil === null ? 'previous secret revoked' : `previous secret valid until ${new Date(previousSecretValidUntil).toISOString()}`,
    });
    this.assertWritten(await this.store.replaceSecret(clientId, state.version, columns, now, this.events.forOutbox(event)));
    await this.events.publish(event);
    return { clientId, clientSecret: secret.value, clientSecretExpiresAt: secret.expiresAt, previousSecretValidUntil };
  }

  async lockHistory(id: string, query: { limit?: number; cursor?: string } = {}): Promise<TechClientLockHistoryPage> {
    const client = await this.get(id);
    const limit = query.limit === undefined ? ADMIN_PAGE.defaultLimit : requireInteger(query.limit, 'limit', 1, ADMIN_PAGE.maxLimit);
    let before: number | undefined;
    if (query.cursor !== undefined) {
      const cursor = this.cursors.decode(query.cursor) as { c?: unknown; b?: unknown } | null;
      if (cursor?.c !== client.id || typeof cursor.b !== 'number' || !Number.isSafeInteger(cursor.b) || cursor.b < 1) {
        throw new InvalidRequestError('cursor: belongs to another listing');
      }
      before = cursor.b;
    }
    const rows = await this.store.lockHistory(client.id, limit + 1, before);
    const events = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? this.cursors.encode({ c: client.id, b: events[events.length - 1].id }) : null;
    return { events, limit, nextCursor };
  }

  private assertWritten(outcome: 'updated' | 'conflict' | 'missing'): void {
    if (outcome === 'missing') throw notFound();
    if (outcome === 'conflict') throw new ConflictError('the technical client was changed concurrently; nothing was applied. Read it again and retry.');
  }
}

/** The event of an admin change, made before the write: the store puts it in the change outbox in the same transaction. */
function changeEvent(
  change: TechClientChange,
  client: Pick<TechClientSummary, 'id' | 'authorizationServer'>,
  context: AdminChangeContext,
  at: number,
  extra: Pick<TechClientEvent, 'fields' | 'detail'> = {},
): StagedEvent {
  return withEventId({
    change,
    clientId: client.id,
    authorizationServer: client.authorizationServer,
    actor: actorOf(context),
    via: 'admin',
    at: new Date(at),
    ...extra,
    ...(context.requestId ? { requestId: context.requestId } : {}),
  });
}

function validateUpdate(update: TechClientUpdate): TechClientDetailsChange {
  if (update === null || typeof update !== 'object' || Array.isArray(update)) throw new InvalidRequestError('update: must be an object');
  const change: TechClientDetailsChange = {};
  if (update.displayName !== undefined) change.name = requireText(update.displayName, 'displayName', DISPLAY_NAME);
  if (update.label !== undefined) change.label = optionalText(update.label, 'label', LABEL);
  if (update.description !== undefined) change.description = optionalText(update.description, 'description', DESCRIPTION);
  if (Object.keys(change).length === 0) throw new InvalidRequestError('nothing to change: give displayName, label or description');
  return change;
}

function checkVersion(client: TechClientSummary, context: AdminChangeContext): void {
  if (context.expectedVersion !== undefined && context.expectedVersion !== client.version) throw versionMismatch(client.version);
}

function versionMismatch(current: number): PreconditionFailedError {
  return new PreconditionFailedError(`If-Match names another version; the client is at version ${current}`);
}

function actorOf(context: AdminChangeContext): TechClientActor {
  return context.actor ?? { kind: 'admin' };
}

function notFound(): NotFoundError {
  return new NotFoundError('no technical client with this id');
}
