import * as http from 'node:http';
import { createServer, Server } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import request from 'supertest';
import { answerOf } from './utils/raw-answer';
import { createTestApp, profile, TestApp } from './utils/test-app';

interface BadInput {
  name: string;
  body: string | Buffer;
  contentType?: string;
  status: number;
  error: string;
  description: RegExp;
}

const json = (value: unknown) => JSON.stringify(value);
const web = { redirect_uris: ['https://app.example.com/cb'] };

const CASES: BadInput[] = [
  { name: 'text/plain JSON', body: json(web), contentType: 'text/plain', status: 415, error: 'invalid_client_metadata', description: /application\/json/ },
  { name: 'form-encoded body', body: 'redirect_uris=https%3A%2F%2Fa.example%2Fcb', contentType: 'application/x-www-form-urlencoded', status: 415, error: 'invalid_client_metadata', description: /application\/json/ },
  { name: 'no content type', body: json(web), contentType: '', status: 415, error: 'invalid_client_metadata', description: /application\/json/ },
  { name: 'JSON in another charset', body: json(web), contentType: 'application/json; charset=utf-16', status: 415, error: 'invalid_client_metadata', description: /application\/json/ },
  { name: 'body over 64 KiB', body: json({ ...web, client_name: 'a'.repeat(70_000) }), status: 413, error: 'invalid_client_metadata', description: /65536 bytes/ },
  { name: 'truncated JSON', body: '{"redirect_uris": ["https://a.example/cb"', status: 400, error: 'invalid_client_metadata', description: /not valid JSON/ },
  { name: 'empty body', body: '', status: 400, error: 'invalid_client_metadata', description: /not valid JSON/ },
  { name: 'invalid UTF-8', body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), status: 400, error: 'invalid_client_metadata', description: /UTF-8/ },
  { name: 'top-level array', body: '[1,2]', status: 400, error: 'invalid_client_metadata', description: /JSON object/ },
  { name: 'top-level string', body: '"hello"', status: 400, error: 'invalid_client_metadata', description: /JSON object/ },
  { name: 'top-level null', body: 'null', status: 400, error: 'invalid_client_metadata', description: /JSON object/ },
  { name: 'redirect_uris as a string', body: json({ redirect_uris: 'https://a.example/cb' }), status: 400, error: 'invalid_client_metadata', description: /^redirect_uris: must be an array of strings$/ },
  { name: 'grant_types with a number', body: json({ ...web, grant_types: [1] }), status: 400, error: 'invalid_client_metadata', description: /^grant_types: must be an array of strings$/ },
  { name: 'client_name as an object', body: json({ ...web, client_name: { a: 1 } }), status: 400, error: 'invalid_client_metadata', description: /^client_name: must be a string$/ },
  { name: 'scope as an array', body: json({ ...web, scope: ['openid'] }), status: 400, error: 'invalid_client_metadata', description: /^scope: must be a string$/ },
  { name: 'jwks as a string', body: json({ ...web, jwks: 'x' }), status: 400, error: 'invalid_client_metadata', description: /^jwks: must be a JSON object$/ },
  { name: 'U+0000 in a name', body: json({ ...web, client_name: 'a\u0000b' }), status: 400, error: 'invalid_client_metadata', description: /control characters/ },
  { name: 'newline in a name', body: json({ ...web, client_name: 'a\nb' }), status: 400, error: 'invalid_client_metadata', description: /control characters/ },
  { name: 'control character in a member name', body: '{"a\\u0007":"x"}', status: 400, error: 'invalid_client_metadata', description: /control characters/ },
  { name: 'lone surrogate', body: '{"client_name":"a\\ud800b","redirect_uris":["https://a.example/cb"]}', status: 400, error: 'invalid_client_metadata', description: /lone surrogate/ },
  { name: '10,000-element array', body: json({ redirect_uris: Array.from({ length: 10_000 }, (_, i) => `https://a.example/${i}`) }), status: 413, error: 'invalid_client_metadata', description: /65536 bytes/ },
  { name: '101 contacts', body: json({ ...web, contacts: Array.from({ length: 101 }, () => 'a@b.c') }), status: 400, error: 'invalid_client_metadata', description: /more than 100 entries/ },
  { name: '5,000-character string', body: json({ ...web, software_id: 'a'.repeat(5000) }), status: 400, error: 'invalid_client_metadata', description: /longer than 4096/ },
  { name: 'deep nesting', body: '{"x":' + '['.repeat(50) + ']'.repeat(50) + '}', status: 400, error: 'invalid_client_metadata', description: /nested too deeply/ },
  { name: '__proto__ member', body: '{"__proto__":{"polluted":true},"redirect_uris":["https://a.example/cb"]}', status: 400, error: 'invalid_client_metadata', description: /"__proto__" is not allowed/ },
  { name: 'constructor member', body: json({ ...web, constructor: { prototype: {} } }), status: 400, error: 'invalid_client_metadata', description: /"constructor" is not allowed/ },
  { name: 'client-supplied client_secret', body: json({ ...web, client_secret: 'mine' }), status: 400, error: 'invalid_client_metadata', description: /client_secret: assigned by the server/ },
  { name: 'javascript: redirect URI', body: json({ redirect_uris: ['javascript:alert(1)'] }), status: 400, error: 'invalid_redirect_uri', description: /scheme "javascript"/ },
  { name: 'mixed-case JavaScript: redirect URI', body: json({ redirect_uris: ['JavaScript:alert(1)'] }), status: 400, error: 'invalid_redirect_uri', description: /lowercase scheme/ },
  { name: 'data: redirect URI', body: json({ redirect_uris: ['data:text/html,hi'] }), status: 400, error: 'invalid_redirect_uri', description: /scheme "data"/ },
  { name: 'file: redirect URI', body: json({ redirect_uris: ['file:///etc/passwd'] }), status: 400, error: 'invalid_redirect_uri', description: /scheme "file"/ },
  { name: 'vbscript: redirect URI', body: json({ redirect_uris: ['vbscript:msgbox(1)'] }), status: 400, error: 'invalid_redirect_uri', description: /scheme "vbscript"/ },
  { name: 'whitespace-padded redirect URI', body: json({ redirect_uris: [' https://a.example/cb'] }), status: 400, error: 'invalid_redirect_uri', description: /white space/ },
  { name: 'redirect URI with a fragment', body: json({ redirect_uris: ['https://a.example/cb#x'] }), status: 400, error: 'invalid_redirect_uri', description: /fragment/ },
  { name: 'redirect URI with an empty fragment', body: json({ redirect_uris: ['https://a.example/cb#'] }), status: 400, error: 'invalid_redirect_uri', description: /fragment/ },
  { name: 'redirect URI with user information', body: json({ redirect_uris: ['https://good.example@evil.example/cb'] }), status: 400, error: 'invalid_redirect_uri', description: /user information/ },
  { name: 'http redirect URI on a public host', body: json({ redirect_uris: ['http://app.example.com/cb'] }), status: 400, error: 'invalid_redirect_uri', description: /https/ },
  { name: 'relative redirect URI', body: json({ redirect_uris: ['/callback'] }), status: 400, error: 'invalid_redirect_uri', description: /absolute URI/ },
  { name: 'authorization_code without redirect URIs', body: json({ client_name: 'x' }), status: 400, error: 'invalid_redirect_uri', description: /required for the authorization_code grant/ },
  { name: 'no supported grant type', body: json({ grant_types: ['password'] }), status: 400, error: 'invalid_client_metadata', description: /no supported grant type/ },
  { name: 'response type without its grant', body: json({ ...web, response_types: ['code'], grant_types: ['client_credentials'] }), status: 400, error: 'invalid_client_metadata', description: /"code" needs the authorization_code grant type/ },
  { name: 'public client with client_credentials', body: json({ grant_types: ['client_credentials'], token_endpoint_auth_method: 'none' }), status: 400, error: 'invalid_client_metadata', description: /confidential client/ },
  { name: 'unknown application_type', body: json({ ...web, application_type: 'desktop' }), status: 400, error: 'invalid_client_metadata', description: /"web" or "native"/ },
  { name: 'duplicate member at the top level', body: '{"client_name":"a","redirect_uris":["https://a.example/cb"],"client_name":"b"}', status: 400, error: 'invalid_client_metadata', description: /"client_name" appears twice/ },
  { name: 'duplicate member in a nested object', body: '{"redirect_uris":["https://a.example/cb"],"jwks":{"keys":[],"keys":[]}}', status: 400, error: 'invalid_client_metadata', description: /"keys" appears twice/ },
  { name: '100,000-character string', body: json({ ...web, client_name: 'a'.repeat(100_000) }), status: 413, error: 'invalid_client_metadata', description: /65536 bytes/ },
  { name: '60,000-character string', body: json({ ...web, client_name: 'a'.repeat(60_000) }), status: 400, error: 'invalid_client_metadata', description: /longer than 4096/ },
  { name: 'uppercase HTTPS redirect URI', body: json({ redirect_uris: ['HTTPS://a.example/cb'] }), status: 400, error: 'invalid_redirect_uri', description: /lowercase scheme/ },
  { name: 'tab-padded redirect URI', body: json({ redirect_uris: ['https://a.example/cb\t'] }), status: 400, error: 'invalid_redirect_uri', description: /^redirect_uris\[0\]: control characters/ },
  { name: 'redirect URI with a newline in its path', body: json({ redirect_uris: ['https://a.example/c\nb'] }), status: 400, error: 'invalid_redirect_uri', description: /control characters/ },
  { name: 'loopback redirect URI written as 127.1', body: json({ redirect_uris: ['http://127.1/cb'] }), status: 400, error: 'invalid_redirect_uri', description: /as browsers send it \("127\.0\.0\.1"\)/ },
  { name: 'loopback redirect URI written in hexadecimal', body: json({ redirect_uris: ['http://0x7f000001/cb'] }), status: 400, error: 'invalid_redirect_uri', description: /as browsers send it/ },
  { name: 'wildcard host in a redirect URI', body: json({ redirect_uris: ['https://*.example.com/cb'] }), status: 400, error: 'invalid_redirect_uri', description: /must be a DNS name/ },
  { name: 'underscore in a redirect URI host', body: json({ redirect_uris: ['https://a_b.example.com/cb'] }), status: 400, error: 'invalid_redirect_uri', description: /must be a DNS name/ },
  { name: 'Unicode host in a redirect URI (a look-alike on a consent screen)', body: json({ redirect_uris: ['https://pаypal.example/cb'] }), status: 400, error: 'invalid_redirect_uri', description: /A-labels/ },
  { name: 'upper-case host in a redirect URI', body: json({ redirect_uris: ['https://App.Example.com/cb'] }), status: 400, error: 'invalid_redirect_uri', description: /"app\.example\.com"/ },
  { name: 'trailing-space redirect URI', body: json({ redirect_uris: ['https://a.example/cb '] }), status: 400, error: 'invalid_redirect_uri', description: /white space/ },
  { name: 'backslash host trick in a redirect URI', body: json({ redirect_uris: ['https://a.example\\@evil.example/cb'] }), status: 400, error: 'invalid_redirect_uri', description: /white space or backslashes/ },
  { name: 'numeric scope', body: json({ ...web, scope: 5 }), status: 400, error: 'invalid_client_metadata', description: /^scope: must be a string$/ },
  { name: 'contacts as a string', body: json({ ...web, contacts: 'a@b.c' }), status: 400, error: 'invalid_client_metadata', description: /^contacts: must be an array of strings$/ },
  { name: 'software_statement as an object', body: json({ ...web, software_statement: { alg: 'none' } }), status: 400, error: 'invalid_client_metadata', description: /^software_statement: must be a string$/ },
  ...['client_uri', 'logo_uri', 'policy_uri', 'tos_uri'].flatMap((field): BadInput[] =>
    ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'file:///etc/passwd', 'vbscript:msgbox(1)', ' https://a.example/x', 'https://user:pass@a.example/x'].map((uri) => ({
      name: `${field} = ${JSON.stringify(uri)}`,
      body: json({ ...web, [field]: uri }),
      status: 400,
      error: 'invalid_client_metadata',
      description: new RegExp(`^${field}: must be an absolute http\\(s\\) URL`),
    })),
  ),
];

