import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { Registry } from 'prom-client';
import request from 'supertest';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { AppModule } from '../src/app.module';
import { ClientResolver, DCR_METRICS_REGISTRY, MetadataProcessor } from '../src/dcr';
import { ADMIN_TOKEN, AS_ADMIN } from './utils/admin';
import { createHttpApp } from './utils/http-adapter';
import { RecordingLogger } from './utils/recording-logger';
import { createTestApp, profile, TEST_SECRET_KEY, TestApp } from './utils/test-app';
import { createTestDatabase, TestDatabase } from './utils/test-database';

/** The value of one sample of the exposition text (0 when the series does not exist yet). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
  }
  return 0;
}

const web = { redirect_uris: ['https://app.example.com/cb'], grant_types: ['authorization_code', 'client_credentials'], token_endpoint_auth_method: 'client_secret_basic' };

/**
 * Prometheus metrics and OpenTelemetry spans of the module on the real HTTP stack: each counter
 * moves by exactly the requests made, and no span carries a secret or a token.
 */
describe('metrics and traces', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const registry = new Registry();
  let t: TestApp;

  /** A host processor that starts a span of its own for each registration, within the request. */
  class TracingProcessor extends MetadataProcessor {
    readonly name = 'tracing';
    process(): void {
      trace.getTracer('host').startSpan('host.metadata_checked').end();
    }
  }

  beforeAll(async () => {
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    t = await createTestApp(
      { ...profile('default'), admin: { token: ADMIN_TOKEN }, clientAuthentication: { maxFailures: 1000, maxFailuresPerClient: 1000 } },
      // The 503s of the outage test are logged: kept here, not printed.
      { extras: { providers: [{ provide: DCR_METRICS_REGISTRY, useValue: registry }], extraProcessors: [TracingProcessor] }, logger: new RecordingLogger() },
    );
  });
  afterAll(async () => {
    await t.close();
    trace.disable();
    context.disable();
    await provider.shutdown();
  });

  /** `count` run between two readings of the registry: the change of each named sample. */
  async function change(action: () => Promise<unknown>, ...series: [string, Record<string, string>][]): Promise<number[]> {
    const before = await registry.metrics();
    await action();
    const after = await registry.metrics();
    return series.map(([name, labels]) => sample(after, name, labels) - sample(before, name, labels));
  }

  const registered = ['dcr_registrations_total', { server: 'default', operation: 'register', result: 'created' }] as [string, Record<string, string>];
  const invalid = ['dcr_registrations_total', { server: 'default', operation: 'register', result: 'invalid_client_metadata' }] as [string, Record<string, string>];
  const durations = ['dcr_request_duration_seconds_count', { server: 'default', route: 'registration.register', result: 'created' }] as [string, Record<string, string>];

  it('a registration moves the created counter and the duration histogram by one, and nothing else', async () => {
    const moved = await change(() => request(t.http).post('/oauth2/register').send(web).expect(201), registered, invalid, durations);
    expect(moved).toEqual([1, 0, 1]);
  });

  it('a bad request moves the invalid_client_metadata counter by one', async () => {
    const moved = await change(() => request(t.http).post('/oauth2/register').send({ redirect_uris: 'https://a.example/cb' }).expect(400), registered, invalid);
    expect(moved).toEqual([0, 1]);
  });

  it('read, update and delete are counted by operation and result', async () => {
    const { body } = await request(t.http).post('/oauth2/register').send(web).expect(201);
    const path = new URL(body.registration_client_uri).pathname;
    const series = (operation: string, result: string): [string, Record<string, string>] => ['dcr_registrations_total', { server: 'default', operation, result }];
    const moved = await change(
      async () => {
        await request(t.http).get(path).auth(body.registration_access_token, { type: 'bearer' }).expect(200);
        await request(t.http).get(path).auth('not-the-token', { type: 'bearer' }).expect(401);
        await request(t.http).delete(path).auth(body.registration_access_token, { type: 'bearer' }).expect(204);
      },
      series('read', 'ok'),
      series('read', 'invalid_token'),
      series('delete', 'deleted'),
    );
    expect(moved).toEqual([1, 1, 1]);
  });

  it('client authentication at the token endpoint is counted by method and result, the reason of a failure included', async () => {
    const { body } = await request(t.http).post('/oauth2/register').send(web).expect(201);
    const token = (secret: string) => request(t.http).post('/oauth2/token').auth(body.client_id, secret).type('form').send('grant_type=client_credentials');
    const series = (result: string): [string, Record<string, string>] => ['dcr_client_authentications_total', { server: 'default', method: 'client_secret_basic', result }];
    expect(await change(() => token('wrong-secret').expect(401), series('wrong_secret'), series('success'))).toEqual([1, 0]);
    expect(await change(() => token(body.client_secret).expect(200), series('wrong_secret'), series('success'))).toEqual([0, 1]);
  });

  it('a database outage moves the database error counter, on the module\'s routes and at the token endpoint', async () => {
    const { body } = await request(t.http).post('/oauth2/register').send(web).expect(201);
    const before = await registry.metrics();
    await t.dataSource.destroy();
    try {
      await request(t.http).post('/oauth2/register').send(web).expect(503);
      await request(t.http).post('/oauth2/token').auth(body.client_id, body.client_secret).type('form').send('grant_type=client_credentials').expect(503);
    } finally {
      await t.dataSource.initialize();
    }
    const after = await registry.metrics();
    const total = (text: string) => text.split('\n').filter((line) => line.startsWith('dcr_database_errors_total{')).reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    expect(total(after) - total(before)).toBe(2);
    expect(after).toMatch(/^dcr_database_errors_total\{class="\w+"\} \d+$/m);
    const unavailable = { server: 'default', operation: 'register', result: 'unavailable' };
    expect(sample(after, 'dcr_registrations_total', unavailable) - sample(before, 'dcr_registrations_total', unavailable)).toBe(1);
  });

  it('admin calls are measured by route, without a server label', async () => {
    const series: [string, Record<string, string>] = ['dcr_request_duration_seconds_count', { route: 'admin.tech_clients.search', result: 'ok' }];
    expect(await change(() => request(t.http).get('/tech-clients').set(AS_ADMIN).expect(200), series)).toEqual([1]);
    expect(await registry.metrics()).toMatch(/^dcr_request_duration_seconds_count\{route="admin\.tech_clients\.search",result="ok"\} \d+$/m);
  });

  it('labels carry no client id', async () => {
    const { body } = await request(t.http).post('/oauth2/register').send(web).expect(201);
    await request(t.http).post('/oauth2/token').auth(body.client_id, 'wrong').type('form').send('grant_type=client_credentials').expect(401);
    expect(await registry.metrics()).not.toContain(body.client_id);
  });

  it('a registration is a span of the nestjs-dcr tracer with the client id and without any secret or token', async () => {
    exporter.reset();
    const { body } = await request(t.http).post('/oauth2/register').send(web).expect(201);
    const spans = exporter.getFinishedSpans().filter((span) => span.name === 'dcr.registration.register');
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(span.instrumentationScope.name).toBe('nestjs-dcr');
    expect(span.attributes).toEqual({ 'dcr.server': 'default', 'dcr.operation': 'register', 'oauth.client_id': body.client_id, 'dcr.result': 'created' });
    expect(span.status.code).toBe(0);
    const recorded = JSON.stringify(exporter.getFinishedSpans().map((each) => [each.name, each.attributes, each.events, each.status]));
    expect(recorded).not.toContain(body.client_secret);
    expect(recorded).not.toContain(body.registration_access_token);
  });

  it('spans started while a registration is handled are children of its span', async () => {
    exporter.reset();
    await request(t.http).post('/oauth2/register').send(web).expect(201);
    const spans = exporter.getFinishedSpans();
    const registration = spans.find((span) => span.name === 'dcr.registration.register')!;
    const child = spans.find((span) => span.name === 'host.metadata_checked')!;
    expect(child.parentSpanContext?.spanId).toBe(registration.spanContext().spanId);
    expect(child.spanContext().traceId).toBe(registration.spanContext().traceId);
  });

  it('a refused registration and a failed authentication are spans with the error status and the result code', async () => {
    exporter.reset();
    await request(t.http).post('/oauth2/register').send({ redirect_uris: 'x' }).expect(400);
    await request(t.http).post('/oauth2/token').auth('no-such-client', 'guess').type('form').send('grant_type=client_credentials').expect(401);
    const byName = new Map(exporter.getFinishedSpans().map((span) => [span.name, span]));
    expect(byName.get('dcr.registration.register')?.status).toEqual({ code: 2, message: 'invalid_client_metadata' });
    expect(byName.get('dcr.registration.register')?.attributes['error.type']).toBe('invalid_client_metadata');
    const authentication = byName.get('dcr.client_authentication');
    expect(authentication?.attributes).toEqual({
      'dcr.server': 'default', 'oauth.client_authentication.method': 'client_secret_basic', 'dcr.result': 'unknown_client', 'error.type': 'unknown_client',
    });
    expect(JSON.stringify(authentication?.attributes)).not.toContain('guess');
  });
});

