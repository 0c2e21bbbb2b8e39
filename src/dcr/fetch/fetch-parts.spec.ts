import { cacheLifetimeSeconds } from './cache-lifetime';
import { Deadline } from './deadline';
import { FetchCache } from './fetch-cache';
import { FetchRefusedError } from './fetch-refused.error';
import { InFlight } from './in-flight';

describe('cacheLifetimeSeconds', () => {
  const bounds = { min: 60, max: 3600 };
  it.each([
    [undefined, undefined, 60],
    ['', undefined, 60],
    ['max-age=300', undefined, 300],
    ['MAX-AGE=300', undefined, 300],
    ['max-age="300"', undefined, 300],
    [' public , max-age=300 ', undefined, 300],
    ['max-age=300, max-age=5', undefined, 300],
    ['max-age=-5', undefined, 60],
    ['max-age=3.5', undefined, 60],
    ['max-age=99999999999999999999', undefined, 3600],
    ['max-age=300', '100', 200],
    ['max-age=300', 'x', 300],
    ['s-maxage=900', undefined, 60],
    ['private, max-age=900', undefined, 900],
    ['no-store', undefined, 0],
    ['no-cache', undefined, 0],
    ['no-cache="set-cookie"', undefined, 0],
    ['max-age=300,no-store', undefined, 0],
  ])('%j (Age %j) → %i', (cacheControl, age, expected) => {
    expect(cacheLifetimeSeconds(cacheControl, age, bounds)).toBe(expected);
  });

  it('with a minimum of 0, max-age=0 is not cached', () => {
    expect(cacheLifetimeSeconds('max-age=0', undefined, { min: 0, max: 100 })).toBe(0);
  });
});

describe('FetchCache', () => {
  let clock = 0;
  const cache = (max: number): FetchCache<string> => new FetchCache<string>(max, () => clock);

  it('serves an entry until it expires, then forgets it', () => {
    clock = 0;
    const store = cache(10);
    store.put('a', 'A', 1000);
    clock = 999;
    expect(store.get('a')).toEqual({ value: 'A', expiresAt: 1000 });
    clock = 1000;
    expect(store.get('a')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('stores nothing already expired', () => {
    clock = 50;
    const store = cache(10);
    store.put('a', 'A', 50);
    expect(store.size).toBe(0);
  });

  it('evicts the least recently used beyond maxEntries', () => {
    clock = 0;
    const store = cache(2);
    store.put('a', 'A', 10);
    store.put('b', 'B', 10);
    store.get('a');
    store.put('c', 'C', 10);
    expect([store.get('a')?.value, store.get('b')?.value, store.get('c')?.value]).toEqual(['A', undefined, 'C']);
    store.put('a', 'A2', 10); // replacing does not grow it
    expect(store.size).toBe(2);
    expect(store.get('a')?.value).toBe('A2');
  });
});

describe('InFlight', () => {
  it('runs one task per key at a time and frees the key when it settles', async () => {
    const inFlight = new InFlight<number>();
    let runs = 0;
    let release!: (value: number) => void;
    const task = () => { runs += 1; return new Promise<number>((resolve) => { release = resolve; }); };
    const first = inFlight.run('k', task);
    const second = inFlight.run('k', task);
    const other = inFlight.run('other', async () => 7);
    expect(first).toBe(second);
    expect(runs).toBe(1);
    release(42);
    expect(await Promise.all([first, second, other])).toEqual([42, 42, 7]);
    expect(inFlight.size).toBe(0);
    await inFlight.run('k', async () => 1);
    expect(runs).toBe(1);
  });

  it('does not keep a failure', async () => {
    const inFlight = new InFlight<number>();
    await expect(inFlight.run('k', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(inFlight.size).toBe(0);
    expect(await inFlight.run('k', async () => 2)).toBe(2);
  });
});

describe('Deadline', () => {
  it('rejects a step that outlives it with timeout, and tells listeners', async () => {
    const deadline = new Deadline(30);
    const expired = jest.fn();
    deadline.onExpiry(expired);
    await expect(deadline.race(new Promise(() => undefined))).rejects.toMatchObject({ reason: 'timeout' });
    expect(expired).toHaveBeenCalledWith(expect.any(FetchRefusedError));
    expect(deadline.expired?.reason).toBe('timeout');
    const late = jest.fn();
    deadline.onExpiry(late);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('passes through a step that finishes in time, and clear stops it', async () => {
    const deadline = new Deadline(1000);
    expect(await deadline.race(Promise.resolve(3))).toBe(3);
    const expired = jest.fn();
    deadline.onExpiry(expired);
    deadline.clear();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(expired).not.toHaveBeenCalled();
  });
});

describe('FetchRefusedError', () => {
  it('has a fixed, client-safe message per reason', () => {
    const error = new FetchRefusedError('special_use_address');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('FetchRefusedError');
    expect(error.message).toBe('the URL host is or resolves to a special-use address');
    expect(FetchRefusedError.forStatus(302)).toMatchObject({ reason: 'redirect', message: 'the server answered 302; redirects are not followed' });
    expect(FetchRefusedError.forStatus(404)).toMatchObject({ reason: 'status', message: 'the server answered 404, not 200' });
    expect(FetchRefusedError.forStatus(299)).toMatchObject({ reason: 'status' });
    expect(FetchRefusedError.forStatus(400)).toMatchObject({ reason: 'status' });
  });
});
