import { InvalidTokenError } from '../errors/dcr.error';
import type { InitialAccessTokenOptions } from '../options/dcr-module-options.interface';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { resolveDcrOptions } from '../options/validate-options';
import { SecretDigester } from '../secrets/secret-digester';
import { TEST_SECRET_KEY } from '../testing/processing.spec-helper';
import type { InitialAccessTokenEntity } from '../persistence/initial-access-token.entity';
import { InitialAccessTokenStore } from './initial-access-token.store';
import { ConfiguredInitialAccessTokenVerifier } from './initial-access-token.verifier';

/** Runtime tokens in memory, by digest. */
class MemoryTokens extends InitialAccessTokenStore {
  readonly rows: InitialAccessTokenEntity[] = [];
  insert = async (token: InitialAccessTokenEntity) => void this.rows.push(token);
  findByDigest = async (digest: string) => this.rows.find((row) => row.digest === digest) ?? null;
  findById = async (id: string) => this.rows.find((row) => row.id === id) ?? null;
  list = async () => ({ tokens: this.rows });
  revoke = async () => false;
  usesOf = async () => new Map<string, number>();
}

// The module object the digester calls (an `import * as` namespace would be a copy).
const nodeCrypto: typeof import('node:crypto') = jest.requireActual('node:crypto');

const PARTNER = 'partner-token-0123456789abcdefghijklmnopqrstu';
const INTERNAL = 'internal-token-0123456789abcdefghijklmnopqrst';
const EXPIRED = 'expired-token-0123456789abcdefghijklmnopqrstu';
const PROFILE = { grantTypes: ['client_credentials'], scopes: ['api:read'] };

function verifierWith(initialAccessToken: InitialAccessTokenOptions) {
  const options = resolveDcrOptions({ secretKey: TEST_SECRET_KEY, initialAccessToken });
  const digester = new SecretDigester(options);
  const runtime = new MemoryTokens();
  return { verifier: new ConfiguredInitialAccessTokenVerifier(digester, runtime), server: options.servers.get('default') as ResolvedServerOptions, digester, runtime };
}

const configured = {
  tokens: [
    { token: PARTNER, id: 'partner', maxUses: 10, profile: PROFILE },
    { token: INTERNAL, id: 'internal' },
    { token: EXPIRED, id: 'expired', expiresAt: '2020-01-01T00:00:00Z' },
  ],
};

async function errorOf(action: () => unknown): Promise<InvalidTokenError> {
  try {
    await action();
  } catch (error) {
    return error as InvalidTokenError;
  }
  throw new Error('expected the token to be refused');
}

