import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as client from 'openid-client';
import request from 'supertest';
import { TechClientEntity, TechClientStore } from '../src/dcr';
import { SecretDigester } from '../src/dcr/secrets/secret-digester';
import { createTestApp, profile, TestApp } from './utils/test-app';

/**
 * The example host's token endpoint driven by openid-client v6, as a registered client would use
 * it: discovery → dynamic registration → client credentials grant → a JWT that verifies against
 * the published JWKS; then every way a client must be refused.
 */
describe('client authentication at the token endpoint (openid-client v6)', () => {
  let t: TestApp;
  let issuer: URL;
  let store: TechClientStore;
  let digester: SecretDigester;

  beforeAll(async () => {
    // Throttling is covered in its own suite; here it must not interfere.
    t = await createTestApp({ ...profile('default'), clientAuthentication: { maxFailures: 1000, maxFailuresPerClient: 1000 } });
    await t.app.listen(0, '127.0.0.1');
    issuer = new URL(await t.app.getUrl());
    store = t.app.get(TechClientStore);
    digester = t.app.get(SecretDigester);
  });
  afterAll(() => t.close());

  const insecure = { execute: [client.allowInsecureRequests] };

  /** Discovery + RFC 7591 registration; the Configuration authenticates with `auth`. */
  async function register(metadata: Partial<client.ClientMetadata>, auth: client.ClientAuth = client.ClientSecretBasic()): Promise<client.Configuration> {
    return client.dynamicClientRegistration(
      issuer,
      { grant_types: ['client_credentials'], scope: 'api:read api:write', token_endpoint_auth_method: 'client_secret_basic', ...metadata },
      auth,
      { algorithm: 'oauth2', ...insecure },
    );
  }

  /** The same client, authenticating with another secret or method. */
  function configurationOf(config: client.Configuration, secret: string, auth: (secret: string) => client.ClientAuth): client.Configuration {
    const other = new client.Configuration(config.serverMetadata(), config.clientMetadata().client_id, secret, auth(secret));
    client.allowInsecureRequests(other);
    return other;
  }

  /** The RFC 6749 §5.2 error of a refused grant, whichever way openid-client reports it. */
  async function refusal(grant: Promise<unknown>): Promise<{ status: number; body: Record<string, unknown>; challenge?: string }> {
    const error = await grant.then(
      () => { throw new Error('expected the token request to be refused'); },
      (caught: unknown) => caught,
    );
    if (error instanceof client.WWWAuthenticateChallengeError) {
      const response = error.response as unknown as Response;
      return { status: error.status, body: (await response.json()) as Record<string, unknown>, challenge: response.headers.get('www-authenticate') ?? undefined };
    }
    if (error instanceof client.ResponseBodyError) return { status: error.status, body: error.cause as Record<string, unknown> };
    throw error;
  }

  const INVALID_CLIENT = { status: 401, body: { error: 'invalid_client', error_description: 'client authentication failed' }, challenge: 'Basic realm="oauth2", charset="UTF-8"' };

  async function storedClient(config: client.Configuration): Promise<TechClientEntity> {
    const stored = await store.findById(config.clientMetadata().client_id);
    if (!stored) throw new Error('client not stored');
    return stored;
  }

  it('discovery names the token endpoint, the JWKS, the registration endpoint and what is supported', async () => {
    const config = await client.discovery(issuer, 'unused', undefined, undefined, { algorithm: 'oauth2', ...insecure });
    const server = config.serverMetadata();
    expect(server).toMatchObject({
      token_endpoint: new URL('/oauth2/token', issuer).href,
      jwks_uri: new URL('/oauth2/jwks', issuer).href,
      registration_endpoint: new URL('/oauth2/register', issuer).href,
      authorization_endpoint: new URL('/oauth2/authorize', issuer).href,
      grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    });
  });

  it('registration → client credentials grant → a JWT that verifies against the JWKS', async () => {
    const config = await register({});
    const { client_id: clientId } = config.clientMetadata();
    const tokens = await client.clientCredentialsGrant(config, { scope: 'api:read' });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.expires_in).toBe(600);
    expect(tokens.scope).toBe('api:read');

    const server = config.serverMetadata();
    const jwks = createRemoteJWKSet(new URL(server.jwks_uri!));
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, { issuer: server.issuer, typ: 'at+jwt' });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({ iss: server.issuer, sub: clientId, client_id: clientId, scope: 'api:read' });
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload).not.toHaveProperty('aud');

    // A token signed by anyone else does not verify against this JWKS.
    const [header, body] = tokens.access_token.split('.');
    await expect(jwtVerify(`${header}.${body}.${'A'.repeat(86)}`, jwks)).rejects.toThrow();
    expect(decodeProtectedHeader(tokens.access_token).kid).toBeDefined();
  });

  it('without a scope parameter the token carries every registered scope, and never an unregistered one', async () => {
    const config = await register({ scope: 'api:read' });
    expect((await client.clientCredentialsGrant(config)).scope).toBe('api:read');
    expect((await client.clientCredentialsGrant(config, { scope: 'api:read admin' })).scope).toBe('api:read');
    expect(await refusal(client.clientCredentialsGrant(config, { scope: 'admin' }))).toEqual({
      status: 400,
      body: { error: 'invalid_scope', error_description: 'none of the requested scopes is registered for this client' },
    });
  });

  it('client_secret_post works for a client that registered it', async () => {
    const config = await register({ token_endpoint_auth_method: 'client_secret_post' }, client.ClientSecretPost());
    expect((await client.clientCredentialsGrant(config)).access_token).toBeTruthy();
  });

  it('a wrong secret → 401 invalid_client with WWW-Authenticate: Basic', async () => {
    const config = await register({});
    expect(await refusal(client.clientCredentialsGrant(configurationOf(config, 'wrong-secret', client.ClientSecretBasic)))).toEqual(INVALID_CLIENT);
  });

  it('client_secret_post from a client registered with client_secret_basic → refused', async () => {
    const config = await register({});
    const secret = config.clientMetadata().client_secret as string;
    expect(await refusal(client.clientCredentialsGrant(configurationOf(config, secret, client.ClientSecretPost)))).toEqual(INVALID_CLIENT);
    // The same secret through the registered method works.
    expect((await client.clientCredentialsGrant(configurationOf(config, secret, client.ClientSecretBasic))).access_token).toBeTruthy();
  });

  it('a client that named no method gets client_secret_basic and may use client_secret_post, as openid-client does by default', async () => {
    const config = await client.dynamicClientRegistration(
      issuer,
      { grant_types: ['client_credentials'], scope: 'api:read' },
      undefined, // openid-client's default: client_secret_post whenever there is a secret
      { algorithm: 'oauth2', ...insecure },
    );
    expect(config.clientMetadata().token_endpoint_auth_method).toBe('client_secret_basic');
    expect((await client.clientCredentialsGrant(config)).access_token).toBeTruthy();
    const secret = config.clientMetadata().client_secret as string;
    expect((await client.clientCredentialsGrant(configurationOf(config, secret, client.ClientSecretBasic))).access_token).toBeTruthy();
    expect(await refusal(client.clientCredentialsGrant(configurationOf(config, 'wrong-secret', client.ClientSecretPost)))).toEqual(INVALID_CLIENT);
    expect((await storedClient(config)).tokenEndpointAuthMethodDefaulted).toBe(true);
  });

  it('a grant type the client did not register → unauthorized_client', async () => {
    const config = await register({ grant_types: ['authorization_code'], redirect_uris: ['http://127.0.0.1:8080/cb'] });
    expect(await refusal(client.clientCredentialsGrant(config))).toEqual({
      status: 400,
      body: { error: 'unauthorized_client', error_description: 'the client is not registered for the "client_credentials" grant type' },
    });
  });

  it('a locked client is refused; unlocked it works again', async () => {
    const config = await register({});
    await client.clientCredentialsGrant(config);
    let stored = await storedClient(config);
    expect(await store.update(stored.id, stored.version, { locked: true, lockReason: 'Client reported to be hacked.', lockedAt: Date.now() })).toBe(true);
    expect(await refusal(client.clientCredentialsGrant(config))).toEqual(INVALID_CLIENT);

    stored = await storedClient(config);
    expect(await store.update(stored.id, stored.version, { locked: false, lockReason: null, lockedAt: null })).toBe(true);
    expect((await client.clientCredentialsGrant(config)).access_token).toBeTruthy();
  });

  it('after RFC 7592 DELETE the client is refused', async () => {
    const config = await register({});
    await client.clientCredentialsGrant(config);
    const { registration_client_uri: uri, registration_access_token: token } = config.clientMetadata() as Record<string, string>;
    await request(t.http).delete(new URL(uri).pathname).set('Authorization', `Bearer ${token}`).expect(204);
    expect(await refusal(client.clientCredentialsGrant(config))).toEqual(INVALID_CLIENT);
  });

  it('a client deleted through the store (admin API) is refused', async () => {
    const config = await register({});
    const stored = await storedClient(config);
    expect(await store.delete(stored.id, stored.version)).toBe(true);
    expect(await refusal(client.clientCredentialsGrant(config))).toEqual(INVALID_CLIENT);
  });

  it('secret rotation: both secrets work during the grace period, then only the new one', async () => {
    const config = await register({});
    const oldSecret = config.clientMetadata().client_secret as string;
    const newSecret = 'rotated-secret-0123456789abcdefghijklmnopqr';
    let stored = await storedClient(config);
    await store.update(stored.id, stored.version, {
      secretDigest: digester.digest(newSecret),
      previousSecretDigest: stored.secretDigest,
      previousSecretValidUntil: Date.now() + 10 * 60_000,
    });
    const withOld = configurationOf(config, oldSecret, client.ClientSecretBasic);
    const withNew = configurationOf(config, newSecret, client.ClientSecretBasic);
    expect((await client.clientCredentialsGrant(withOld)).access_token).toBeTruthy();
    expect((await client.clientCredentialsGrant(withNew)).access_token).toBeTruthy();

    // The grace period ends (set in the past rather than waited for).
    stored = await storedClient(config);
    await store.update(stored.id, stored.version, { previousSecretValidUntil: Date.now() - 1000 });
    expect(await refusal(client.clientCredentialsGrant(withOld))).toEqual(INVALID_CLIENT);
    expect((await client.clientCredentialsGrant(withNew)).access_token).toBeTruthy();
  });

  it('an expired secret is refused', async () => {
    const config = await register({});
    const stored = await storedClient(config);
    await store.update(stored.id, stored.version, { secretExpiresAt: Math.floor(Date.now() / 1000) - 1 });
    expect(await refusal(client.clientCredentialsGrant(config))).toEqual(INVALID_CLIENT);
  });

  it('records last_used_at on success without bumping the version', async () => {
    const config = await register({});
    const before = await storedClient(config);
    expect(before.lastUsedAt).toBeNull();
    await client.clientCredentialsGrant(config);
    const after = await storedClient(config);
    expect(after.lastUsedAt).toEqual(expect.any(Number));
    expect(after.version).toBe(before.version);
    expect(after.updatedAt).toBe(before.updatedAt);
  });

  it('unknown, locked, deleted, expired and wrong-secret clients get byte-identical answers', async () => {
    const answers: string[] = [];
    const answer = async (clientId: string, secret: string) => {
      const response = await request(t.http)
        .post('/oauth2/token')
        .auth(clientId, secret)
        .type('form')
        .send({ grant_type: 'client_credentials' });
      answers.push(JSON.stringify({ status: response.status, body: response.text, challenge: response.headers['www-authenticate'], cache: response.headers['cache-control'] }));
    };
    const make = async (changes: Partial<TechClientEntity>) => {
      const config = await register({});
      const stored = await storedClient(config);
      if (Object.keys(changes).length) await store.update(stored.id, stored.version, changes);
      return { id: stored.id, secret: config.clientMetadata().client_secret as string, version: stored.version };
    };
    const good = await make({});
    await answer(good.id, 'wrong-secret');
    await answer('6a1c7f5e-0000-4000-8000-000000000000', 'whatever');
    const locked = await make({ locked: true });
    await answer(locked.id, locked.secret);
    const expired = await make({ secretExpiresAt: 1 });
    await answer(expired.id, expired.secret);
    const deleted = await make({});
    await store.delete(deleted.id, deleted.version);
    await answer(deleted.id, deleted.secret);
    expect(new Set(answers).size).toBe(1);
    expect(JSON.parse(answers[0])).toEqual({
      status: 401,
      body: '{"error":"invalid_client","error_description":"client authentication failed"}',
      challenge: 'Basic realm="oauth2", charset="UTF-8"',
      cache: 'no-store',
    });
  });

  it('a successful token response is not cacheable (RFC 6749 §5.1)', async () => {
    const config = await register({});
    const response = await request(t.http)
      .post('/oauth2/token')
      .auth(config.clientMetadata().client_id, config.clientMetadata().client_secret as string)
      .type('form')
      .send({ grant_type: 'client_credentials' })
      .expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['pragma']).toBe('no-cache');
    expect(Object.keys(response.body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
  });
});
