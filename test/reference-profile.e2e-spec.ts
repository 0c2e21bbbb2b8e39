import request from 'supertest';
import { createTestApp, profile, TestApp } from './utils/test-app';

/** config/reference.json: the reference product's documented defaults. */
describe('config/reference.json (the reference product defaults)', () => {
  let t: TestApp;
  const register = (body: object) => request(t.http).post('/oauth2/register').send(body);
  const complete = {
    redirect_uris: ['https://tpp.example.com/cb'],
    contacts: ['admin@tpp.example.com'],
    software_id: 'tpp-app',
    software_version: '4.1',
    token_endpoint_auth_method: 'client_secret_basic',
  };

  beforeAll(async () => {
    t = await createTestApp(profile('reference'));
  });
  afterAll(() => t.close());

  it('registers a complete request with a UUID id, a 43-character secret that never expires', async () => {
    const response = await register({ ...complete, client_name: 'TPP App', scope: 'accounts payments' }).expect(201);
    expect(response.body).toMatchObject({
      ...complete,
      client_name: 'TPP App',
      scope: 'accounts payments',
      client_secret_expires_at: 0,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    });
    expect(response.body.client_secret).toHaveLength(43);
  });

  it('requires contacts (mandatory by default)', async () => {
    const { contacts: _, ...body } = complete;
    const response = await register(body).expect(400);
    expect(response.body).toEqual({ error: 'invalid_client_metadata', error_description: 'contacts: required' });
  });

  it('rejects an invalid contact because contacts are mandatory', async () => {
    const response = await register({ ...complete, contacts: ['admin@tpp.example.com', 'mailto:<x>'] }).expect(400);
    expect(response.body.error).toBe('invalid_client_metadata');
    expect(response.body.error_description).toMatch(/^contacts: /);
  });

  it('requires software_id and software_version together (mandatory by default)', async () => {
    const { software_version: _, ...body } = complete;
    const response = await register(body).expect(400);
    expect(response.body).toEqual({ error: 'invalid_client_metadata', error_description: 'software_version: required' });
    const invalid = await register({ ...complete, software_id: 'tpp app!' }).expect(400);
    expect(invalid.body.error_description).toMatch(/^software_id: .*dropped together$/);
  });

  it('drops an invalid optional client_name and falls back to the reference display name', async () => {
    const response = await register({ ...complete, client_name: 'Ünïcode <b>' }).expect(201);
    expect(response.body.client_name).toBeUndefined();
    const row = await t.clientRow(response.body.client_id);
    expect(row?.name).toBe('DCR OAuth 2.0 Client');
  });

  it('drops URIs outside the reference pattern (a query string, a port) and keeps the matching ones', async () => {
    const response = await register({
      ...complete,
      client_uri: 'https://tpp.example.com/about',
      logo_uri: 'https://tpp.example.com:8443/logo.png',
      tos_uri: 'https://tpp.example.com/tos?lang=en',
    }).expect(201);
    expect(response.body.client_uri).toBe('https://tpp.example.com/about');
    expect(response.body).not.toHaveProperty('logo_uri');
    expect(response.body).not.toHaveProperty('tos_uri');
  });

  it('rejects a URI that is not an http(s) URL at all, although the field is optional', async () => {
    const response = await register({ ...complete, policy_uri: 'javascript:alert(1)' }).expect(400);
    expect(response.body).toEqual({
      error: 'invalid_client_metadata',
      error_description: 'policy_uri: must be an absolute http(s) URL without white space or user information',
    });
  });

  it('filters out scope values outside the RFC 6749 charset', async () => {
    const response = await register({ ...complete, scope: 'openid bad"scope bad\\scope' }).expect(201);
    expect(response.body.scope).toBe('openid');
  });

  it('filters grants that are not enabled (implicit is off)', async () => {
    const response = await register({ ...complete, grant_types: ['authorization_code', 'implicit'], response_types: ['code', 'token'] }).expect(201);
    expect(response.body.grant_types).toEqual(['authorization_code']);
    expect(response.body.response_types).toEqual(['code']);
  });
});

describe("the reference product's documented scope example", () => {
  let t: TestApp;

  beforeAll(async () => {
    const reference = profile('reference');
    t = await createTestApp({ ...reference, processors: { ...reference.processors, scope: { allowed: ['client-scope'] } } });
  });
  afterAll(() => t.close());

  it('registers "strong client-scope" as "client-scope"', async () => {
    const response = await request(t.http)
      .post('/oauth2/register')
      .send({ redirect_uris: ['https://a.example/cb'], contacts: ['a@b.c'], software_id: 's', software_version: '1', scope: 'strong client-scope' })
      .expect(201);
    expect(response.body.scope).toBe('client-scope');
  });
});
