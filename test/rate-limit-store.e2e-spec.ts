import { RateLimitStore, TypeOrmRateLimitStore } from '../src/dcr';
import { testDriver } from './utils/test-database';
import { createTestApp, profile, TestApp } from './utils/test-app';

const HOUR = 3_600_000;

/** The rate-limit buckets behind registration and management limits, on the suite's driver (SQLite or PostgreSQL). */
describe('TypeOrmRateLimitStore', () => {
  let t: TestApp;
  let store: RateLimitStore;

  beforeAll(async () => {
    t = await createTestApp(profile('default'));
    store = t.app.get(RateLimitStore);
  });
  afterAll(() => t.close());

  it('counts every hit of a bucket once, under concurrency too', async () => {
    const expiresAt = Date.now() + HOUR;
    const counts = await Promise.all(Array.from({ length: 25 }, () => store.hit('concurrent', expiresAt)));
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(await store.hit('other', expiresAt)).toBe(1);
  });

  it('a new bucket clears the buckets whose window has ended', async () => {
    await store.hit('ended', Date.now() - 1);
    await store.hit('fresh', Date.now() + HOUR);
    const left: { bucket: string }[] = await t.dataSource.query("SELECT bucket FROM dcr_rate_limit WHERE bucket IN ('ended', 'fresh')");
    expect(left.map((row) => row.bucket)).toEqual(['fresh']);
  });

  // A hit is not flushed on its own: on SQLite it commits at synchronous = NORMAL, on PostgreSQL
  // with synchronous_commit = off for the hit's own statement. Neither may stay on the connection:
  // the next commit on it (a registration) would then be answered before it is on disk.
  it('leaves the connection flushing every other commit as before', async () => {
    if (testDriver() === 'sqlite') {
      for (let i = 1; i <= 3; i++) expect(await store.hit('one-connection', Date.now() + HOUR)).toBe(i);
      expect(await t.dataSource.query('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]); // FULL
      return;
    }
    const runner = t.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.query('SET synchronous_commit = on');
      const onOneConnection = new TypeOrmRateLimitStore(runner.manager);
      for (let i = 1; i <= 3; i++) expect(await onOneConnection.hit('one-connection', Date.now() + HOUR)).toBe(i);
      expect(await runner.query('SHOW synchronous_commit')).toEqual([{ synchronous_commit: 'on' }]);
    } finally {
      await runner.release();
    }
  });
});
