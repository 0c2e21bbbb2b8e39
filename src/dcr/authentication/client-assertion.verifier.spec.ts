import { DefaultGuardedFetcherFactory } from '../fetch/guarded-fetcher.factory';
import { createSecretKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT, UnsecuredJWT, type JWK } from 'jose';
import { startDocumentServer, type DocumentServer } from '../fetch/document-server.spec-helper';
import type { DcrModuleOptions } from '../options/dcr-module-options.interface';
import { resolveDcrOptions } from '../options/validate-options';
import { TEST_SECRET_KEY } from '../testing/processing.spec-helper';
import { ClientAssertionReplayStore } from './client-assertion-replay.store';
import { ClientAssertionVerifier, type AssertionCheck } from './client-assertion.verifier';
import { ClientKeys, type KeyedClient } from './client-keys';

class MemoryReplayStore extends ClientAssertionReplayStore {
  readonly rows = new Map<string, number>();
  async use(key: string, expiresAt: number, now: number): Promise<boolean> {
    const existing = this.rows.get(key);
    if (existing !== undefined && existing > now) return false;
    this.rows.set(key, expiresAt);
    return true;
  }
  async purgeExpired(now: number): Promise<void> {
    for (const [key, expiresAt] of this.rows) if (expiresAt <= now) this.rows.delete(key);
  }
}

interface TestKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: JWK;
}

function ecKey(kid: string): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, privateKey, publicJwk: { ...(publicKey.export({ format: 'jwk' }) as JWK), kid } };
}

const ISSUER = 'https://as.example';
const TOKEN_ENDPOINT = 'https://as.example/oauth2/token';
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const NOW_S = NOW / 1000;
const KEY = ecKey('k1');

function verifierFor(overrides: Partial<DcrModuleOptions> = {}) {
  const options = resolveDcrOptions({
    secretKey: TEST_SECRET_KEY,
    issuer: ISSUER,
    processors: { tokenEndpointAuthMethod: { allowed: ['private_key_jwt'] }, jwks: { jwksUri: { development: { allowHttpLoopback: true } } } },
    ...overrides,
  } as DcrModuleOptions);
  const replays = new MemoryReplayStore();
  return { verifier: new ClientAssertionVerifier(options, new ClientKeys(options, new DefaultGuardedFetcherFactory()), replays), replays };
}

const client = (metadata: Record<string, unknown> = { jwks: { keys: [KEY.publicJwk] } }): KeyedClient => ({ id: 'client-1', authorizationServer: 'default', metadata });

interface Claims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  iat?: number;
  nbf?: number;
  jti?: string;
}

let jtiCounter = 0;
function claims(overrides: Claims & Record<string, unknown> = {}): Record<string, unknown> {
  jtiCounter += 1;
  const all: Record<string, unknown> = { iss: 'client-1', sub: 'client-1', aud: TOKEN_ENDPOINT, exp: NOW_S + 60, iat: NOW_S, jti: `jti-${jtiCounter}`, ...overrides };
  for (const name of Object.keys(all)) if (all[name] === undefined) delete all[name];
  return all;
}

function sign(payload: Record<string, unknown>, key: TestKey = KEY, alg = 'ES256'): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg, kid: key.kid }).sign(key.privateKey);
}

function check(assertion: string, keyed: KeyedClient = client()): AssertionCheck {
  return { client: keyed, assertion, audiences: [ISSUER, TOKEN_ENDPOINT], now: NOW };
}