describe('bad input on POST /oauth2/register: a precise 4xx, nothing stored', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(profile('default'));
  });
  afterAll(() => t.close());

  it.each(CASES)('$name → $status $error', async ({ body, contentType, status, error, description }) => {
    const before = await t.countClients();
    let call = request(t.http).post('/oauth2/register');
    call = contentType === '' ? call.unset('Content-Type') : call.set('Content-Type', contentType ?? 'application/json');
    // Buffers go out byte for byte (superagent would otherwise serialize them as JSON objects).
    const response = await (Buffer.isBuffer(body) ? call.serialize((raw: Buffer) => raw as never) : call).send(body);
    expect(response.status).toBe(status);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(Object.keys(response.body).sort()).toEqual(['error', 'error_description']);
    expect(response.body.error).toBe(error);
    expect(response.body.error_description).toMatch(description);
    expect(await t.countClients()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  // A client that reads while it sends (curl does) must see the 413 before it has sent a body
  // far over the limit: past the limit plus 1 MiB the connection is dropped.
  it.each([
    ['declared by Content-Length', { 'Content-Length': '50000000' }],
    ['chunked', {}],
  ])('answers an oversized body (%s) with 413 while the client is still sending', async (_, headers) => {
    if (!t.http.listening) await t.app.listen(0, '127.0.0.1');
    const url = new URL(await t.app.getUrl());
    const call = http.request({ host: url.hostname, port: url.port, path: '/oauth2/register', method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } });
    try {
      const answer = answerOf(call);
      call.write(`{"client_name":"${'x'.repeat(100_000)}`); // over 64 KiB, and the body goes on
      const noAnswer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer while sending')), 5000).unref());
      const { status, body } = await Promise.race([answer, noAnswer]);
      expect(status).toBe(413);
      expect(JSON.parse(body)).toEqual({ error: 'invalid_client_metadata', error_description: 'the request body must not exceed 65536 bytes' });
    } finally {
      call.destroy();
    }
  });

  it('still registers after every bad input', async () => {
    await request(t.http).post('/oauth2/register').send(web).expect(201);
    expect(await t.countClients()).toBe(1);
  });
});

