import * as oauth from 'oauth4webapi';
import * as client from 'openid-client';
import { createTestApp, profile, TestApp } from './utils/test-app';

/** Registration driven by real OAuth client libraries over a real socket, as a client would. */
describe('registration with real OAuth client libraries', () => {
  let t: TestApp;
  let issuer: URL;

  beforeAll(async () => {
    t = await createTestApp(profile('default'));
    await t.app.listen(0, '127.0.0.1');
    issuer = new URL(await t.app.getUrl());
  });
  afterAll(() => t.close());

  it('openid-client v6: discovery, then dynamic registration', async () => {
    const config = await client.dynamicClientRegistration(
      issuer,
      {
        redirect_uris: ['http://127.0.0.1:8080/callback'],
        client_name: 'openid-client test',
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'client_secret_post',
      },
      undefined,
      { algorithm: 'oauth2', execute: [client.allowInsecureRequests] },
    );
    const metadata = config.clientMetadata();
    expect(metadata.client_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(metadata.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(metadata.token_endpoint_auth_method).toBe('client_secret_post');
    expect(config.serverMetadata().registration_endpoint).toBe(new URL('/oauth2/register', issuer).href);
    expect(await t.clientRow(metadata.client_id)).toBeDefined();
  });

  it('oauth4webapi: registration request and response processing', async () => {
    const as = await oauth
      .discoveryRequest(issuer, { algorithm: 'oauth2', [oauth.allowInsecureRequests]: true })
      .then((response) => oauth.processDiscoveryResponse(issuer, response));
    const response = await oauth.dynamicClientRegistrationRequest(
      as,
      { grant_types: ['client_credentials'], client_name: 'oauth4webapi test', scope: 'api:read api:write' },
      { [oauth.allowInsecureRequests]: true },
    );
    const registered = await oauth.processDynamicClientRegistrationResponse(response);
    expect(registered.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(registered.client_secret_expires_at).toBe(0);
    expect(registered.scope).toBe('api:read api:write');
    expect(registered.grant_types).toEqual(['client_credentials']);
  });

  it('oauth4webapi surfaces our RFC 7591 error as a ResponseBodyError', async () => {
    const as = { issuer: issuer.href, registration_endpoint: new URL('/oauth2/register', issuer).href };
    const response = await oauth.dynamicClientRegistrationRequest(as, { redirect_uris: ['javascript:alert(1)'] }, { [oauth.allowInsecureRequests]: true });
    await expect(oauth.processDynamicClientRegistrationResponse(response)).rejects.toMatchObject({
      error: 'invalid_redirect_uri',
      status: 400,
    });
  });
});
