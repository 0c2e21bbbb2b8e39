import { Logger } from '@nestjs/common';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { POSTGRES_TRIGRAM, SQLITE_TRIGRAM } from './1764230600000-admin-search-and-lock-history';
import { runOptionalStatements } from './optional-statements';

/**
 * Name search indexes that answer every term from the index, one and two characters included:
 * - PostgreSQL: a GIN index over the name's grams (from every position of `name_search`, its
 *   next eight characters, fewer at the end), as the lexemes of a `tsvector`. A term of up to
 *   eight characters is a prefix query (`'ab':*`), a longer one needs its eight-character windows;
 *   across a space they tell word order apart. Core PostgreSQL, no extension. It replaces the
 *   pg_trgm index, which cannot index a term under three characters, but its expression costs
 *   every insert and rename more (see README "Benchmark: admin search"). The creation-order index
 *   carries `name_search` (`INCLUDE`), so walking it checks names from the index (rows are read
 *   only where the visibility map does not yet say they are visible).
 * - SQLite: the FTS5 trigram table becomes contentless and indexes each name followed by two
 *   U+0001, so that every character of a name starts a trigram: the trigrams that start with a
 *   one- or two-character term bound its matches, read from an `fts5vocab` table. A write costs
 *   what it did. FTS5 stays optional (a build without it walks the sort order).
 * @publicApi
 */
export class NameSearchGrams1764231500000 implements MigrationInterface {
  name = 'NameSearchGrams1764231500000';

  private readonly logger = new Logger('DcrMigrations');

  async up(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      for (const statement of POSTGRES_GRAMS) await queryRunner.query(statement);
      await queryRunner.query(`DROP INDEX IF EXISTS ix_tech_client_name_trgm`);
      await queryRunner.query(`DROP INDEX ix_tech_client_created`);
      await queryRunner.query(`CREATE INDEX ix_tech_client_created ON tech_client (created_at, id) INCLUDE (name_search)`);
    } else {
      await dropSqliteNameIndex(queryRunner);
      await runOptionalStatements(queryRunner, this.logger, 'FTS5 trigram name index', SQLITE_PADDED_TRIGRAM);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      await queryRunner.query(`DROP INDEX ix_tech_client_created`);
      await queryRunner.query(`CREATE INDEX ix_tech_client_created ON tech_client (created_at, id)`);
      await queryRunner.query(`DROP INDEX ix_tech_client_name_grams`);
      await queryRunner.query(`DROP FUNCTION tech_client_name_grams(text)`);
      await runOptionalStatements(queryRunner, this.logger, 'pg_trgm name index', POSTGRES_TRIGRAM);
    } else {
      await dropSqliteNameIndex(queryRunner);
      await runOptionalStatements(queryRunner, this.logger, 'FTS5 trigram name index', SQLITE_TRIGRAM);
    }
  }
}

function isPostgres(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.driver.options.type === 'postgres';
}

async function dropSqliteNameIndex(queryRunner: QueryRunner): Promise<void> {
  for (const trigger of ['ai', 'ad', 'au']) await queryRunner.query(`DROP TRIGGER IF EXISTS tech_client_name_fts_${trigger}`);
  await queryRunner.query(`DROP TABLE IF EXISTS tech_client_name_vocab`);
  await queryRunner.query(`DROP TABLE IF EXISTS tech_client_name_fts`);
}

/**
 * The grams as a `tsvector` (lexemes are kept as given: no parser, no dictionary). Immutable,
 * so it can be indexed; every name in the function is schema-qualified, so the index does not
 * depend on a search_path. An empty name has none (NULL).
 */
const POSTGRES_GRAMS = [
  `CREATE FUNCTION tech_client_name_grams(name text) RETURNS tsvector
     LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
     AS $$ SELECT pg_catalog.array_to_tsvector(pg_catalog.array_agg(pg_catalog.substr(name, i, 8)))
           FROM pg_catalog.generate_series(1, pg_catalog.length(name)) AS i $$`,
  `CREATE INDEX ix_tech_client_name_grams ON tech_client USING gin (tech_client_name_grams(name_search))`,
] as const;

/**
 * Contentless (the search checks every candidate against `tech_client.name_search` anyway), so
 * the padded text is indexed without being stored; a delete gives the indexed text back.
 */
const PADDED = `|| char(1, 1)`;
const SQLITE_PADDED_TRIGRAM = [
  `CREATE VIRTUAL TABLE tech_client_name_fts USING fts5(name_search, content='', tokenize='trigram case_sensitive 1', detail='none')`,
  `CREATE VIRTUAL TABLE tech_client_name_vocab USING fts5vocab(tech_client_name_fts, row)`,
  `INSERT INTO tech_client_name_fts(rowid, name_search) SELECT rowid, name_search ${PADDED} FROM tech_client`,
  `CREATE TRIGGER tech_client_name_fts_ai AFTER INSERT ON tech_client BEGIN
     INSERT INTO tech_client_name_fts(rowid, name_search) VALUES (new.rowid, new.name_search ${PADDED});
   END`,
  `CREATE TRIGGER tech_client_name_fts_ad AFTER DELETE ON tech_client BEGIN
     INSERT INTO tech_client_name_fts(tech_client_name_fts, rowid, name_search) VALUES ('delete', old.rowid, old.name_search ${PADDED});
   END`,
  `CREATE TRIGGER tech_client_name_fts_au AFTER UPDATE OF name_search ON tech_client BEGIN
     INSERT INTO tech_client_name_fts(tech_client_name_fts, rowid, name_search) VALUES ('delete', old.rowid, old.name_search ${PADDED});
     INSERT INTO tech_client_name_fts(rowid, name_search) VALUES (new.rowid, new.name_search ${PADDED});
   END`,
] as const;
