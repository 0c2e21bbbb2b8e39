import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NameSearchGrams1764231500000 } from '../src/dcr/persistence/migrations/1764231500000-name-search-grams';
import { nameSearchOf } from '../src/dcr/persistence/name-search';
import { rowsBeforeMigration } from './utils/rows-before-migration';
import { createTestDatabase, TestDatabase } from './utils/test-database';

/**
 * The name index migration (1764231500000) on a database that already holds clients: what it
 * indexes, how the index keeps up with every write, and its way back to the trigram indexes.
 */
describe('migration 1764231500000 (name search grams)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const NAMES = ['ÉCOLE Numérique', 'Plain App', 'Платежи iOS', '決済', 'x'];
  const ids = new Map<string, string>();
  const p = (n: number) => (database.driver === 'postgres' ? `$${n}` : '?');
  const postgres = () => database.driver === 'postgres';

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await rowsBeforeMigration(database, NameSearchGrams1764231500000, async (before) => {
      for (const name of NAMES) await insert(name, before);
    });
    await dataSource.runMigrations();
  });
  afterAll(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
  });

  async function insert(name: string, into = dataSource): Promise<void> {
    const id = randomUUID();
    ids.set(name, id);
    await into.query(
      `INSERT INTO tech_client (id, authorization_server, name, name_search, locked, created_at, updated_at, version, source, metadata)
       VALUES (${p(1)}, 'default', ${p(2)}, ${p(3)}, ${p(4)}, 1, 1, 1, 'dcr', '{}')`,
      [id, name, nameSearchOf(name), postgres() ? false : 0],
    );
  }

  /** Names the new index gives for a one- or two-character term (the SQLite vocabulary, or the PostgreSQL prefix query). */
  async function indexed(term: string): Promise<string[]> {
    if (postgres()) {
      const rows: { name: string }[] = await dataSource.query(
        `SELECT name FROM tech_client WHERE tech_client_name_grams(name_search) @@ ${p(1)}::tsquery`, [`'${term}':*`],
      );
      return rows.map((row) => row.name).sort();
    }
    const trigrams: { term: string }[] = await dataSource.query(
      `SELECT term FROM tech_client_name_vocab WHERE term >= ? AND term <= ?`, [term, `${term}\u{10FFFF}\u{10FFFF}`],
    );
    if (trigrams.length === 0) return [];
    const match = trigrams.map((row) => `"${row.term.replace(/"/g, '""')}"`).join(' OR ');
    const rows: { name: string }[] = await dataSource.query(
      `SELECT name FROM tech_client WHERE rowid IN (SELECT rowid FROM tech_client_name_fts WHERE tech_client_name_fts MATCH ?)`, [match],
    );
    return rows.map((row) => row.name).sort();
  }

  it('indexes the clients already there, every character of a name included (the last ones too)', async () => {
    expect(await indexed('é')).toEqual(['ÉCOLE Numérique']);
    expect(await indexed('ue')).toEqual(['ÉCOLE Numérique']); // the last two characters
    expect(await indexed('p')).toEqual(['Plain App']); // the last character
    expect(await indexed('济')).toEqual([]);
    expect(await indexed('済')).toEqual(['決済']);
    expect(await indexed('x')).toEqual(['x']);
    expect(await indexed('щ')).toEqual([]);
    expect(await indexed('ios')).toEqual(['Платежи iOS']);
  });

  it('replaces the trigram index (PostgreSQL: the creation-order index carries the folded name)', async () => {
    if (postgres()) {
      const indexes: { indexname: string; indexdef: string }[] = await dataSource.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'tech_client'`);
      expect(indexes.map((index) => index.indexname)).not.toContain('ix_tech_client_name_trgm');
      expect(indexes.find((index) => index.indexname === 'ix_tech_client_created')?.indexdef).toMatch(/\(created_at, id\) INCLUDE \(name_search\)$/);
    } else {
      const [fts]: { sql: string }[] = await dataSource.query(`SELECT sql FROM sqlite_master WHERE name = 'tech_client_name_fts'`);
      expect(fts.sql).toContain(`content=''`);
    }
  });

  it('keeps the index in step with every insert, rename and delete', async () => {
    await insert('Zürich Café');
    expect(await indexed('zü')).toEqual(['Zürich Café']);
    await dataSource.query(`UPDATE tech_client SET name = 'Renamed', name_search = 'renamed' WHERE id = ${p(1)}`, [ids.get('Zürich Café')]);
    expect(await indexed('zü')).toEqual([]);
    expect(await indexed('ed')).toEqual(['Renamed']);
    await dataSource.query(`DELETE FROM tech_client WHERE id = ${p(1)}`, [ids.get('Zürich Café')]);
    expect(await indexed('ed')).toEqual([]);
    expect(await indexed('é')).toEqual(['ÉCOLE Numérique']);
  });

  it('declares what the gram function costs (PostgreSQL), so that no plan computes it row by row', async () => {
    if (!postgres()) return;
    const [grams]: { procost: number }[] = await dataSource.query(`SELECT procost FROM pg_proc WHERE proname = 'tech_client_name_grams'`);
    expect(grams.procost).toBe(10000);
  });

  it('reverts to the trigram indexes, and applies again', async () => {
    await dataSource.undoLastMigration(); // the cost declared (1764231600000)
    if (postgres()) {
      const [grams]: { procost: number }[] = await dataSource.query(`SELECT procost FROM pg_proc WHERE proname = 'tech_client_name_grams'`);
      expect(grams.procost).toBe(100);
    }
    await dataSource.undoLastMigration();
    if (postgres()) {
      const functions = await dataSource.query(`SELECT 1 FROM pg_proc WHERE proname = 'tech_client_name_grams'`);
      expect(functions).toHaveLength(0);
      const indexes: { indexname: string }[] = await dataSource.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'tech_client'`);
      expect(indexes.map((index) => index.indexname)).toEqual(expect.arrayContaining(['ix_tech_client_name_trgm', 'ix_tech_client_created']));
      const found = await dataSource.query(`SELECT name FROM tech_client WHERE name_search LIKE '%éco%'`);
      expect(found).toEqual([{ name: 'ÉCOLE Numérique' }]);
    } else {
      const found = await dataSource.query(`SELECT rowid FROM tech_client_name_fts WHERE tech_client_name_fts MATCH '"éco"'`);
      expect(found).toHaveLength(1);
      expect(await dataSource.query(`SELECT 1 FROM sqlite_master WHERE name = 'tech_client_name_vocab'`)).toHaveLength(0);
    }
    await dataSource.runMigrations();
    expect(await indexed('é')).toEqual(['ÉCOLE Numérique']);
  });
});