describe('throttled requests', () => {
  const registry = new Registry();
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(
      { ...profile('default'), rateLimit: { registration: { limit: 1, windowSeconds: 3600 } }, clientAuthentication: { maxFailures: 2, maxFailuresPerClient: 100 } },
      { extras: { providers: [{ provide: DCR_METRICS_REGISTRY, useValue: registry }] } },
    );
  });
  afterAll(() => t.close());

  it('a rate-limited registration moves the throttle counter and the rate_limited result by one', async () => {
    const { body } = await request(t.http).post('/oauth2/register').send(web).expect(201);
    const before = await registry.metrics();
    await request(t.http).post('/oauth2/register').send(web).expect(429);
    const after = await registry.metrics();
    const moved = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('dcr_throttled_requests_total', { endpoint: 'registration' })).toBe(1);
    expect(moved('dcr_registrations_total', { server: 'default', operation: 'register', result: 'rate_limited' })).toBe(1);
    expect(moved('dcr_registrations_total', { server: 'default', operation: 'register', result: 'created' })).toBe(0);

    // The authentication throttle: the attempt answered 429 counts once, as throttled.
    const token = () => request(t.http).post('/oauth2/token').auth(body.client_id, 'wrong').type('form').send('grant_type=client_credentials');
    let status = 401;
    let attempts = 0;
    while (status === 401 && attempts++ < 5) {
      const ahead = await registry.metrics();
      status = (await token()).status;
      if (status === 429) {
        const now = await registry.metrics();
        expect(sample(now, 'dcr_throttled_requests_total', { endpoint: 'token' }) - sample(ahead, 'dcr_throttled_requests_total', { endpoint: 'token' })).toBe(1);
        expect(sample(now, 'dcr_client_authentications_total', { result: 'throttled' }) - sample(ahead, 'dcr_client_authentications_total', { result: 'throttled' })).toBe(1);
      }
    }
    expect(status).toBe(429);
  });
});

