import request from 'supertest';
import { AuthenticationAttemptStore, TechClientEntity, TechClientStore } from '../src/dcr';
import { createTestApp, profile, TestApp } from './utils/test-app';

const T0 = 1_800_000_000_000;
const WINDOW = 60_000;

/** The database counters behind the throttle, on the suite's driver (SQLite or PostgreSQL). */
describe('TypeOrmAuthenticationAttemptStore', () => {
  let t: TestApp;
  let store: AuthenticationAttemptStore;

  beforeAll(async () => {
    t = await createTestApp(profile('default'));
    store = t.app.get(AuthenticationAttemptStore);
  });
  afterAll(() => t.close());

  it('counts up within a window and starts again after it', async () => {
    expect(await store.recordFailure(['k1'], T0, WINDOW)).toEqual([{ key: 'k1', failures: 1, expiresAt: T0 + WINDOW }]);
    expect(await store.recordFailure(['k1'], T0 + 1000, WINDOW)).toEqual([{ key: 'k1', failures: 2, expiresAt: T0 + WINDOW }]);
    expect(await store.read(['k1', 'absent'], T0 + 2000)).toEqual([{ key: 'k1', failures: 2, expiresAt: T0 + WINDOW }]);
    // At the end of the window the counter is gone for reading, and the next failure starts a new one.
    expect(await store.read(['k1'], T0 + WINDOW)).toEqual([]);
    expect(await store.recordFailure(['k1'], T0 + WINDOW, WINDOW)).toEqual([{ key: 'k1', failures: 1, expiresAt: T0 + 2 * WINDOW }]);
  });

  it('counts several keys in one statement', async () => {
    await store.recordFailure(['m2'], T0, WINDOW);
    const counters = await store.recordFailure(['m2', 'm1'], T0, WINDOW);
    expect(counters.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'm1', failures: 1, expiresAt: T0 + WINDOW },
      { key: 'm2', failures: 2, expiresAt: T0 + WINDOW },
    ]);
  });

  it('never loses a count under concurrency', async () => {
    const results = await Promise.all(Array.from({ length: 25 }, () => store.recordFailure(['c1', 'c2'], T0, WINDOW)));
    for (const key of ['c1', 'c2']) {
      const counts = results.map((counters) => counters.find((counter) => counter.key === key)!.failures).sort((a, b) => a - b);
      expect(counts).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    }
  });

  it('reset forgets one counter; purgeExpired deletes only ended windows', async () => {
    await store.recordFailure(['r1', 'r2'], T0, WINDOW);
    await store.recordFailure(['r3'], T0 + WINDOW, WINDOW);
    await store.reset('r1');
    expect((await store.read(['r1', 'r2'], T0)).map((counter) => counter.key)).toEqual(['r2']);
    await store.purgeExpired(T0 + WINDOW);
    const left: { attempt_key: string }[] = await t.dataSource.query(
      "SELECT attempt_key FROM tech_client_auth_failure WHERE attempt_key IN ('r1', 'r2', 'r3')",
    );
    expect(left.map((row) => row.attempt_key)).toEqual(['r3']);
  });
});

describe('TypeOrmTechClientStore: findForAuthentication and recordUse', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(profile('default'));
  });
  afterAll(() => t.close());

  it('writes last_used_at only when older than the interval, leaving version and updated_at alone', async () => {
    const registered = await request(t.http).post('/oauth2/register').send({ grant_types: ['client_credentials'] }).expect(201);
    const store = t.app.get(TechClientStore);
    const id: string = registered.body.client_id;
    const before = (await store.findById(id))!;

    await store.recordUse(id, T0, 60_000);
    await store.recordUse(id, T0 + 59_000, 60_000);
    expect((await store.findById(id))!.lastUsedAt).toBe(T0);
    await store.recordUse(id, T0 + 61_000, 60_000);
    const after = (await store.findById(id))!;
    expect(after.lastUsedAt).toBe(T0 + 61_000);
    expect(after.version).toBe(before.version);
    expect(after.updatedAt).toBe(before.updatedAt);
  });

  it('findForAuthentication reads the same client as findById, and null for an unknown id', async () => {
    const registered = await request(t.http)
      .post('/oauth2/register')
      .send({ grant_types: ['client_credentials'], scope: 'api:read', client_name: 'Read me' })
      .expect(201);
    const store = t.app.get(TechClientStore);
    const viaOrm = await store.findById(registered.body.client_id);
    const uniform = await store.findForAuthentication(registered.body.client_id);
    expect(uniform).toBeInstanceOf(TechClientEntity);
    expect({ ...uniform }).toEqual({ ...viaOrm });
    expect(typeof uniform!.locked).toBe('boolean');
    expect(typeof uniform!.createdAt).toBe('number');
    expect(uniform!.metadata).toMatchObject({ scope: 'api:read', client_name: 'Read me' });
    expect(await store.findForAuthentication('no-such-client')).toBeNull();
  });
});
