import { ConsoleLogger, Logger } from '@nestjs/common';
import { inspect } from 'node:util';
import { InvalidRequestError } from '../errors/dcr.error';
import { ClientAuthenticationThrottledError, InvalidClientError, UnauthorizedClientError } from '../errors/token-endpoint.error';
import type { DcrHttpRequest } from '../http/http-request';
import type { ClientMetadataDocumentResolver } from '../metadata-document/client-metadata-document.resolver';
import type { DcrModuleOptions } from '../options/dcr-module-options.interface';
import type { TechClientEntity } from '../persistence/tech-client.entity';
import { resolveDcrOptions } from '../options/validate-options';
import { SecretDigester } from '../secrets/secret-digester';
import { assertGrantAllowed } from './client-policy';
import { authOptions, basicHeader, MemoryAttemptStore, MemoryTechClientStore, storedClient } from '../testing/authentication.spec-helper';
import { TEST_SECRET_KEY } from '../testing/processing.spec-helper';
import { AuthenticationThrottle } from './authentication.throttle';
import { ClientAuthenticationRequest, DefaultClientAuthenticator } from './client-authenticator';

const SECRET = 'current-secret-0123456789abcdefghijklmnopq';
const OLD_SECRET = 'previous-secret-0123456789abcdefghijklmno';
/** Client ID metadata documents are off in these options; their resolution has its own spec. */
const NO_DOCUMENTS = { resolve: () => Promise.reject(new Error('not used')) } as ClientMetadataDocumentResolver;

function setup(options: Partial<DcrModuleOptions> = {}, client: Partial<TechClientEntity> = {}) {
  const resolved = authOptions(options);
  const digester = new SecretDigester(resolved);
  const clients = new MemoryTechClientStore();
  const attempts = new MemoryAttemptStore();
  const digestSpy = jest.spyOn(digester, 'digestMatches');
  const authenticator = new DefaultClientAuthenticator(resolved, clients, digester, new AuthenticationThrottle(resolved, attempts, digester), NO_DOCUMENTS);
  const stored = storedClient({ secretDigest: digester.digest(SECRET), ...client });
  void clients.insert(stored);
  return { authenticator, clients, attempts, digester, digestSpy, stored };
}

const basic = (clientId = 'client-1', secret = SECRET, ip = '203.0.113.1'): ClientAuthenticationRequest => ({ authorization: basicHeader(clientId, secret), ip });
const post = (clientId = 'client-1', secret = SECRET): ClientAuthenticationRequest => ({ body: { client_id: clientId, client_secret: secret }, ip: '203.0.113.1' });

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => { throw new Error('expected the authentication to fail'); }, (error: unknown) => error);
}

