import { createHash, randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { decodeJwt } from 'jose';
import type { DcrModuleOptions } from '../src/dcr';
import { createTestApp, profile, TestApp } from './utils/test-app';

const ISSUER = 'http://localhost';
const CALLBACK = 'http://127.0.0.1:33418/callback';
const HOSTILE_NAME = '<img src=x onerror="alert(1)"> & Co';

const OPTIONS: Partial<DcrModuleOptions> = {
  ...profile('default'),
  issuer: ISSUER,
  // UNSAFE outside tests: documents from this machine's loopback interface.
  clientIdMetadataDocument: { development: { allowHttpLoopback: true }, requiredProperties: [] },
};

/** A public client as an MCP client registers it (RFC 7591). */
const PUBLIC_CLIENT = {
  client_name: 'Registered app',
  redirect_uris: [CALLBACK, 'https://app.example.com/cb?tenant=1'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'none',
  scope: 'mcp:tools read',
};

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The consent form's token and the browser cookie of a consent page answer. */
function consentForm(page: request.Response): { token: string; cookie: string } {
  const token = /name="consent_token" value="([^"]+)"/.exec(page.text)?.[1];
  const cookie = (page.headers['set-cookie'] as unknown as string[] | undefined)?.[0]?.split(';')[0];
  if (!token || !cookie) throw new Error(`not a consent page: ${page.status} ${page.text.slice(0, 200)}`);
  return { token, cookie };
}

/** The query parameters of a redirect's Location. */
function redirectParams(response: request.Response): URLSearchParams {
  expect(response.headers.location).toBeDefined();
  return new URL(response.headers.location).searchParams;
}