describe('bad input on the RFC 7592 endpoints', () => {
  let t: TestApp;
  let client: { client_id: string; registration_access_token: string; registration_client_uri: string };
  let path: string;

  beforeAll(async () => {
    t = await createTestApp(profile('default'));
    client = (await request(t.http).post('/oauth2/register').send(web).expect(201)).body;
    path = new URL(client.registration_client_uri).pathname;
  });
  afterAll(() => t.close());

  it.each([
    ['no scheme', () => client.registration_access_token],
    ['Basic scheme', () => `Basic ${Buffer.from(`${client.client_id}:x`).toString('base64')}`],
    ['Bearer without a token', () => 'Bearer'],
    ['two tokens', () => `Bearer ${client.registration_access_token} ${client.registration_access_token}`],
    ['a 600-character token', () => `Bearer ${'a'.repeat(600)}`],
    ['characters outside the token alphabet', () => `Bearer ${client.registration_access_token.slice(0, 20)}!*`],
    ['a non-ASCII token', () => `Bearer ${encodeURIComponent('tökén')}`],
    ['a token with a comma', () => `Bearer a,b`],
  ])('Authorization with %s → 401 invalid_token', async (_, header) => {
    for (const method of ['get', 'put', 'delete'] as const) {
      const response = await request(t.http)[method](path).set('Authorization', header()).set('Content-Type', 'application/json').send(method === 'put' ? json({ ...web, client_id: client.client_id }) : undefined);
      expect(response.status).toBe(401);
      expect(response.body.error).toBe('invalid_token');
    }
    expect(Number((await t.clientRow(client.client_id))?.version)).toBe(1);
  });

  it.each([
    ['text/plain body', 'text/plain', json({ ...web, client_id: 'x' }), 415],
    ['form-encoded body', 'application/x-www-form-urlencoded', 'client_id=x', 415],
    ['array body', 'application/json', '[]', 400],
    ['truncated body', 'application/json', '{"client_id":', 400],
    ['oversized body', 'application/json', json({ ...web, client_name: 'x'.repeat(70_000) }), 413],
    ['client_id of the wrong type', 'application/json', json({ ...web, client_id: 42 }), 400],
  ])('PUT with a %s → %i, record unchanged', async (_, contentType, body, status) => {
    const response = await request(t.http).put(path).set('Authorization', `Bearer ${client.registration_access_token}`).set('Content-Type', contentType).send(body);
    expect(response.status).toBe(status);
    expect(response.body.error).toBe('invalid_client_metadata');
    expect(Number((await t.clientRow(client.client_id))?.version)).toBe(1);
  });

  it.each([
    ['patch', 'the client configuration', 'GET, HEAD, PUT, DELETE'],
    ['post', 'the client configuration', 'GET, HEAD, PUT, DELETE'],
    ['get', 'the registration endpoint', 'POST'],
    ['put', 'the registration endpoint', 'POST'],
    ['delete', 'the registration endpoint', 'POST'],
    ['options', 'the client configuration', 'GET, HEAD, PUT, DELETE'],
    ['options', 'the registration endpoint', 'POST'],
  ] as const)('%s on %s → 405 with Allow: %s, record unchanged', async (method, target, allow) => {
    const url = target === 'the registration endpoint' ? '/oauth2/register' : path;
    const response = await request(t.http)[method](url).set('Authorization', `Bearer ${client.registration_access_token}`).set('Content-Type', 'application/json').send(json({ ...web, client_id: client.client_id }));
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe(allow);
    expect(response.body).toEqual({ error: 'invalid_request', error_description: `this path serves ${allow} only` });
    expect(Number((await t.clientRow(client.client_id))?.version)).toBe(1);
    expect(await t.countClients()).toBe(1);
  });
});