describe('quotas, document fetches and resolutions', () => {
  const registry = new Registry();
  let t: TestApp;
  let documents: Server;
  let origin: string;

  beforeAll(async () => {
    // Client ID metadata documents on 127.0.0.1 (a development option, tests only): one that is
    // served and cacheable, the rest 404.
    documents = createServer((req, res) => {
      if (req.url !== '/client.json') return void res.writeHead(404).end();
      const body = { client_id: `${origin}/client.json`, client_name: 'Tool', redirect_uris: ['http://127.0.0.1:4000/cb'], token_endpoint_auth_method: 'none' };
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=300' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => documents.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(documents.address() as AddressInfo).port}`;
    t = await createTestApp(
      {
        ...profile('default'),
        issuer: 'http://localhost',
        quotas: { maxClients: 1 },
        clientIdMetadataDocument: { development: { allowHttpLoopback: true }, requiredProperties: [] },
      },
      { extras: { providers: [{ provide: DCR_METRICS_REGISTRY, useValue: registry }] } },
    );
  });
  afterAll(async () => {
    await t.close();
    documents.closeAllConnections();
    await new Promise((resolve) => documents.close(resolve));
  });

  it('a full quota moves the quota refusal counter by one, with the quota named', async () => {
    await request(t.http).post('/oauth2/register').send(web).expect(201);
    const before = await registry.metrics();
    await request(t.http).post('/oauth2/register').send(web).expect(400);
    const after = await registry.metrics();
    const labels = { server: 'default', quota: 'max_clients' };
    expect(sample(after, 'dcr_quota_refusals_total', labels) - sample(before, 'dcr_quota_refusals_total', labels)).toBe(1);
  });

  it('document fetches are counted by result, and resolutions as resolve_document', async () => {
    const resolver = t.app.get(ClientResolver);
    const before = await registry.metrics();
    await resolver.resolve(`${origin}/client.json`);
    await resolver.resolve(`${origin}/client.json`);
    await expect(resolver.resolve(`${origin}/missing.json`)).rejects.toMatchObject({ failure: 'unavailable' });
    const after = await registry.metrics();
    const moved = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    const fetches = (result: string) => moved('dcr_fetches_total', { purpose: 'client_id_metadata_document', result });
    expect([fetches('fetched'), fetches('cached'), fetches('status')]).toEqual([1, 1, 1]);
    const resolutions = (result: string) => moved('dcr_registrations_total', { server: 'default', operation: 'resolve_document', result });
    expect([resolutions('resolved'), resolutions('unavailable')]).toEqual([2, 1]);
    expect(after).not.toContain(origin);
  });
});

describe('jwks_uri fetches at private_key_jwt authentication', () => {
  const registry = new Registry();
  let t: TestApp;
  let keys: Server;
  let served: object[] = [];

  beforeAll(async () => {
    keys = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=3600' }).end(JSON.stringify({ keys: served })));
    await new Promise<void>((resolve) => keys.listen(0, '127.0.0.1', resolve));
    const base = profile('default');
    t = await createTestApp(
      {
        ...base,
        issuer: 'http://localhost',
        processors: {
          ...base.processors,
          tokenEndpointAuthMethod: { allowed: ['client_secret_basic', 'private_key_jwt'] },
          // Loopback http jwks_uri: a development option, tests only.
          jwks: { jwksUri: { development: { allowHttpLoopback: true } } },
        },
      },
      { extras: { providers: [{ provide: DCR_METRICS_REGISTRY, useValue: registry }] } },
    );
  });
  afterAll(async () => {
    await t.close();
    keys.closeAllConnections();
    await new Promise((resolve) => keys.close(resolve));
  });

  it('counts the fetch of the key set and the authentication by method', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    served = [{ ...(await exportJWK(publicKey)), kid: 'k1' }];
    const jwksUri = `http://127.0.0.1:${(keys.address() as AddressInfo).port}/jwks.json`;
    const { body } = await request(t.http)
      .post('/oauth2/register')
      .send({ grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt', jwks_uri: jwksUri })
      .expect(201);
    const now = Math.floor(Date.now() / 1000);
    const signed = await new SignJWT({ iss: body.client_id, sub: body.client_id, aud: 'http://localhost/oauth2/token', iat: now, exp: now + 60, jti: `jti-${now}` })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .sign(privateKey);
    const before = await registry.metrics();
    await request(t.http)
      .post('/oauth2/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: signed })
      .expect(200);
    const after = await registry.metrics();
    const moved = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('dcr_fetches_total', { purpose: 'jwks_uri', result: 'fetched' })).toBe(1);
    expect(moved('dcr_client_authentications_total', { server: 'default', method: 'private_key_jwt', result: 'success' })).toBe(1);
    expect(after).not.toContain(jwksUri);
  });
});

describe("the example host's /metrics", () => {
  const METRICS_TOKEN = 'metrics-token-0123456789abcdef0123456789';
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const apps: { app: INestApplication; database: TestDatabase }[] = [];

  /** The example host (`AppModule`), with or without `METRICS_TOKEN`; its metrics on prom-client's global registry. */
  async function exampleHost(token?: string): Promise<INestApplication> {
    const database = await createTestDatabase();
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.register({
        port: 0,
        dcr: { ...profile('default'), secretKey: TEST_SECRET_KEY },
        database: database.options,
        logging: { level: 'silent', stream: silent },
        metrics: { token },
      })],
    }).compile();
    const app = await createHttpApp(moduleRef, { bodyParser: false, logger: ['error', 'warn'] });
    apps.push({ app, database });
    return app;
  }
  afterAll(async () => {
    for (const { app, database } of apps) {
      await app.close();
      await database.drop();
    }
  });

  it('refuses a scraper without the token, and with a wrong one', async () => {
    const http = (await exampleHost(METRICS_TOKEN)).getHttpServer();
    await request(http).get('/metrics').expect(401);
    await request(http).get('/metrics').auth('m'.repeat(40), { type: 'bearer' }).expect(401);
    await request(http).get('/metrics').set('Authorization', `Basic ${METRICS_TOKEN}`).expect(401);
  });

  it('serves the text exposition with the token, and its counts move as requests are made', async () => {
    const http = (await exampleHost(METRICS_TOKEN)).getHttpServer();
    const scrape = async () => {
      const response = await request(http).get('/metrics').auth(METRICS_TOKEN, { type: 'bearer' }).expect(200);
      // Express puts its charset first: the media type and the format version are what a scraper reads.
      expect(response.headers['content-type']).toMatch(/^text\/plain;/);
      expect(response.headers['content-type']).toContain('version=0.0.4');
      return response.text;
    };
    const created = { server: 'default', operation: 'register', result: 'created' };
    const before = await scrape();
    expect(before).toContain('# TYPE dcr_registrations_total counter');
    await request(http).post('/oauth2/register').send(web).expect(201);
    await request(http).post('/oauth2/register').send(web).expect(201);
    const after = await scrape();
    expect(sample(after, 'dcr_registrations_total', created) - sample(before, 'dcr_registrations_total', created)).toBe(2);
    const count = { route: 'registration.register', result: 'created' };
    expect(sample(after, 'dcr_request_duration_seconds_count', count) - sample(before, 'dcr_request_duration_seconds_count', count)).toBe(2);
  });

  it('is not there without METRICS_TOKEN (404), whatever is sent', async () => {
    const http = (await exampleHost()).getHttpServer();
    await request(http).get('/metrics').expect(404);
    await request(http).get('/metrics').auth(METRICS_TOKEN, { type: 'bearer' }).expect(404);
  });
});