describe('the example host: authorization endpoint, consent page and authorization code grant', () => {
  let t: TestApp;
  let documents: Server;
  let documentUrl: string;
  let clientId: string;

  beforeAll(async () => {
    documents = createServer((req, res) => {
      if (req.url !== '/mcp-client.json') return void res.writeHead(404).end();
      const url = `http://127.0.0.1:${(documents.address() as AddressInfo).port}${req.url}`;
      const body = { client_id: url, client_name: HOSTILE_NAME, redirect_uris: [CALLBACK], grant_types: ['authorization_code'], token_endpoint_auth_method: 'none' };
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => documents.listen(0, '127.0.0.1', resolve));
    documentUrl = `http://127.0.0.1:${(documents.address() as AddressInfo).port}/mcp-client.json`;
    t = await createTestApp(OPTIONS);
    clientId = (await request(t.http).post('/oauth2/register').send(PUBLIC_CLIENT).expect(201)).body.client_id;
  });
  afterAll(async () => {
    await t?.close();
    documents.closeAllConnections();
    await new Promise((resolve) => documents.close(resolve));
  });

  function authorize(params: Record<string, string | undefined>, cookie?: string) {
    const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const call = request(t.http).get(`/oauth2/authorize?${query}`);
    return cookie ? call.set('Cookie', cookie) : call;
  }

  function codeRequest(overrides: Record<string, string | undefined> = {}) {
    const { verifier, challenge } = pkce();
    const params = { response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, code_challenge: challenge, code_challenge_method: 'S256', state: 'st-1', ...overrides };
    return { verifier, params };
  }

  function decide(form: { token?: string; cookie?: string }, decision = 'approve') {
    const call = request(t.http).post('/oauth2/authorize').type('form').send({ ...(form.token ? { consent_token: form.token } : {}), decision });
    return form.cookie ? call.set('Cookie', form.cookie) : call;
  }

  /** The whole front channel: the consent page, approved; returns the code. */
  async function approvedCode(params: Record<string, string | undefined>): Promise<string> {
    const page = await authorize(params).expect(200);
    const answer = await decide(consentForm(page)).expect(303);
    const back = redirectParams(answer);
    expect(answer.headers.location.startsWith(`${params.redirect_uri}?`)).toBe(true);
    expect(back.get('state')).toBe(params.state ?? null);
    expect(back.get('iss')).toBe(ISSUER);
    return back.get('code')!;
  }

  function token(body: Record<string, string>) {
    return request(t.http).post('/oauth2/token').type('form').send(body);
  }

  it('discovery names the authorization endpoint, the code flow with S256 and the iss parameter', async () => {
    const { body } = await request(t.http).get('/.well-known/oauth-authorization-server').expect(200);
    expect(body).toMatchObject({
      authorization_endpoint: `${ISSUER}/oauth2/authorize`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: true,
    });
  });

  it('issues a single-use code for the consent, exchanged with PKCE for an access token and a rotating refresh token', async () => {
    const { verifier, params } = codeRequest({ scope: 'read', resource: 'https://mcp.example.com/mcp' });
    const code = await approvedCode(params);
    const { body } = await token({ grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: CALLBACK, code_verifier: verifier }).expect(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'read', refresh_token: expect.any(String) });
    expect(decodeJwt(body.access_token)).toMatchObject({ iss: ISSUER, client_id: clientId, scope: 'read', aud: 'https://mcp.example.com/mcp' });
    // The database holds digests only.
    const [row] = await t.dataSource.query('SELECT * FROM example_refresh_token');
    expect(JSON.stringify(row)).not.toContain(body.refresh_token);

    const refreshed = (await token({ grant_type: 'refresh_token', client_id: clientId, refresh_token: body.refresh_token }).expect(200)).body;
    expect(refreshed.refresh_token).not.toBe(body.refresh_token);
    expect(decodeJwt(refreshed.access_token)).toMatchObject({ scope: 'read', aud: 'https://mcp.example.com/mcp' });
    // A rotated token used again is refused and revokes the grant: the newer token stops working too.
    expect((await token({ grant_type: 'refresh_token', client_id: clientId, refresh_token: body.refresh_token }).expect(400)).body).toEqual({
      error: 'invalid_grant', error_description: 'the refresh token is invalid, expired or already used',
    });
    await token({ grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshed.refresh_token }).expect(400);
  });

  it('refuses a replayed code with invalid_grant, and revokes what the code gave', async () => {
    const { verifier, params } = codeRequest();
    const code = await approvedCode(params);
    const exchange = { grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: CALLBACK, code_verifier: verifier };
    const first = (await token(exchange).expect(200)).body;
    expect((await token(exchange).expect(400)).body).toEqual({ error: 'invalid_grant', error_description: 'the authorization code is invalid, expired or already used' });
    await token({ grant_type: 'refresh_token', client_id: clientId, refresh_token: first.refresh_token }).expect(400);
  });

  it('redeems a code at another instance on the same database, once, when two redemptions race', async () => {
    const other = await createTestApp(OPTIONS, { database: t.database });
    try {
      const { verifier, params } = codeRequest();
      const code = await approvedCode(params);
      const exchange = { grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: CALLBACK, code_verifier: verifier };
      const answers = await Promise.all([token(exchange), request(other.http).post('/oauth2/token').type('form').send(exchange)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
    } finally {
      await other.close();
    }
  });

  it('refuses a wrong code_verifier with invalid_grant, and the code is spent by the attempt', async () => {
    const { verifier, params } = codeRequest();
    const code = await approvedCode(params);
    const exchange = { grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: CALLBACK };
    expect((await token({ ...exchange, code_verifier: pkce().verifier }).expect(400)).body).toEqual({
      error: 'invalid_grant', error_description: 'code_verifier does not match the code_challenge',
    });
    await token({ ...exchange, code_verifier: verifier }).expect(400);
    expect((await token({ ...exchange, code_verifier: undefined as unknown as string }).expect(400)).body.error).toBe('invalid_request');
  });

  it('refuses a redirect_uri at the token endpoint that differs from the authorization request', async () => {
    const { verifier, params } = codeRequest();
    const code = await approvedCode(params);
    expect((await token({ grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: 'https://app.example.com/cb?tenant=1', code_verifier: verifier }).expect(400)).body).toEqual({
      error: 'invalid_grant', error_description: 'redirect_uri differs from the one of the authorization request',
    });
  });

  it("refuses another client's code without spending it", async () => {
    const other = (await request(t.http).post('/oauth2/register').send(PUBLIC_CLIENT).expect(201)).body.client_id;
    const { verifier, params } = codeRequest();
    const code = await approvedCode(params);
    const exchange = { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier };
    await token({ ...exchange, client_id: other }).expect(400);
    await token({ ...exchange, client_id: clientId }).expect(200);
  });

  it('accepts a loopback redirect URI on another port (RFC 8252 §7.3), and nothing else that differs', async () => {
    const anyPort = 'http://127.0.0.1:51789/callback';
    const { verifier, params } = codeRequest({ redirect_uri: anyPort });
    const code = await approvedCode(params);
    await token({ grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: anyPort, code_verifier: verifier }).expect(200);
    for (const uri of ['http://127.0.0.1:51789/other', 'http://localhost:33418/callback', 'http://127.0.0.1:33418/callback/', 'https://127.0.0.1:33418/callback', 'https://app.example.com/cb']) {
      const page = await authorize(codeRequest({ redirect_uri: uri }).params).expect(400);
      expect([uri, page.headers.location]).toEqual([uri, undefined]);
    }
  });

  it('keeps the query of a registered redirect URI and adds the response to it', async () => {
    const { params } = codeRequest({ redirect_uri: 'https://app.example.com/cb?tenant=1' });
    const page = await authorize(params).expect(200);
    const answer = await decide(consentForm(page)).expect(303);
    expect(answer.headers.location).toMatch(/^https:\/\/app\.example\.com\/cb\?tenant=1&code=[\w-]{43}&state=st-1&iss=http%3A%2F%2Flocalhost$/);
  });

  it('shows an unknown client or an unregistered redirect URI on an error page, never redirecting (RFC 6749 §4.1.2.1)', async () => {
    const cases: [Record<string, string | undefined>, string][] = [
      [{ client_id: 'no-such-client' }, 'invalid_client'],
      [{ client_id: undefined }, 'invalid_request'],
      [{ client_id: `${documentUrl.replace('/mcp-client.json', '/missing.json')}` }, 'invalid_client'],
      [{ redirect_uri: 'https://evil.example/cb' }, 'invalid_request'],
      [{ redirect_uri: undefined }, 'invalid_request'],
    ];
    for (const [overrides, error] of cases) {
      const page = await authorize(codeRequest(overrides).params).expect(400);
      expect(page.headers.location).toBeUndefined();
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain(`<code id="error">${error}</code>`);
    }
    // A repeated parameter (RFC 6749 §3.1) is refused on the page too.
    const repeated = await request(t.http).get(`/oauth2/authorize?client_id=${clientId}&client_id=${clientId}&redirect_uri=${encodeURIComponent(CALLBACK)}`).expect(400);
    expect(repeated.headers.location).toBeUndefined();
  });

  it('sends other errors to the client with error, state and iss: missing or plain PKCE, another response_type, no common scope', async () => {
    const cases: [Record<string, string | undefined>, string][] = [
      [{ code_challenge: undefined, code_challenge_method: undefined }, 'invalid_request'],
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge_method: undefined }, 'invalid_request'],
      [{ code_challenge: 'too-short' }, 'invalid_request'],
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ response_type: undefined }, 'invalid_request'],
      [{ scope: 'admin' }, 'invalid_scope'],
      [{ resource: 'not a uri' }, 'invalid_target'],
    ];
    for (const [overrides, error] of cases) {
      const answer = await authorize(codeRequest(overrides).params).expect(302);
      const back = redirectParams(answer);
      expect([overrides, back.get('error'), back.get('state'), back.get('iss')]).toEqual([overrides, error, 'st-1', ISSUER]);
      expect(answer.headers.location.startsWith(`${CALLBACK}?`)).toBe(true);
      expect(back.get('code')).toBeNull();
    }
    const plain = redirectParams(await authorize(codeRequest({ code_challenge_method: 'plain' }).params).expect(302));
    expect(plain.get('error_description')).toBe('code_challenge_method must be S256 (plain is not accepted)');
  });

  it('refuses the consent form without its token, reused, or posted from another browser', async () => {
    const page = await authorize(codeRequest().params).expect(200);
    const form = consentForm(page);
    expect((await decide({ cookie: form.cookie }).expect(400)).headers.location).toBeUndefined();
    expect((await decide({ token: form.token }).expect(403)).headers.location).toBeUndefined();
    // That attempt spent the token: the right browser cannot use it any more.
    await decide(form).expect(403);

    const again = consentForm(await authorize(codeRequest().params).expect(200));
    await decide({ token: again.token, cookie: 'example_browser=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }).expect(403);

    const once = consentForm(await authorize(codeRequest().params).expect(200));
    await decide(once).expect(303);
    const reused = await decide(once).expect(403);
    expect(reused.text).toContain('expired or was already used');
    await decide({ token: 'forged', cookie: once.cookie }).expect(403);
    await decide(once, 'maybe').expect(400);
  });

  it('sends access_denied with state and iss when the user denies', async () => {
    const page = await authorize(codeRequest().params).expect(200);
    const back = redirectParams(await decide(consentForm(page), 'deny').expect(303));
    expect(Object.fromEntries(back)).toEqual({ error: 'access_denied', error_description: 'the user denied the request', state: 'st-1', iss: ISSUER });
  });

  it('shows a document client by the host of its client_id and of its redirect URI, escaping the name it chose', async () => {
    const page = await authorize(codeRequest({ client_id: documentUrl, scope: undefined }).params).expect(200);
    expect(page.text).not.toContain('<img');
    expect(page.text).toContain('&#60;img src=x onerror=&#34;alert(1)&#34;&#62; &#38; Co');
    expect(page.text).toMatch(/<dd class="host" id="client-host">127\.0\.0\.1:\d+<\/dd>/);
    expect(page.text).toContain('<dd class="host" id="redirect-host">127.0.0.1:33418</dd>');
    expect(page.text).toContain('no user accounts');
    // Self-contained: no script, no external resource, and a policy that would block one.
    expect(page.text).not.toMatch(/<(script|link|img|iframe|object)|\s(src|href)="|url\(/i);
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; form-action 'self' http:\/\/127\.0\.0\.1:33418; frame-ancestors 'none'; base-uri 'none'$/);
    expect(page.headers).toMatchObject({ 'x-frame-options': 'DENY', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    expect(page.headers['set-cookie'][0]).toMatch(/^example_browser=[\w-]{43}; Path=\/; Max-Age=86400; HttpOnly; SameSite=Lax$/);
  });

  it('shows a registered client by its client_id', async () => {
    const page = await authorize(codeRequest().params).expect(200);
    expect(page.text).toContain(`<dd class="uri" id="client-id">${clientId}</dd>`);
    expect(page.text).toContain('Registered app');
  });

  it('issues codes of the authorization_code grant only to clients registered for it', async () => {
    const machine = (await request(t.http).post('/oauth2/register').send({ grant_types: ['client_credentials'], redirect_uris: [CALLBACK], token_endpoint_auth_method: 'client_secret_basic' }).expect(201)).body;
    const back = redirectParams(await authorize(codeRequest({ client_id: machine.client_id }).params).expect(302));
    expect(back.get('error')).toBe('unauthorized_client');
  });

  it('authenticates a confidential client at the token endpoint with its secret', async () => {
    const confidential = (await request(t.http).post('/oauth2/register').send({ ...PUBLIC_CLIENT, token_endpoint_auth_method: 'client_secret_basic' }).expect(201)).body;
    const { verifier, params } = codeRequest({ client_id: confidential.client_id });
    const code = await approvedCode(params);
    const exchange = { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier };
    expect((await token({ ...exchange, client_id: confidential.client_id }).expect(401)).body.error).toBe('invalid_client');
    await request(t.http).post('/oauth2/token').auth(confidential.client_id, confidential.client_secret).type('form').send(exchange).expect(200);
  });
});
