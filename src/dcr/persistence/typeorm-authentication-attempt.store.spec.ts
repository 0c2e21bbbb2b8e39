import { DataSource } from 'typeorm';
import { StorageUnavailableError } from '../errors/dcr.error';
import { DCR_ENTITIES, DCR_MIGRATIONS } from '.';
import { TypeOrmAuthenticationAttemptStore } from './typeorm-authentication-attempt.store';

// The store's SQL on an in-memory SQLite database; the e2e suites run it on PostgreSQL too.
const T0 = 1_800_000_000_000;
const WINDOW = 60_000;

describe('TypeOrmAuthenticationAttemptStore (SQLite)', () => {
  let dataSource: DataSource;
  let store: TypeOrmAuthenticationAttemptStore;

  beforeEach(async () => {
    dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: DCR_ENTITIES, migrations: DCR_MIGRATIONS, migrationsRun: true, logging: false });
    await dataSource.initialize();
    store = new TypeOrmAuthenticationAttemptStore(dataSource.manager);
  });
  afterEach(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
  });

  const rows = async () => dataSource.query('SELECT attempt_key AS key, failures, expires_at AS expiresAt FROM tech_client_auth_failure ORDER BY attempt_key');

  it('counts a first failure at 1 with a window from now, each key once, in key order', async () => {
    expect(await store.recordFailure(['b', 'a', 'b'], T0, WINDOW)).toEqual([
      { key: 'a', failures: 1, expiresAt: T0 + WINDOW },
      { key: 'b', failures: 1, expiresAt: T0 + WINDOW },
    ]);
  });

  it('adds failures within the window and keeps its end', async () => {
    await store.recordFailure(['a'], T0, WINDOW);
    expect(await store.recordFailure(['a'], T0 + 1000, WINDOW)).toEqual([{ key: 'a', failures: 2, expiresAt: T0 + WINDOW }]);
    expect(await store.recordFailure(['a'], T0 + WINDOW - 1, WINDOW)).toEqual([{ key: 'a', failures: 3, expiresAt: T0 + WINDOW }]);
  });

  it('starts again at 1 with a new window once the old one has ended (at its last millisecond)', async () => {
    await store.recordFailure(['a'], T0, WINDOW);
    await store.recordFailure(['a'], T0, WINDOW);
    expect(await store.recordFailure(['a'], T0 + WINDOW, WINDOW)).toEqual([{ key: 'a', failures: 1, expiresAt: T0 + 2 * WINDOW }]);
  });

  it('reads only the asked keys whose window has not ended', async () => {
    await store.recordFailure(['a', 'b'], T0, WINDOW);
    await store.recordFailure(['c'], T0 + 1000, WINDOW);
    expect(await store.read(['a', 'c', 'z'], T0 + WINDOW - 1)).toEqual(
      expect.arrayContaining([{ key: 'a', failures: 1, expiresAt: T0 + WINDOW }, { key: 'c', failures: 1, expiresAt: T0 + WINDOW + 1000 }]),
    );
    expect(await store.read(['a', 'c', 'z'], T0 + WINDOW - 1)).toHaveLength(2);
    expect(await store.read(['a', 'c'], T0 + WINDOW)).toEqual([{ key: 'c', failures: 1, expiresAt: T0 + WINDOW + 1000 }]);
  });

  it('answers an empty key list without a query', async () => {
    const query = jest.spyOn(dataSource.manager, 'query');
    expect(await store.read([], T0)).toEqual([]);
    expect(await store.recordFailure([], T0, WINDOW)).toEqual([]);
    expect(query).not.toHaveBeenCalled();
  });

  it('reset forgets one counter', async () => {
    await store.recordFailure(['a', 'b'], T0, WINDOW);
    await store.reset('a');
    expect(await rows()).toEqual([{ key: 'b', failures: 1, expiresAt: T0 + WINDOW }]);
  });

  it('purgeExpired deletes the counters whose window ended, and only those', async () => {
    await store.recordFailure(['a'], T0, WINDOW);
    await store.recordFailure(['b'], T0 + 1, WINDOW);
    await store.purgeExpired(T0 + WINDOW);
    expect(await rows()).toEqual([{ key: 'b', failures: 1, expiresAt: T0 + WINDOW + 1 }]);
  });

  it('answers StorageUnavailableError when the database is away', async () => {
    await dataSource.destroy();
    await expect(store.read(['a'], T0)).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(store.recordFailure(['a'], T0, WINDOW)).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(store.reset('a')).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(store.purgeExpired(T0)).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});
