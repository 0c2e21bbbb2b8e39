import { request as httpRequest } from 'node:http';
import { buildHost, databaseUrl, HostProcess } from './utils/host-process';
import { createTestDatabase, TestDatabase } from './utils/test-database';

/** A request to the host with a `Host` header of the client's choosing (fetch would not send it). */
function send(url: string, method: string, path: string, host: string, body?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const target = new URL(path, url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(target, { method, headers: { host, ...(body && { 'content-type': 'application/json' }) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the example host has a fixed issuer', () => {
  let database: TestDatabase;
  let host: HostProcess | undefined;

  beforeAll(async () => {
    buildHost();
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await host?.kill();
    host = undefined;
  });
  afterAll(async () => database.drop());

  it('by default its own URL (http://localhost:<PORT>): a Host header of the client cannot move registration_client_uri or the issuer', async () => {
    host = await HostProcess.start({ DATABASE_URL: databaseUrl(database) });
    const port = new URL(host.url).port;
    const registered = await send(host.url, 'POST', '/oauth2/register', 'evil.example', JSON.stringify({ client_name: 'Host header', grant_types: ['client_credentials'] }));
    expect(registered.status).toBe(201);
    expect(registered.json.registration_client_uri).toBe(`http://localhost:${port}/oauth2/register/${registered.json.client_id as string}`);
    const discovery = await send(host.url, 'GET', '/.well-known/oauth-authorization-server', 'evil.example');
    expect(discovery.json).toMatchObject({ issuer: `http://localhost:${port}`, registration_endpoint: `http://localhost:${port}/oauth2/register` });
    expect(host.output.join('')).not.toMatch(/issuer is not set/);
  });

  it('ISSUER names it (behind a proxy, the public URL)', async () => {
    host = await HostProcess.start({ DATABASE_URL: databaseUrl(database), ISSUER: 'https://iam.example.test' });
    const registered = await send(host.url, 'POST', '/oauth2/register', 'evil.example', JSON.stringify({ client_name: 'Behind a proxy', grant_types: ['client_credentials'] }));
    expect(registered.json.registration_client_uri).toMatch(/^https:\/\/iam\.example\.test\/oauth2\/register\//);
    const discovery = await send(host.url, 'GET', '/.well-known/oauth-authorization-server', 'evil.example');
    expect(discovery.json.issuer).toBe('https://iam.example.test');
  });

  it('serves the admin web console (its API needs DCR_ADMIN_TOKEN)', async () => {
    host = await HostProcess.start({ DATABASE_URL: databaseUrl(database) });
    const page = await fetch(`${host.url}/tech-clients/console`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await fetch(`${host.url}/tech-clients`)).status).toBe(401);
  });

  it('without a port known before listening (PORT=0) it warns at start-up that URIs come from the request', async () => {
    host = await HostProcess.start({ DATABASE_URL: databaseUrl(database), PORT: '0' });
    expect(host.output.join('')).toMatch(/issuer is not set: registration_client_uri is built from each request's Host header/);
  });
});
