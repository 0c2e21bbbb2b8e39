import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ClientAuthenticator, DcrModuleOptions, InvalidClientError } from '../src/dcr';
import { createTestApp, profile, TestApp } from './utils/test-app';

/**
 * The registration requests real clients send (test/fixtures/interop/*.json, each with its public
 * source), replayed against the shipped profiles. Each must get a 201 and a client it can use:
 * one that authenticates with the method it was given (a secret in the header or the body, or
 * none), whose stored redirect URIs are the ones it sent.
 */
interface InteropFixture {
  client: string;
  source: string[];
  note: string;
  request: Record<string, unknown>;
  expect: { token_endpoint_auth_method: string; application_type?: string };
}

const FOLDER = join(__dirname, 'fixtures', 'interop');
const FIXTURES: [string, InteropFixture][] = readdirSync(FOLDER)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(FOLDER, file), 'utf8')) as InteropFixture]);

/** The reference profile with contacts and software optional: no real client sends them. */
function referenceOpened(): Omit<DcrModuleOptions, 'secretKey'> {
  const reference = profile('reference');
  const processors = reference.processors!;
  return {
    ...reference,
    processors: { ...processors, contacts: { ...processors.contacts, mandatory: false }, software: { ...processors.software, mandatory: false } },
  };
}

describe('the interop corpus', () => {
  it('holds every client the corpus promises, each with a public source and a note', () => {
    expect(FIXTURES.map(([name]) => name)).toEqual([
      'chatgpt', 'claude-ai', 'cursor', 'mcp-inspector', 'mcp-typescript-sdk', 'oauth4webapi', 'openid-client', 'openid-conformance-suite', 'vscode',
    ]);
    for (const [, fixture] of FIXTURES) {
      expect(fixture.source.length).toBeGreaterThan(0);
      for (const source of fixture.source) expect(source).toMatch(/^(https:\/\/|issue #16)/);
      expect(fixture.note.length).toBeGreaterThan(20);
    }
  });
});

describe.each([
  ['config/default.json', () => profile('default')],
  ['config/reference.json with contacts and software optional', referenceOpened],
])('real clients register with %s', (_name, options) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(options());
  });
  afterAll(() => t.close());

  it.each(FIXTURES)('%s: 201, the negotiated values echoed, and a client it can use', async (_file, fixture) => {
    const response = await request(t.http).post('/oauth2/register').send(fixture.request).expect(201);
    const client = response.body as Record<string, unknown>;
    expect(client.token_endpoint_auth_method).toBe(fixture.expect.token_endpoint_auth_method);
    expect(client.application_type).toBe(fixture.expect.application_type);
    // RP Metadata Choices §2: the list is input only, never echoed nor stored.
    expect(client).not.toHaveProperty('token_endpoint_auth_methods_supported');

    const row = await t.clientRow(client.client_id as string);
    const stored = JSON.parse(row!.metadata as string) as Record<string, unknown>;
    const sent = fixture.request.redirect_uris as string[] | undefined;
    if (sent?.length) {
      expect(client.redirect_uris).toEqual(sent);
      expect(stored.redirect_uris).toEqual(sent);
    } else {
      expect(stored.redirect_uris).toBeUndefined();
    }
    expect(stored).not.toHaveProperty('token_endpoint_auth_methods_supported');

    const authenticator = t.app.get(ClientAuthenticator);
    const id = client.client_id as string;
    const secret = client.client_secret as string | undefined;
    const method = client.token_endpoint_auth_method;
    if (method === 'none') {
      expect(secret).toBeUndefined();
      await expect(authenticator.authenticate({ body: { client_id: id }, ip: '192.0.2.10' })).resolves.toMatchObject({ clientId: id, method: 'none' });
    } else if (method === 'client_secret_basic') {
      const authorization = `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret!)}`).toString('base64')}`;
      await expect(authenticator.authenticate({ authorization, body: {}, ip: '192.0.2.10' })).resolves.toMatchObject({ clientId: id, method });
    } else {
      await expect(authenticator.authenticate({ body: { client_id: id, client_secret: secret }, ip: '192.0.2.10' })).resolves.toMatchObject({ clientId: id, method });
    }
    // And the client cannot authenticate with a wrong secret or without one when it has one.
    if (secret !== undefined) {
      await expect(authenticator.authenticate({ body: { client_id: id, client_secret: `${secret}x` }, ip: '192.0.2.11' })).rejects.toBeInstanceOf(InvalidClientError);
    }
  });
});

describe('config/reference.json as shipped', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(profile('reference'));
  });
  afterAll(() => t.close());

  // The reference product makes contacts and software_id/software_version mandatory; no client of
  // the corpus sends them, so an operator must relax those rules to let them register.
  it.each(FIXTURES)('%s: refused with a precise 400 (contacts are mandatory there), and nothing stored', async (_file, fixture) => {
    const before = await t.countClients();
    const response = await request(t.http).post('/oauth2/register').send(fixture.request).expect(400);
    expect(response.body).toEqual({ error: 'invalid_client_metadata', error_description: 'contacts: required' });
    expect(await t.countClients()).toBe(before);
  });
});
