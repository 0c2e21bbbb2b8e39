import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { ClientAuthenticator, ClientMetadataDocumentError, ClientResolver, DcrModuleOptions, InvalidClientError, TechClientEvent, TechClientInterceptor } from '../src/dcr';
import { makeTestCertificates, startDocumentServer } from '../src/dcr/fetch/document-server.spec-helper';
import { ChangeDispatcher } from '../src/dcr/events/change-dispatcher';
import { ADMIN_TOKEN, AS_ADMIN } from './utils/admin';
import { createTestApp, profile, TestApp } from './utils/test-app';

/** A document server on 127.0.0.1 that counts connections and requests, with a handler per path. */
class DocumentServer {
  connections = 0;
  requests = 0;
  readonly routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  private readonly server: Server = createServer((req, res) => {
    this.requests += 1;
    const route = this.routes.get(req.url ?? '');
    if (route) route(req, res);
    else res.writeHead(404).end();
  });

  async start(): Promise<void> {
    this.server.on('connection', () => (this.connections += 1));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Serves `document` (with `client_id` set to its own URL unless given) at `path`; returns the URL. */
  serve(path: string, document: Record<string, unknown>, headers: Record<string, string> = {}): string {
    const url = `${this.origin}${path}`;
    const body = JSON.stringify({ client_id: url, ...document });
    this.routes.set(path, (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=300', ...headers }).end(body));
    return url;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const MCP_CLIENT = { client_name: 'Example MCP client', redirect_uris: ['http://127.0.0.1:33418/callback'], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'none' };

/** The example profile, with client ID metadata documents on (loopback fetches allowed: tests only). */
function options(cimd: Record<string, unknown> = {}, overrides: Partial<DcrModuleOptions> = {}): DcrModuleOptions {
  return {
    ...profile('default'),
    issuer: 'http://localhost',
    admin: { token: ADMIN_TOKEN },
    clientIdMetadataDocument: { development: { allowHttpLoopback: true }, requiredProperties: [], ...cimd },
    ...overrides,
  } as DcrModuleOptions;
}

async function failureOf(promise: Promise<unknown>): Promise<ClientMetadataDocumentError> {
  return promise.then(() => { throw new Error('expected the resolution to fail'); }, (error: ClientMetadataDocumentError) => error);
}

describe('client ID metadata documents', () => {
  let documents: DocumentServer;
  let t: TestApp;
  let resolver: ClientResolver;
  const events: TechClientEvent[] = [];

  class RecordingInterceptor extends TechClientInterceptor {
    onChange(event: TechClientEvent): void {
      events.push(event);
    }
  }

  beforeEach(async () => {
    documents = new DocumentServer();
    await documents.start();
    events.length = 0;
  });
  afterEach(async () => {
    await t?.close();
    await documents.close();
  });

  async function start(cimd: Record<string, unknown> = {}, overrides: Partial<DcrModuleOptions> = {}): Promise<void> {
    t = await createTestApp(options(cimd, overrides), { extras: { interceptors: [RecordingInterceptor] } });
    resolver = t.app.get(ClientResolver);
  }

  it('resolves a URL to a stored client (source cimd) through the processors, once per cache lifetime, visible in the admin API', async () => {
    await start();
    const url = documents.serve('/mcp/client.json', MCP_CLIENT);
    const client = await resolver.resolve(url);
    expect(client).toMatchObject({ id: url, source: 'cimd', name: 'Example MCP client', tokenEndpointAuthMethod: 'none', locked: false });
    expect(client.metadata).toMatchObject({ redirect_uris: MCP_CLIENT.redirect_uris, grant_types: ['authorization_code'] });
    expect(client).not.toHaveProperty('secretDigest');
    await t.app.get(ChangeDispatcher).flush(); // delivered from the outbox, after the commit
    expect(events).toMatchObject([{ change: 'created', clientId: url, via: 'metadata_document' }]);

    await resolver.resolve(url);
    expect(documents.requests).toBe(1);
    expect(events).toHaveLength(1);

    const shown = await request(t.http).get(`/tech-clients/${encodeURIComponent(url)}`).set(AS_ADMIN).expect(200);
    expect(shown.body.data.attributes ?? shown.body).toMatchObject({ source: 'cimd' });
    const searched = await request(t.http).get('/tech-clients').query({ name: 'Example MCP' }).set(AS_ADMIN).expect(200);
    expect(JSON.stringify(searched.body)).toContain(JSON.stringify(url));
  });

  it('refuses a locked URL while its document is still served, and takes it back once unlocked', async () => {
    await start();
    const url = documents.serve('/locked.json', MCP_CLIENT);
    await resolver.resolve(url);
    await request(t.http).post(`/tech-clients/${encodeURIComponent(url)}/lock`).set(AS_ADMIN).send({ reason: 'impersonates a known vendor' }).expect(200);
    expect(await failureOf(resolver.resolve(url))).toMatchObject({ failure: 'locked', status: 400, error: 'invalid_client' });
    const authenticator = t.app.get(ClientAuthenticator);
    await expect(authenticator.authenticate({ body: { client_id: url }, ip: '203.0.113.7' })).rejects.toBeInstanceOf(InvalidClientError);
    await request(t.http).delete(`/tech-clients/${encodeURIComponent(url)}/lock`).set(AS_ADMIN).expect(200);
    expect((await resolver.resolve(url)).id).toBe(url);
  });

  it('authenticates a document client with none at the token endpoint (it holds no secret)', async () => {
    await start();
    const url = documents.serve('/public.json', MCP_CLIENT);
    const authenticated = await t.app.get(ClientAuthenticator).authenticate({ body: { client_id: url }, ip: '203.0.113.7' });
    expect(authenticated).toMatchObject({ clientId: url, method: 'none' });
    // A URL whose document is not there is an unknown client, with the same 401.
    await expect(t.app.get(ClientAuthenticator).authenticate({ body: { client_id: `${documents.origin}/missing.json` }, ip: '203.0.113.7' })).rejects.toBeInstanceOf(InvalidClientError);
  });

  it('counts document clients against their own cap, which never blocks a registration', async () => {
    await start({ maxClients: 1 }, { quotas: { maxClients: 1 } } as Partial<DcrModuleOptions>);
    await resolver.resolve(documents.serve('/one.json', MCP_CLIENT));
    expect(await failureOf(resolver.resolve(documents.serve('/two.json', MCP_CLIENT)))).toMatchObject({
      failure: 'quota', description: 'client_id: the maximum of 1 clients from metadata documents is reached',
    });
    await request(t.http).post('/oauth2/register').send({ grant_types: ['client_credentials'] }).expect(201);
  });

  it('runs a document through the same processors as a registration: dropped values are dropped, strict refusals are the same', async () => {
    await start();
    const metadata = { ...MCP_CLIENT, scope: 'api:read bad"scope', software_id: 'not an id!', software_version: '1.0' };
    const registered = await request(t.http).post('/oauth2/register').send(metadata).expect(201);
    const client = await resolver.resolve(documents.serve('/dropped.json', metadata));
    expect(client.metadata.scope).toBe('api:read');
    expect(registered.body.scope).toBe('api:read');
    for (const dropped of ['software_id', 'software_version']) {
      expect(client.metadata).not.toHaveProperty(dropped);
      expect(registered.body).not.toHaveProperty(dropped);
    }

    await t.close();
    await start({}, { strict: true });
    const refusedRegistration = await request(t.http).post('/oauth2/register').send(metadata).expect(400);
    const refusedDocument = await failureOf(resolver.resolve(documents.serve('/strict.json', metadata)));
    expect(refusedDocument).toMatchObject({ failure: 'invalid_document' });
    expect(refusedDocument.description).toBe(`client_id: the client metadata document is refused: ${refusedRegistration.body.error_description}`);
  });

  it.each([
    ['names another URL as client_id', { client_id: 'https://elsewhere.example/client.json' }, 'client_id: must be the URL of the document itself'],
    ['carries a client_secret', { client_secret: 's3cret' }, 'client_secret: a client metadata document is public and must not carry a secret'],
    ['asks for a shared-secret method', { token_endpoint_auth_method: 'client_secret_basic' }, 'token_endpoint_auth_method: "client_secret_basic" needs a shared secret, which a public document cannot hold'],
    ['holds a private key', { jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'private' }] } }, 'jwks: must hold public keys only'],
    ['has no redirect_uris', { redirect_uris: undefined }, 'redirect_uris: required in a client metadata document'],
  ])('refuses a document that %s, and stores nothing', async (_case, change, reason) => {
    await start();
    const path = `/bad-${documents.routes.size}.json`;
    const url = `${documents.origin}${path}`;
    const document = JSON.parse(JSON.stringify({ client_id: url, ...MCP_CLIENT, ...change }));
    documents.routes.set(path, (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(document)));
    const error = await failureOf(resolver.resolve(url));
    expect(error).toMatchObject({ failure: 'invalid_document', description: `client_id: the client metadata document is refused: ${reason}` });
    expect(await t.countClients()).toBe(0);
    // Refused documents are not cached: the next resolution fetches again.
    await failureOf(resolver.resolve(url));
    expect(documents.requests).toBe(2);
  });

  it('keeps redirect URIs on the document host when configured', async () => {
    await start({ redirectUrisOnDocumentHost: true });
    const onHost = documents.serve('/own.json', { ...MCP_CLIENT, redirect_uris: [`${documents.origin}/callback`, 'http://localhost:5555/cb'] });
    expect((await resolver.resolve(onHost)).id).toBe(onHost);
    const elsewhere = documents.serve('/elsewhere.json', { ...MCP_CLIENT, redirect_uris: [`${documents.origin}/callback`, 'https://attacker.example/cb'] });
    expect((await failureOf(resolver.resolve(elsewhere))).description).toMatch(/redirect_uris\[1\]: must be on the document's host/);
  });

  it('refuses every malformed or unaccepted URL before any connection is made', async () => {
    await start({ allowedHosts: ['127\\.0\\.0\\.1'] });
    const port = new URL(documents.origin).port;
    for (const url of [
      `http://127.0.0.1:${port}`,
      `http://127.0.0.1:${port}/`,
      `http://user@127.0.0.1:${port}/client.json`,
      `http://127.0.0.1:${port}/client.json#fragment`,
      `http://127.0.0.1:${port}/a/../client.json`,
      `http://127.0.0.1:${port}/./client.json`,
      `http://2130706433:${port}/client.json`,
      `http://0x7f000001:${port}/client.json`,
      `http://127.1:${port}/client.json`,
      `http://127.0.0.1:${port}/a%20b/../c`,
      `http://localhost:${port}/client.json`,
    ]) {
      expect(await failureOf(resolver.resolve(url))).toMatchObject({ failure: 'invalid_client_id' });
    }
    expect(documents.connections).toBe(0);
  });

  it('does not follow redirects, refuses oversize and mislabelled bodies, and does not cache an error', async () => {
    await start({ maxBytes: 1024 });
    const target = documents.serve('/target.json', MCP_CLIENT);
    documents.routes.set('/redirect.json', (_req, res) => res.writeHead(302, { Location: target }).end());
    expect(await failureOf(resolver.resolve(`${documents.origin}/redirect.json`))).toMatchObject({ failure: 'unavailable' });

    const big = documents.serve('/big.json', { ...MCP_CLIENT, client_name: 'x'.repeat(2000) });
    expect((await failureOf(resolver.resolve(big))).description).toMatch(/larger than allowed/);

    documents.routes.set('/html.json', (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('{}'));
    expect((await failureOf(resolver.resolve(`${documents.origin}/html.json`))).description).toMatch(/must be served as application\/json/);

    let calls = 0;
    const flaky = `${documents.origin}/flaky.json`;
    documents.routes.set('/flaky.json', (_req, res) => {
      calls += 1;
      if (calls === 1) return res.writeHead(500).end();
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ client_id: flaky, ...MCP_CLIENT }));
    });
    expect(await failureOf(resolver.resolve(flaky))).toMatchObject({ failure: 'unavailable' });
    expect((await resolver.resolve(flaky)).id).toBe(flaky);
    expect(documents.requests).toBe(5);
    expect(await t.countClients()).toBe(1);
  });

  it('gives up on a document that drips within the one deadline', async () => {
    await start({ timeoutMs: 1000 });
    documents.routes.set('/drip.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 200);
      res.on('close', () => clearInterval(timer));
    });
    const started = Date.now();
    expect(await failureOf(resolver.resolve(`${documents.origin}/drip.json`))).toMatchObject({ failure: 'unavailable' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('shares one fetch among 100 concurrent resolutions of one URL, and stores one client', async () => {
    await start();
    const url = documents.serve('/popular.json', MCP_CLIENT);
    const clients = await Promise.all(Array.from({ length: 100 }, () => resolver.resolve(url)));
    expect(new Set(clients.map((client) => client.id))).toEqual(new Set([url]));
    expect(documents.requests).toBe(1);
    expect(await t.countClients()).toBe(1);
  });

  const certificates = makeTestCertificates(['localhost']);
  (certificates ? it : it.skip)('resolves over https from a loopback server with a test CA, and refuses it without the CA', async () => {
    const tls = certificates!;
    let document = '';
    const secure = await startDocumentServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=600' }).end(document), tls);
    try {
      const url = secure.url('/mcp/client.json');
      document = JSON.stringify({ client_id: url, ...MCP_CLIENT });
      await start({ development: { allowHttpsLoopback: true, loopbackCaPem: tls.ca } });
      expect(await resolver.resolve(url)).toMatchObject({ id: url, source: 'cimd' });
      await resolver.resolve(url);
      expect(secure.requests).toBe(1);

      await t.close();
      await start({ development: { allowHttpsLoopback: true } });
      const refused = await failureOf(resolver.resolve(secure.url('/other.json')));
      expect(refused).toMatchObject({ failure: 'unavailable' });
      expect(refused.description).toMatch(/TLS/);
    } finally {
      await secure.close();
    }
  });

  it('advertises itself in discovery only where it is on', async () => {
    await start();
    const on = await request(t.http).get('/.well-known/oauth-authorization-server').expect(200);
    expect(on.body).toMatchObject({ client_id_metadata_document_supported: true, code_challenge_methods_supported: ['S256'] });
    await t.close();
    t = await createTestApp({ ...profile('default'), issuer: 'http://localhost' });
    const off = await request(t.http).get('/.well-known/oauth-authorization-server').expect(200);
    expect(off.body).not.toHaveProperty('client_id_metadata_document_supported');
    await expect(t.app.get(ClientResolver).resolve(`${documents.origin}/any.json`)).rejects.toMatchObject({ failure: 'invalid_client_id' });
  });

  it('resolves registered ids too, with one answer for unknown, locked and other-server ids', async () => {
    await start();
    const { body } = await request(t.http).post('/oauth2/register').send(MCP_CLIENT).expect(201);
    expect(await resolver.resolve(body.client_id)).toMatchObject({ id: body.client_id, source: 'dcr', tokenEndpointAuthMethod: 'none' });
    await request(t.http).post(`/tech-clients/${body.client_id}/lock`).set(AS_ADMIN).send({ reason: 'testing' }).expect(200);
    for (const id of [body.client_id, 'no-such-client', 'x'.repeat(500)]) {
      await expect(resolver.resolve(id)).rejects.toMatchObject({ status: 400, error: 'invalid_client', description: 'client_id: unknown client' });
    }
  });

  it('never lets a registration choose a URL as its client_id', async () => {
    await start();
    const response = await request(t.http).post('/oauth2/register').send({ ...MCP_CLIENT, client_id: `${documents.origin}/mine.json` }).expect(400);
    expect(response.body.error_description).toBe('client_id: assigned by the server; it cannot be sent');
  });
});
