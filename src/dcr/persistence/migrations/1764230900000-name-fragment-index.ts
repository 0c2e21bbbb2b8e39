import { MigrationInterface, QueryRunner } from 'typeorm';

/** `NAME_FRAGMENT_LENGTH` when this migration was written; a later change needs a migration of its own. */
const LENGTH = 10;
/** `NAME_SEARCH_MAX_LENGTH`: the positions a folded name can have. */
const MAX_POSITIONS = 400;

/**
 * The admin name search's own index, `tech_client_name_fragment` (see `name-fragments.ts`): each
 * position of a client's folded name with the ten characters that start there, keyed by
 * `(fragment, created_at, client_id)`, kept in step by triggers. It replaces the trigram indexes
 * of migration 1764230600000 (pg_trgm GIN on PostgreSQL, FTS5 on SQLite), whose cost the database
 * had to guess, and which could not serve terms of one or two characters.
 * @publicApi
 */
export class NameFragmentIndex1764230900000 implements MigrationInterface {
  name = 'NameFragmentIndex1764230900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      await queryRunner.query(`DROP INDEX IF EXISTS ix_tech_client_name_trgm`);
      // The key is added after the backfill: one sorted build instead of millions of inserts.
      await queryRunner.query(`CREATE TABLE tech_client_name_fragment (
        fragment varchar(${LENGTH}) COLLATE "C" NOT NULL,
        created_at bigint NOT NULL,
        client_id varchar(128) COLLATE "C" NOT NULL
      )`);
      await queryRunner.query(`INSERT INTO tech_client_name_fragment (fragment, created_at, client_id)
        SELECT DISTINCT substr(t.name_search, p.i, ${LENGTH}), t.created_at, t.id
        FROM tech_client t CROSS JOIN LATERAL generate_series(1, char_length(t.name_search)) AS p(i)`);
      await queryRunner.query(`ALTER TABLE tech_client_name_fragment ADD CONSTRAINT pk_tech_client_name_fragment PRIMARY KEY (fragment, created_at, client_id)`);
      for (const statement of POSTGRES_SYNC) await queryRunner.query(statement);
    } else {
      for (const trigger of ['ai', 'ad', 'au']) await queryRunner.query(`DROP TRIGGER IF EXISTS tech_client_name_fts_${trigger}`);
      await queryRunner.query(`DROP TABLE IF EXISTS tech_client_name_fts`);
      // SQLite allows no recursive query in a trigger: the positions come from a table.
      await queryRunner.query(`CREATE TABLE tech_client_name_position (i INTEGER PRIMARY KEY)`);
      await queryRunner.query(`WITH RECURSIVE p(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM p WHERE i < ${MAX_POSITIONS})
        INSERT INTO tech_client_name_position (i) SELECT i FROM p`);
      await queryRunner.query(`CREATE TABLE tech_client_name_fragment (
        fragment TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        client_id TEXT NOT NULL,
        PRIMARY KEY (fragment, created_at, client_id)
      ) WITHOUT ROWID`);
      await queryRunner.query(`INSERT INTO tech_client_name_fragment (fragment, created_at, client_id)
        SELECT DISTINCT substr(t.name_search, p.i, ${LENGTH}), t.created_at, t.id
        FROM tech_client t JOIN tech_client_name_position p ON p.i <= length(t.name_search)
        ORDER BY 1, 2, 3`);
      for (const statement of SQLITE_SYNC) await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      await queryRunner.query(`DROP TRIGGER tech_client_name_fragment_sync ON tech_client`);
      await queryRunner.query(`DROP FUNCTION tech_client_name_fragment_sync()`);
      await queryRunner.query(`DROP TABLE tech_client_name_fragment`);
      // Back to migration 1764230600000's index, where the extension is available.
      const [available] = await queryRunner.query(`SELECT 1 AS ok FROM pg_extension WHERE extname = 'pg_trgm'`);
      if (available) await queryRunner.query(`CREATE INDEX ix_tech_client_name_trgm ON tech_client USING gin (name_search gin_trgm_ops)`);
    } else {
      for (const trigger of ['ai', 'ad', 'au']) await queryRunner.query(`DROP TRIGGER tech_client_name_fragment_${trigger}`);
      await queryRunner.query(`DROP TABLE tech_client_name_fragment`);
      await queryRunner.query(`DROP TABLE tech_client_name_position`);
      for (const statement of SQLITE_TRIGRAM) await queryRunner.query(statement);
    }
  }
}

