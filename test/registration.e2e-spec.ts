import request from 'supertest';
import { createTestApp, profile, TestApp } from './utils/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('POST /oauth2/register (RFC 7591) with config/default.json', () => {
  let t: TestApp;
  const register = (body: unknown) => request(t.http).post('/oauth2/register').send(body as object);

  beforeAll(async () => {
    t = await createTestApp(profile('default'));
  });
  afterAll(() => t.close());

  it('answers 201 with the RFC 7591 §3.2.1 body and no-store headers', async () => {
    const before = Math.floor(Date.now() / 1000);
    const response = await register({
      redirect_uris: ['https://app.example.com/callback'],
      client_name: 'Example App',
      'client_name#de-CH': 'Beispiel App',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      scope: 'openid profile',
      contacts: ['ops@example.com'],
      client_uri: 'https://app.example.com',
      logo_uri: 'https://app.example.com/logo.png',
      software_id: 'example-app',
      software_version: '1.2.3',
      x_unknown: 'ignored',
    });
    expect(response.status).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.pragma).toBe('no-cache');
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const { client_id, client_id_issued_at, client_secret, registration_access_token, registration_client_uri, ...rest } = response.body;
    expect(client_id).toMatch(UUID);
    expect(client_id_issued_at).toBeGreaterThanOrEqual(before);
    expect(client_id_issued_at).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(registration_access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(registration_client_uri).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/oauth2/register/${client_id}$`));
    expect(rest).toEqual({
      client_secret_expires_at: 0,
      // OIDC Registration §2 default, echoed.
      application_type: 'web',
      redirect_uris: ['https://app.example.com/callback'],
      client_name: 'Example App',
      'client_name#de-CH': 'Beispiel App',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'openid profile',
      contacts: ['ops@example.com'],
      client_uri: 'https://app.example.com',
      logo_uri: 'https://app.example.com/logo.png',
      software_id: 'example-app',
      software_version: '1.2.3',
    });
  });

  it('stores the client with a keyed digest of the secret, never the secret itself', async () => {
    const response = await register({ grant_types: ['client_credentials'], client_name: 'Batch job' }).expect(201);
    const row = (await t.clientRow(response.body.client_id))!;
    expect(row.authorization_server).toBe('default');
    expect(row.name).toBe('Batch job');
    expect(row.source).toBe('dcr');
    expect(row.secret_digest).toMatch(/^v1:[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(row)).not.toContain(response.body.client_secret);
    expect(JSON.parse(row.metadata as string)).toEqual({
      grant_types: ['client_credentials'],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
      client_name: 'Batch job',
    });
  });

  it('registers a public client without a secret', async () => {
    const response = await register({ redirect_uris: ['http://127.0.0.1:8080/cb'], token_endpoint_auth_method: 'none' }).expect(201);
    expect(response.body.client_secret).toBeUndefined();
    expect(response.body.client_secret_expires_at).toBeUndefined();
    expect(response.body.token_endpoint_auth_method).toBe('none');
  });

  it('never takes a client-chosen client_id', async () => {
    const before = await t.countClients();
    const response = await register({ client_id: 'mine', redirect_uris: ['https://a.example/cb'] }).expect(400);
    expect(response.body).toEqual({ error: 'invalid_client_metadata', error_description: 'client_id: assigned by the server; it cannot be sent' });
    expect(await t.countClients()).toBe(before);
  });

  it('gives every registration a distinct id', async () => {
    const ids = await Promise.all(
      Array.from({ length: 20 }, () => register({ grant_types: ['client_credentials'] }).expect(201).then((r) => r.body.client_id as string)),
    );
    expect(new Set(ids).size).toBe(20);
  });
});
