// Fakes for the client authentication unit specs (not a spec itself; not part of the build).
import { AttemptCounter, AuthenticationAttemptStore } from '../authentication/authentication-attempt.store';
import type { DcrModuleOptions } from '../options/dcr-module-options.interface';
import type { ResolvedDcrOptions } from '../options/resolved-options';
import { resolveDcrOptions } from '../options/validate-options';
import { TechClientEntity } from '../persistence/tech-client.entity';
import { InsertOptions, ReapingCriteria, TechClientChanges, TechClientStore } from '../persistence/tech-client.store';
import { TEST_SECRET_KEY } from './processing.spec-helper';

/** Resolved options with the test key and a secret-issuing default server. @internal */
export function authOptions(options: Partial<DcrModuleOptions> = {}): ResolvedDcrOptions {
  return resolveDcrOptions({ secretKey: TEST_SECRET_KEY, clientSecret: {}, processors: { tokenEndpointAuthMethod: {} }, ...options } as DcrModuleOptions);
}

/**
 * The same semantics as the database store, in a Map: for unit specs only. Production code must
 * never count in process memory (several instances share one database).
 * @internal
 */
export class MemoryAttemptStore extends AuthenticationAttemptStore {
  readonly rows = new Map<string, { failures: number; expiresAt: number }>();
  purged = 0;

  async read(keys: readonly string[], now: number): Promise<AttemptCounter[]> {
    return keys.flatMap((key) => {
      const row = this.rows.get(key);
      return row && row.expiresAt > now ? [{ key, ...row }] : [];
    });
  }

  async recordFailure(keys: readonly string[], now: number, windowMs: number): Promise<AttemptCounter[]> {
    return keys.map((key) => {
      const row = this.rows.get(key);
      const next = !row || row.expiresAt <= now ? { failures: 1, expiresAt: now + windowMs } : { failures: row.failures + 1, expiresAt: row.expiresAt };
      this.rows.set(key, next);
      return { key, ...next };
    });
  }

  async reset(key: string): Promise<void> {
    this.rows.delete(key);
  }

  async purgeExpired(now: number): Promise<void> {
    this.purged++;
    for (const [key, row] of this.rows) if (row.expiresAt <= now) this.rows.delete(key);
  }
}

/** A `TechClientStore` over a Map, recording `recordUse` calls. @internal */
export class MemoryTechClientStore extends TechClientStore {
  readonly clients = new Map<string, TechClientEntity>();
  readonly uses: { id: string; at: number }[] = [];
  lookups = 0;

  async insert(client: TechClientEntity, _options?: InsertOptions): Promise<void> {
    this.clients.set(client.id, client);
  }

  async findById(id: string): Promise<TechClientEntity | null> {
    this.lookups++;
    const client = this.clients.get(id);
    return client ? Object.assign(new TechClientEntity(), client) : null;
  }

  async update(id: string, _expectedVersion: number, changes: TechClientChanges): Promise<boolean> {
    const client = this.clients.get(id);
    if (client) Object.assign(client, changes);
    return client !== undefined;
  }

  async delete(id: string): Promise<boolean> {
    return this.clients.delete(id);
  }

  async findReapable(_serverId: string, _criteria: ReapingCriteria, _limit: number): Promise<TechClientEntity[]> {
    return [];
  }

  async recordUse(id: string, at: number, minIntervalMs: number): Promise<void> {
    this.uses.push({ id, at });
    const client = this.clients.get(id);
    if (client && (client.lastUsedAt === null || client.lastUsedAt < at - minIntervalMs)) client.lastUsedAt = at;
  }
}

/** A stored client with sensible defaults; `secretDigest` etc. come from `overrides`. @internal */
export function storedClient(overrides: Partial<TechClientEntity> = {}): TechClientEntity {
  return Object.assign(new TechClientEntity(), {
    id: 'client-1',
    authorizationServer: 'default',
    name: 'Test client',
    label: null,
    description: null,
    locked: false,
    lockReason: null,
    lockedAt: null,
    createdAt: 1,
    updatedAt: 1,
    version: 1,
    source: 'dcr',
    softwareId: null,
    softwareVersion: null,
    tokenEndpointAuthMethod: 'client_secret_basic',
    tokenEndpointAuthMethodDefaulted: false,
    metadata: { grant_types: ['client_credentials'], scope: 'api:read api:write', token_endpoint_auth_method: 'client_secret_basic' },
    secretDigest: null,
    secretExpiresAt: 0,
    previousSecretDigest: null,
    previousSecretValidUntil: null,
    registrationTokenDigest: null,
    lastUsedAt: null,
    initialAccessTokenId: null,
    arrival: 'anonymous',
    vouchedBy: null,
    ...overrides,
  } satisfies Omit<TechClientEntity, 'syncNameSearch'>);
}

/** `Authorization: Basic` for id and secret, form-encoded first as RFC 6749 §2.3.1 says. @internal */
export function basicHeader(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}
