import { Inject, Injectable, Logger } from '@nestjs/common';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import { InvalidClientMetadataError, InvalidSoftwareStatementError, InvalidTokenError } from '../errors/dcr.error';
import { QuotaExceededError } from '../persistence/client-counters';
import { TechClientEvents } from '../events/tech-client-events';
import { applyInitialAccessProfile } from '../initial-access/initial-access-profile';
import { InitialAccessTokenVerifier } from '../initial-access/initial-access-token.verifier';
import type { ResolvedDcrOptions, ResolvedServerOptions } from '../options/resolved-options';
import { TechClientEntity } from '../persistence/tech-client.entity';
import { ClientIdConflictError, InitialAccessTokenExhaustedError, InsertOptions, TechClientStore } from '../persistence/tech-client.store';
import { IdentityGenerator } from '../processors/identity-generator';
import { ProcessingContext, ProcessingOperation } from '../processors/processing-context';
import { RegistrationPipeline } from '../processors/registration.pipeline';
import { SoftwareStatementVerifier } from '../software-statement/software-statement.verifier';
import { registrationColumns } from './client-columns';
import { ClientInformation, toClientInformation } from './client-information';
import { assertClientMetadataShape } from './client-metadata.bounds';
import { CredentialIssuer } from './credential-issuer';

/** Attempts at a fresh `client_id` before giving up (a collision means a broken generator). */
const MAX_ID_ATTEMPTS = 5;

/** Where a registration request came from. @publicApi */
export interface RegistrationRequest {
  /** `scheme://host` the client used; base of `registration_client_uri` unless `issuer` is set. */
  baseUrl: string;
  /** Bearer token of the request, if any (RFC 7591 §3 initial access token). */
  initialAccessToken?: string;
}

/**
 * RFC 7591 registration without HTTP: bounds the metadata, checks the initial access token and
 * the software statement, runs the pipeline, issues credentials, stores the client (INSERT,
 * never upsert) and publishes the change after commit.
 * @publicApi
 */
@Injectable()
export class RegistrationService {
  private readonly logger = new Logger('DcrRegistration');

  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) private readonly options: ResolvedDcrOptions,
    private readonly pipeline: RegistrationPipeline,
    private readonly identities: IdentityGenerator,
    private readonly credentials: CredentialIssuer,
    private readonly initialAccess: InitialAccessTokenVerifier,
    private readonly statements: SoftwareStatementVerifier,
    private readonly store: TechClientStore,
    private readonly events: TechClientEvents,
  ) {}

  /** The server's resolved options; throws for an id the module was not configured with. */
  server(serverId: string): ResolvedServerOptions {
    const server = this.options.servers.get(serverId);
    if (!server) throw new Error(`Unknown authorization server "${serverId}"`);
    return server;
  }

  async register(serverId: string, body: unknown, request: RegistrationRequest): Promise<ClientInformation> {
    const server = this.server(serverId);
    assertClientMetadataShape(body);
    const grant = await this.initialAccess.verify(request.initialAccessToken, server);
    const context = await this.process(server, body, 'register');
    if (grant?.profile) applyInitialAccessProfile(context, grant.profile);

    const now = Date.now();
    const client = this.newClient(server, context, now);
    const secret = this.credentials.needsSecret(server, client.tokenEndpointAuthMethod ?? undefined)
      ? await this.credentials.clientSecret(server, now)
      : undefined;
    if (secret) Object.assign(client, { secretDigest: secret.digest, secretExpiresAt: secret.expiresAt });
    const token = this.credentials.registrationAccessToken(server);
    client.registrationTokenDigest = token?.digest ?? null;
    client.initialAccessTokenId = grant?.id ?? null;

    await this.insertWithFreshId(server, client, {
      quotas: server.quotas,
      ...(grant?.maxUses !== undefined && { initialAccessToken: { id: grant.id, maxUses: grant.maxUses } }),
    });

    this.logger.debug({ event: 'registration.accepted', server: server.id, clientId: client.id, initialAccessToken: grant?.id, decisions: context.decisions });
    await this.events.publish({
      change: 'created',
      clientId: client.id,
      authorizationServer: server.id,
      actor: { kind: 'client', ...(grant && { id: grant.id }) },
      via: 'registration',
      at: new Date(now),
      fields: Object.keys(context.metadata),
    });
    return toClientInformation(client, {
      clientSecret: secret?.value,
      registrationAccessToken: token?.value,
      registrationClientUri: this.credentials.registrationClientUri(server, request.baseUrl, client.id),
    });
  }

  /**
   * Software statement (RFC 7591 §2.3), then every processor: shared by registration and RFC
   * 7592 update. Each then applies the initial access token's profile: a registration the one of
   * the token it presents, an update the one of the token it was registered with
   * (`updateProfile`).
   * @internal
   */
  async process(server: ResolvedServerOptions, body: Record<string, unknown>, operation: ProcessingOperation): Promise<ProcessingContext> {
    const statement = server.softwareStatement ? body.software_statement : undefined;
    let request = body;
    if (typeof statement === 'string') {
      // §2.3: the statement's claims take precedence over the same fields in the body.
      request = { ...body, ...(await this.statements.verify(statement, server)), software_statement: statement };
      assertClientMetadataShape(request);
    } else if (server.softwareStatement?.required) {
      throw new InvalidSoftwareStatementError('software_statement: required');
    }
    const context = await this.pipeline.run(server, request, operation);
    if (typeof statement === 'string') {
      context.enter('software_statement');
      context.accept('software_statement', statement, 'verified; returned unmodified');
    }
    return context;
  }

  private newClient(server: ResolvedServerOptions, context: ProcessingContext, now: number): TechClientEntity {
    const client = new TechClientEntity();
    Object.assign(client, {
      ...registrationColumns(context),
      authorizationServer: server.id,
      label: null,
      description: null,
      locked: false,
      lockReason: null,
      lockedAt: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
      source: 'dcr',
      secretDigest: null,
      secretExpiresAt: null,
      previousSecretDigest: null,
      previousSecretValidUntil: null,
      registrationTokenDigest: null,
      lastUsedAt: null,
      initialAccessTokenId: null,
    } satisfies Omit<TechClientEntity, 'id'>);
    return client;
  }

  private async insertWithFreshId(server: ResolvedServerOptions, client: TechClientEntity, options: InsertOptions): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ID_ATTEMPTS; attempt++) {
      client.id = await this.identities.generate(server);
      try {
        await this.store.insert(client, options);
        return;
      } catch (error) {
        if (error instanceof InitialAccessTokenExhaustedError) throw new InvalidTokenError('the initial access token has no registration left');
        if (error instanceof QuotaExceededError) throw new InvalidClientMetadataError(error.description);
        if (!(error instanceof ClientIdConflictError)) throw error;
        this.logger.warn(`client_id collision (attempt ${attempt}); generating another`);
      }
    }
    throw new Error(`IdentityGenerator produced ${MAX_ID_ATTEMPTS} taken client ids in a row`);
  }
}
