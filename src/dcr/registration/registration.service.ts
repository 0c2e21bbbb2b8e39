import { Inject, Injectable, Logger } from '@nestjs/common';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import { TechClientEvents } from '../events/tech-client-events';
import { DCR_DEFAULTS } from '../options/option-defaults';
import type { ResolvedDcrOptions, ResolvedServerOptions } from '../options/resolved-options';
import { ClientIdConflictError, TechClientStore } from '../persistence/tech-client.store';
import { TechClientEntity } from '../persistence/tech-client.entity';
import { IdentityGenerator } from '../processors/identity-generator';
import { ProcessingContext } from '../processors/processing-context';
import { RegistrationPipeline } from '../processors/registration.pipeline';
import { SecretGenerator } from '../processors/secret-generator';
import { SECRET_AUTH_METHODS } from '../processors/token-endpoint-auth-method.processor';
import { SecretDigester } from '../secrets/secret-digester';
import { assertClientMetadataShape } from './client-metadata.bounds';
import { ClientInformation, toClientInformation } from './client-information';

/** Attempts at a fresh `client_id` before giving up (a collision means a broken generator). */
const MAX_ID_ATTEMPTS = 5;

/**
 * RFC 7591 registration without HTTP: bounds the metadata, runs the pipeline, issues
 * credentials, stores the client (INSERT, never upsert) and publishes the change after commit.
 * @publicApi
 */
@Injectable()
export class RegistrationService {
  private readonly logger = new Logger('DcrRegistration');

  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) private readonly options: ResolvedDcrOptions,
    private readonly pipeline: RegistrationPipeline,
    private readonly identities: IdentityGenerator,
    private readonly secrets: SecretGenerator,
    private readonly digester: SecretDigester,
    private readonly store: TechClientStore,
    private readonly events: TechClientEvents,
  ) {}

  /** The server's resolved options; throws for an id the module was not configured with. */
  server(serverId: string): ResolvedServerOptions {
    const server = this.options.servers.get(serverId);
    if (!server) throw new Error(`Unknown authorization server "${serverId}"`);
    return server;
  }

  async register(serverId: string, body: unknown): Promise<ClientInformation> {
    const server = this.server(serverId);
    assertClientMetadataShape(body);
    const context = await this.pipeline.run(server, body, 'register');

    const method = context.metadata.token_endpoint_auth_method as string | undefined;
    const clientSecret = server.clientSecret && method && SECRET_AUTH_METHODS.includes(method)
      ? await this.secrets.generate(server)
      : undefined;
    const now = Date.now();
    const client = this.newClient(server, context, now);
    if (clientSecret !== undefined) {
      client.secretDigest = this.digester.digest(clientSecret);
      const lifetime = server.clientSecret!.lifetimeSeconds;
      client.secretExpiresAt = lifetime ? Math.floor(now / 1000) + lifetime : 0;
    }
    await this.insertWithFreshId(server, client);

    this.logger.debug({ event: 'registration.accepted', server: server.id, clientId: client.id, decisions: context.decisions });
    await this.events.publish({
      change: 'created',
      clientId: client.id,
      authorizationServer: server.id,
      actor: { kind: 'client' },
      via: 'registration',
      at: new Date(now),
      fields: Object.keys(context.metadata),
    });
    return toClientInformation(client, { clientSecret });
  }

  private newClient(server: ResolvedServerOptions, context: ProcessingContext, now: number): TechClientEntity {
    const metadata = context.metadata;
    const client = new TechClientEntity();
    Object.assign(client, {
      authorizationServer: server.id,
      name: (metadata.client_name as string | undefined) ?? DCR_DEFAULTS.clientDisplayName,
      label: null,
      description: null,
      locked: false,
      lockReason: null,
      lockedAt: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
      source: 'dcr',
      softwareId: (metadata.software_id as string | undefined) ?? null,
      softwareVersion: (metadata.software_version as string | undefined) ?? null,
      tokenEndpointAuthMethod: (metadata.token_endpoint_auth_method as string | undefined) ?? null,
      metadata,
      secretDigest: null,
      secretExpiresAt: null,
      previousSecretDigest: null,
      previousSecretValidUntil: null,
      registrationTokenDigest: null,
      lastUsedAt: null,
    } satisfies Omit<TechClientEntity, 'id'>);
    return client;
  }

  private async insertWithFreshId(server: ResolvedServerOptions, client: TechClientEntity): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ID_ATTEMPTS; attempt++) {
      client.id = await this.identities.generate(server);
      try {
        await this.store.insert(client);
        return;
      } catch (error) {
        if (!(error instanceof ClientIdConflictError)) throw error;
        this.logger.warn(`client_id collision (attempt ${attempt}); generating another`);
      }
    }
    throw new Error(`IdentityGenerator produced ${MAX_ID_ATTEMPTS} taken client ids in a row`);
  }
}
