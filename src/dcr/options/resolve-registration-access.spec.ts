import { DcrConfigurationError } from '../errors/dcr-configuration.error';
import { keyedDigest } from '../secrets/keyed-digest';
import { errorOf, TEST_SECRET_KEY } from '../testing/processing.spec-helper';
import type { DcrModuleOptions } from './dcr-module-options.interface';
import { resolveDcrOptions } from './validate-options';

const TOKEN = 'initial-access-token-0123456789abcdefghijkl';

function server(options: Partial<DcrModuleOptions>) {
  return resolveDcrOptions({ secretKey: TEST_SECRET_KEY, ...options }).servers.get('default')!;
}

function problemsOf(options: unknown): readonly string[] {
  const error = errorOf(() => resolveDcrOptions({ secretKey: TEST_SECRET_KEY, ...(options as object) } as DcrModuleOptions));
  expect(error).toBeInstanceOf(DcrConfigurationError);
  return (error as DcrConfigurationError).problems;
}

describe('initialAccessToken options', () => {
  it('keeps only keyed digests of the tokens, with expiry in epoch ms', () => {
    const resolved = server({ initialAccessToken: { required: true, tokens: [{ token: TOKEN, id: 'partner', expiresAt: '2030-01-01T00:00:00Z', maxUses: 3 }] } });
    expect(resolved.initialAccessToken).toEqual({
      required: true,
      tokens: [{ id: 'partner', digest: keyedDigest(TEST_SECRET_KEY, TOKEN), expiresAt: Date.parse('2030-01-01T00:00:00Z'), maxUses: 3 }],
    });
    expect(JSON.stringify(resolved)).not.toContain(TOKEN);
  });

  it('names a token without an id after its digest', () => {
    const [token] = server({ initialAccessToken: { tokens: [{ token: TOKEN }] } }).initialAccessToken.tokens;
    expect(token.id).toBe(`iat-${keyedDigest(TEST_SECRET_KEY, TOKEN).slice(3, 15)}`);
  });

  it('reports every problem of the tokens at once', () => {
    expect(
      problemsOf({
        initialAccessToken: {
          required: 'yes',
          tokens: [
            { token: 'short', id: 'a', expiresAt: 'tomorrow', maxUses: 0, profile: { grantTypes: ['password'], tokenEndpointAuthMethods: ['client_secret_jwt'] } },
            { token: TOKEN, id: 'a', extra: true },
          ],
        },
      }),
    ).toEqual([
      'options.initialAccessToken.required: must be true or false',
      'options.initialAccessToken.tokens[0].token: required, at least 32 characters',
      'options.initialAccessToken.tokens[0].expiresAt: must be an ISO 8601 date-time',
      'options.initialAccessToken.tokens[0].maxUses: must be an integer from 1 to 1000000000',
      'options.initialAccessToken.tokens[0].profile.grantTypes: unknown value "password"',
      'options.initialAccessToken.tokens[0].profile.tokenEndpointAuthMethods: unknown value "client_secret_jwt"',
      'options.initialAccessToken.tokens[1].extra: unknown option',
      'options.initialAccessToken.tokens: id "a" is used twice',
    ]);
  });
});

describe('softwareStatement options', () => {
  const jwks = { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] };

  it('defaults to asymmetric algorithms, a 60 s skew, a 3 s fetch timeout and a 10 min cache', () => {
    expect(server({ softwareStatement: { trustedIssuers: [{ issuer: 'https://dir.example', jwks }] } }).softwareStatement).toEqual({
      required: false,
      trustedIssuers: [{ issuer: 'https://dir.example', jwks, algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'] }],
      clockSkewSeconds: 60,
      jwksTimeoutMs: 3000,
      jwksCacheSeconds: 600,
    });
  });

  it('refuses none and HMAC algorithms, private keys, plain-http key URLs and ambiguous key sources', () => {
    expect(
      problemsOf({
        softwareStatement: {
          required: true,
          trustedIssuers: [
            { issuer: 'https://a.example', jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }, algorithms: ['none', 'HS256'] },
            { issuer: 'https://b.example', jwksUri: 'http://keys.example/jwks.json' },
            { issuer: 'https://c.example' },
          ],
        },
      }),
    ).toEqual([
      'options.softwareStatement.trustedIssuers[0].jwks: must hold public keys only (a private or symmetric key was given)',
      'options.softwareStatement.trustedIssuers[0].algorithms: "none" is not allowed (asymmetric only: RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA)',
      'options.softwareStatement.trustedIssuers[0].algorithms: "HS256" is not allowed (asymmetric only: RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA)',
      'options.softwareStatement.trustedIssuers[1].jwksUri: must be an https URL (http only on loopback hosts)',
      'options.softwareStatement.trustedIssuers[2]: give exactly one of jwks and jwksUri',
    ]);
  });

  it('accepts an http key URL on a loopback host', () => {
    expect(server({ softwareStatement: { trustedIssuers: [{ issuer: 'i', jwksUri: 'http://127.0.0.1:8080/jwks' }] } }).softwareStatement?.trustedIssuers[0].jwksUri).toBe(
      'http://127.0.0.1:8080/jwks',
    );
  });
});

