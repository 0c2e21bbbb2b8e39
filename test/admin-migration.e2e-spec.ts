import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DCR_MIGRATIONS } from '../src/dcr';
import { AdminSearchAndLockHistory1764230600000 } from '../src/dcr/persistence/migrations/1764230600000-admin-search-and-lock-history';
import { rowsBeforeMigration } from './utils/rows-before-migration';
import { createTestDatabase, TestDatabase } from './utils/test-database';

/** The admin migration on a database that already holds clients, and its way back. */
describe('migration 1764230600000 (admin search and lock history)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const p = (n: number) => (database.driver === 'postgres' ? `$${n}` : '?');

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await rowsBeforeMigration(database, AdminSearchAndLockHistory1764230600000, async (before) => {
      for (const name of ['ÉCOLE Numérique', 'Plain App']) {
        await before.query(
          `INSERT INTO tech_client (id, authorization_server, name, locked, created_at, updated_at, version, source, metadata)
           VALUES (${p(1)}, 'default', ${p(2)}, ${p(3)}, 1, 1, 1, 'dcr', '{}')`,
          [randomUUID(), name, database.driver === 'postgres' ? false : 0],
        );
      }
    });
  });
  afterAll(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
  });

  it('fills name_search for the clients already there, and indexes them for the name search', async () => {
    await dataSource.runMigrations();
    const rows: { name: string }[] = await dataSource.query('SELECT name, name_search FROM tech_client');
    expect(rows.sort((a, b) => (a.name < b.name ? -1 : 1))).toEqual([{ name: 'Plain App', name_search: 'plain app' }, { name: 'ÉCOLE Numérique', name_search: 'école numérique' }]);
    if (database.driver === 'sqlite') {
      const found = await dataSource.query(`SELECT rowid FROM tech_client_name_fts WHERE tech_client_name_fts MATCH '"éco"'`);
      expect(found).toHaveLength(1);
    } else {
      const found = await dataSource.query(`SELECT id FROM tech_client WHERE tech_client_name_grams(name_search) @@ '''éco'':*'::tsquery`);
      expect(found).toHaveLength(1);
    }
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
