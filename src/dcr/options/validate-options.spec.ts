import { DcrConfigurationError } from '../errors/dcr-configuration.error';
import { errorOf, serverWith, TEST_SECRET_KEY } from '../testing/processing.spec-helper';
import type { DcrModuleOptions } from './dcr-module-options.interface';
import { resolveDcrOptions } from './validate-options';

/** The problems of the configuration error `options` raise (fails when they raise none). */
function problemsOf(options: unknown): readonly string[] {
  const error = errorOf(() => resolveDcrOptions(options as DcrModuleOptions));
  expect(error).toBeInstanceOf(DcrConfigurationError);
  return (error as DcrConfigurationError).problems;
}

const ALL_PROCESSORS = { clientName: {}, contacts: {}, scope: {}, software: {}, tokenEndpointAuthMethod: {}, uris: {} };
const SECRET_METHODS_NEED_SECRETS =
  'options.processors.tokenEndpointAuthMethod.allowed: client_secret_* methods need the clientSecret option (which generates the secrets)';

describe('resolveDcrOptions', () => {
  describe('defaults (the reference product documented defaults)', () => {
    it('resolves one implicit server "default" with the server-level defaults', () => {
      const options = resolveDcrOptions({ secretKey: TEST_SECRET_KEY });
      expect([...options.servers.keys()]).toEqual(['default']);
      expect(options.secretKey).toBe(TEST_SECRET_KEY);
      expect(options.admin).toEqual({ enabled: true, path: 'tech-clients', token: undefined });

      const server = options.servers.get('default')!;
      expect(server.id).toBe('default');
      expect(server.registrationPath).toBe('oauth2/register');
      expect(server.issuer).toBeUndefined();
      expect(server.clientId).toEqual({ generator: 'uuid', length: 32 });
      expect(server.clientSecret).toBeUndefined();
      expect(server.grants).toEqual({ authorizationCode: true, implicit: false, clientCredentials: true, refreshToken: true });
      expect(server.strict).toBe(false);
      expect(server.management).toEqual({ enabled: true, rotateRegistrationAccessToken: false });
    });

    it('configures no attribute processor unless its key is present; redirect URIs are always on', () => {
      const server = serverWith();
      expect(Object.keys(server.processors)).toEqual(['redirectUris']);
      expect(server.processors.redirectUris).toEqual({ allowHttpLoopback: true, allowPrivateUseSchemes: true, allowedSchemes: ['cursor', 'vscode', 'vscode-insiders'], maxUris: 20 });
    });

    it('gives a processor configured with {} its documented defaults', () => {
      const { processors } = serverWith({ clientSecret: {}, processors: ALL_PROCESSORS });
      expect(processors.clientName).toMatchObject({ mandatory: false, strict: false });
      expect(processors.clientName!.allowed.source).toBe('[a-zA-Z0-9 _.-]+');
      expect(processors.contacts).toMatchObject({ mandatory: true, strict: false });
      expect(processors.contacts!.allowed.source).toBe('[a-zA-Z0-9 _.@-]+');
      expect(processors.scope!.allowed.map((pattern) => pattern.source)).toEqual(['[\\x21\\x23-\\x5B\\x5D-\\x7E]+']);
      expect(processors.scope!.strict).toBe(false);
      expect(processors.software).toMatchObject({ mandatory: true, strict: false });
      expect(processors.software!.allowedIds.source).toBe('[a-zA-Z0-9_.-]+');
      expect(processors.software!.allowedVersions.source).toBe('[a-zA-Z0-9_.-]+');
      expect(processors.tokenEndpointAuthMethod).toEqual({
        allowed: ['none', 'client_secret_post', 'client_secret_basic'], mandatory: false, strict: false,
      });
      for (const key of ['clientUri', 'logoUri', 'policyUri', 'tosUri'] as const) {
        expect(processors.uris![key]).toMatchObject({ mandatory: false, strict: false });
        expect(processors.uris![key].allowed.source).toBe('https://[a-zA-Z0-9/_.-]+');
      }
    });

    it('defaults the client secret to 43 characters that never expire', () => {
      expect(serverWith({ clientSecret: {} }).clientSecret).toEqual({ length: 43, lifetimeSeconds: 0 });
    });

    it('lets every processor inherit the global strict flag unless it sets its own', () => {
      const { processors } = serverWith({
        strict: true,
        processors: { clientName: {}, contacts: { strict: false }, scope: {}, software: {}, uris: { logoUri: { strict: false } } },
      });
      expect(processors.clientName!.strict).toBe(true);
      expect(processors.contacts!.strict).toBe(false);
      expect(processors.scope!.strict).toBe(true);
      expect(processors.software!.strict).toBe(true);
      expect(processors.uris!.clientUri.strict).toBe(true);
      expect(processors.uris!.logoUri.strict).toBe(false);
    });

    it('trims slashes from paths and the trailing slash from the issuer', () => {
      const server = serverWith({ registrationPath: '/api/dcr/', issuer: 'https://iam.example/' });
      expect(server.registrationPath).toBe('api/dcr');
      expect(server.issuer).toBe('https://iam.example');
    });
  });

  describe('one error that lists every problem', () => {
    it('reports every problem of a bad configuration at once, each naming its option', () => {
      const error = errorOf(() =>
        resolveDcrOptions({
          strict: 'yes',
          colour: 'blue',
          clientSecret: { length: 21 },
          grants: { deviceCode: true },
          processors: {
            clientName: { allowed: '(' },
            redirectUris: { maxUris: 0 },
            tokenEndpointAuthMethod: { allowed: ['client_secret_basic', 'client_secret_jwt'] },
          },
        } as unknown as DcrModuleOptions),
      );

      expect(error).toBeInstanceOf(DcrConfigurationError);
      const { problems, message } = error as DcrConfigurationError;
      expect(problems).toEqual(
        expect.arrayContaining([
          'options.secretKey: required (the key of the secret digests)',
          'options.colour: unknown option',
          'options.strict: must be true or false',
          'options.clientSecret.length: 21 characters carry 126 bits; at least 128 bits (22 characters) are required',
          'options.grants.deviceCode: unknown option',
          expect.stringMatching(/^options\.processors\.clientName\.allowed: invalid regular expression \/\(\/: ./),
          'options.processors.redirectUris.maxUris: must be an integer from 1 to 100',
          'options.processors.tokenEndpointAuthMethod.allowed: unknown auth method "client_secret_jwt" (supported: none, client_secret_basic, client_secret_post, private_key_jwt, tls_client_auth, self_signed_tls_client_auth)',
        ]),
      );
      expect(problems).toHaveLength(8);
      expect(message.split('\n')[0]).toBe('Invalid DcrModule options:');
      expect(message).toContain('\n  - options.colour: unknown option');
    });

    it('accepts a 22-character secret (132 bits) and refuses 21', () => {
      expect(serverWith({ clientSecret: { length: 22 } }).clientSecret!.length).toBe(22);
      expect(problemsOf({ secretKey: TEST_SECRET_KEY, clientSecret: { length: 21 } })).toEqual([
        'options.clientSecret.length: 21 characters carry 126 bits; at least 128 bits (22 characters) are required',
      ]);
    });

    it('refuses a random client id shorter than 128 bits', () => {
      expect(problemsOf({ secretKey: TEST_SECRET_KEY, clientId: { generator: 'random', length: 16 } })).toEqual([
        'options.clientId.length: 16 characters carry 96 bits; at least 128 bits (22 characters) are required',
      ]);
    });

    it('names the option path of a bad pattern in nested processors', () => {
      const problems = problemsOf({
        secretKey: TEST_SECRET_KEY,
        processors: { scope: { allowed: ['ok', '[a-'] }, uris: { tosUri: { allowed: '(?=x)' } } },
      });
      expect(problems).toEqual([
        expect.stringMatching(/^options\.processors\.scope\.allowed\[1\]: invalid regular expression \/\[a-\/: ./),
        expect.stringMatching(/^options\.processors\.uris\.tosUri\.allowed: invalid regular expression \/\(\?=x\)\/: ./),
      ]);
    });

    it('reports wrong JSON types of options', () => {
      const problems = problemsOf({
        secretKey: TEST_SECRET_KEY,
        grants: 'all',
        processors: { contacts: { mandatory: 'true' }, scope: { allowed: 'client-scope' }, tokenEndpointAuthMethod: { allowed: 'none' } },
      });
      expect(problems).toEqual([
        'options.grants: must be an object',
        'options.processors.contacts.mandatory: must be true or false',
        'options.processors.scope.allowed: must be a non-empty array of regular expression strings',
        'options.processors.tokenEndpointAuthMethod.allowed: must be a non-empty array',
      ]);
    });

    it('requires the options object and its secretKey of at least 32 characters', () => {
      expect(problemsOf(undefined)).toEqual(['options: must be an object']);
      expect(problemsOf({})).toEqual(['options.secretKey: required (the key of the secret digests)']);
      expect(problemsOf({ secretKey: 'short' })).toEqual(['options.secretKey: must be at least 32 characters']);
    });

    it('refuses an issuer that is not an http(s) URL and a path that is not a plain URL path', () => {
      expect(problemsOf({ secretKey: TEST_SECRET_KEY, issuer: 'ftp://iam.example', registrationPath: 'a b' })).toEqual([
        'options.registrationPath: "a b" is not a plain URL path',
        'options.issuer: must be an http(s) URL',
      ]);
    });

    it('refuses grants that leave nothing enabled, and refresh tokens without the authorization code grant', () => {
      const none = { authorizationCode: false, implicit: false, clientCredentials: false, refreshToken: false };
      expect(problemsOf({ secretKey: TEST_SECRET_KEY, grants: none })).toEqual(['options.grants: enable at least one grant']);
      expect(problemsOf({ secretKey: TEST_SECRET_KEY, grants: { authorizationCode: false } })).toEqual([
        'options.grants.refreshToken: needs authorizationCode (only that grant issues refresh tokens)',
      ]);
    });

    it('refuses an admin token shorter than 32 characters', () => {
      expect(problemsOf({ secretKey: TEST_SECRET_KEY, admin: { token: 'short' } })).toEqual([
        'options.admin.token: must be at least 32 characters',
      ]);
    });

    // Regression: admin.enabled was once read after the problems were thrown, so a typo enabled the API.
    it('reports a wrongly typed admin.enabled instead of enabling the admin API', () => {
      expect(problemsOf({ secretKey: TEST_SECRET_KEY, admin: { enabled: 'no' } })).toEqual([
        'options.admin.enabled: must be true or false',
      ]);
    });
  });

  describe('token endpoint auth methods and client secrets', () => {
    it('refuses client_secret_* methods when no clientSecret option generates secrets', () => {
      expect(problemsOf({ secretKey: TEST_SECRET_KEY, processors: { tokenEndpointAuthMethod: {} } })).toEqual([
        SECRET_METHODS_NEED_SECRETS,
      ]);
      expect(
        problemsOf({ secretKey: TEST_SECRET_KEY, processors: { tokenEndpointAuthMethod: { allowed: ['client_secret_post'] } } }),
      ).toEqual([SECRET_METHODS_NEED_SECRETS]);
    });

    it('allows only "none" without clientSecret, and removes duplicate methods', () => {
      const server = serverWith({ processors: { tokenEndpointAuthMethod: { allowed: ['none', 'none'] } } });
      expect(server.processors.tokenEndpointAuthMethod!.allowed).toEqual(['none']);
    });
  });

  describe('several authorization servers', () => {
    it('resolves each server under its id with the default path oauth2/<id>/register', () => {
      const options = resolveDcrOptions({
        secretKey: TEST_SECRET_KEY,
        authorizationServers: { bank: { processors: { scope: {} } }, shop: { registrationPath: '/shop/dcr/', strict: true } },
      });
      expect([...options.servers.keys()]).toEqual(['bank', 'shop']);
      const bank = options.servers.get('bank')!;
      const shop = options.servers.get('shop')!;
      expect(bank).toMatchObject({ id: 'bank', registrationPath: 'oauth2/bank/register', strict: false });
      expect(shop).toMatchObject({ id: 'shop', registrationPath: 'shop/dcr', strict: true });
      expect(bank.processors.scope).toBeDefined();
      expect(shop.processors.scope).toBeUndefined();
      expect(options.servers.has('default')).toBe(false);
    });

    it('refuses two servers on the same registration path', () => {
      const problems = problemsOf({
        secretKey: TEST_SECRET_KEY,
        authorizationServers: { a: {}, b: { registrationPath: '/oauth2/a/register' } },
      });
      expect(problems).toEqual(['registrationPath "oauth2/a/register" is used by servers a and b']);
    });

    it('refuses server options beside authorizationServers', () => {
      const problems = problemsOf({
        secretKey: TEST_SECRET_KEY,
        registrationPath: 'oauth2/register',
        strict: true,
        authorizationServers: { a: {} },
      });
      expect(problems).toEqual(['options: registrationPath, strict cannot stand beside authorizationServers; move them into a server']);
    });

    it('refuses an empty server list, bad server ids and module keys inside a server', () => {
      expect(problemsOf({ secretKey: TEST_SECRET_KEY, authorizationServers: {} })).toEqual([
        'options.authorizationServers: must name at least one server',
      ]);
      expect(
        problemsOf({ secretKey: TEST_SECRET_KEY, authorizationServers: { 'a.b': {}, ok: { secretKey: TEST_SECRET_KEY } } }),
      ).toEqual([
        'options.authorizationServers.a.b: server id must match ^[A-Za-z0-9_-]{1,64}$',
        'options.authorizationServers.ok.secretKey: unknown option',
      ]);
    });

    it('validates each server on its own path', () => {
      const problems = problemsOf({
        secretKey: TEST_SECRET_KEY,
        authorizationServers: { a: { processors: { tokenEndpointAuthMethod: {} } }, b: { clientSecret: { length: 8 } } },
      });
      expect(problems).toEqual([
        'options.authorizationServers.a.processors.tokenEndpointAuthMethod.allowed: client_secret_* methods need the clientSecret option (which generates the secrets)',
        'options.authorizationServers.b.clientSecret.length: 8 characters carry 48 bits; at least 128 bits (22 characters) are required',
      ]);
    });
  });
});

describe('clientIdMetadataDocument options', () => {
  const resolve = (cimd: unknown) => resolveDcrOptions({ secretKey: TEST_SECRET_KEY, clientIdMetadataDocument: cimd } as DcrModuleOptions).servers.get('default')!.clientIdMetadataDocument;

  it('is off when absent or disabled, and on with safe defaults when present', () => {
    expect(resolve(undefined)).toBeUndefined();
    expect(resolve({ enabled: false })).toBeUndefined();
    expect(resolve({})).toEqual({
      allowedHosts: [],
      redirectUrisOnDocumentHost: false,
      requiredProperties: ['client_id', 'redirect_uris', 'client_name'],
      maxClients: 10_000,
      maxBytes: 5120,
      timeoutMs: 5000,
      cache: { minSeconds: 60, maxSeconds: 86_400, maxEntries: 1000 },
      development: { allowHttpLoopback: false, allowHttpsLoopback: false },
    });
  });

  it('lists every problem with its option path', () => {
    expect(problemsOf({
      secretKey: TEST_SECRET_KEY,
      clientIdMetadataDocument: { allowedHosts: ['(unclosed'], cache: { minSeconds: 600, maxSeconds: 60 }, requiredProperties: ['Client Name'], development: { allowHttpsLoopback: true, loopbackCaPem: 'not a certificate' }, typo: 1 },
    })).toEqual([
      'options.clientIdMetadataDocument.typo: unknown option',
      expect.stringMatching(/^options\.clientIdMetadataDocument\.allowedHosts\[0\]: invalid regular expression \/\(unclosed\/: /),
      'options.clientIdMetadataDocument.requiredProperties: must be an array of metadata member names (lowercase, like "client_name")',
      'options.clientIdMetadataDocument.cache.maxSeconds: must not be below cache.minSeconds (600)',
      'options.clientIdMetadataDocument.development.loopbackCaPem must be PEM certificate text',
    ]);
  });

  describe('negotiation and defaults', () => {
    const resolve = (processors: object) => resolveDcrOptions({ secretKey: 'k'.repeat(32), processors } as DcrModuleOptions).servers.get('default')!;
    const problems = (processors: object) => (errorOf(() => resolve(processors)) as DcrConfigurationError).problems;

    it('keeps a default scope inside the scope patterns, normalised', () => {
      expect(resolve({ scope: { allowed: ['mcp', 'files:read'], defaultScope: 'mcp files:read mcp' } }).processors.scope?.defaultScope).toBe('mcp files:read');
    });

    it('refuses at start-up a default scope outside the ceiling or not a scope string', () => {
      expect(problems({ scope: { allowed: ['mcp'], defaultScope: 'mcp admin' } })).toEqual([
        'options.processors.scope.defaultScope: "admin" not allowed by processors.scope.allowed',
      ]);
      expect(problems({ scope: { defaultScope: 'a  b' } })).toEqual([
        'options.processors.scope.defaultScope: must be scope tokens separated by single spaces (RFC 6749 §3.3)',
      ]);
    });

    it('takes exact lowercase scheme names for allowedSchemes, and never a dangerous one', () => {
      expect(resolve({ redirectUris: { allowedSchemes: ['myapp', 'myapp'] } }).processors.redirectUris.allowedSchemes).toEqual(['myapp']);
      expect(resolve({ redirectUris: { allowedSchemes: [] } }).processors.redirectUris.allowedSchemes).toEqual([]);
      expect(problems({ redirectUris: { allowedSchemes: ['javascript', 'Cursor', 'cursor:', 'https2', 'data'] } })).toEqual([
        'options.processors.redirectUris.allowedSchemes[0]: scheme "javascript" is never allowed',
        'options.processors.redirectUris.allowedSchemes[1]: must be a lowercase URI scheme name (RFC 3986 §3.1), without ":"',
        'options.processors.redirectUris.allowedSchemes[2]: must be a lowercase URI scheme name (RFC 3986 §3.1), without ":"',
        'options.processors.redirectUris.allowedSchemes[3]: scheme "https2" is never allowed (it reads like http or https)',
        'options.processors.redirectUris.allowedSchemes[4]: scheme "data" is never allowed',
      ]);
      expect(problems({ redirectUris: { allowedSchemes: 'cursor' } })).toEqual(['options.processors.redirectUris.allowedSchemes: must be an array of scheme names']);
    });
  });
});
