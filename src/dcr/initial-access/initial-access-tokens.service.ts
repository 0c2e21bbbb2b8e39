import { Inject, Injectable, Logger } from '@nestjs/common';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import { InvalidRequestError } from '../errors/dcr.error';
import { NotFoundError } from '../errors/not-found.error';
import type { TechClientActor } from '../events/tech-client-event';
import type { InitialAccessProfile } from '../options/dcr-module-options.interface';
import type { ResolvedDcrOptions } from '../options/resolved-options';
import { InitialAccessTokenEntity } from '../persistence/initial-access-token.entity';
import { randomBase64Url } from '../secrets/random-value';
import { SecretDigester } from '../secrets/secret-digester';
import { InitialAccessTokenStore } from './initial-access-token.store';

/** Initial access tokens carry 256 bits, like client secrets. */
const TOKEN_LENGTH = 43;
const MAX_PAGE = 200;

/** What an administrator asks for when issuing a token (already checked for form by the caller). @publicApi */
export interface InitialAccessTokenRequest {
  /** @default the only configured server */
  authorizationServer?: string;
  label?: string;
  /** Seconds from now; absent = never expires. */
  expiresInSeconds?: number;
  /** Most registrations with it; absent = no limit. */
  maxUses?: number;
  profile?: InitialAccessProfile;
}

/** A runtime token as the admin API shows it: never the token or its digest. @publicApi */
export interface InitialAccessTokenSummary {
  id: string;
  authorizationServer: string;
  label: string | null;
  /** Epoch ms; null = never. */
  expiresAt: number | null;
  maxUses: number | null;
  /** Registrations made with it so far. */
  uses: number;
  profile: InitialAccessProfile | null;
  createdAt: number;
  createdBy: string | null;
  revokedAt: number | null;
}

/** Who asks, for the audit log. @publicApi */
export interface InitialAccessTokenChangeContext {
  actor?: TechClientActor;
  requestId?: string;
}

/**
 * Initial access tokens issued and revoked at run time, beside the configured ones: stored as
 * keyed digests in the database, so every instance honours a new or revoked token at once. The
 * token itself is returned once, by `issue`. Each change writes one `DcrAudit` line.
 * @publicApi
 */
@Injectable()
export class InitialAccessTokensService {
  private readonly audit = new Logger('DcrAudit');

  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) private readonly options: ResolvedDcrOptions,
    private readonly store: InitialAccessTokenStore,
    private readonly digester: SecretDigester,
  ) {}

  async issue(request: InitialAccessTokenRequest, context: InitialAccessTokenChangeContext = {}): Promise<{ token: string; summary: InitialAccessTokenSummary }> {
    const server = this.serverId(request.authorizationServer);
    const now = Date.now();
    const token = randomBase64Url(TOKEN_LENGTH);
    const row = Object.assign(new InitialAccessTokenEntity(), {
      id: `iat-${randomBase64Url(16)}`,
      authorizationServer: server,
      digest: this.digester.digest(token),
      label: request.label ?? null,
      expiresAt: request.expiresInSeconds === undefined ? null : now + request.expiresInSeconds * 1000,
      maxUses: request.maxUses ?? null,
      profile: request.profile ?? null,
      createdAt: now,
      createdBy: context.actor?.id ?? null,
      revokedAt: null,
    } satisfies InitialAccessTokenEntity);
    await this.store.insert(row);
    this.audit.log({ event: 'initial_access_token.issued', id: row.id, authorizationServer: server, actor: context.actor ?? { kind: 'admin' }, requestId: context.requestId });
    return { token, summary: summaryOf(row, 0) };
  }

  async list(query: { authorizationServer?: string; limit?: number; before?: { createdAt: number; id: string } } = {}): Promise<{ tokens: InitialAccessTokenSummary[]; nextBefore?: { createdAt: number; id: string } }> {
    const limit = query.limit ?? 50;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new InvalidRequestError(`limit: must be an integer from 1 to ${MAX_PAGE}`);
    const server = query.authorizationServer === undefined ? undefined : this.serverId(query.authorizationServer);
    const page = await this.store.list(server, limit, query.before);
    const uses = await this.store.usesOf(page.tokens.map((token) => token.id));
    return { tokens: page.tokens.map((token) => summaryOf(token, uses.get(token.id) ?? 0)), ...(page.nextBefore && { nextBefore: page.nextBefore }) };
  }

  async get(id: string): Promise<InitialAccessTokenSummary> {
    const token = await this.store.findById(id);
    if (!token) throw new NotFoundError('no initial access token with this id');
    return summaryOf(token, (await this.store.usesOf([id])).get(id) ?? 0);
  }

  /** At once, on every instance: registrations with it get 401 `invalid_token`. Clients it registered stay. */
  async revoke(id: string, context: InitialAccessTokenChangeContext = {}): Promise<InitialAccessTokenSummary> {
    const now = Date.now();
    if (!(await this.store.revoke(id, now))) {
      const existing = await this.store.findById(id);
      if (!existing) throw new NotFoundError('no initial access token with this id');
      return summaryOf(existing, (await this.store.usesOf([id])).get(id) ?? 0);
    }
    const token = (await this.store.findById(id))!;
    this.audit.log({ event: 'initial_access_token.revoked', id, authorizationServer: token.authorizationServer, actor: context.actor ?? { kind: 'admin' }, requestId: context.requestId });
    return summaryOf(token, (await this.store.usesOf([id])).get(id) ?? 0);
  }

  private serverId(requested: string | undefined): string {
    if (requested !== undefined) {
      if (!this.options.servers.has(requested)) throw new InvalidRequestError(`authorizationServer: "${requested.slice(0, 64)}" is not configured`);
      return requested;
    }
    if (this.options.servers.size !== 1) throw new InvalidRequestError('authorizationServer: required when several authorization servers are configured');
    return [...this.options.servers.keys()][0];
  }
}

function summaryOf(token: InitialAccessTokenEntity, uses: number): InitialAccessTokenSummary {
  const { digest: _digest, ...rest } = token;
  return { ...rest, uses };
}
