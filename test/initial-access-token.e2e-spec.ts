import { Injectable } from '@nestjs/common';
import request from 'supertest';
import { DcrModuleOptions, InitialAccessGrant, InitialAccessTokenVerifier, InvalidTokenError, ResolvedServerOptions } from '../src/dcr';
import { createTestApp, profile, TestApp } from './utils/test-app';

const TOKEN = 'iat-valid-0123456789abcdefghijklmnopqrstuvwxyz';
const LIMITED = 'iat-three-uses-0123456789abcdefghijklmnopqrstuv';
const EXPIRED = 'iat-expired-0123456789abcdefghijklmnopqrstuvwxyz';
const NARROW = 'iat-narrow-profile-0123456789abcdefghijklmnopqrs';
const body = { grant_types: ['client_credentials'], scope: 'api:read api:write' };
const options: Partial<DcrModuleOptions> = {
  ...profile('default'),
  initialAccessToken: {
    required: true,
    tokens: [
      { token: TOKEN, id: 'partner-a' },
      { token: LIMITED, id: 'three-uses', maxUses: 3 },
      { token: EXPIRED, id: 'expired', expiresAt: '2020-01-01T00:00:00Z' },
      { token: NARROW, id: 'narrow', profile: { grantTypes: ['client_credentials'], scopes: ['api:read'], tokenEndpointAuthMethods: ['client_secret_basic'] } },
    ],
  },
};