describe('rateLimit, quotas, reaping and cors options', () => {
  it('are off by default', () => {
    const resolved = server({});
    expect(resolved.rateLimit).toEqual({ registration: { limit: 0, overallLimit: 0, windowSeconds: 60 }, management: { limit: 0, overallLimit: 0, windowSeconds: 60 } });
    expect(resolved.quotas).toEqual({ maxClients: 0, maxClientsPerSoftwareId: 0, maxClientsPerInitialAccessToken: 0 });
    expect(resolved.reaping).toEqual({ unusedDays: 0, expiredSecretDays: 0, intervalSeconds: 3600 });
    expect(resolved.cors).toBeUndefined();
  });

  it('report wrong values with their option paths', () => {
    expect(
      problemsOf({
        rateLimit: { registration: { limit: -1, windowSeconds: 0 } },
        quotas: { maxClients: 1.5 },
        reaping: { unusedDays: 'never' },
        cors: { allowedOrigins: ['https://app.example/path', '*'] },
        trustedProxyHops: 11,
      }),
    ).toEqual([
      'options.trustedProxyHops: must be an integer from 0 to 10',
      'options.rateLimit.registration.limit: must be an integer from 0 to 1000000000',
      'options.rateLimit.registration.windowSeconds: must be an integer from 1 to 86400',
      'options.quotas.maxClients: must be an integer from 0 to 1000000000',
      'options.reaping.unusedDays: must be an integer from 0 to 36500',
      'options.cors.allowedOrigins: "https://app.example/path" is not an origin (scheme://host[:port], no path)',
      'options.cors.allowedOrigins: "*" stands alone',
    ]);
  });
});

describe('tiers and reservedNames options', () => {
  it('report every problem with its option path, a list entry by its index', () => {
    expect(
      problemsOf({
        tiers: { anonymous: { unusedLifetimeHours: -1, rateLimit: { perAddress: 'many' } }, attested: { profile: { grantTypes: ['password'] }, typo: 1 } },
        reservedNames: { names: ['Claude', { name: 'Acme', documentHosts: ['Acme.example'] }, { name: '', extra: 1 }], action: 'drop' },
      }),
    ).toEqual([
      'options.tiers.attested.typo: unknown option',
      'options.tiers.anonymous.unusedLifetimeHours: must be an integer from 0 to 87600',
      'options.tiers.anonymous.rateLimit.perAddress: must be an integer from 0 to 1000000000',
      'options.tiers.attested.profile.grantTypes: unknown value "password"',
      'options.reservedNames.names[1].documentHosts: must be an array of lower-case host names',
      'options.reservedNames.names[2]: must be a name with at least one letter or digit',
      'options.reservedNames.action: must be one of "refuse", "flag"',
      'options.reservedNames.names[2].extra: unknown option',
    ]);
  });

  it('give the anonymous tier its defaults, and each reserved name its skeleton', () => {
    const resolved = server({ tiers: {}, reservedNames: { names: ['Claude', { name: 'Acme', documentHosts: ['acme.example'] }] } });
    expect(resolved.tiers?.anonymous).toEqual({
      profile: { grantTypes: ['authorization_code', 'refresh_token'], tokenEndpointAuthMethods: ['none'] },
      rateLimit: { windowSeconds: 3600, perAddress: 0, perRedirectHost: 0, perSoftwareId: 0, overall: 0 },
      maxClients: 0,
      enabled: true,
      unusedLifetimeHours: 24,
    });
    expect(resolved.reservedNames?.names.map(({ name, documentHosts }) => [name, documentHosts])).toEqual([['Claude', []], ['Acme', ['acme.example']]]);
    expect(resolved.reservedNames?.action).toBe('refuse');
  });
});