describe('ConfiguredInitialAccessTokenVerifier', () => {
  it('grants what a configured token allows: its id, use limit and profile', async () => {
    const { verifier, server } = verifierWith(configured);
    expect(await verifier.verify(PARTNER, server)).toEqual({ id: 'partner', maxUses: 10, profile: PROFILE });
    expect(await verifier.verify(INTERNAL, server)).toEqual({ id: 'internal', maxUses: undefined, profile: undefined });
  });

  it('lets a registration without a token through when none is required', async () => {
    const { verifier, server } = verifierWith(configured);
    expect(await verifier.verify(undefined, server)).toBeUndefined();
  });

  it('refuses a registration without a token when one is required', async () => {
    const { verifier, server } = verifierWith({ ...configured, required: true });
    const error = await errorOf(() => verifier.verify(undefined, server));
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error.message).toBe('an initial access token is required to register');
    expect(await verifier.verify(INTERNAL, server)).toMatchObject({ id: 'internal' });
  });

  it.each([
    ['an unknown token', 'unknown-token-0123456789abcdefghijklmnopqrstu'],
    ['a token that differs in one character', `${PARTNER.slice(0, -1)}v`],
    ['an empty token', ''],
  ])('refuses %s with the generic invalid_token, required or not', async (_case, token) => {
    for (const required of [false, true]) {
      const { verifier, server } = verifierWith({ ...configured, required });
      const error = await errorOf(() => verifier.verify(token, server));
      expect(error).toBeInstanceOf(InvalidTokenError);
      expect(error.message).toBe('the access token is missing, invalid or does not grant access to this client');
    }
  });

  it('refuses a token past its expiresAt, and accepts it until then', async () => {
    const { verifier, server } = verifierWith(configured);
    expect(await errorOf(() => verifier.verify(EXPIRED, server))).toBeInstanceOf(InvalidTokenError);
    const soon = new Date(Date.now() + 60_000).toISOString();
    const fresh = verifierWith({ tokens: [{ token: EXPIRED, id: 'fresh', expiresAt: soon }] });
    expect(await fresh.verifier.verify(EXPIRED, fresh.server)).toMatchObject({ id: 'fresh' });
  });

  it('refuses a token at the very millisecond it expires', async () => {
    const at = Date.now() + 60_000;
    const { verifier, server } = verifierWith({ tokens: [{ token: INTERNAL, expiresAt: new Date(at).toISOString() }] });
    const now = jest.spyOn(Date, 'now').mockReturnValue(at);
    try {
      expect(await errorOf(() => verifier.verify(INTERNAL, server))).toBeInstanceOf(InvalidTokenError);
      now.mockReturnValue(at - 1);
      expect(await verifier.verify(INTERNAL, server)).toBeDefined();
    } finally {
      now.mockRestore();
    }
  });

  it('refuses every token when none is configured', async () => {
    const { verifier, server } = verifierWith({});
    expect(await errorOf(() => verifier.verify(PARTNER, server))).toBeInstanceOf(InvalidTokenError);
  });

  it('compares the token with every configured digest, in constant time, whichever matches', async () => {
    const compare = jest.spyOn(nodeCrypto, 'timingSafeEqual');
    try {
      const { verifier, server } = verifierWith(configured);
      for (const token of [PARTNER, INTERNAL, EXPIRED, 'unknown-token-0123456789abcdefghijklmnopqrstu']) {
        compare.mockClear();
        try {
          await verifier.verify(token, server);
        } catch {
          // refused: the work done is what this test is about
        }
        expect(compare).toHaveBeenCalledTimes(3);
        for (const [a, b] of compare.mock.calls) expect((a as Buffer).length).toBe((b as Buffer).length);
      }
    } finally {
      compare.mockRestore();
    }
  });

  describe('tokens issued through the admin API', () => {
    const RUNTIME = 'runtime-token-0123456789abcdefghijklmnopqrstu';
    function withRuntime(row: Partial<InitialAccessTokenEntity>) {
      const setup = verifierWith(configured);
      setup.runtime.rows.push({
        id: 'rt-1', authorizationServer: 'default', digest: setup.digester.digest(RUNTIME), label: null, expiresAt: null, maxUses: 2,
        profile: PROFILE, createdAt: 0, createdBy: null, revokedAt: null, ...row,
      });
      return setup;
    }

    it('grants what a stored token allows, after the configured ones did not match', async () => {
      const { verifier, server } = withRuntime({});
      expect(await verifier.verify(RUNTIME, server)).toEqual({ id: 'rt-1', maxUses: 2, profile: PROFILE });
      expect(await verifier.verify(PARTNER, server)).toMatchObject({ id: 'partner' });
    });

    it.each([
      ['revoked', { revokedAt: 1 }],
      ['expired', { expiresAt: 1 }],
      ["another server's", { authorizationServer: 'partners' }],
    ])('refuses a %s token with the generic invalid_token', async (_case, row) => {
      const { verifier, server } = withRuntime(row);
      const error = await errorOf(() => verifier.verify(RUNTIME, server));
      expect(error).toBeInstanceOf(InvalidTokenError);
      expect(error.message).toBe('the access token is missing, invalid or does not grant access to this client');
    });
  });
});
