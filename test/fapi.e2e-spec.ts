import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import { DcrModule, type DcrModuleOptions } from '../src/dcr';
import { RecordingLogger } from './utils/recording-logger';
import { createTestApp, profile, TEST_SECRET_KEY, TestApp } from './utils/test-app';

const ISSUER = 'http://localhost';
const PRESET = 'profile "fapi2" (FAPI 2.0 Security Profile)';

/** A FAPI 2.0 server: the preset alone decides the auth methods (and turns processors.jwks on). */
function fapiOptions(extra: Partial<DcrModuleOptions> = {}): DcrModuleOptions {
  return { issuer: ISSUER, profile: 'fapi2', processors: { scope: {} }, ...extra } as DcrModuleOptions;
}

describe('profile "fapi2"', () => {
  let t: TestApp;
  let logger: RecordingLogger;

  beforeAll(async () => {
    logger = new RecordingLogger();
    t = await createTestApp(fapiOptions(), { logger });
  });
  afterAll(() => t.close());

  const register = (body: Record<string, unknown>) => request(t.http).post('/oauth2/register').send({ redirect_uris: ['https://client.example/cb'], ...body });

  it.each([
    [{ token_endpoint_auth_method: 'none' }, 'token_endpoint_auth_method: "none" (only private_key_jwt, tls_client_auth, self_signed_tls_client_auth)'],
    [{ token_endpoint_auth_method: 'client_secret_basic' }, 'token_endpoint_auth_method: "client_secret_basic" (only private_key_jwt, tls_client_auth, self_signed_tls_client_auth)'],
    [{ token_endpoint_auth_method: 'client_secret_post' }, 'token_endpoint_auth_method: "client_secret_post" (only private_key_jwt, tls_client_auth, self_signed_tls_client_auth)'],
    [{ token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_san_dns: 'c.example', grant_types: ['implicit'] }, 'grant_types: "implicit"'],
    [{ token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_san_dns: 'c.example', response_types: ['token'] }, 'response_types: "token" (a token from the authorization endpoint)'],
  ])('refuses %j, naming the preset in the error and the decision report', async (body, what) => {
    const answer = await register(body).expect(400);
    expect(answer.body).toEqual({ error: 'invalid_client_metadata', error_description: `${what} is not allowed by ${PRESET}` });
    const field = what.split(':')[0];
    expect(logger.text()).toMatch(new RegExp(`processor: 'profile',\\s+field: '${field}',\\s+decision: 'rejected',\\s+reason: '.*is not allowed by profile "fapi2"`));
  });

  it('registers a tls_client_auth client, without a secret', async () => {
    const answer = await register({ token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'CN=bank client,O=Bank' }).expect(201);
    expect(answer.body.client_secret).toBeUndefined();
    expect(answer.body.token_endpoint_auth_method).toBe('tls_client_auth');
  });

  it('defaults to private_key_jwt, which needs keys, when no method is named', async () => {
    const answer = await register({}).expect(400);
    expect(answer.body.error_description).toMatch(/^jwks: private_key_jwt needs/);
  });

  it('marks discovery: PAR required, PKCE S256 only, and only the asymmetric methods', async () => {
    const { body } = await request(t.http).get('/.well-known/oauth-authorization-server').expect(200);
    expect(body.require_pushed_authorization_requests).toBe(true);
    expect(body.code_challenge_methods_supported).toEqual(['S256']);
    expect([...body.token_endpoint_auth_methods_supported].sort()).toEqual(['private_key_jwt', 'self_signed_tls_client_auth', 'tls_client_auth']);
    expect(body.grant_types_supported).not.toContain('implicit');
  });

  it('refuses a secret client stored before the preset at the token endpoint (401)', async () => {
    const base = profile('default');
    const before = await createTestApp({ ...base, issuer: ISSUER } as DcrModuleOptions, { database: t.database, logger });
    let clientId: string;
    let secret: string;
    try {
      const registered = await request(before.http).post('/oauth2/register').send({ grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_post', scope: 'api:read' }).expect(201);
      clientId = registered.body.client_id;
      secret = registered.body.client_secret;
      await request(before.http).post('/oauth2/token').type('form').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).expect(200);
    } finally {
      await before.app.close();
    }
    const refused = await request(t.http).post('/oauth2/token').type('form').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).expect(401);
    expect(refused.body.error).toBe('invalid_client');
    expect(logger.text()).toMatch(/client_authentication\.failed.*method_not_allowed_by_profile/);
  });

  it.each([
    [{ grants: { implicit: true } }, 'options.grants.implicit: contradicts profile "fapi2" (FAPI 2.0 Security Profile): the implicit grant is not allowed'],
    [
      { clientSecret: {}, processors: { tokenEndpointAuthMethod: { allowed: ['private_key_jwt', 'client_secret_basic'] }, jwks: {} } },
      'options.processors.tokenEndpointAuthMethod.allowed: contradicts profile "fapi2" (FAPI 2.0 Security Profile): client_secret_basic not allowed',
    ],
    [{ clientIdMetadataDocument: {} }, 'options.clientIdMetadataDocument: contradicts profile "fapi2" (FAPI 2.0 Security Profile)'],
  ])('refuses to start with %j, naming the option', async (extra, problem) => {
    // A module that fails to compile never closes its DataSource: it gets a throwaway one.
    const compiling = Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ ...t.database.options, type: 'better-sqlite3', database: ':memory:' } as never),
        DcrModule.forRoot({ ...fapiOptions(extra as Partial<DcrModuleOptions>), secretKey: TEST_SECRET_KEY }),
      ],
    }).compile();
    await expect(compiling).rejects.toThrow(problem);
  });
});
