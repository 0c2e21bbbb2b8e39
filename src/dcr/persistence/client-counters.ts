import type { EntityManager } from 'typeorm';
import type { TechClientEntity } from './tech-client.entity';
import { runScript, SqlScript, SqlStep } from './sql-script';

/** Caps checked when a client is inserted; 0 = none. @publicApi */
export interface ClientQuotas {
  maxClients: number;
  maxClientsPerSoftwareId: number;
  maxClientsPerInitialAccessToken: number;
  /** Cap on the live clients of the client's registration tier (`tiers.<tier>.maxClients`). */
  maxClientsInTier?: number;
}

/**
 * Which quota was full: `quotas.maxClients` and the per-software-id and per-initial-access-token
 * caps, `tiers.<tier>.maxClients` (`max_clients_in_tier`), or `clientIdMetadataDocument.maxClients` (`document_clients`).
 * @publicApi
 */
export type QuotaName = 'max_clients' | 'max_clients_per_software_id' | 'max_clients_per_initial_access_token' | 'document_clients' | 'max_clients_in_tier';

/** Thrown by `insert` when a quota is full; nothing was stored. @publicApi */
export class QuotaExceededError extends Error {
  constructor(
    readonly description: string,
    /** Which quota (absent when thrown by a host's own store). */
    readonly quota?: QuotaName,
  ) {
    super(description);
    this.name = 'QuotaExceededError';
  }
}

interface Counter {
  key: string;
  max: number;
  /** What the counter counts, to seed it from the table the first time a cap applies. */
  where: string;
  parameters: unknown[];
  full: string;
  quota: QuotaName;
}

/**
 * Live dynamically registered clients, per server, per software id and per initial access token
 * (and, apart from them, clients stored from metadata documents, per server),
 * kept in `dcr_client_counter` inside the insert and delete transactions while a cap applies to
 * them. A counted cap is one conditional UPDATE (atomic across instances) instead of a COUNT over
 * a million rows; the table is counted once, when the cap first applies.
 * @internal
 */
export class ClientCounters {
  /** Counts `client` in; throws `QuotaExceededError` when a configured cap is reached. */
  static add(manager: EntityManager, client: TechClientEntity, quotas: ClientQuotas): Promise<void> {
    return runScript(manager, ClientCounters.adding(client, quotas));
  }

  /** Counts `client` out (after it was deleted). */
  static remove(manager: EntityManager, client: TechClientEntity): Promise<void> {
    return runScript(manager, ClientCounters.removing(client));
  }

  /** `add` as statements, for a larger write. */
  static *adding(client: TechClientEntity, quotas: ClientQuotas): SqlScript {
    for (const counter of counters(client, quotas)) {
      if (counter.max === 0) {
        // No cap, no counter. A row that every registration updated would be a lock each one
        // waits on, on PostgreSQL until the one before has flushed its commit. Dropped, not just
        // left alone: a cap configured later must seed from the table, not from a stale count.
        yield { sql: 'DELETE FROM dcr_client_counter WHERE counter_key = ?', params: [counter.key] };
        continue;
      }
      const countIn: SqlStep = { sql: 'UPDATE dcr_client_counter SET live = live + 1 WHERE counter_key = ? AND live < ? RETURNING live', params: [counter.key, counter.max] };
      if ((yield countIn).length > 0) continue;
      // Full, or the first use of this cap. Only then is the table counted: the seed's COUNT(*)
      // reads every client the counter covers, and runs even when the INSERT then conflicts.
      const exists = yield { sql: 'SELECT live FROM dcr_client_counter WHERE counter_key = ?', params: [counter.key] };
      if (exists.length === 0) {
        yield {
          sql: `INSERT INTO dcr_client_counter (counter_key, live) SELECT ?, COUNT(*) FROM tech_client WHERE ${counter.where} ON CONFLICT (counter_key) DO NOTHING`,
          params: [counter.key, ...counter.parameters],
        };
        if ((yield countIn).length > 0) continue;
      }
      throw new QuotaExceededError(counter.full, counter.quota);
    }
  }

  /** `remove` as statements. */
  static *removing(client: TechClientEntity): SqlScript {
    const keys = counters(client, { maxClients: 0, maxClientsPerSoftwareId: 0, maxClientsPerInitialAccessToken: 0 }).map((counter) => counter.key);
    if (keys.length) {
      yield { sql: `UPDATE dcr_client_counter SET live = live - 1 WHERE live > 0 AND counter_key IN (${keys.map(() => '?').join(', ')})`, params: keys };
    }
  }
}

const TIER_WORDS: Partial<Record<string, string>> = {
  anonymous: 'anonymously',
  initial_access_token: 'with an initial access token',
  software_statement: 'with a software statement',
};

function counters(client: TechClientEntity, quotas: ClientQuotas): Counter[] {
  const server = client.authorizationServer;
  if (client.source === 'cimd') {
    // Their own count: documents anyone can publish must never use up the registrations' quota.
    const max = quotas.maxClients;
    return [{ key: `cimd:${server}`, max, where: "authorization_server = ? AND source = 'cimd'", parameters: [server], full: `the maximum of ${max} clients from metadata documents is reached`, quota: 'document_clients' }];
  }
  if (client.source !== 'dcr') return [];
  const base = "authorization_server = ? AND source = 'dcr'";
  const list: Counter[] = [
    { key: `server:${server}`, max: quotas.maxClients, where: base, parameters: [server], full: `the maximum of ${quotas.maxClients} registered clients is reached`, quota: 'max_clients' },
  ];
  if (client.softwareId) {
    list.push({
      key: `software:${server}:${client.softwareId}`,
      max: quotas.maxClientsPerSoftwareId,
      where: `${base} AND software_id = ?`,
      parameters: [server, client.softwareId],
      full: `the maximum of ${quotas.maxClientsPerSoftwareId} registered clients for this software_id is reached`,
      quota: 'max_clients_per_software_id',
    });
  }
  if (client.initialAccessTokenId) {
    list.push({
      key: `iat:${server}:${client.initialAccessTokenId}`,
      max: quotas.maxClientsPerInitialAccessToken,
      where: `${base} AND initial_access_token_id = ?`,
      parameters: [server, client.initialAccessTokenId],
      full: `the maximum of ${quotas.maxClientsPerInitialAccessToken} registered clients for this initial access token is reached`,
      quota: 'max_clients_per_initial_access_token',
    });
  }
  if (client.arrival) {
    const max = quotas.maxClientsInTier ?? 0;
    list.push({
      key: `tier:${server}:${client.arrival}`,
      max,
      where: `${base} AND arrival = ?`,
      parameters: [server, client.arrival],
      full: `the maximum of ${max} clients registered ${TIER_WORDS[client.arrival] ?? `as ${client.arrival}`} is reached`,
      quota: 'max_clients_in_tier',
    });
  }
  return list;
}
