import { inspect } from 'node:util';
import { ConsoleLogger, Logger } from '@nestjs/common';
import type { DcrModuleOptions } from '../options/dcr-module-options.interface';
import { keyedDigest } from '../secrets/keyed-digest';
import { SecretDigester } from '../secrets/secret-digester';
import { authOptions, MemoryAttemptStore } from '../testing/authentication.spec-helper';
import { TEST_SECRET_KEY } from '../testing/processing.spec-helper';
import { AttemptCounter } from './authentication-attempt.store';
import { AuthenticationThrottle, ThrottleCounter } from './authentication.throttle';

const T0 = 1_800_000_000_000;

function throttleWith(clientAuthentication: DcrModuleOptions['clientAuthentication'] = {}) {
  const options = authOptions({ clientAuthentication });
  const store = new MemoryAttemptStore();
  return { throttle: new AuthenticationThrottle(options, store, new SecretDigester(options)), store };
}

/** Counts `n` failures and returns the last verdict. */
async function fail(throttle: AuthenticationThrottle, counters: ThrottleCounter[], n: number, now = T0) {
  let verdict;
  for (let i = 0; i < n; i++) verdict = await throttle.recordFailure(counters, now);
  return verdict;
}

describe('AuthenticationThrottle', () => {
  // Failures are logged at info and throttling at warn: kept out of the test output (spies still see each call).
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(new ConsoleLogger()));

  it('allows maxFailures failures from one address, then refuses until the window ends', async () => {
    const { throttle } = throttleWith({ maxFailures: 3, windowSeconds: 60 });
    const counters = throttle.counters('default', 'client-1', true, '203.0.113.1');
    expect(await fail(throttle, counters, 3)).toEqual({ allowed: true });
    expect((await throttle.check(counters, T0 + 1000)).verdict).toEqual({ allowed: false, retryAfterSeconds: 59 });
    expect((await throttle.check(counters, T0 + 60_000)).verdict).toEqual({ allowed: true });
  });

  it('answers "refused" to failures counted past the limit (concurrent guesses)', async () => {
    const { throttle } = throttleWith({ maxFailures: 2 });
    const counters = throttle.counters('default', 'client-1', true, '203.0.113.1');
    const verdicts = await Promise.all([1, 2, 3, 4].map(() => throttle.recordFailure(counters, T0)));
    expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(2);
    expect(verdicts.filter((verdict) => !verdict.allowed)).toHaveLength(2);
  });

  it('counts per client: another client from the same address is not affected', async () => {
    const { throttle } = throttleWith({ maxFailures: 2 });
    await fail(throttle, throttle.counters('default', 'client-1', true, '203.0.113.1'), 2);
    expect((await throttle.check(throttle.counters('default', 'client-1', true, '203.0.113.1'), T0)).verdict.allowed).toBe(false);
    expect((await throttle.check(throttle.counters('default', 'client-2', true, '203.0.113.1'), T0)).verdict.allowed).toBe(true);
    expect((await throttle.check(throttle.counters('other', 'client-1', true, '203.0.113.1'), T0)).verdict.allowed).toBe(true);
  });

  it('counts per client across addresses with maxFailuresPerClient', async () => {
    const { throttle } = throttleWith({ maxFailures: 10, maxFailuresPerClient: 3 });
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) await fail(throttle, throttle.counters('default', 'client-1', true, ip), 1);
    expect((await throttle.check(throttle.counters('default', 'client-1', true, '198.51.100.9'), T0)).verdict.allowed).toBe(false);
    expect((await throttle.check(throttle.counters('default', 'client-2', true, '198.51.100.9'), T0)).verdict.allowed).toBe(true);
  });

  it('treats the addresses of one IPv6 /64 as one address', async () => {
    const { throttle } = throttleWith({ maxFailures: 2 });
    await fail(throttle, throttle.counters('default', 'client-1', true, '2001:db8:1:2::1'), 1);
    await fail(throttle, throttle.counters('default', 'client-1', true, '2001:db8:1:2::2'), 1);
    expect((await throttle.check(throttle.counters('default', 'client-1', true, '2001:db8:1:2::3'), T0)).verdict.allowed).toBe(false);
  });

  it('throttles a repeated unknown id exactly like a known one (no existence oracle)', async () => {
    const { throttle } = throttleWith({ maxFailures: 3 });
    const unknown = throttle.counters('default', 'no-such-client', false, '203.0.113.1');
    expect(await fail(throttle, unknown, 3)).toEqual({ allowed: true });
    expect((await throttle.check(unknown, T0)).verdict.allowed).toBe(false);
  });

  it('keeps unknown ids in bounded buckets: random ids from one address make at most 64 + 4096 rows', async () => {
    const { throttle, store } = throttleWith({ maxFailures: 1_000_000, maxFailuresPerClient: 1_000_000 });
    for (let i = 0; i < 5000; i++) await throttle.recordFailure(throttle.counters('default', `random-${i}`, false, '203.0.113.1'), T0);
    const perAddress = [...store.rows.keys()].filter((key) => key.startsWith('a:')).length;
    expect(perAddress).toBeLessThanOrEqual(64);
    expect(store.rows.size).toBeLessThanOrEqual(64 + 4096);
  });

  it('keeps no client id or address in clear in the keys', () => {
    const { throttle } = throttleWith();
    const counters = throttle.counters('default', 'client-1', true, '203.0.113.1');
    expect(counters.map((counter) => counter.scope)).toEqual(['client', 'client_address']);
    for (const counter of counters) {
      expect(counter.key).toMatch(/^[ac]:v1:[A-Za-z0-9_-]{43}$/);
      expect(counter.key.length).toBeLessThanOrEqual(64);
    }
  });

  it('clears this address after a success, but not the count across addresses', async () => {
    const { throttle } = throttleWith({ maxFailures: 3, maxFailuresPerClient: 4 });
    const here = throttle.counters('default', 'client-1', true, '203.0.113.1');
    await fail(throttle, here, 2);
    const { addressFailures } = await throttle.check(here, T0);
    expect(addressFailures).toBe(2);
    await throttle.recordSuccess(here, addressFailures);
    expect((await throttle.check(here, T0)).addressFailures).toBe(0);
    // Two more from here make 4 for the client: the per-client counter still remembers the first two.
    await fail(throttle, here, 2);
    expect((await throttle.check(throttle.counters('default', 'client-1', true, '198.51.100.9'), T0)).verdict.allowed).toBe(false);
  });

  it('limits of 0 turn a counter off', async () => {
    const { throttle } = throttleWith({ maxFailures: 0, maxFailuresPerClient: 0 });
    const counters = throttle.counters('default', 'client-1', true, '203.0.113.1');
    expect(counters).toEqual([]);
    expect(await fail(throttle, counters, 50)).toEqual({ allowed: true });
  });

  it('starts a new window after the old one ended', async () => {
    const { throttle } = throttleWith({ maxFailures: 2, windowSeconds: 10 });
    const counters = throttle.counters('default', 'client-1', true, '203.0.113.1');
    await fail(throttle, counters, 2);
    expect(await fail(throttle, counters, 1, T0 + 10_000)).toEqual({ allowed: true });
    expect((await throttle.check(counters, T0 + 10_000)).addressFailures).toBe(1);
  });

  it('keeps the key format that instances sharing the table rely on (a change would reset every counter)', () => {
    const { throttle } = throttleWith();
    const key = (...parts: (string | number)[]) => `${parts[0]}:${keyedDigest(TEST_SECRET_KEY, ['throttle', ...parts].join('\u0000'))}`;
    expect(throttle.counters('default', 'client-1', true, '203.0.113.1')).toEqual([
      { scope: 'client', limit: 100, key: key('c', 'default', 'id', 'client-1') },
      { scope: 'client_address', limit: 10, key: key('a', 'default', 'id', 'client-1', '203.0.113.1') },
    ]);
    // An unknown id is counted under its bucket: one of 4096 per server, one of 64 per address.
    const [client, address] = throttle.counters('default', 'no-such-client', false, '203.0.113.1');
    const clientBuckets = Array.from({ length: 4096 }, (_, bucket) => key('c', 'default', 'unknown', bucket));
    const addressBuckets = Array.from({ length: 64 }, (_, bucket) => key('a', 'default', 'unknown', bucket, '203.0.113.1'));
    expect(clientBuckets).toContain(client.key);
    expect(addressBuckets).toContain(address.key);
  });

  it('counts unknown ids of different buckets apart, per client and per address', async () => {
    // Ids chosen to fall in different buckets of both sizes.
    const ids = ['ghost-1', 'ghost-2', 'ghost-3'];
    const perClient = throttleWith({ maxFailures: 0, maxFailuresPerClient: 2 });
    for (const id of ids) await fail(perClient.throttle, perClient.throttle.counters('default', id, false, '203.0.113.1'), 1);
    expect(new Set([...perClient.store.rows.keys()]).size).toBe(3);
    const perAddress = throttleWith({ maxFailures: 2, maxFailuresPerClient: 0 });
    for (const id of ids) await fail(perAddress.throttle, perAddress.throttle.counters('default', id, false, '203.0.113.1'), 1);
    expect(new Set([...perAddress.store.rows.keys()]).size).toBe(3);
    expect((await perAddress.throttle.check(perAddress.throttle.counters('default', 'ghost-4', false, '203.0.113.1'), T0)).verdict.allowed).toBe(true);
  });

  it('does not touch the store when every counter is off', async () => {
    const { throttle, store } = throttleWith({ maxFailures: 0, maxFailuresPerClient: 0 });
    const read = jest.spyOn(store, 'read');
    const record = jest.spyOn(store, 'recordFailure');
    expect(await throttle.check([], T0)).toEqual({ verdict: { allowed: true }, addressFailures: 0 });
    expect(await throttle.recordFailure([], T0)).toEqual({ allowed: true });
    expect(read).not.toHaveBeenCalled();
    expect(record).not.toHaveBeenCalled();
  });

  it('after a success, resets only when this address had failures', async () => {
    const { throttle, store } = throttleWith({ maxFailures: 3 });
    const reset = jest.spyOn(store, 'reset');
    const here = throttle.counters('default', 'client-1', true, '203.0.113.1');
    await throttle.recordSuccess(here, 0);
    expect(reset).not.toHaveBeenCalled();
    await throttle.recordSuccess(here, 1);
    expect(reset).toHaveBeenCalledWith(here[1].key);
  });

  it('ignores a counter whose window has ended even when a store hands it back', async () => {
    const { throttle, store } = throttleWith({ maxFailures: 1, maxFailuresPerClient: 0 });
    const counters = throttle.counters('default', 'client-1', true, '203.0.113.1');
    const stale: AttemptCounter[] = [{ key: counters[0].key, failures: 9, expiresAt: T0 }];
    jest.spyOn(store, 'read').mockResolvedValue(stale);
    jest.spyOn(store, 'recordFailure').mockResolvedValue(stale);
    expect((await throttle.check(counters, T0)).verdict).toEqual({ allowed: true });
    expect(await throttle.recordFailure(counters, T0)).toEqual({ allowed: true });
    expect((await throttle.check(counters, T0 - 1)).verdict).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  describe('purging expired counters (one failure in 64)', () => {
    afterEach(() => jest.restoreAllMocks());

    it.each([
      [0, 1],
      [1 / 64 - 1e-9, 1],
      [1 / 64, 0],
      [0.5, 0],
    ])('Math.random() = %d → %i purge', async (random, purges) => {
      const { throttle, store } = throttleWith({ maxFailures: 3 });
      jest.spyOn(Math, 'random').mockReturnValue(random);
      await throttle.recordFailure(throttle.counters('default', 'client-1', true, '203.0.113.1'), T0);
      expect(store.purged).toBe(purges);
    });

    it('survives a purge that rejects with no error object', async () => {
      const { throttle, store } = throttleWith({ maxFailures: 3 });
      jest.spyOn(Math, 'random').mockReturnValue(0);
      jest.spyOn(store, 'purgeExpired').mockReturnValue(Promise.reject(undefined));
      jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      expect(await throttle.recordFailure(throttle.counters('default', 'client-1', true, '203.0.113.1'), T0)).toEqual({ allowed: true });
    });

    it('passes the time of the failure, and a failing purge is logged, not answered', async () => {
      const { throttle, store } = throttleWith({ maxFailures: 3 });
      jest.spyOn(Math, 'random').mockReturnValue(0);
      const purge = jest.spyOn(store, 'purgeExpired').mockRejectedValue(new Error('disk full'));
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      expect(await throttle.recordFailure(throttle.counters('default', 'client-1', true, '203.0.113.1'), T0)).toEqual({ allowed: true });
      expect(purge).toHaveBeenCalledWith(T0);
      expect(warn).toHaveBeenCalledWith('purging expired authentication counters failed: disk full');
      expect((warn.mock.contexts[0] as { context?: string }).context).toBe('DcrModule');
    });
  });

  it('logs once per counter and window, on the failure that brings it to its limit, naming the counters', async () => {
    const { throttle } = throttleWith({ maxFailures: 2, maxFailuresPerClient: 3 });
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const counters = throttle.counters('default', 'client-1', true, '203.0.113.1');
      await fail(throttle, counters, 1);
      expect(warn).not.toHaveBeenCalled();
      // The second failure is still answered 401, and from now on this address is refused.
      expect(await throttle.recordFailure(counters, T0 + 1000, { clientId: 'client-1' })).toEqual({ allowed: true });
      expect(warn.mock.calls).toEqual([[{ event: 'client_authentication.throttled', clientId: 'client-1', scopes: ['client_address'], failures: 2, retryAfterSeconds: 299 }]]);
      expect((warn.mock.contexts[0] as { context?: string }).context).toBe('DcrAudit');
      expect(inspect(warn.mock.calls[0][0])).toBe('{"event":"client_authentication.throttled","clientId":"client-1","scopes":["client_address"],"failures":2,"retryAfterSeconds":299}');
      await throttle.recordFailure(counters, T0, { clientId: 'client-1' });
      expect(warn.mock.calls[1]).toEqual([{ event: 'client_authentication.throttled', clientId: 'client-1', scopes: ['client'], failures: 3, retryAfterSeconds: 300 }]);
      await throttle.recordFailure(counters, T0, { clientId: 'client-1' });
      expect(warn).toHaveBeenCalledTimes(2);
    } finally {
      warn.mockRestore();
    }
  });

  it('names both counters in one line when one failure closes both', async () => {
    const { throttle } = throttleWith({ maxFailures: 2, maxFailuresPerClient: 2 });
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      await fail(throttle, throttle.counters('default', 'client-1', true, '203.0.113.1'), 2);
      expect(warn.mock.calls).toEqual([[{ event: 'client_authentication.throttled', scopes: ['client', 'client_address'], failures: 2, retryAfterSeconds: 300 }]]);
    } finally {
      warn.mockRestore();
    }
  });

  it("logs a counter as reached only by its own row, not by another counter's row with that count", async () => {
    const { throttle } = throttleWith({ maxFailures: 10, maxFailuresPerClient: 3 });
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      await fail(throttle, throttle.counters('default', 'client-1', true, '198.51.100.7'), 1);
      const here = throttle.counters('default', 'client-1', true, '203.0.113.1');
      await fail(throttle, here, 1);
      // The client counter is at 2, this address at 1: nothing reached its limit.
      expect(warn).not.toHaveBeenCalled();
      // The client counter reaches 3 (logged); this address's counter is at 2, below its 10.
      await fail(throttle, here, 1);
      expect(warn.mock.calls).toEqual([[expect.objectContaining({ scopes: ['client'] })]]);
      // Concurrent attempts past the limit are refused and write nothing more.
      expect(await throttle.recordFailure(here, T0)).toEqual({ allowed: false, retryAfterSeconds: 300 });
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });
});
