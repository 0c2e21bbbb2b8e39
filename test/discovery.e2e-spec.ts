import { createHash, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import request from 'supertest';
import { createTestApp, profile, TestApp } from './utils/test-app';

const CALLBACK = 'http://127.0.0.1:33419/callback';
/** What the reference profile makes mandatory, so that each registration below is otherwise minimal. */
const REQUIRED_BY: Record<'default' | 'reference', Record<string, unknown>> = {
  default: {},
  reference: { contacts: ['ops@example.com'], software_id: 'discovery-test', software_version: '1.0' },
};

/**
 * The example host's discovery documents against what it really does, for each shipped
 * configuration: both documents say the same, each advertised grant type, response type and
 * auth method can be registered and then used at the authorization and token endpoints, and
 * openid-client registers with its default (OpenID) discovery and gets a token.
 */
describe.each(['default', 'reference'] as const)('discovery of the example host (config/%s.json)', (name) => {
  let t: TestApp;
  let issuer: URL;

  beforeAll(async () => {
    t = await createTestApp(profile(name));
    await t.app.listen(0, '127.0.0.1');
    issuer = new URL(await t.app.getUrl());
  });
  afterAll(() => t.close());

  async function documents(): Promise<{ oauth: Record<string, unknown>; openid: Record<string, unknown> }> {
    const oauth = (await request(t.http).get('/.well-known/oauth-authorization-server').expect(200)).body;
    const openid = (await request(t.http).get('/.well-known/openid-configuration').expect(200)).body;
    return { oauth, openid };
  }

  it('serves the RFC 8414 document at the OpenID location too, with the OpenID Discovery §3 REQUIRED members', async () => {
    const { oauth, openid } = await documents();
    const base = issuer.href.replace(/\/$/, '');
    expect(openid).toEqual({ ...oauth, subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'] });
    expect(openid).toMatchObject({
      issuer: base,
      authorization_endpoint: `${base}/oauth2/authorize`,
      token_endpoint: `${base}/oauth2/token`,
      jwks_uri: `${base}/oauth2/jwks`,
      registration_endpoint: `${base}/oauth2/register`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    });
    // No ID tokens: openid is not a scope this host names.
    expect((openid.scopes_supported as string[] | undefined) ?? []).not.toContain('openid');
  });

  /** Token endpoint credentials for `method`. */
  function authenticated(call: request.Test, method: string, clientId: string, secret: string | undefined, form: Record<string, string>): request.Test {
    if (method === 'client_secret_basic') return call.auth(clientId, secret!).type('form').send(form);
    if (method === 'client_secret_post') return call.type('form').send({ ...form, client_id: clientId, client_secret: secret! });
    return call.type('form').send({ ...form, client_id: clientId });
  }

  /** Code + PKCE through the consent form, the code exchanged, then the refresh token used. */
  async function codeFlow(method: string, clientId: string, secret: string | undefined): Promise<void> {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const query = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, code_challenge: challenge, code_challenge_method: 'S256', state: 's' });
    const page = await request(t.http).get(`/oauth2/authorize?${query}`).expect(200);
    const token = /name="consent_token" value="([^"]+)"/.exec(page.text)![1];
    const cookie = (page.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    const answer = await request(t.http).post('/oauth2/authorize').set('Cookie', cookie).type('form').send({ consent_token: token, decision: 'approve' }).expect(303);
    const code = new URL(answer.headers.location).searchParams.get('code')!;
    const exchange = { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier };
    const tokens = (await authenticated(request(t.http).post('/oauth2/token'), method, clientId, secret, exchange).expect(200)).body;
    expect(tokens.refresh_token).toEqual(expect.any(String));
    await authenticated(request(t.http).post('/oauth2/token'), method, clientId, secret, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }).expect(200);
  }

  it('every advertised grant type, response type and auth method registers and is used', async () => {
    const { openid } = await documents();
    const grants = openid.grant_types_supported as string[];
    const methods = openid.token_endpoint_auth_methods_supported as string[];
    const used = new Set<string>();
    for (const method of methods) {
      // A redirect-based client: the code flow with each response type, and its refresh token.
      for (const responseType of openid.response_types_supported as string[]) {
        const metadata = { ...REQUIRED_BY[name], redirect_uris: [CALLBACK], grant_types: ['authorization_code', 'refresh_token'], response_types: [responseType], token_endpoint_auth_method: method };
        const registered = (await request(t.http).post('/oauth2/register').send(metadata).expect(201)).body;
        expect(registered).toMatchObject({ grant_types: metadata.grant_types, response_types: [responseType], token_endpoint_auth_method: method });
        await codeFlow(method, registered.client_id, registered.client_secret);
        used.add(`method:${method}`).add(`response_type:${responseType}`).add('grant:authorization_code').add('grant:refresh_token');
      }
      // A machine client, for a method that can authenticate one (RFC 6749 §4.4: confidential only).
      if (grants.includes('client_credentials') && method !== 'none') {
        const metadata = { ...REQUIRED_BY[name], grant_types: ['client_credentials'], token_endpoint_auth_method: method };
        const registered = (await request(t.http).post('/oauth2/register').send(metadata).expect(201)).body;
        await authenticated(request(t.http).post('/oauth2/token'), method, registered.client_id, registered.client_secret, { grant_type: 'client_credentials' }).expect(200);
        used.add('grant:client_credentials');
      }
    }
    const advertised = [
      ...methods.map((method) => `method:${method}`),
      ...(openid.response_types_supported as string[]).map((type) => `response_type:${type}`),
      ...grants.map((grant) => `grant:${grant}`),
    ];
    expect(advertised.filter((value) => !used.has(value))).toEqual([]);
  });

  it('openid-client registers with its default (OpenID) discovery and gets a token', async () => {
    const config = await client.dynamicClientRegistration(
      issuer,
      { ...REQUIRED_BY[name], grant_types: ['client_credentials'] },
      undefined,
      { execute: [client.allowInsecureRequests] },
    );
    expect(config.serverMetadata()).toMatchObject({ registration_endpoint: new URL('/oauth2/register', issuer).href, subject_types_supported: ['public'] });
    const tokens = await client.clientCredentialsGrant(config);
    expect(tokens).toMatchObject({ token_type: 'bearer', access_token: expect.any(String) });
  });
});
