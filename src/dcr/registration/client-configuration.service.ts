import { Injectable } from '@nestjs/common';
import { ConflictError } from '../errors/conflict.error';
import { AccessDeniedError, InvalidClientMetadataError, InvalidTokenError } from '../errors/dcr.error';
import { TechClientEvents } from '../events/tech-client-events';
import { applyInitialAccessProfile, updateProfile } from '../initial-access/initial-access-profile';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { QuotaExceededError } from '../persistence/client-counters';
import type { TechClientEntity } from '../persistence/tech-client.entity';
import { TechClientChanges, TechClientStore } from '../persistence/tech-client.store';
import { SecretDigester } from '../secrets/secret-digester';
import { CLIENT_ID_MAX_LENGTH } from '../vocabulary/client-vocabulary';
import { registrationColumns } from './client-columns';
import { ClientInformation, toClientInformation } from './client-information';
import { assertClientMetadataShape } from './client-metadata.bounds';
import { CredentialIssuer, IssuedCredential } from './credential-issuer';
import { RegistrationService } from './registration.service';

/** RFC 7592 §2.2: values the server sets, which an update request must not carry. */
const UPDATE_FORBIDDEN = ['registration_access_token', 'registration_client_uri', 'client_secret_expires_at', 'client_id_issued_at'];
const CONCURRENT_CHANGE = 'the registration was changed concurrently; read it again and retry';

/**
 * RFC 7592 client configuration endpoint without HTTP: read, full-replacement update and delete,
 * each authorized by the client's registration access token. Every failure to authorize (no
 * token, wrong token, another client's token, unknown or deleted client) is the same
 * `invalid_token`, so the endpoint is no oracle for which client ids exist. A client locked by an
 * administrator may read its configuration but not change or delete it (403 `access_denied`).
 * @publicApi
 */
@Injectable()
export class ClientConfigurationService {
  constructor(
    private readonly registration: RegistrationService,
    private readonly store: TechClientStore,
    private readonly digester: SecretDigester,
    private readonly credentials: CredentialIssuer,
    private readonly events: TechClientEvents,
  ) {}

  /** RFC 7592 §2.1. With `rotateRegistrationAccessToken` the answer carries a new token and the old one is dead. */
  async read(serverId: string, clientId: string, token: string, baseUrl: string): Promise<ClientInformation> {
    const server = this.registration.server(serverId);
    const client = await this.authorize(server, clientId, token);
    const rotated = await this.rotateToken(server, client);
    // RFC 7592 §3: the answer carries the token the client is to use next.
    return this.information(server, client, baseUrl, { registrationAccessToken: rotated?.value ?? token });
  }

  /** RFC 7592 §2.2: full replacement; omitted fields are removed; every processor runs again. */
  async update(serverId: string, clientId: string, token: string, body: unknown, baseUrl: string): Promise<ClientInformation> {
    const server = this.registration.server(serverId);
    const client = await this.authorize(server, clientId, token);
    this.assertUnlocked(client);
    assertClientMetadataShape(body, UPDATE_FORBIDDEN);
    const { client_id: bodyClientId, client_secret: bodySecret, ...metadata } = body;
    if (bodyClientId !== client.id) throw new InvalidClientMetadataError('client_id: required, and must be the id of the client being updated');
    if (bodySecret !== undefined && !this.digester.matches(bodySecret as string, client.secretDigest)) {
      throw new InvalidClientMetadataError('client_secret: does not match the current secret');
    }

    const context = await this.registration.process(server, metadata, 'update');
    // Held to the initial access token it was registered with, as the registration was.
    const profile = updateProfile(server, client);
    if (profile) applyInitialAccessProfile(context, profile);
    const now = Date.now();
    const changes: TechClientChanges = { ...registrationColumns(context), updatedAt: now };
    let newSecret: string | undefined;
    if (!this.credentials.needsSecret(server, changes.tokenEndpointAuthMethod ?? undefined)) {
      Object.assign(changes, { secretDigest: null, secretExpiresAt: null, previousSecretDigest: null, previousSecretValidUntil: null });
    } else if (client.secretDigest === null) {
      // A public client turning confidential gets its first secret now (shown once, below).
      const secret = await this.credentials.clientSecret(server, now);
      Object.assign(changes, { secretDigest: secret.digest, secretExpiresAt: secret.expiresAt });
      newSecret = secret.value;
    }
    const rotated = server.management.rotateRegistrationAccessToken ? this.credentials.registrationAccessToken(server) : undefined;
    if (rotated) changes.registrationTokenDigest = rotated.digest;

    if (!(await this.updateWithinQuotas(server, client, changes))) throw new ConflictError(CONCURRENT_CHANGE);
    const updated = { ...client, ...changes, version: client.version + 1 } as TechClientEntity;
    await this.events.publish({
      change: 'updated',
      clientId: client.id,
      authorizationServer: server.id,
      actor: { kind: 'client' },
      via: 'management',
      at: new Date(now),
      fields: changedFields(client.metadata, updated.metadata),
    });
    return this.information(server, updated, baseUrl, { clientSecret: newSecret, registrationAccessToken: rotated?.value ?? token });
  }

  /** RFC 7592 §2.3: at once the client, its secret and its token stop working. */
  async delete(serverId: string, clientId: string, token: string): Promise<void> {
    const server = this.registration.server(serverId);
    const client = await this.authorize(server, clientId, token);
    this.assertUnlocked(client);
    if (!(await this.store.delete(client.id, client.version))) throw new ConflictError(CONCURRENT_CHANGE);
    await this.events.publish({
      change: 'deleted',
      clientId: client.id,
      authorizationServer: server.id,
      actor: { kind: 'client' },
      via: 'management',
      at: new Date(),
    });
  }

  private async authorize(server: ResolvedServerOptions, clientId: string, token: string): Promise<TechClientEntity> {
    const client = clientId.length <= CLIENT_ID_MAX_LENGTH ? await this.store.findById(clientId) : null;
    const ownClient = client?.authorizationServer === server.id ? client : null;
    // Always one constant-time compare, against a dummy digest when there is no such client.
    const valid = this.digester.matches(token, ownClient?.registrationTokenDigest);
    if (!valid || !ownClient || !server.management.enabled) throw new InvalidTokenError();
    return ownClient;
  }

  private async updateWithinQuotas(server: ResolvedServerOptions, client: TechClientEntity, changes: TechClientChanges): Promise<boolean> {
    try {
      return await this.store.update(client.id, client.version, changes, server.quotas);
    } catch (error) {
      if (error instanceof QuotaExceededError) throw new InvalidClientMetadataError(error.description);
      throw error;
    }
  }

  private assertUnlocked(client: TechClientEntity): void {
    if (client.locked) throw new AccessDeniedError('the client is locked by an administrator; its registration cannot be changed');
  }

  private async rotateToken(server: ResolvedServerOptions, client: TechClientEntity): Promise<IssuedCredential | undefined> {
    if (!server.management.rotateRegistrationAccessToken) return undefined;
    const token = this.credentials.registrationAccessToken(server)!;
    // Conditional on the version read: of two requests racing with the same token, one wins.
    if (!(await this.store.update(client.id, client.version, { registrationTokenDigest: token.digest }))) throw new InvalidTokenError();
    client.version += 1;
    return token;
  }

  private information(server: ResolvedServerOptions, client: TechClientEntity, baseUrl: string, issued: { clientSecret?: string; registrationAccessToken?: string }): ClientInformation {
    return toClientInformation(client, { ...issued, registrationClientUri: this.credentials.registrationClientUri(server, baseUrl, client.id) });
  }
}

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...fields].filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}