function isPostgres(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.driver.options.type === 'postgres';
}

/** The fragments of a row (`row` is NEW or OLD), as a set: a name may repeat a fragment. */
const postgresFragments = (row: 'NEW' | 'OLD') =>
  `SELECT DISTINCT substr(${row}.name_search, i, ${LENGTH}) AS fragment FROM generate_series(1, char_length(${row}.name_search)) AS i`;

const POSTGRES_SYNC = [
  `CREATE FUNCTION tech_client_name_fragment_sync() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP <> 'INSERT' THEN
       DELETE FROM tech_client_name_fragment f USING (${postgresFragments('OLD')}) o
       WHERE f.fragment = o.fragment AND f.created_at = OLD.created_at AND f.client_id = OLD.id;
     END IF;
     IF TG_OP <> 'DELETE' THEN
       INSERT INTO tech_client_name_fragment (fragment, created_at, client_id)
       SELECT n.fragment, NEW.created_at, NEW.id FROM (${postgresFragments('NEW')}) n;
     END IF;
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER tech_client_name_fragment_sync AFTER INSERT OR DELETE OR UPDATE OF name_search, created_at, id ON tech_client
   FOR EACH ROW EXECUTE FUNCTION tech_client_name_fragment_sync()`,
] as const;

const sqliteFragments = (row: 'new' | 'old') =>
  `SELECT DISTINCT substr(${row}.name_search, p.i, ${LENGTH}) AS fragment FROM tech_client_name_position p WHERE p.i <= length(${row}.name_search)`;
const sqliteInsert = `INSERT INTO tech_client_name_fragment (fragment, created_at, client_id) SELECT f.fragment, new.created_at, new.id FROM (${sqliteFragments('new')}) f;`;
const sqliteDelete = `DELETE FROM tech_client_name_fragment WHERE created_at = old.created_at AND client_id = old.id AND fragment IN (${sqliteFragments('old')});`;

const SQLITE_SYNC = [
  `CREATE TRIGGER tech_client_name_fragment_ai AFTER INSERT ON tech_client BEGIN ${sqliteInsert} END`,
  `CREATE TRIGGER tech_client_name_fragment_ad AFTER DELETE ON tech_client BEGIN ${sqliteDelete} END`,
  `CREATE TRIGGER tech_client_name_fragment_au AFTER UPDATE OF name_search, created_at, id ON tech_client BEGIN ${sqliteDelete} ${sqliteInsert} END`,
] as const;

/** Migration 1764230600000's FTS5 trigram index, for `down`. */
const SQLITE_TRIGRAM = [
  `CREATE VIRTUAL TABLE tech_client_name_fts USING fts5(name_search, content='tech_client', content_rowid='rowid', tokenize='trigram case_sensitive 1', detail='none')`,
  `INSERT INTO tech_client_name_fts(tech_client_name_fts) VALUES ('rebuild')`,
  `CREATE TRIGGER tech_client_name_fts_ai AFTER INSERT ON tech_client BEGIN
     INSERT INTO tech_client_name_fts(rowid, name_search) VALUES (new.rowid, new.name_search);
   END`,
  `CREATE TRIGGER tech_client_name_fts_ad AFTER DELETE ON tech_client BEGIN
     INSERT INTO tech_client_name_fts(tech_client_name_fts, rowid, name_search) VALUES ('delete', old.rowid, old.name_search);
   END`,
  `CREATE TRIGGER tech_client_name_fts_au AFTER UPDATE OF name_search ON tech_client BEGIN
     INSERT INTO tech_client_name_fts(tech_client_name_fts, rowid, name_search) VALUES ('delete', old.rowid, old.name_search);
     INSERT INTO tech_client_name_fts(rowid, name_search) VALUES (new.rowid, new.name_search);
   END`,
] as const;
