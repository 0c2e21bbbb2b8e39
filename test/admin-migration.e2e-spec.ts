import { randomUUID } from 'node:crypto';
import { DataSource, DataSourceOptions } from 'typeorm';
import { DCR_ENTITIES, DCR_MIGRATIONS } from '../src/dcr';
import { nameSearchOf } from '../src/dcr/persistence/name-search';
import { NameFragmentIndex1764230900000 } from '../src/dcr/persistence/migrations/1764230900000-name-fragment-index';
import { AdminSearchAndLockHistory1764230600000 } from '../src/dcr/persistence/migrations/1764230600000-admin-search-and-lock-history';
import { createTestDatabase, TestDatabase } from './utils/test-database';

/** The admin migration on a database that already holds clients, and its way back. */
describe('migration 1764230600000 (admin search and lock history)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const p = (n: number) => (database.driver === 'postgres' ? `$${n}` : '?');

  beforeAll(async () => {
    database = await createTestDatabase();
    const options = { ...database.options, migrationsRun: false } as DataSourceOptions;
    dataSource = new DataSource({ ...options, entities: DCR_ENTITIES, migrations: [DCR_MIGRATIONS[0]] });
    await dataSource.initialize();
    await dataSource.runMigrations();
    for (const name of ['ÉCOLE Numérique', 'Plain App']) {
      await dataSource.query(
        `INSERT INTO tech_client (id, authorization_server, name, locked, created_at, updated_at, version, source, metadata)
         VALUES (${p(1)}, 'default', ${p(2)}, ${p(3)}, 1, 1, 1, 'dcr', '{}')`,
        [randomUUID(), name, database.driver === 'postgres' ? false : 0],
      );
    }
    await dataSource.destroy();
    dataSource = new DataSource({ ...options, entities: DCR_ENTITIES, migrations: DCR_MIGRATIONS });
    await dataSource.initialize();
  });
  afterAll(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
  });

  it('fills name_search for the clients already there, and indexes them for the name search', async () => {
    await dataSource.runMigrations();
    const rows: { name: string }[] = await dataSource.query('SELECT name, name_search FROM tech_client');
    expect(rows.sort((a, b) => (a.name < b.name ? -1 : 1))).toEqual([{ name: 'Plain App', name_search: 'plain app' }, { name: 'ÉCOLE Numérique', name_search: 'école numérique' }]);
    // The trigram index of this migration is replaced by 1764230900000's fragments.
    const found = await dataSource.query(`SELECT DISTINCT client_id FROM tech_client_name_fragment WHERE fragment LIKE 'éco%'`);
    expect(found).toHaveLength(1);
  });

  it('reverts and applies again', async () => {
    // Undo the later migrations too, down to and including this one.
    const later = DCR_MIGRATIONS.length - DCR_MIGRATIONS.indexOf(AdminSearchAndLockHistory1764230600000);
    for (let step = 0; step < later; step++) await dataSource.undoLastMigration();
    const columns = database.driver === 'postgres'
      ? (await dataSource.query(`SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'tech_client'`))
      : await dataSource.query(`PRAGMA table_info(tech_client)`);
    expect(columns.map((column: { name: string }) => column.name)).not.toContain('name_search');
    await dataSource.runMigrations();
    expect(await dataSource.query('SELECT COUNT(*) AS n FROM tech_client_lock_history')).toEqual([{ n: database.driver === 'postgres' ? '0' : 0 }]);
  });
});

/** The name fragment index on a database that already holds clients, and its way back. */
describe('migration 1764230900000 (name fragment index)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const p = (n: number) => (database.driver === 'postgres' ? `$${n}` : '?');
  const names = ['Banana Bank', 'Ωmega 東京 Portal 42', 'aaaaaaaaaaaaaaa'];
  const fragments = () => dataSource.query('SELECT fragment, client_id FROM tech_client_name_fragment ORDER BY fragment, client_id') as Promise<{ fragment: string; client_id: string }[]>;
  const expectedFragments = (rows: { id: string; name_search: string }[]) => rows.flatMap(({ id, name_search }) => {
    const characters = Array.from(name_search);
    return [...new Set(characters.map((_, i) => characters.slice(i, i + 10).join('')))].map((fragment) => ({ fragment, client_id: id }));
  }).sort((a, b) => Buffer.compare(Buffer.from(a.fragment), Buffer.from(b.fragment)) || (a.client_id < b.client_id ? -1 : 1));

  beforeAll(async () => {
    database = await createTestDatabase();
    const options = { ...database.options, migrationsRun: false } as DataSourceOptions;
    const before = DCR_MIGRATIONS.indexOf(NameFragmentIndex1764230900000);
    dataSource = new DataSource({ ...options, entities: DCR_ENTITIES, migrations: DCR_MIGRATIONS.slice(0, before) });
    await dataSource.initialize();
    await dataSource.runMigrations();
    for (const name of names) {
      await dataSource.query(
        `INSERT INTO tech_client (id, authorization_server, name, name_search, locked, created_at, updated_at, version, source, metadata)
         VALUES (${p(1)}, 'default', ${p(2)}, ${p(3)}, ${p(4)}, 1, 1, 1, 'dcr', '{}')`,
        [randomUUID(), name, nameSearchOf(name), database.driver === 'postgres' ? false : 0],
      );
    }
    await dataSource.destroy();
    dataSource = new DataSource({ ...options, entities: DCR_ENTITIES, migrations: DCR_MIGRATIONS });
    await dataSource.initialize();
  });
  afterAll(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
  });

  it('indexes every position of the clients already there, each fragment once per client', async () => {
    await dataSource.runMigrations();
    const rows = await dataSource.query('SELECT id, name_search FROM tech_client');
    expect(await fragments()).toEqual(expectedFragments(rows));
  });

  it('keeps the index in step with inserts, renames and deletions, in the same statement', async () => {
    await dataSource.query(`UPDATE tech_client SET name = 'x', name_search = ${p(1)} WHERE name_search = ${p(2)}`, ['renamed 😀', 'banana bank']);
    await dataSource.query(`DELETE FROM tech_client WHERE name_search = ${p(1)}`, ['aaaaaaaaaaaaaaa']);
    await dataSource.query(
      `INSERT INTO tech_client (id, authorization_server, name, name_search, locked, created_at, updated_at, version, source, metadata)
       VALUES (${p(1)}, 'default', 'New', 'new', ${p(2)}, 2, 2, 1, 'dcr', '{}')`,
      [randomUUID(), database.driver === 'postgres' ? false : 0],
    );
    const rows = await dataSource.query('SELECT id, name_search FROM tech_client');
    expect(rows).toHaveLength(3);
    expect(await fragments()).toEqual(expectedFragments(rows));
  });

  it('reverts to the trigram index and applies again', async () => {
    await dataSource.undoLastMigration();
    if (database.driver === 'sqlite') {
      expect(await dataSource.query(`SELECT rowid FROM tech_client_name_fts WHERE tech_client_name_fts MATCH '"new"'`)).toHaveLength(1);
    } else {
      const indexes = await dataSource.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'tech_client' AND indexname = 'ix_tech_client_name_trgm'`);
      expect(indexes).toHaveLength(1);
    }
    await dataSource.runMigrations();
    const rows = await dataSource.query('SELECT id, name_search FROM tech_client');
    expect(await fragments()).toEqual(expectedFragments(rows));
  });
});