/** The port a `Socket#connect` call aims at (`net.connect` passes its normalized arguments as one array). */
function portOf(args: unknown[]): number | undefined {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'object' && first !== null) return Number((first as { port?: unknown }).port);
  return typeof first === 'number' || typeof first === 'string' ? Number(first) : undefined;
}

describe('client-supplied URIs are never fetched', () => {
  let t: TestApp;
  let canary: Server;
  const hits: string[] = [];
  let connections = 0;

  beforeAll(async () => {
    canary = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('{}');
    });
    canary.on('connection', () => connections++);
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    t = await createTestApp({ ...profile('default'), processors: { ...profile('default').processors, uris: { logoUri: { allowed: '.*' }, clientUri: { allowed: '.*' }, policyUri: { allowed: '.*' }, tosUri: { allowed: '.*' } } } });
  });
  afterAll(async () => {
    await t.close();
    canary.close();
  });

  it('registers URIs that point at a listener, and the listener hears nothing', async () => {
    const base = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
    const connect = jest.spyOn(Socket.prototype, 'connect');
    const response = await request(t.http)
      .post('/oauth2/register')
      .send({
        redirect_uris: [`http://127.0.0.1:${(canary.address() as AddressInfo).port}/cb`],
        client_uri: `${base}/client`,
        logo_uri: `${base}/logo.png`,
        policy_uri: `${base}/policy`,
        tos_uri: `${base}/tos`,
        jwks_uri: `${base}/jwks`,
        sector_identifier_uri: `${base}/sector`,
        initiate_login_uri: `${base}/login`,
        request_uris: [`${base}/request`],
      })
      .expect(201);
    expect(response.body.logo_uri).toBe(`${base}/logo.png`);
    // No socket of this process tried to reach the listener while the registration ran.
    const port = (canary.address() as AddressInfo).port;
    expect(connect.mock.calls.filter((args) => portOf(args) === port)).toEqual([]);
    connect.mockRestore();
    // Instead of waiting a fixed time, send the listener a request of our own and wait for it to
    // be answered: a connection the registration had opened would have been accepted before it.
    await new Promise<void>((resolve, reject) => http.get(`${base}/sentinel`, (answer) => answer.resume().on('end', resolve)).on('error', reject));
    expect(hits).toEqual(['/sentinel']);
    expect(connections).toBe(1);
  });
});

describe('long input against a backtracking-prone configured pattern', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ...profile('default'), processors: { ...profile('default').processors, clientName: { allowed: '(a+)+$', mandatory: true } } });
  });
  afterAll(() => t.close());

  it('is answered (RE2 runs in linear time) with a 400 and nothing stored', async () => {
    const response = await request(t.http).post('/oauth2/register').send({ ...web, client_name: `${'a'.repeat(4000)}!` });
    expect(response.status).toBe(400);
    expect(response.body.error_description).toMatch(/^client_name: longer than 200 characters|^client_name: does not match/);
    const longest = await request(t.http).post('/oauth2/register').send({ ...web, client_name: `${'a'.repeat(199)}!` });
    expect(longest.body).toEqual({ error: 'invalid_client_metadata', error_description: 'client_name: does not match (a+)+$' });
    expect(await t.countClients()).toBe(0);
  });
});
