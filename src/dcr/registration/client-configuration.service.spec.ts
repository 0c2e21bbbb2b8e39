import { RateLimiter } from '../rate-limit/rate-limiter';
import { Logger } from '@nestjs/common';
import { ConflictError } from '../errors/conflict.error';
import { AccessDeniedError, InvalidClientMetadataError, InvalidTokenError } from '../errors/dcr.error';
import type { TechClientEvent } from '../events/tech-client-event';
import { TechClientEvents } from '../events/tech-client-events';
import type { ChangeDispatcher } from '../events/change-dispatcher';
import type { DcrModuleOptions } from '../options/dcr-module-options.interface';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { resolveDcrOptions } from '../options/validate-options';
import { QuotaExceededError } from '../persistence/client-counters';
import type { TechClientEntity } from '../persistence/tech-client.entity';
import { ProcessingContext, ProcessingOperation } from '../processors/processing-context';
import type { RegistrationPipeline } from '../processors/registration.pipeline';
import type { InitialAccessTokenStore } from '../initial-access/initial-access-token.store';
import type { InitialAccessTokenVerifier } from '../initial-access/initial-access-token.verifier';
import type { SoftwareStatementVerifier } from '../software-statement/software-statement.verifier';
import { ConfiguredIdentityGenerator } from '../credentials/identity-generator';
import { RandomSecretGenerator } from '../credentials/secret-generator';
import { SecretDigester } from '../secrets/secret-digester';
import { MemoryTechClientStore, storedClient } from '../testing/authentication.spec-helper';
import { TEST_SECRET_KEY } from '../testing/processing.spec-helper';
import { ClientConfigurationService } from './client-configuration.service';
import { CredentialIssuer } from '../credentials/credential-issuer';
import { RegistrationFlow } from './registration.flow';

// The module object the digester calls (an `import * as` namespace would be a copy).
const nodeCrypto: typeof import('node:crypto') = jest.requireActual('node:crypto');

const TOKEN = 'registration-token-0123456789abcdefghijklmn';
const BASE_URL = 'https://iam.example.com';
const SERVER_OPTIONS = { clientSecret: {}, processors: { tokenEndpointAuthMethod: {} } };

/** Two authorization servers, `retail` and `partners`, each with a client holding the same token. */
function setup(serverOptions: object = {}) {
  const options = resolveDcrOptions({
    secretKey: TEST_SECRET_KEY,
    authorizationServers: { retail: { ...SERVER_OPTIONS, ...serverOptions }, partners: { ...SERVER_OPTIONS, ...serverOptions } },
  } as DcrModuleOptions);
  const digester = new SecretDigester(options);
  const store = new MemoryTechClientStore();
  const published: TechClientEvent[] = [];
  // Delivery is the dispatcher's (see its spec and the e2e tests); here: what is published after the write.
  const events = new TechClientEvents([{ onChange: () => undefined }], { nudge: () => undefined } as unknown as ChangeDispatcher, options);
  jest.spyOn(events, 'publish').mockImplementation(async (event) => void published.push(event));
  // The processors are the pipeline's business (and its spec's): here they accept the body as it is.
  const processed: Record<string, unknown>[] = [];
  const pipeline = {
    run: async (server: ResolvedServerOptions, metadata: Record<string, unknown>, operation: ProcessingOperation) => {
      processed.push(metadata);
      const context = new ProcessingContext(server, metadata, operation);
      Object.assign(context.metadata, metadata);
      return context;
    },
  } as unknown as RegistrationPipeline;
  const credentials = new CredentialIssuer(new RandomSecretGenerator(), digester);
  const unused = {} as InitialAccessTokenVerifier & SoftwareStatementVerifier;
  const noIssuedTokens = { findById: async () => null } as unknown as InitialAccessTokenStore;
  const flow = new RegistrationFlow(options, pipeline, new ConfiguredIdentityGenerator(), credentials, unused, noIssuedTokens, unused, store, digester, events, {} as RateLimiter);
  const service = new ClientConfigurationService(flow);
  const client = (overrides: Partial<TechClientEntity> = {}) =>
    storedClient({
      authorizationServer: 'retail',
      registrationTokenDigest: digester.digest(TOKEN),
      secretDigest: digester.digest('client-secret'),
      metadata: { client_name: 'Shop', token_endpoint_auth_method: 'client_secret_basic', grant_types: ['client_credentials'] },
      ...overrides,
    });
  void store.insert(client());
  void store.insert(client({ id: 'partner-1', authorizationServer: 'partners' }));
  return { service, store, digester, published, processed, client };
}