describe('ClientAssertionVerifier', () => {
  it('accepts an assertion signed with a registered key, naming the token endpoint or the issuer', async () => {
    const { verifier, replays } = verifierFor();
    await expect(verifier.verify(check(await sign(claims())))).resolves.toBeUndefined();
    await expect(verifier.verify(check(await sign(claims({ aud: [ISSUER, 'https://other.example'] }))))).resolves.toBeUndefined();
    expect(replays.rows.size).toBe(2);
  });

  it.each([
    ['another iss', { iss: 'client-2' }, 'assertion_wrong_iss'],
    ['another sub', { sub: 'client-2' }, 'assertion_wrong_sub'],
    ['another aud', { aud: 'https://evil.example/token' }, 'assertion_wrong_aud'],
    ['no aud', { aud: undefined }, 'assertion_wrong_aud'],
    ['an exp past the clock skew', { exp: NOW_S - 31 }, 'assertion_expired'],
    ['no exp', { exp: undefined }, 'assertion_exp_missing'],
    ['an exp more than 5 minutes ahead', { exp: NOW_S + 300 + 31 }, 'assertion_exp_too_far'],
    ['an nbf in the future', { nbf: NOW_S + 120 }, 'assertion_not_yet_valid'],
    ['an iat in the future', { iat: NOW_S + 120 }, 'assertion_iat_in_future'],
    ['no jti', { jti: undefined }, 'assertion_jti_missing'],
  ])('refuses %s', async (_name, overrides, failure) => {
    const { verifier, replays } = verifierFor();
    await expect(verifier.verify(check(await sign(claims(overrides as Claims & Record<string, unknown>))))).resolves.toBe(failure);
    expect(replays.rows.size).toBe(0);
  });

  it('accepts an exp and an iat within the clock skew', async () => {
    const { verifier } = verifierFor();
    await expect(verifier.verify(check(await sign(claims({ exp: NOW_S - 20, iat: NOW_S + 20 }))))).resolves.toBeUndefined();
  });

  it('refuses a replayed jti, and the same jti of another client is its own', async () => {
    const { verifier } = verifierFor();
    const assertion = await sign(claims({ jti: 'once' }));
    await expect(verifier.verify(check(assertion))).resolves.toBeUndefined();
    await expect(verifier.verify(check(assertion))).resolves.toBe('assertion_replayed');
    const other: KeyedClient = { ...client(), id: 'client-2' };
    await expect(verifier.verify(check(await sign(claims({ jti: 'once', iss: 'client-2', sub: 'client-2' })), other))).resolves.toBeUndefined();
  });

  it('refuses a signature by a key the client did not register', async () => {
    const { verifier } = verifierFor();
    const stranger = ecKey('k1');
    await expect(verifier.verify(check(await sign(claims(), stranger)))).resolves.toBe('assertion_bad_signature');
    await expect(verifier.verify(check(await sign(claims(), ecKey('unknown'))))).resolves.toBe('assertion_no_matching_key');
  });

  it('holds the client to its registered token_endpoint_auth_signing_alg', async () => {
    const { verifier } = verifierFor();
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsa: TestKey = { kid: 'r1', privateKey, publicJwk: { ...(publicKey.export({ format: 'jwk' }) as JWK), kid: 'r1' } };
    const keyed = client({ jwks: { keys: [rsa.publicJwk] }, token_endpoint_auth_signing_alg: 'PS256' });
    await expect(verifier.verify(check(await sign(claims(), rsa, 'PS256'), keyed))).resolves.toBeUndefined();
    await expect(verifier.verify(check(await sign(claims(), rsa, 'RS256'), keyed))).resolves.toBe('assertion_alg_not_allowed');
  });

  it('refuses an algorithm outside the server allow-list', async () => {
    const { verifier } = verifierFor({ processors: { tokenEndpointAuthMethod: { allowed: ['private_key_jwt'] }, jwks: { algorithms: ['PS256'] } } });
    await expect(verifier.verify(check(await sign(claims())))).resolves.toBe('assertion_alg_not_allowed');
  });

  it('refuses an unsecured assertion (alg none)', async () => {
    const { verifier } = verifierFor();
    const unsecured = new UnsecuredJWT(claims()).encode();
    await expect(verifier.verify(check(unsecured))).resolves.toBe('assertion_alg_not_allowed');
  });

  it('refuses HS256 keyed with the public key (algorithm confusion), even if HS256 were registered', async () => {
    const { verifier } = verifierFor();
    for (const secret of [JSON.stringify(KEY.publicJwk), KEY.publicJwk.x!, createPublicPem()]) {
      const forged = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(createSecretKey(Buffer.from(secret)));
      await expect(verifier.verify(check(forged))).resolves.toBe('assertion_alg_not_allowed');
      const registeredHs = client({ jwks: { keys: [KEY.publicJwk] }, token_endpoint_auth_signing_alg: 'HS256' });
      await expect(verifier.verify(check(forged, registeredHs))).resolves.toBe('assertion_alg_not_allowed');
    }
  });

  it('refuses what is not a JWS', async () => {
    const { verifier } = verifierFor();
    await expect(verifier.verify(check('not-a-jwt'))).resolves.toBe('assertion_malformed');
    await expect(verifier.verify(check(`${'a'.repeat(9000)}`))).resolves.toBe('assertion_malformed');
  });

  describe('jwks_uri', () => {
    let server: DocumentServer;
    let served: JWK[];

    beforeEach(async () => {
      served = [KEY.publicJwk];
      server = await startDocumentServer((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=3600' }).end(JSON.stringify({ keys: served }));
      });
    });
    afterEach(() => server.close());

    it('fetches the set once, keeps it, and fetches again for an unknown kid after a rotation, at a bounded rate', async () => {
      const { verifier } = verifierFor();
      const keyed = client({ jwks_uri: server.url('/jwks.json') });
      await expect(verifier.verify(check(await sign(claims()), keyed))).resolves.toBeUndefined();
      await expect(verifier.verify(check(await sign(claims()), keyed))).resolves.toBeUndefined();
      expect(server.requests).toBe(1);

      const rotated = ecKey('k2');
      served = [rotated.publicJwk];
      await expect(verifier.verify(check(await sign(claims(), rotated), keyed))).resolves.toBeUndefined();
      expect(server.requests).toBe(2);

      // Another unknown kid within refreshMinSeconds: no new fetch.
      await expect(verifier.verify(check(await sign(claims(), ecKey('k3')), keyed))).resolves.toBe('assertion_no_matching_key');
      expect(server.requests).toBe(2);
    });

    it('refuses a fetched set that holds a private key', async () => {
      const { verifier } = verifierFor();
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      served = [{ ...(privateKey.export({ format: 'jwk' }) as JWK), kid: 'k1' }];
      await expect(verifier.verify(check(await sign(claims()), client({ jwks_uri: server.url('/jwks.json') })))).resolves.toBe('assertion_keys_unavailable');
    });

    it('never fetches a loopback jwks_uri without the UNSAFE development option', async () => {
      const { verifier } = verifierFor({ processors: { tokenEndpointAuthMethod: { allowed: ['private_key_jwt'] }, jwks: {} } });
      await expect(verifier.verify(check(await sign(claims()), client({ jwks_uri: server.url('/jwks.json') })))).resolves.toBe('assertion_keys_unavailable');
      expect(server.connections).toBe(0);
    });
  });
});

function createPublicPem(): string {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return publicKey.export({ format: 'pem', type: 'spki' }).toString();
}