describe('initial access tokens (RFC 7591 §3)', () => {
  let first: TestApp;
  let second: TestApp;
  const register = (app: TestApp, token?: string, payload: object = body) => {
    const call = request(app.http).post('/oauth2/register');
    return (token === undefined ? call : call.set('Authorization', `Bearer ${token}`)).send(payload);
  };

  beforeAll(async () => {
    first = await createTestApp(options);
    // A second instance on the same database: use counts must be shared.
    second = await createTestApp(options, { database: first.database });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('registers with a valid token', async () => {
    const response = await register(first, TOKEN).expect(201);
    expect(response.body.grant_types).toEqual(['client_credentials']);
  });

  it.each([
    ['no token', undefined, 'an initial access token is required to register'],
    ['an unknown token', 'iat-unknown-0123456789abcdefghijklmnopqrstuvwxyz', 'the access token is missing, invalid or does not grant access to this client'],
    ['an expired token', EXPIRED, 'the access token is missing, invalid or does not grant access to this client'],
  ])('refuses %s with 401 invalid_token and stores nothing', async (_, token, description) => {
    const before = await first.countClients();
    const response = await register(first, token).expect(401);
    expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(response.body).toEqual({ error: 'invalid_token', error_description: description });
    expect(await first.countClients()).toBe(before);
  });

  it('counts uses across two instances sharing one database', async () => {
    const statuses = [];
    for (const app of [first, second, first, second]) statuses.push((await register(app, LIMITED)).status);
    expect(statuses).toEqual([201, 201, 201, 401]);
    const response = await register(second, LIMITED).expect(401);
    expect(response.body.error_description).toBe('the initial access token has no registration left');
  });

  it('never exceeds maxUses under concurrent registrations', async () => {
    const token = 'iat-race-0123456789abcdefghijklmnopqrstuvwxyz0123';
    const raced = { ...options, initialAccessToken: { required: true, tokens: [{ token, id: 'race', maxUses: 5 }] } };
    const a = await createTestApp(raced);
    const b = await createTestApp(raced, { database: a.database });
    try {
      const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => register(i % 2 ? a : b, token)));
      expect(responses.filter((response) => response.status === 201)).toHaveLength(5);
      expect(responses.filter((response) => response.status === 401)).toHaveLength(7);
      expect(await a.countClients()).toBe(5);
    } finally {
      await b.close();
      await a.close();
    }
  });

  it("narrows a registration to the token's profile", async () => {
    const narrowed = await register(first, NARROW).expect(201);
    expect(narrowed.body.scope).toBe('api:read');
    const wrongGrant = await register(first, NARROW, { redirect_uris: ['https://a.example/cb'] }).expect(400);
    expect(wrongGrant.body).toEqual({ error: 'invalid_client_metadata', error_description: 'grant_types: not allowed by the initial access token: authorization_code' });
    const wrongMethod = await register(first, NARROW, { ...body, token_endpoint_auth_method: 'client_secret_post' }).expect(400);
    expect(wrongMethod.body.error_description).toBe('token_endpoint_auth_method: "client_secret_post" is not allowed by the initial access token');
  });

  describe("an RFC 7592 update stays within the token's profile", () => {
    const put = (app: TestApp, client: Record<string, unknown>, metadata: object) =>
      request(app.http)
        .put(`/oauth2/register/${client.client_id}`)
        .set('Authorization', `Bearer ${client.registration_access_token}`)
        .send({ client_id: client.client_id, ...metadata });
    const widerGrants = { grant_types: ['client_credentials', 'authorization_code'], redirect_uris: ['https://a.example/cb'], scope: 'api:read' };
    const widerScope = { grant_types: ['client_credentials'], scope: 'api:read api:write admin' };

    async function expectUnchanged(app: TestApp, client: Record<string, unknown>, before: Record<string, unknown>): Promise<void> {
      const after = await app.clientRow(client.client_id as string);
      expect({ ...after, last_used_at: null }).toEqual({ ...before, last_used_at: null });
    }

    it('refuses grants beyond it and drops scope values beyond it, while the token is configured', async () => {
      const client = (await register(first, NARROW).expect(201)).body;
      const before = (await first.clientRow(client.client_id))!;
      const grants = await put(first, client, widerGrants).expect(400);
      expect(grants.body).toEqual({ error: 'invalid_client_metadata', error_description: 'grant_types: not allowed by the initial access token: authorization_code' });
      await expectUnchanged(first, client, before);
      const scope = await put(first, client, widerScope).expect(200);
      expect(scope.body.scope).toBe('api:read');
    });

    it('holds the client to what it has once its token is no longer configured: it may narrow, never widen', async () => {
      const client = (await register(first, NARROW).expect(201)).body;
      const before = (await first.clientRow(client.client_id))!;
      const withoutToken = await createTestApp({ ...options, initialAccessToken: { required: true, tokens: [{ token: TOKEN, id: 'partner-a' }] } }, { database: first.database });
      try {
        await put(withoutToken, client, widerGrants).expect(400);
        await expectUnchanged(withoutToken, client, before);
        expect((await put(withoutToken, client, widerScope).expect(200)).body.scope).toBe('api:read');
        const method = await put(withoutToken, client, { grant_types: ['client_credentials'], scope: 'api:read', token_endpoint_auth_method: 'client_secret_post' }).expect(400);
        expect(method.body.error_description).toBe('token_endpoint_auth_method: "client_secret_post" is not allowed by the initial access token');
        const narrower = await put(withoutToken, client, { grant_types: ['client_credentials'] }).expect(200);
        expect(narrower.body.scope).toBeUndefined();
      } finally {
        await withoutToken.close();
      }
    });
  });
});

/** A host's own verifier, e.g. for tokens it minted elsewhere. */
@Injectable()
class HostTokenVerifier extends InitialAccessTokenVerifier {
  verify(token: string | undefined, _server: ResolvedServerOptions): InitialAccessGrant {
    if (token !== 'host-minted-token') throw new InvalidTokenError();
    return { id: 'host', maxUses: 1 };
  }
}

describe('a host InitialAccessTokenVerifier', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(profile('default'), { extras: { providers: [{ provide: InitialAccessTokenVerifier, useClass: HostTokenVerifier }] } });
  });
  afterAll(() => t.close());

  it('decides instead of the configured tokens, and its maxUses is enforced', async () => {
    await request(t.http).post('/oauth2/register').send(body).expect(401);
    await request(t.http).post('/oauth2/register').set('Authorization', 'Bearer host-minted-token').send(body).expect(201);
    await request(t.http).post('/oauth2/register').set('Authorization', 'Bearer host-minted-token').send(body).expect(401);
  });
});