const update = (body: Record<string, unknown> = {}) => ({ client_id: 'client-1', client_name: 'Shop 2', token_endpoint_auth_method: 'client_secret_basic', ...body });

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => { throw new Error('expected the call to fail'); }, (error: unknown) => error);
}

describe('ClientConfigurationService', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn']));

  describe('read (RFC 7592 §2.1)', () => {
    it('returns the configuration with registration_client_uri and the token presented (RFC 7592 §3), without the secret', async () => {
      const { service } = setup();
      expect(await service.read('retail', 'client-1', TOKEN, BASE_URL)).toEqual({
        client_id: 'client-1',
        client_id_issued_at: 0,
        client_secret_expires_at: 0,
        registration_client_uri: 'https://iam.example.com/oauth2/retail/register/client-1',
        registration_access_token: TOKEN,
        client_name: 'Shop',
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
      });
    });

    it('is allowed for a locked client', async () => {
      const { service, store, client } = setup();
      await store.insert(client({ locked: true }));
      expect((await service.read('retail', 'client-1', TOKEN, BASE_URL)).client_id).toBe('client-1');
    });

    it('with rotateRegistrationAccessToken, answers a new token and the old one stops working', async () => {
      const { service, store, digester } = setup({ management: { rotateRegistrationAccessToken: true } });
      const first = await service.read('retail', 'client-1', TOKEN, BASE_URL);
      const rotated = first.registration_access_token as string;
      expect(rotated).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(store.clients.get('client-1')!.registrationTokenDigest).toBe(digester.digest(rotated));
      expect(await failureOf(service.read('retail', 'client-1', TOKEN, BASE_URL))).toBeInstanceOf(InvalidTokenError);
      expect((await service.read('retail', 'client-1', rotated, BASE_URL)).registration_access_token).not.toBe(rotated);
    });

    it('with rotation, a lost race for the same token is invalid_token', async () => {
      const { service, store } = setup({ management: { rotateRegistrationAccessToken: true } });
      jest.spyOn(store, 'update').mockResolvedValueOnce(false);
      expect(await failureOf(service.read('retail', 'client-1', TOKEN, BASE_URL))).toBeInstanceOf(InvalidTokenError);
    });
  });

  describe('authorization: one invalid_token for every failure', () => {
    const verbs: [string, (service: ClientConfigurationService, serverId: string, clientId: string, token: string) => Promise<unknown>][] = [
      ['read', (service, serverId, clientId, token) => service.read(serverId, clientId, token, BASE_URL)],
      ['update', (service, serverId, clientId, token) => service.update(serverId, clientId, token, update({ client_id: clientId }), BASE_URL)],
      ['delete', (service, serverId, clientId, token) => service.delete(serverId, clientId, token)],
    ];
    const failures: [string, string, string, string][] = [
      // [case, server, client id, token]
      ['a wrong token', 'retail', 'client-1', 'wrong-token'],
      ['an unknown client id', 'retail', 'no-such-client', TOKEN],
      ['a client id longer than 128 characters', 'retail', 'c'.repeat(129), TOKEN],
      ["another server's client, with that client's own token", 'retail', 'partner-1', TOKEN],
      ["this server's client through the other server's endpoint", 'partners', 'client-1', TOKEN],
    ];

    describe.each(verbs)('%s', (_verb, call) => {
      it.each(failures)('%s → InvalidTokenError, nothing changed', async (_case, serverId, clientId, token) => {
        const { service, store, published } = setup();
        const before = JSON.stringify([...store.clients.entries()]);
        const error = (await failureOf(call(service, serverId, clientId, token))) as InvalidTokenError;
        expect(error).toBeInstanceOf(InvalidTokenError);
        expect(error.status).toBe(401);
        expect(error.message).toBe('the access token is missing, invalid or does not grant access to this client');
        expect(JSON.stringify([...store.clients.entries()])).toBe(before);
        expect(published).toEqual([]);
      });

      it('works with the right token on the right server (the failures above are not a setup mistake)', async () => {
        const { service } = setup();
        await expect(call(service, 'retail', 'client-1', TOKEN)).resolves.not.toThrow();
        await expect(call(service, 'partners', 'partner-1', TOKEN)).resolves.not.toThrow();
      });

      it('refuses every token when management is disabled', async () => {
        const { service } = setup({ management: { enabled: false } });
        expect(await failureOf(call(service, 'retail', 'client-1', TOKEN))).toBeInstanceOf(InvalidTokenError);
      });
    });

    it('does not look up an id longer than the column', async () => {
      const { service, store } = setup();
      await failureOf(service.read('retail', 'c'.repeat(129), TOKEN, BASE_URL));
      expect(store.lookups).toBe(0);
      await failureOf(service.read('retail', 'c'.repeat(128), TOKEN, BASE_URL));
      expect(store.lookups).toBe(1);
    });

    describe('the same work whether or not the client exists here (no timing oracle for ids)', () => {
      let compare: jest.SpyInstance;
      beforeEach(() => {
        compare = jest.spyOn(nodeCrypto, 'timingSafeEqual');
      });
      afterEach(() => compare.mockRestore());

      /** The HMACs and constant-time compares one read made. */
      async function workOf(serverId: string, clientId: string, token: string) {
        const { service, digester } = setup();
        const digests = jest.spyOn(digester, 'digest');
        compare.mockClear();
        await service.read(serverId, clientId, token, BASE_URL).catch(() => undefined);
        const lengths = compare.mock.calls.map(([a, b]) => [(a as Buffer).length, (b as Buffer).length]);
        return { digests: digests.mock.calls, lengths };
      }

      it.each(failures)('%s: one HMAC of the token and one timingSafeEqual on equal lengths, as for the owner', async (_case, serverId, clientId, token) => {
        const owner = await workOf('retail', 'client-1', TOKEN);
        expect(owner.digests).toEqual([[TOKEN]]);
        expect(owner.lengths).toEqual([[46, 46]]);
        expect(await workOf(serverId, clientId, token)).toEqual({ digests: [[token]], lengths: [[46, 46]] });
      });
    });
  });

  describe('update (RFC 7592 §2.2)', () => {
    it('replaces the metadata, bumps the version and publishes the changed fields', async () => {
      const { service, store, published, processed } = setup();
      const answer = await service.update('retail', 'client-1', TOKEN, update({ client_secret: 'client-secret' }), BASE_URL);
      expect(processed).toEqual([{ client_name: 'Shop 2', token_endpoint_auth_method: 'client_secret_basic' }]);
      expect(answer).toEqual({
        client_id: 'client-1',
        client_id_issued_at: 0,
        client_secret_expires_at: 0,
        registration_client_uri: 'https://iam.example.com/oauth2/retail/register/client-1',
        registration_access_token: TOKEN,
        client_name: 'Shop 2',
        token_endpoint_auth_method: 'client_secret_basic',
      });
      const stored = store.clients.get('client-1')!;
      expect(stored).toMatchObject({ name: 'Shop 2', metadata: { client_name: 'Shop 2', token_endpoint_auth_method: 'client_secret_basic' } });
      expect(stored.updatedAt).toBeGreaterThan(1);
      expect(published).toEqual([
        {
          id: expect.any(String),
          change: 'updated',
          clientId: 'client-1',
          authorizationServer: 'retail',
          actor: { kind: 'client' },
          via: 'management',
          at: expect.any(Date),
          fields: ['client_name', 'grant_types'],
        },
      ]);
    });

    it('requires the body client_id to be the path one', async () => {
      const { service } = setup();
      const { client_id: _omitted, ...withoutId } = update();
      for (const body of [withoutId, update({ client_id: 'partner-1' })]) {
        const error = (await failureOf(service.update('retail', 'client-1', TOKEN, body, BASE_URL))) as InvalidClientMetadataError;
        expect(error).toBeInstanceOf(InvalidClientMetadataError);
        expect(error.message).toBe('client_id: required, and must be the id of the client being updated');
      }
    });

    it.each(['registration_access_token', 'registration_client_uri', 'client_secret_expires_at', 'client_id_issued_at'])('refuses a body carrying %s', async (field) => {
      const { service, published } = setup();
      const error = (await failureOf(service.update('retail', 'client-1', TOKEN, update({ [field]: field.endsWith('_at') ? 0 : 'x' }), BASE_URL))) as Error;
      expect(error).toBeInstanceOf(InvalidClientMetadataError);
      expect(error.message).toBe(`${field}: assigned by the server; it cannot be sent`);
      expect(published).toEqual([]);
    });

    it('refuses a client_secret that is not the current one', async () => {
      const { service, store } = setup();
      const error = (await failureOf(service.update('retail', 'client-1', TOKEN, update({ client_secret: 'not-it' }), BASE_URL))) as Error;
      expect(error).toBeInstanceOf(InvalidClientMetadataError);
      expect(error.message).toBe('client_secret: does not match the current secret');
      expect(store.clients.get('client-1')!.name).toBe('Test client');
    });

    it('refuses a locked client with access_denied, after the token check', async () => {
      const { service, store, client } = setup();
      await store.insert(client({ locked: true }));
      const error = (await failureOf(service.update('retail', 'client-1', TOKEN, update(), BASE_URL))) as AccessDeniedError;
      expect(error).toBeInstanceOf(AccessDeniedError);
      expect(error.status).toBe(403);
      expect(error.message).toBe('the client is locked by an administrator; its registration cannot be changed');
      expect(await failureOf(service.update('retail', 'client-1', 'wrong', update(), BASE_URL))).toBeInstanceOf(InvalidTokenError);
    });

    it('gives a public client turning confidential its first secret, shown once', async () => {
      const { service, store, digester, client } = setup();
      await store.insert(client({ secretDigest: null, secretExpiresAt: null, tokenEndpointAuthMethod: 'none' }));
      const answer = await service.update('retail', 'client-1', TOKEN, update(), BASE_URL);
      expect(answer.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(answer.client_secret_expires_at).toBe(0);
      expect(store.clients.get('client-1')!.secretDigest).toBe(digester.digest(answer.client_secret as string));
    });

    it('keeps the secret of a client that stays confidential (not shown again)', async () => {
      const { service, store, digester } = setup();
      const answer = await service.update('retail', 'client-1', TOKEN, update(), BASE_URL);
      expect(answer).not.toHaveProperty('client_secret');
      expect(store.clients.get('client-1')!.secretDigest).toBe(digester.digest('client-secret'));
    });

    it('drops every secret of a client turning public', async () => {
      const { service, store, digester, client } = setup();
      await store.insert(client({ previousSecretDigest: digester.digest('old'), previousSecretValidUntil: Date.now() + 60_000, secretExpiresAt: 99 }));
      const answer = await service.update('retail', 'client-1', TOKEN, update({ token_endpoint_auth_method: 'none' }), BASE_URL);
      expect(answer).not.toHaveProperty('client_secret_expires_at');
      expect(store.clients.get('client-1')).toMatchObject({ secretDigest: null, secretExpiresAt: null, previousSecretDigest: null, previousSecretValidUntil: null });
    });

    it('with rotateRegistrationAccessToken, answers a new token', async () => {
      const { service, store, digester } = setup({ management: { rotateRegistrationAccessToken: true } });
      const answer = await service.update('retail', 'client-1', TOKEN, update(), BASE_URL);
      expect(answer.registration_access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(store.clients.get('client-1')!.registrationTokenDigest).toBe(digester.digest(answer.registration_access_token as string));
    });

    it('writes conditionally on the version read, within the server quotas', async () => {
      const { service, store, published } = setup();
      const spy = jest.spyOn(store, 'update');
      await service.update('retail', 'client-1', TOKEN, update(), BASE_URL);
      // With the event the store writes to the outbox in the same transaction: the one published after.
      expect(spy).toHaveBeenCalledWith('client-1', 1, expect.objectContaining({ name: 'Shop 2' }), { maxClients: 0, maxClientsPerSoftwareId: 0, maxClientsPerInitialAccessToken: 0 }, published[0]);
    });

    it('answers a concurrent change with a conflict, publishing nothing', async () => {
      const { service, store, published } = setup();
      jest.spyOn(store, 'update').mockResolvedValueOnce(false);
      const error = (await failureOf(service.update('retail', 'client-1', TOKEN, update(), BASE_URL))) as Error;
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toBe('the registration was changed concurrently; read it again and retry');
      expect(published).toEqual([]);
    });

    it('turns a quota refusal into invalid_client_metadata, and lets other store errors through', async () => {
      const { service, store } = setup();
      jest.spyOn(store, 'update').mockRejectedValueOnce(new QuotaExceededError('software_id: too many clients'));
      const error = (await failureOf(service.update('retail', 'client-1', TOKEN, update(), BASE_URL))) as Error;
      expect(error).toBeInstanceOf(InvalidClientMetadataError);
      expect(error.message).toBe('software_id: too many clients');
      const down = new Error('database down');
      jest.spyOn(store, 'update').mockRejectedValueOnce(down);
      expect(await failureOf(service.update('retail', 'client-1', TOKEN, update(), BASE_URL))).toBe(down);
    });
  });

  describe('delete (RFC 7592 §2.3)', () => {
    it('deletes the client conditionally on its version and publishes it', async () => {
      const { service, store, published } = setup();
      const spy = jest.spyOn(store, 'delete');
      await service.delete('retail', 'client-1', TOKEN);
      expect(spy).toHaveBeenCalledWith('client-1', 1, published[0]);
      expect(store.clients.has('client-1')).toBe(false);
      expect(published).toEqual([{ id: expect.any(String), change: 'deleted', clientId: 'client-1', authorizationServer: 'retail', actor: { kind: 'client' }, via: 'management', at: expect.any(Date) }]);
      expect(await failureOf(service.read('retail', 'client-1', TOKEN, BASE_URL))).toBeInstanceOf(InvalidTokenError);
    });

    it('refuses a locked client with access_denied', async () => {
      const { service, store, client } = setup();
      await store.insert(client({ locked: true }));
      expect(await failureOf(service.delete('retail', 'client-1', TOKEN))).toBeInstanceOf(AccessDeniedError);
      expect(store.clients.has('client-1')).toBe(true);
    });

    it('answers a concurrent change with a conflict, publishing nothing', async () => {
      const { service, store, published } = setup();
      jest.spyOn(store, 'delete').mockResolvedValueOnce(false);
      expect(await failureOf(service.delete('retail', 'client-1', TOKEN))).toBeInstanceOf(ConflictError);
      expect(published).toEqual([]);
    });
  });
});
