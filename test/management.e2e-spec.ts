import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ADMIN_TOKEN, AS_ADMIN } from './utils/admin';
import { tamperedToken } from './utils/tamper';
import { createTestApp, profile, TestApp } from './utils/test-app';

const web = {
  redirect_uris: ['https://app.example.com/cb'],
  client_name: 'Managed App',
  token_endpoint_auth_method: 'client_secret_basic',
  scope: 'openid',
};

interface Registered {
  client_id: string;
  client_secret?: string;
  registration_access_token: string;
  registration_client_uri: string;
}

/** The path part of `registration_client_uri`, for supertest. */
const pathOf = (client: Registered) => new URL(client.registration_client_uri).pathname;
const INVALID_TOKEN = { error: 'invalid_token', error_description: 'the access token is missing, invalid or does not grant access to this client' };

describe('RFC 7592 client configuration endpoint', () => {
  let t: TestApp;
  const register = async (body: object = web): Promise<Registered> => (await request(t.http).post('/oauth2/register').send(body).expect(201)).body;
  const auth = (client: Registered) => ({ Authorization: `Bearer ${client.registration_access_token}` });
  const versionOf = async (id: string) => Number((await t.clientRow(id))?.version);

  /** The ids the admin API's name search answers, all pages. */
  const searchByName = async (name: string): Promise<string[]> => {
    const response = await request(t.http).get('/tech-clients').query({ name, limit: '100' }).set(AS_ADMIN).expect(200);
    expect(response.body.meta.page.nextCursor ?? null).toBeNull();
    return response.body.data.map((resource: { id: string }) => resource.id);
  };

  beforeAll(async () => {
    const options = profile('default');
    t = await createTestApp({ ...options, issuer: 'https://iam.example.com/', admin: { ...options.admin, token: ADMIN_TOKEN } });
  });
  afterAll(() => t.close());

  it('builds registration_client_uri on the configured issuer', async () => {
    const client = await register();
    expect(client.registration_client_uri).toBe(`https://iam.example.com/oauth2/register/${client.client_id}`);
  });

  describe('GET (read)', () => {
    it('returns the registered configuration without the secret, with the token to use next (RFC 7592 §3) and no-store', async () => {
      const client = await register();
      const response = await request(t.http).get(pathOf(client)).set(auth(client)).expect(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toEqual({
        client_id: client.client_id,
        client_id_issued_at: expect.any(Number),
        client_secret_expires_at: 0,
        registration_client_uri: client.registration_client_uri,
        registration_access_token: client.registration_access_token,
        application_type: 'web',
        redirect_uris: web.redirect_uris,
        client_name: 'Managed App',
        token_endpoint_auth_method: 'client_secret_basic',
        scope: 'openid',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      });
    });

    it('answers the same 401 for a missing, malformed, wrong or foreign token and an unknown client', async () => {
      const client = await register();
      const other = await register();
      const attempts = [
        request(t.http).get(pathOf(client)),
        request(t.http).get(pathOf(client)).set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`),
        request(t.http).get(pathOf(client)).set('Authorization', 'Bearer'),
        request(t.http).get(pathOf(client)).set('Authorization', `Bearer ${client.registration_access_token} extra`),
        request(t.http).get(pathOf(client)).set('Authorization', `Bearer ${tamperedToken(client.registration_access_token)}`),
        request(t.http).get(pathOf(client)).set(auth(other)),
        request(t.http).get('/oauth2/register/00000000-0000-4000-8000-000000000000').set(auth(client)),
        request(t.http).get(`/oauth2/register/${'a'.repeat(5000)}`).set(auth(client)),
      ];
      for (const response of await Promise.all(attempts)) {
        expect(response.status).toBe(401);
        expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
        expect(response.body).toEqual(INVALID_TOKEN);
      }
    });

    it('refuses a token in the query string', async () => {
      const client = await register();
      const response = await request(t.http).get(`${pathOf(client)}?access_token=${client.registration_access_token}`).expect(400);
      expect(response.body).toEqual({ error: 'invalid_request', error_description: 'access tokens are accepted only in the Authorization header' });
    });
  });

  describe('PUT (update)', () => {
    const put = (client: Registered, body: object) => request(t.http).put(pathOf(client)).set(auth(client)).send(body);

    it('replaces the registration: new values run through the processors, omitted fields are removed', async () => {
      const client = await register({ ...web, contacts: ['a@example.com'] });
      const response = await put(client, {
        client_id: client.client_id,
        redirect_uris: ['https://app.example.com/new'],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: 'openid email',
      }).expect(200);
      expect(response.body).toEqual({
        client_id: client.client_id,
        client_id_issued_at: expect.any(Number),
        client_secret_expires_at: 0,
        registration_client_uri: client.registration_client_uri,
        registration_access_token: client.registration_access_token,
        application_type: 'web',
        redirect_uris: ['https://app.example.com/new'],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: 'openid email',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      });
      const row = await t.clientRow(client.client_id);
      expect(row?.name).toBe('DCR OAuth 2.0 Client');
      expect(Number(row?.version)).toBe(2);
    });

    it('renames the client for the admin search: found by its new name, no longer by the old one', async () => {
      const suffix = randomUUID().slice(0, 8);
      const client = await register({ ...web, client_name: `Ledger Console ${suffix}` });
      expect(await searchByName(`ledger console ${suffix}`)).toEqual([client.client_id]);
      await put(client, { ...web, client_id: client.client_id, client_name: `Treasury Desk ${suffix}` }).expect(200);
      expect(await searchByName(`treasury desk ${suffix}`)).toEqual([client.client_id]);
      expect(await searchByName(`Ledger Console ${suffix}`)).toEqual([]);
    });

    it.each(['registration_access_token', 'registration_client_uri', 'client_secret_expires_at', 'client_id_issued_at'])(
      'refuses a body that carries %s and changes nothing',
      async (field) => {
        const client = await register();
        const value = field.endsWith('_at') ? 0 : 'x';
        const response = await put(client, { ...web, client_id: client.client_id, [field]: value }).expect(400);
        expect(response.body).toEqual({ error: 'invalid_client_metadata', error_description: `${field}: assigned by the server; it cannot be sent` });
        expect(await versionOf(client.client_id)).toBe(1);
      },
    );

    it('requires the body client_id to be the path one', async () => {
      const client = await register();
      const other = await register();
      for (const body of [{ ...web }, { ...web, client_id: other.client_id }]) {
        const response = await put(client, body).expect(400);
        expect(response.body.error_description).toBe('client_id: required, and must be the id of the client being updated');
      }
      expect(await versionOf(client.client_id)).toBe(1);
    });

    it('accepts the current client_secret and refuses another one', async () => {
      const client = await register();
      await put(client, { ...web, client_id: client.client_id, client_secret: client.client_secret }).expect(200);
      const response = await put(client, { ...web, client_id: client.client_id, client_secret: 'not-the-secret' }).expect(400);
      expect(response.body).toEqual({ error: 'invalid_client_metadata', error_description: 'client_secret: does not match the current secret' });
    });

    it('leaves the record unchanged when a processor rejects the update', async () => {
      const client = await register();
      const before = await t.clientRow(client.client_id);
      const response = await put(client, { ...web, client_id: client.client_id, redirect_uris: ['https://app.example.com/cb#frag'] }).expect(400);
      expect(response.body.error).toBe('invalid_redirect_uri');
      expect(await t.clientRow(client.client_id)).toEqual(before);
    });

    it('removes the secret of a client turning public and issues one (once) when it turns confidential again', async () => {
      const client = await register();
      const publicClient = await put(client, { ...web, client_id: client.client_id, token_endpoint_auth_method: 'none' }).expect(200);
      expect(publicClient.body).not.toHaveProperty('client_secret_expires_at');
      expect((await t.clientRow(client.client_id))?.secret_digest).toBeNull();
      const confidential = await put(client, { ...web, client_id: client.client_id }).expect(200);
      expect(confidential.body.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(confidential.body.client_secret).not.toBe(client.client_secret);
      const read = await request(t.http).get(pathOf(client)).set(auth(client)).expect(200);
      expect(read.body).not.toHaveProperty('client_secret');
    });

    it('never loses one of several concurrent updates silently', async () => {
      const client = await register();
      const responses = await Promise.all(
        Array.from({ length: 8 }, (_, i) => put(client, { ...web, client_id: client.client_id, client_name: `Name ${i}` })),
      );
      const ok = responses.filter((response) => response.status === 200);
      const conflicts = responses.filter((response) => response.status === 409);
      expect(ok.length + conflicts.length).toBe(8);
      expect(ok.length).toBeGreaterThan(0);
      for (const conflict of conflicts) expect(conflict.body.error_description).toMatch(/changed concurrently/);
      // Every accepted update is one version step: none was overwritten without being counted.
      expect(await versionOf(client.client_id)).toBe(1 + ok.length);
    });
  });

  describe('DELETE', () => {
    it('answers 204 and at once the client, its token and its configuration are gone', async () => {
      const client = await register();
      const response = await request(t.http).delete(pathOf(client)).set(auth(client)).expect(204);
      expect(response.text).toBe('');
      expect(await t.clientRow(client.client_id)).toBeUndefined();
      await request(t.http).get(pathOf(client)).set(auth(client)).expect(401);
      await request(t.http).put(pathOf(client)).set(auth(client)).send({ ...web, client_id: client.client_id }).expect(401);
      await request(t.http).delete(pathOf(client)).set(auth(client)).expect(401);
    });
  });

  describe('a client locked by an administrator', () => {
    it('can read its configuration but neither update nor delete it (403 access_denied)', async () => {
      const client = await register();
      const placeholder = t.database.driver === 'postgres' ? '$1' : '?';
      await t.dataSource.query(`UPDATE tech_client SET locked = ${t.database.driver === 'postgres' ? 'true' : '1'} WHERE id = ${placeholder}`, [client.client_id]);
      await request(t.http).get(pathOf(client)).set(auth(client)).expect(200);
      const update = await request(t.http).put(pathOf(client)).set(auth(client)).send({ ...web, client_id: client.client_id }).expect(403);
      expect(update.body).toEqual({ error: 'access_denied', error_description: 'the client is locked by an administrator; its registration cannot be changed' });
      await request(t.http).delete(pathOf(client)).set(auth(client)).expect(403);
      expect(await versionOf(client.client_id)).toBe(1);
    });
  });
});

describe('RFC 7592 with registration access token rotation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ...profile('default'), management: { enabled: true, rotateRegistrationAccessToken: true } });
  });
  afterAll(() => t.close());

  it('issues a new token on every GET and PUT; the old one stops working', async () => {
    const client = (await request(t.http).post('/oauth2/register').send(web).expect(201)).body as Registered;
    const path = pathOf(client);
    const read = await request(t.http).get(path).set('Authorization', `Bearer ${client.registration_access_token}`).expect(200);
    const second = read.body.registration_access_token as string;
    expect(second).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(client.registration_access_token);
    await request(t.http).get(path).set('Authorization', `Bearer ${client.registration_access_token}`).expect(401);

    const updated = await request(t.http).put(path).set('Authorization', `Bearer ${second}`).send({ ...web, client_id: client.client_id }).expect(200);
    const third = updated.body.registration_access_token as string;
    expect(third).not.toBe(second);
    await request(t.http).get(path).set('Authorization', `Bearer ${second}`).expect(401);
    await request(t.http).get(path).set('Authorization', `Bearer ${third}`).expect(200);
  });
});

describe('RFC 7592 disabled', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ...profile('default'), management: { enabled: false } });
  });
  afterAll(() => t.close());

  it('issues no registration access token and serves no configuration', async () => {
    const client = (await request(t.http).post('/oauth2/register').send(web).expect(201)).body;
    expect(client).not.toHaveProperty('registration_access_token');
    expect(client).not.toHaveProperty('registration_client_uri');
    expect((await t.clientRow(client.client_id))?.registration_token_digest).toBeNull();
    await request(t.http).get(`/oauth2/register/${client.client_id}`).set('Authorization', 'Bearer anything').expect(401);
  });
});
