import request from 'supertest';
import { DcrModuleOptions } from '../src/dcr';
import { ADMIN_TOKEN, AS_ADMIN } from './utils/admin';
import { RecordingLogger } from './utils/recording-logger';
import { createTestApp, profile, TestApp } from './utils/test-app';

const PATH = '/tech-clients/initial-access-tokens';
const options = { ...profile('default'), issuer: 'http://localhost', admin: { token: ADMIN_TOKEN }, initialAccessToken: { required: true } } as DcrModuleOptions;
const body = { grant_types: ['client_credentials'], scope: 'api:read api:write', token_endpoint_auth_method: 'client_secret_basic' };

describe('initial access tokens issued through the admin API', () => {
  let first: TestApp;
  let second: TestApp;
  const logger = new RecordingLogger();
  const admin = (app: TestApp = first) => ({
    post: (path: string) => request(app.http).post(path).set(AS_ADMIN),
    get: (path: string) => request(app.http).get(path).set(AS_ADMIN),
    delete: (path: string) => request(app.http).delete(path).set(AS_ADMIN),
  });
  const register = (app: TestApp, token: string, payload: object = body) => request(app.http).post('/oauth2/register').set('Authorization', `Bearer ${token}`).send(payload);

  beforeAll(async () => {
    first = await createTestApp(options, { logger });
    // A second instance on the same database: a token issued or revoked on one holds on the other at once.
    second = await createTestApp(options, { database: first.database });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('issues a token shown once, which another instance honours at once, with its profile applied', async () => {
    const issued = await admin().post(PATH).send({ label: 'Partner onboarding', maxUses: 5, profile: { grantTypes: ['client_credentials'], scopes: ['api:read'] } }).expect(201);
    expect(issued.headers['cache-control']).toBe('no-store');
    const { id, attributes } = issued.body.data;
    expect(attributes).toMatchObject({ label: 'Partner onboarding', maxUses: 5, uses: 0, revokedAt: null, expiresAt: null, authorizationServer: 'default' });
    expect(attributes.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const registered = await register(second, attributes.token).expect(201);
    expect(registered.body.scope).toBe('api:read');
    const row = await first.clientRow(registered.body.client_id);
    expect(row?.initial_access_token_id).toBe(id);

    const shown = await admin().get(`${PATH}/${id}`).expect(200);
    expect(shown.body.data.attributes).toMatchObject({ uses: 1 });
    expect(shown.body.data.attributes).not.toHaveProperty('token');
    expect(JSON.stringify(shown.body)).not.toContain(attributes.token);
    // Only a keyed digest is stored.
    const stored = await first.dataSource.query('SELECT * FROM dcr_initial_access_token');
    expect(JSON.stringify(stored)).not.toContain(attributes.token);
    expect(logger.lines.join('\n')).not.toContain(attributes.token);
  });

  it('lists tokens newest first, page by page, never with the token', async () => {
    for (const label of ['one', 'two', 'three']) await admin().post(PATH).send({ label }).expect(201);
    const page = await admin().get(`${PATH}?limit=2`).expect(200);
    expect(page.body.data.map((token: { attributes: { label: string } }) => token.attributes.label)).toEqual(['three', 'two']);
    expect(page.body.data.every((token: { attributes: object }) => !('token' in token.attributes))).toBe(true);
    const next = await admin().get(`${PATH}?limit=2&before=${page.body.meta.page.nextCursor}`).expect(200);
    expect(next.body.data[0].attributes.label).toBe('one');
  });

  it('revokes a token: registrations with it get 401 on every instance at once; its clients stay', async () => {
    const issued = await admin().post(PATH).send({ label: 'to revoke' }).expect(201);
    const { id, attributes } = issued.body.data;
    const client = await register(first, attributes.token).expect(201);
    const revoked = await admin(second).delete(`${PATH}/${id}`).expect(200);
    expect(revoked.body.data.attributes.revokedAt).not.toBeNull();
    const refused = await register(first, attributes.token).expect(401);
    expect(refused.body.error).toBe('invalid_token');
    expect(await first.clientRow(client.body.client_id)).toBeDefined();
    // Revoking again changes nothing.
    const again = await admin().delete(`${PATH}/${id}`).expect(200);
    expect(again.body.data.attributes.revokedAt).toBe(revoked.body.data.attributes.revokedAt);
  });

  it('counts uses in the database: maxUses holds across instances', async () => {
    const issued = await admin().post(PATH).send({ maxUses: 2 }).expect(201);
    const token = issued.body.data.attributes.token;
    await register(first, token).expect(201);
    await register(second, token).expect(201);
    await register(first, token).expect(401);
  });

  it('holds an RFC 7592 update to the profile of the token the client registered with, and to its current values once revoked', async () => {
    const issued = await admin().post(PATH).send({ profile: { grantTypes: ['client_credentials'], scopes: ['api:read', 'api:write'] } }).expect(201);
    const { id, attributes } = issued.body.data;
    const client = (await register(first, attributes.token, { ...body, scope: 'api:read' }).expect(201)).body;
    const update = (scope: string) =>
      request(first.http).put(`/oauth2/register/${client.client_id}`).set('Authorization', `Bearer ${client.registration_access_token}`)
        .send({ client_id: client.client_id, grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic', scope });
    expect((await update('api:read api:write').expect(200)).body.scope).toBe('api:read api:write');
    expect((await update('api:read api:write api:admin').expect(200)).body.scope).toBe('api:read api:write');
    await admin().delete(`${PATH}/${id}`).expect(200);
    await update('api:read').expect(200);
    // Revoked: the client's current values are the ceiling; it may narrow, never widen.
    expect((await update('api:read api:write').expect(200)).body.scope).toBe('api:read');
  });

  it('expires a token at its lifetime', async () => {
    const issued = await admin().post(PATH).send({ expiresInSeconds: 60 }).expect(201);
    const expiresAt = Date.parse(issued.body.data.attributes.expiresAt);
    expect(expiresAt - Date.now()).toBeGreaterThan(55_000);
    await first.dataSource.query(`UPDATE dcr_initial_access_token SET expires_at = ${Date.now() - 1} WHERE id = '${issued.body.data.id}'`);
    await register(first, issued.body.data.attributes.token).expect(401);
  });

  it.each([
    [{ typo: 1 }, 'body: unknown member "typo" (allowed: authorizationServer, label, expiresInSeconds, maxUses, profile)'],
    [{ maxUses: 0 }, 'maxUses: must be an integer from 1 to 1000000'],
    [{ expiresInSeconds: 10 }, 'expiresInSeconds: must be an integer from 60 to 31536000'],
    [{ label: '   ' }, 'label: must not be blank'],
    [{ authorizationServer: 'nope' }, 'authorizationServer: "nope" is not configured'],
    [{ profile: { grantTypes: ['password'] } }, 'profile.grantTypes: unknown value "password"'],
    [{ profile: { scopes: 'api:read' } }, 'profile.scopes: must be an array of strings'],
  ])('refuses %j with a precise 400 and stores nothing', async (payload, description) => {
    const before = (await first.dataSource.query('SELECT COUNT(*) AS n FROM dcr_initial_access_token'))[0].n;
    const response = await admin().post(PATH).send(payload).expect(400);
    expect(response.body).toEqual({ error: 'invalid_request', error_description: description });
    expect((await first.dataSource.query('SELECT COUNT(*) AS n FROM dcr_initial_access_token'))[0].n).toBe(before);
  });

  it('is behind the admin guard, answers 404 for an unknown token and 405 with Allow for other methods', async () => {
    await request(first.http).get(PATH).expect(401);
    await request(first.http).post(PATH).send({}).expect(401);
    await admin().get(`${PATH}/iat-unknown`).expect(404);
    await admin().delete(`${PATH}/iat-unknown`).expect(404);
    const patch = await request(first.http).patch(PATH).set(AS_ADMIN).expect(405);
    expect(patch.headers.allow).toBe('GET, HEAD, POST');
    await admin().get(`${PATH}?limit=0`).expect(400);
    await admin().get(`${PATH}?before=nonsense`).expect(400);
    await admin().get(`${PATH}?sort=x`).expect(400);
  });
});
