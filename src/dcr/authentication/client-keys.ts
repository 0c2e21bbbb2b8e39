import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import type { JSONWebKeySet } from 'jose';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import { fetchDevelopmentWarning, type GuardedFetcherOptions } from '../fetch/fetch-options';
import type { FetchedDocument, GuardedFetcher } from '../fetch/guarded-fetcher';
import { GuardedFetcherFactory } from '../fetch/guarded-fetcher.factory';
import type { ResolvedDcrOptions, ResolvedJwksOptions } from '../options/resolved-options';
import { publicJwksProblem } from '../vocabulary/public-jwks';
import { DcrMetrics } from '../observability/dcr-metrics';
import { observedFetcher } from '../observability/observed-fetcher';

/** The parts of a stored client whose keys are read. @internal */
export interface KeyedClient {
  id: string;
  authorizationServer: string;
  metadata: Record<string, unknown> | null;
}

/** Why a client's keys could not be had; logged, never answered. @internal */
export class ClientKeysUnavailable extends Error {}

/** Fetched JWK Sets kept per instance (beyond them, the least recently used goes). */
const MAX_CACHED_SETS = 1000;

interface CachedSet {
  jwks: JSONWebKeySet;
  expiresAt: number;
}

/**
 * The public keys a client registered for `private_key_jwt`: its `jwks`, or the JWK Set at its
 * `jwks_uri`, fetched only through a guarded fetcher built from `processors.jwks.jwksUri` (https,
 * public addresses, byte cap, deadline), checked like a registered `jwks`, and kept for its
 * `Cache-Control` lifetime within the configured bounds. `refresh` fetches again when an
 * assertion names a `kid` the kept set lacks, at most once per `refreshMinSeconds` per client.
 * @internal
 */
@Injectable()
export class ClientKeys implements OnModuleInit {
  private readonly logger = new Logger('DcrClientKeys');
  private readonly fetchers = new Map<string, { fetcher: GuardedFetcher; options: ResolvedJwksOptions; warning?: string }>();
  private readonly sets = new Map<string, CachedSet>();
  private readonly refreshedAt = new Map<string, number>();

  constructor(@Inject(DCR_RESOLVED_OPTIONS) options: ResolvedDcrOptions, fetchers: GuardedFetcherFactory, @Optional() metrics?: DcrMetrics) {
    for (const server of options.servers.values()) {
      const jwks = server.processors.jwks;
      if (!jwks?.jwksUri) continue;
      const settings: GuardedFetcherOptions = {
        maxBytes: jwks.maxBytes,
        timeoutMs: jwks.jwksUri.timeoutMs,
        cacheMinSeconds: jwks.jwksUri.cacheMinSeconds,
        cacheMaxSeconds: jwks.jwksUri.cacheMaxSeconds,
        // The sets are kept here, so that an unknown kid can bypass them.
        cacheMaxEntries: 0,
        development: jwks.jwksUri.development,
      };
      const fetcher = observedFetcher(fetchers.create(settings, 'jwks_uri', server.id), (result) => metrics?.fetched('jwks_uri', result));
      this.fetchers.set(server.id, { fetcher, options: jwks, warning: fetchDevelopmentWarning(settings, `${server.id}: processors.jwks.jwksUri.`) });
    }
  }

  onModuleInit(): void {
    for (const { warning } of this.fetchers.values()) if (warning) this.logger.warn(warning);
  }

  /** Whether the client's keys come from a `jwks_uri` (and so may be refreshed). */
  fromUri(client: KeyedClient): boolean {
    return typeof client.metadata?.jwks_uri === 'string';
  }

  /** The client's JWK Set. Throws `ClientKeysUnavailable` when it registered none or the fetch fails. */
  async keySet(client: KeyedClient, now: number): Promise<JSONWebKeySet> {
    const inline = client.metadata?.jwks;
    if (inline !== undefined) return inline as JSONWebKeySet;
    const uri = client.metadata?.jwks_uri;
    if (typeof uri !== 'string') throw new ClientKeysUnavailable('the client registered no keys');
    const cached = this.sets.get(this.cacheKey(client, uri));
    if (cached && cached.expiresAt > now) return cached.jwks;
    return this.fetch(client, uri);
  }

  /**
   * Fetches the client's `jwks_uri` again, unless that was done less than `refreshMinSeconds` ago;
   * undefined then (the kept set stands).
   */
  async refresh(client: KeyedClient, now: number): Promise<JSONWebKeySet | undefined> {
    const uri = client.metadata?.jwks_uri;
    const entry = this.fetchers.get(client.authorizationServer);
    if (typeof uri !== 'string' || !entry?.options.jwksUri) return undefined;
    const key = this.cacheKey(client, uri);
    const last = this.refreshedAt.get(key);
    if (last !== undefined && now - last < entry.options.jwksUri.refreshMinSeconds * 1000) return undefined;
    this.refreshedAt.set(key, now);
    if (this.refreshedAt.size > MAX_CACHED_SETS) this.refreshedAt.delete(this.refreshedAt.keys().next().value as string);
    return this.fetch(client, uri);
  }

  private async fetch(client: KeyedClient, uri: string): Promise<JSONWebKeySet> {
    const entry = this.fetchers.get(client.authorizationServer);
    if (!entry) throw new ClientKeysUnavailable('jwks_uri is not accepted by this server');
    let jwks: JSONWebKeySet | undefined;
    let document: FetchedDocument;
    try {
      document = await entry.fetcher.fetch(uri, {
        accept: 'application/jwk-set+json, application/json',
        validate: (fetched) => {
          jwks = parseKeySet(fetched, entry.options);
        },
      });
    } catch (error) {
      throw new ClientKeysUnavailable(`jwks_uri: ${(error as Error).message}`);
    }
    const key = this.cacheKey(client, uri);
    this.sets.delete(key);
    this.sets.set(key, { jwks: jwks!, expiresAt: Math.max(document.expiresAt, document.fetchedAt) });
    if (this.sets.size > MAX_CACHED_SETS) this.sets.delete(this.sets.keys().next().value as string);
    return jwks!;
  }

  private cacheKey(client: KeyedClient, uri: string): string {
    return `${client.authorizationServer}\n${client.id}\n${uri}`;
  }
}

function parseKeySet(document: FetchedDocument, options: ResolvedJwksOptions): JSONWebKeySet {
  let value: unknown;
  try {
    value = JSON.parse(document.body.toString('utf8'));
  } catch {
    throw new ClientKeysUnavailable('the jwks_uri document is not JSON');
  }
  const problem = publicJwksProblem(value, options);
  if (problem !== undefined) throw new ClientKeysUnavailable(`the jwks_uri document ${problem}`);
  return value as JSONWebKeySet;
}