describe('DefaultClientAuthenticator', () => {
  // Failures are logged at info and throttling at warn: kept out of the test output (spies still see each call).
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(new ConsoleLogger()));

  it('authenticates client_secret_basic and hands back the client without digests', async () => {
    const { authenticator } = setup();
    const result = await authenticator.authenticate(basic());
    expect(result).toMatchObject({ clientId: 'client-1', method: 'client_secret_basic', usedPreviousSecret: false });
    expect(result.client).not.toHaveProperty('secretDigest');
    expect(result.client).not.toHaveProperty('previousSecretDigest');
    expect(result.client).not.toHaveProperty('registrationTokenDigest');
  });

  it('authenticates client_secret_post for a client registered with it', async () => {
    const { authenticator } = setup({}, { tokenEndpointAuthMethod: 'client_secret_post' });
    expect((await authenticator.authenticate(post())).method).toBe('client_secret_post');
  });

  it('refuses the method the client did not register, unless enforceRegisteredMethod is off', async () => {
    const strict = setup();
    expect(await failureOf(strict.authenticator.authenticate(post()))).toBeInstanceOf(InvalidClientError);
    const lenient = setup({ clientAuthentication: { enforceRegisteredMethod: false } });
    expect((await lenient.authenticator.authenticate(post())).method).toBe('client_secret_post');
  });

  it('reads an omitted registered method as client_secret_basic (RFC 7591 §2)', async () => {
    const { authenticator } = setup({}, { tokenEndpointAuthMethod: null });
    expect((await authenticator.authenticate(basic())).method).toBe('client_secret_basic');
    expect(await failureOf(authenticator.authenticate(post()))).toBeInstanceOf(InvalidClientError);
  });

  describe('a client that named no method (RFC 7591 §2 default)', () => {
    const defaulted = { tokenEndpointAuthMethod: 'client_secret_basic', tokenEndpointAuthMethodDefaulted: true };

    it('authenticates with either secret method, since client libraries pick their own', async () => {
      const { authenticator } = setup({}, defaulted);
      expect((await authenticator.authenticate(basic())).method).toBe('client_secret_basic');
      expect((await authenticator.authenticate(post())).method).toBe('client_secret_post');
    });

    it('only with a method the server allows', async () => {
      const { authenticator } = setup({ processors: { tokenEndpointAuthMethod: { allowed: ['client_secret_basic'] } } }, defaulted);
      expect((await authenticator.authenticate(basic())).method).toBe('client_secret_basic');
      expect(await failureOf(authenticator.authenticate(post()))).toBeInstanceOf(InvalidClientError);
    });

    it('never with none, nor without its secret', async () => {
      const { authenticator } = setup({}, defaulted);
      expect(await failureOf(authenticator.authenticate({ body: { client_id: 'client-1' } }))).toBeInstanceOf(InvalidClientError);
      expect(await failureOf(authenticator.authenticate(post('client-1', 'wrong-secret')))).toBeInstanceOf(InvalidClientError);
    });

    it('a client that chose client_secret_basic is still held to it', async () => {
      const { authenticator } = setup({}, { ...defaulted, tokenEndpointAuthMethodDefaulted: false });
      expect(await failureOf(authenticator.authenticate(post()))).toBeInstanceOf(InvalidClientError);
    });
  });

  it('authenticates a public client (none) only when it registered none', async () => {
    const pub = setup({}, { tokenEndpointAuthMethod: 'none', secretDigest: null, secretExpiresAt: null });
    expect((await pub.authenticator.authenticate({ body: { client_id: 'client-1' } })).method).toBe('none');
    expect(await failureOf(pub.authenticator.authenticate(basic()))).toBeInstanceOf(InvalidClientError);
    const confidential = setup();
    expect(await failureOf(confidential.authenticator.authenticate({ body: { client_id: 'client-1' } }))).toBeInstanceOf(InvalidClientError);
  });

  describe('one answer for every failure', () => {
    const cases: [string, Partial<TechClientEntity>, ClientAuthenticationRequest][] = [
      ['wrong secret', {}, basic('client-1', 'wrong')],
      ['unknown client', {}, basic('no-such-client')],
      ['locked client', { locked: true }, basic()],
      ['expired secret', { secretExpiresAt: Math.floor(Date.now() / 1000) - 1 }, basic()],
      ['client of another authorization server', { authorizationServer: 'partners' }, basic()],
      ['empty secret', {}, basic('client-1', '')],
      ['implausible client id', {}, basic('x'.repeat(200))],
      ['client id with a NUL', {}, basic('a\u0000b')],
    ];

    it.each(cases)('%s → 401 invalid_client, same description and challenge', async (_name, client, request) => {
      const { authenticator } = setup({}, client);
      const error = (await failureOf(authenticator.authenticate(request))) as InvalidClientError;
      expect(error).toBeInstanceOf(InvalidClientError);
      expect(error.status).toBe(401);
      expect(error.description).toBe('client authentication failed');
      expect(error.headers).toEqual({ 'WWW-Authenticate': 'Basic realm="oauth2", charset="UTF-8"' });
    });

    it.each(cases)('%s → both digests compared, the same work as a success', async (_name, client, request) => {
      const { authenticator, digestSpy } = setup({}, client);
      await failureOf(authenticator.authenticate(request));
      expect(digestSpy).toHaveBeenCalledTimes(2);
      digestSpy.mockClear();
      await authenticator.authenticate(basic()).catch(() => undefined);
      expect(digestSpy).toHaveBeenCalledTimes(2);
    });
  });

  it('asks for authentication when none is presented', async () => {
    const { authenticator } = setup();
    const error = (await failureOf(authenticator.authenticate({ body: { grant_type: 'client_credentials' } }))) as InvalidClientError;
    expect(error).toBeInstanceOf(InvalidClientError);
    expect(error.headers['WWW-Authenticate']).toMatch(/^Basic realm=/);
  });

  it('answers a malformed request with invalid_request, counting nothing', async () => {
    const { authenticator, attempts } = setup();
    expect(await failureOf(authenticator.authenticate({ authorization: 'Basic !!' }))).toBeInstanceOf(InvalidRequestError);
    expect(attempts.rows.size).toBe(0);
  });

  it('uses the configured realm', async () => {
    const { authenticator } = setup({ clientAuthentication: { realm: 'example-iam' } });
    const error = (await failureOf(authenticator.authenticate(basic('client-1', 'wrong')))) as InvalidClientError;
    expect(error.headers['WWW-Authenticate']).toBe('Basic realm="example-iam", charset="UTF-8"');
  });

  describe('secret rotation grace period', () => {
    it('accepts the previous secret until previous_secret_valid_until, then only the new one', async () => {
      const { authenticator, clients, digester } = setup();
      const client = clients.clients.get('client-1')!;
      client.previousSecretDigest = digester.digest(OLD_SECRET);
      client.previousSecretValidUntil = Date.now() + 60_000;
      expect(await authenticator.authenticate(basic('client-1', OLD_SECRET))).toMatchObject({ usedPreviousSecret: true });
      expect(await authenticator.authenticate(basic())).toMatchObject({ usedPreviousSecret: false });

      client.previousSecretValidUntil = Date.now() - 1;
      expect(await failureOf(authenticator.authenticate(basic('client-1', OLD_SECRET)))).toBeInstanceOf(InvalidClientError);
      expect(await authenticator.authenticate(basic())).toMatchObject({ usedPreviousSecret: false });
    });

    it('does not accept the previous secret of a locked client', async () => {
      const { authenticator, clients, digester } = setup({}, { locked: true });
      const client = clients.clients.get('client-1')!;
      client.previousSecretDigest = digester.digest(OLD_SECRET);
      client.previousSecretValidUntil = Date.now() + 60_000;
      expect(await failureOf(authenticator.authenticate(basic('client-1', OLD_SECRET)))).toBeInstanceOf(InvalidClientError);
    });
  });

  it('accepts a secret whose expiry is still ahead', async () => {
    const { authenticator } = setup({}, { secretExpiresAt: Math.floor(Date.now() / 1000) + 3600 });
    expect((await authenticator.authenticate(basic())).clientId).toBe('client-1');
  });

  describe('last_used_at', () => {
    it('is written when unset or older than a minute, and not on every request', async () => {
      const { authenticator, clients } = setup();
      await authenticator.authenticate(basic());
      await authenticator.authenticate(basic());
      await authenticator.authenticate(basic());
      expect(clients.uses).toHaveLength(1);
      clients.clients.get('client-1')!.lastUsedAt = Date.now() - 61_000;
      await authenticator.authenticate(basic());
      expect(clients.uses).toHaveLength(2);
    });

    it('is not written for a failure', async () => {
      const { authenticator, clients } = setup();
      await failureOf(authenticator.authenticate(basic('client-1', 'wrong')));
      expect(clients.uses).toHaveLength(0);
    });
  });

  describe('throttling', () => {
    it('after maxFailures failures answers 429 with Retry-After, even to the right secret', async () => {
      const { authenticator } = setup({ clientAuthentication: { maxFailures: 3, windowSeconds: 120 } });
      for (let i = 0; i < 3; i++) expect(await failureOf(authenticator.authenticate(basic('client-1', `wrong-${i}`)))).toBeInstanceOf(InvalidClientError);
      const throttled = (await failureOf(authenticator.authenticate(basic()))) as ClientAuthenticationThrottledError;
      expect(throttled).toBeInstanceOf(ClientAuthenticationThrottledError);
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers['Retry-After'])).toBeGreaterThan(0);
      expect(Number(throttled.headers['Retry-After'])).toBeLessThanOrEqual(120);
    });

    it('leaves other clients and other addresses alone', async () => {
      const { authenticator, clients, digester } = setup({ clientAuthentication: { maxFailures: 2 } });
      await clients.insert(storedClient({ id: 'client-2', secretDigest: digester.digest(SECRET) }));
      for (let i = 0; i < 3; i++) await failureOf(authenticator.authenticate(basic('client-1', 'wrong')));
      expect(await failureOf(authenticator.authenticate(basic()))).toBeInstanceOf(ClientAuthenticationThrottledError);
      expect((await authenticator.authenticate(basic('client-2'))).clientId).toBe('client-2');
      expect((await authenticator.authenticate(basic('client-1', SECRET, '198.51.100.7'))).clientId).toBe('client-1');
    });

    it('throttles an unknown id like a known one', async () => {
      const { authenticator } = setup({ clientAuthentication: { maxFailures: 2 } });
      const outcomes = async (clientId: string) => {
        const names: string[] = [];
        for (let i = 0; i < 4; i++) names.push(((await failureOf(authenticator.authenticate(basic(clientId, 'wrong')))) as Error).constructor.name);
        return names;
      };
      expect(await outcomes('no-such-client')).toEqual(await outcomes('client-1'));
    });

    it('waits for the store to clear the failures before answering', async () => {
      const { authenticator, attempts } = setup({ clientAuthentication: { maxFailures: 3, maxFailuresPerClient: 0 } });
      await failureOf(authenticator.authenticate(basic('client-1', 'wrong')));
      let resetStarted!: () => void;
      const started = new Promise<void>((resolve) => (resetStarted = resolve));
      let finishReset!: () => void;
      jest.spyOn(attempts, 'reset').mockImplementation(() => {
        resetStarted();
        return new Promise<void>((resolve) => (finishReset = resolve));
      });
      let answered = false;
      const answer = authenticator.authenticate(basic()).then((result) => ((answered = true), result));
      await started;
      // Time for every step that does not wait for the reset: none may answer.
      await new Promise((resolve) => setImmediate(resolve));
      expect(answered).toBe(false);
      finishReset();
      expect((await answer).clientId).toBe('client-1');
    });

    it('a store that fails to clear the failures fails the authentication (the caller answers it; no unhandled rejection)', async () => {
      const { authenticator, attempts } = setup({ clientAuthentication: { maxFailures: 3, maxFailuresPerClient: 0 } });
      await failureOf(authenticator.authenticate(basic('client-1', 'wrong')));
      const down = new Error('attempt store down');
      jest.spyOn(attempts, 'reset').mockRejectedValue(down);
      expect(await failureOf(authenticator.authenticate(basic()))).toBe(down);
    });

    it('a success clears the failures from that address', async () => {
      const { authenticator, attempts } = setup({ clientAuthentication: { maxFailures: 3, maxFailuresPerClient: 0 } });
      await failureOf(authenticator.authenticate(basic('client-1', 'wrong')));
      await failureOf(authenticator.authenticate(basic('client-1', 'wrong')));
      await authenticator.authenticate(basic());
      expect(attempts.rows.size).toBe(0);
      await failureOf(authenticator.authenticate(basic('client-1', 'wrong')));
      await failureOf(authenticator.authenticate(basic('client-1', 'wrong')));
      expect((await authenticator.authenticate(basic())).clientId).toBe('client-1');
    });
  });

  it('takes the Authorization header and the address from the request itself, after trustedProxyHops', async () => {
    const { authenticator } = setup({ trustedProxyHops: 1, clientAuthentication: { maxFailures: 2, maxFailuresPerClient: 0 } });
    const from = (address: string, secret: string) =>
      ({ headers: { authorization: basicHeader('client-1', secret), 'x-forwarded-for': `203.0.113.9, ${address}` }, socket: { remoteAddress: '10.0.0.1' } }) as unknown as DcrHttpRequest;
    await failureOf(authenticator.authenticate({ request: from('198.51.100.7', 'wrong') }));
    await failureOf(authenticator.authenticate({ request: from('198.51.100.7', 'wrong') }));
    // The address the proxy saw is throttled; another behind the same proxy is not.
    expect(await failureOf(authenticator.authenticate({ request: from('198.51.100.7', SECRET) }))).toBeInstanceOf(ClientAuthenticationThrottledError);
    expect((await authenticator.authenticate({ request: from('198.51.100.8', SECRET) })).clientId).toBe('client-1');
  });

  it('needs serverId when several servers are configured', async () => {
    const resolved = resolveDcrOptions({ secretKey: TEST_SECRET_KEY, authorizationServers: { a: {}, b: {} } });
    const digester = new SecretDigester(resolved);
    const authenticator = new DefaultClientAuthenticator(resolved, new MemoryTechClientStore(), digester, new AuthenticationThrottle(resolved, new MemoryAttemptStore(), digester), NO_DOCUMENTS);
    await expect(authenticator.authenticate(basic())).rejects.toThrow('name the serverId');
    await expect(authenticator.authenticate({ ...basic(), serverId: 'c' })).rejects.toThrow('unknown authorization server "c"');
    await expect(authenticator.authenticate({ ...basic(), serverId: 'a' })).rejects.toBeInstanceOf(InvalidClientError);
  });

  describe('edges of the checks', () => {
    const NOW = 1_800_000_000_000;
    beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
    afterEach(() => jest.restoreAllMocks());

    it('refuses a secret at the very second it expires', async () => {
      const expired = setup({}, { secretExpiresAt: NOW / 1000 });
      expect(await failureOf(expired.authenticator.authenticate(basic()))).toBeInstanceOf(InvalidClientError);
      const valid = setup({}, { secretExpiresAt: NOW / 1000 + 1 });
      expect((await valid.authenticator.authenticate(basic())).clientId).toBe('client-1');
    });

    it('refuses the previous secret at the very millisecond its grace period ends', async () => {
      const { authenticator, clients, digester } = setup();
      const client = clients.clients.get('client-1')!;
      client.previousSecretDigest = digester.digest(OLD_SECRET);
      client.previousSecretValidUntil = NOW;
      expect(await failureOf(authenticator.authenticate(basic('client-1', OLD_SECRET)))).toBeInstanceOf(InvalidClientError);
      client.previousSecretValidUntil = NOW + 1;
      expect(await authenticator.authenticate(basic('client-1', OLD_SECRET))).toMatchObject({ usedPreviousSecret: true });
    });

    it('refuses a wrong secret during a grace period', async () => {
      const { authenticator, clients, digester } = setup();
      const client = clients.clients.get('client-1')!;
      client.previousSecretDigest = digester.digest(OLD_SECRET);
      client.previousSecretValidUntil = NOW + 60_000;
      expect(await failureOf(authenticator.authenticate(basic('client-1', 'neither-secret')))).toBeInstanceOf(InvalidClientError);
    });

    it('writes last_used_at when it is more than a minute old, not at exactly a minute', async () => {
      const { authenticator, clients } = setup({}, { lastUsedAt: NOW - 60_000 });
      await authenticator.authenticate(basic());
      expect(clients.uses).toEqual([]);
      clients.clients.get('client-1')!.lastUsedAt = NOW - 60_001;
      await authenticator.authenticate(basic());
      expect(clients.uses).toEqual([{ id: 'client-1', at: NOW }]);
    });
  });

  describe('methods', () => {
    it('a public client authenticates with none and never with a previous secret', async () => {
      const { authenticator } = setup({}, { tokenEndpointAuthMethod: 'none', secretDigest: null, secretExpiresAt: null });
      expect(await authenticator.authenticate({ body: { client_id: 'client-1' } })).toMatchObject({ method: 'none', usedPreviousSecret: false });
    });

    it('reads an omitted method of a client without a secret as none', async () => {
      const { authenticator } = setup({}, { tokenEndpointAuthMethod: null, secretDigest: null, secretExpiresAt: null });
      expect((await authenticator.authenticate({ body: { client_id: 'client-1' } })).method).toBe('none');
    });

    it('hands the host the method such a client authenticates with, so the grant policy agrees (no client_credentials for it)', async () => {
      const { authenticator } = setup({}, { tokenEndpointAuthMethod: null, secretDigest: null, secretExpiresAt: null, metadata: { grant_types: ['client_credentials'] } });
      const { client } = await authenticator.authenticate({ body: { client_id: 'client-1' } });
      expect(client.tokenEndpointAuthMethod).toBe('none');
      expect(() => assertGrantAllowed(client, 'client_credentials')).toThrow(UnauthorizedClientError);
    });

    it('never lets a confidential client in without its secret, even with enforceRegisteredMethod off', async () => {
      const { authenticator } = setup({ clientAuthentication: { enforceRegisteredMethod: false } });
      expect(await failureOf(authenticator.authenticate({ body: { client_id: 'client-1' } }))).toBeInstanceOf(InvalidClientError);
    });

    it('refuses none for a client registered with client_secret_basic that holds no secret', async () => {
      const { authenticator } = setup({}, { tokenEndpointAuthMethod: 'client_secret_basic', secretDigest: null, secretExpiresAt: null });
      expect(await failureOf(authenticator.authenticate({ body: { client_id: 'client-1' } }))).toBeInstanceOf(InvalidClientError);
    });

    it('logs a secret method without a stored secret as method_not_registered', async () => {
      const { authenticator } = setup({}, { tokenEndpointAuthMethod: 'client_secret_basic', secretDigest: null, secretExpiresAt: null });
      const debug = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
      try {
        await failureOf(authenticator.authenticate(basic()));
        expect(debug).toHaveBeenCalledWith(expect.objectContaining({ event: 'client_authentication.failed', reason: 'method_not_registered' }));
      } finally {
        debug.mockRestore();
      }
    });

    it('refuses none for a client registered with none that still holds a secret digest', async () => {
      const { authenticator } = setup({}, { tokenEndpointAuthMethod: 'none' });
      expect(await failureOf(authenticator.authenticate({ body: { client_id: 'client-1' } }))).toBeInstanceOf(InvalidClientError);
    });

    it('says what is missing when no credentials are presented', async () => {
      const { authenticator } = setup();
      const error = (await failureOf(authenticator.authenticate({}))) as InvalidClientError;
      expect(error.description).toBe('client authentication is required (client_secret_basic or client_secret_post)');
    });
  });

  describe('client ids that are not looked up', () => {
    it.each([
      ['longer than 128 characters', 'c'.repeat(129)],
      ['with a control character', 'client\u0001'],
      ['with a lone surrogate', 'client-\uD800'],
    ])('%s: no lookup, counted as unknown, logged as (malformed)', async (_case, clientId) => {
      const { authenticator, clients, attempts, digester } = setup();
      const debug = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
      try {
        await failureOf(authenticator.authenticate({ body: { client_id: clientId, client_secret: SECRET } }));
        expect(clients.lookups).toBe(0);
        const throttle = new AuthenticationThrottle(authOptions(), attempts, digester);
        expect([...attempts.rows.keys()].sort()).toEqual(throttle.counters('default', clientId, false, undefined).map((counter) => counter.key).sort());
        expect(debug).toHaveBeenCalledWith({ event: 'client_authentication.failed', server: 'default', clientId: '(malformed)', method: 'client_secret_post', reason: 'unknown_client' });
      } finally {
        debug.mockRestore();
      }
    });

    it('an id of exactly 128 characters is looked up', async () => {
      const { authenticator, clients, digester } = setup();
      await clients.insert(storedClient({ id: 'c'.repeat(128), secretDigest: digester.digest(SECRET) }));
      expect((await authenticator.authenticate(basic('c'.repeat(128)))).clientId).toBe('c'.repeat(128));
    });
  });

  it('counts a known client under its own counters and an unknown id under the shared buckets', async () => {
    const { authenticator, attempts, digester } = setup();
    const throttle = new AuthenticationThrottle(authOptions(), attempts, digester);
    const keysOf = (clientId: string, known: boolean) => throttle.counters('default', clientId, known, '203.0.113.1').map((counter) => counter.key).sort();
    await failureOf(authenticator.authenticate(basic('client-1', 'wrong')));
    expect([...attempts.rows.keys()].sort()).toEqual(keysOf('client-1', true));
    attempts.rows.clear();
    await failureOf(authenticator.authenticate(basic('no-such-client', 'wrong')));
    expect([...attempts.rows.keys()].sort()).toEqual(keysOf('no-such-client', false));
  });

  it('logs each failure at info with its reason to the audit log, as one line of JSON, never in the answer', async () => {
    const { authenticator } = setup({}, { locked: true });
    const debug = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      await failureOf(authenticator.authenticate(basic()));
      expect(debug.mock.calls).toEqual([[{ event: 'client_authentication.failed', server: 'default', clientId: 'client-1', method: 'client_secret_basic', reason: 'locked' }]]);
      expect((debug.mock.contexts[0] as { context?: string }).context).toBe('DcrAudit');
      expect(inspect(debug.mock.calls[0][0])).toBe('{"event":"client_authentication.failed","server":"default","clientId":"client-1","method":"client_secret_basic","reason":"locked"}');
    } finally {
      debug.mockRestore();
    }
  });
});
