import { resolveDcrOptions } from '../options/validate-options';
import type { DcrModuleOptions } from '../options/dcr-module-options.interface';
import { TEST_SECRET_KEY } from '../testing/processing.spec-helper';
import { dcrAuthorizationServerMetadata } from './authorization-server-metadata';

const options = (dcr: Omit<DcrModuleOptions, 'secretKey'>) => resolveDcrOptions({ secretKey: TEST_SECRET_KEY, ...dcr });
const ISSUER = 'https://iam.example.com';

describe('dcrAuthorizationServerMetadata', () => {
  it('adds the registration endpoint and what may be registered', () => {
    const metadata = dcrAuthorizationServerMetadata(
      options({ clientSecret: {}, processors: { tokenEndpointAuthMethod: { allowed: ['client_secret_post', 'client_secret_basic'] } } }),
      'default',
      `${ISSUER}/`,
    );
    expect(metadata).toEqual({
      registration_endpoint: `${ISSUER}/oauth2/register`,
      grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
      response_types_supported: ['code'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
  });

  it('lists private_key_jwt and its signing algorithms when it may be registered', () => {
    const metadata = dcrAuthorizationServerMetadata(
      options({ processors: { tokenEndpointAuthMethod: { allowed: ['none', 'private_key_jwt'] }, jwks: { algorithms: ['PS256', 'ES256'] } } }),
      'default',
      ISSUER,
    );
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(['none', 'private_key_jwt']);
    expect(metadata.token_endpoint_auth_signing_alg_values_supported).toEqual(['PS256', 'ES256']);
    const without = dcrAuthorizationServerMetadata(options({ clientSecret: {}, processors: { tokenEndpointAuthMethod: {}, jwks: {} } }), 'default', ISSUER);
    expect(without.token_endpoint_auth_methods_supported).not.toContain('private_key_jwt');
    expect(without.token_endpoint_auth_signing_alg_values_supported).toBeUndefined();
  });

  it('lists the mutual-TLS methods where they may be registered, and never claims bound tokens itself', () => {
    const metadata = dcrAuthorizationServerMetadata(
      options({ processors: { tokenEndpointAuthMethod: { allowed: ['tls_client_auth', 'self_signed_tls_client_auth'] }, jwks: {} } }),
      'default',
      ISSUER,
    );
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(['tls_client_auth', 'self_signed_tls_client_auth']);
    expect(metadata.token_endpoint_auth_signing_alg_values_supported).toBeUndefined();
    expect(metadata).not.toHaveProperty('tls_client_certificate_bound_access_tokens');
    expect(metadata).not.toHaveProperty('mtls_endpoint_aliases');
    const secretsOnly = dcrAuthorizationServerMetadata(options({ clientSecret: {}, processors: { tokenEndpointAuthMethod: {} } }), 'default', ISSUER);
    expect(secretsOnly.token_endpoint_auth_methods_supported).not.toContain('tls_client_auth');
  });

  it('marks a fapi2 server: pushed authorization requests required, PKCE S256, only the asymmetric methods', () => {
    const metadata = dcrAuthorizationServerMetadata(options({ profile: 'fapi2' }), 'default', ISSUER, { code_challenge_methods_supported: ['plain', 'S256'] });
    expect(metadata).toMatchObject({
      require_pushed_authorization_requests: true,
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'],
      grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    });
    expect(dcrAuthorizationServerMetadata(options({}), 'default', ISSUER)).not.toHaveProperty('require_pushed_authorization_requests');
  });

  it("keeps the host's fields and intersects the lists the host declares", () => {
    const metadata = dcrAuthorizationServerMetadata(
      options({ clientSecret: {}, processors: { tokenEndpointAuthMethod: {} } }),
      'default',
      ISSUER,
      {
        issuer: ISSUER,
        token_endpoint: `${ISSUER}/oauth2/token`,
        grant_types_supported: ['client_credentials', 'urn:ietf:params:oauth:grant-type:device_code'],
        response_types_supported: [],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
        code_challenge_methods_supported: ['S256'],
      },
    );
    expect(metadata).toEqual({
      issuer: ISSUER,
      token_endpoint: `${ISSUER}/oauth2/token`,
      registration_endpoint: `${ISSUER}/oauth2/register`,
      grant_types_supported: ['client_credentials'],
      response_types_supported: [],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
    });
  });

  it('offers only "none" when no secret can be issued', () => {
    expect(dcrAuthorizationServerMetadata(options({}), 'default', ISSUER).token_endpoint_auth_methods_supported).toEqual(['none']);
  });

  it('lists implicit and its response type only when enabled', () => {
    const metadata = dcrAuthorizationServerMetadata(options({ grants: { implicit: true } }), 'default', ISSUER);
    expect(metadata.grant_types_supported).toContain('implicit');
    expect(metadata.response_types_supported).toEqual(['code', 'token']);
  });

  it('derives scopes_supported when every scope pattern is a plain word list', () => {
    const literal = options({ processors: { scope: { allowed: ['api:read', '(api:write|billing\\.read)', 'openid|profile'] } } });
    expect(dcrAuthorizationServerMetadata(literal, 'default', ISSUER).scopes_supported).toEqual(['api:read', 'api:write', 'billing.read', 'openid', 'profile']);
    for (const open of ['api:.*', 'api.read', '[a-z]+', 'a+']) {
      expect(dcrAuthorizationServerMetadata(options({ processors: { scope: { allowed: ['openid', open] } } }), 'default', ISSUER)).not.toHaveProperty('scopes_supported');
    }
  });

  it('advertises client ID metadata documents and PKCE S256 only where they are on', () => {
    const on = dcrAuthorizationServerMetadata(options({ clientIdMetadataDocument: {} }), 'default', ISSUER);
    expect(on).toMatchObject({ client_id_metadata_document_supported: true, code_challenge_methods_supported: ['S256'] });
    const off = dcrAuthorizationServerMetadata(options({ clientIdMetadataDocument: { enabled: false } }), 'default', ISSUER);
    expect(off).not.toHaveProperty('client_id_metadata_document_supported');
    expect(dcrAuthorizationServerMetadata(options({}), 'default', ISSUER)).not.toHaveProperty('code_challenge_methods_supported');
  });

  it('uses the path of the named server', () => {
    const multi = options({ authorizationServers: { retail: {}, partners: { registrationPath: 'partners/dcr' } } });
    expect(dcrAuthorizationServerMetadata(multi, 'partners', ISSUER).registration_endpoint).toBe(`${ISSUER}/partners/dcr`);
    expect(() => dcrAuthorizationServerMetadata(multi, 'nope', ISSUER)).toThrow('unknown authorization server "nope"');
  });
});
