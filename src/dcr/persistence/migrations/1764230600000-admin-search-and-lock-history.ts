import { Logger } from '@nestjs/common';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { nameSearchOf } from '../name-search';
import { runOptionalStatements } from './optional-statements';

const BACKFILL_BATCH = 1000;

/**
 * Admin search and lock history:
 * - `tech_client.name_search`: the display name folded for case-insensitive search (filled from
 *   `name` by the application, see `nameSearchOf`), with a B-tree index for sorting by name and a
 *   substring index: pg_trgm GIN on PostgreSQL, an FTS5 trigram table on SQLite. Either is
 *   optional: without it the search still answers, by scanning;
 * - one `(filter, created_at, id)` index per equality filter, so each filter pages by keyset;
 *   on SQLite the creation-order index carries `name_search`, on PostgreSQL the column gets a
 *   finer histogram: both help a name search choose and walk its path (see the comments below);
 * - on PostgreSQL, `id` and `name_search` compare byte-wise (`COLLATE "C"`), as SQLite does, so
 *   both databases sort and page identically whatever the database's locale;
 * - `tech_client_lock_history`.
 * @publicApi
 */
export class AdminSearchAndLockHistory1764230600000 implements MigrationInterface {
  name = 'AdminSearchAndLockHistory1764230600000';

  private readonly logger = new Logger('DcrMigrations');

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = isPostgres(queryRunner);
    if (postgres) {
      await queryRunner.query(`ALTER TABLE tech_client ALTER COLUMN id TYPE varchar(128) COLLATE "C"`);
      await queryRunner.query(`ALTER TABLE tech_client ADD COLUMN name_search varchar(400) COLLATE "C" NOT NULL DEFAULT ''`);
    } else {
      await queryRunner.query(`ALTER TABLE tech_client ADD COLUMN name_search varchar(400) NOT NULL DEFAULT ''`);
    }
    await this.backfillNameSearch(queryRunner, postgres);

    // The new composite indexes start with the columns of these two, which become redundant.
    await queryRunner.query(`DROP INDEX ix_tech_client_label`);
    await queryRunner.query(`DROP INDEX ix_tech_client_software_id`);
    await queryRunner.query(`CREATE INDEX ix_tech_client_name_search ON tech_client (name_search, id)`);
    await queryRunner.query(`CREATE INDEX ix_tech_client_label_created ON tech_client (label, created_at, id)`);
    await queryRunner.query(`CREATE INDEX ix_tech_client_software_created ON tech_client (software_id, created_at, id)`);
    await queryRunner.query(`CREATE INDEX ix_tech_client_locked_created ON tech_client (locked, created_at, id)`);

    if (postgres) {
      // LIKE '%…%' is estimated from the column's histogram. The default one (100 entries) rates
      // every term at 0.01 % at least, so a common multi-word term went through the trigram index
      // and read thousands of rows; a finer histogram lets the planner walk the creation order.
      await queryRunner.query(`ALTER TABLE tech_client ALTER COLUMN name_search SET STATISTICS 1000`);
      await runOptionalStatements(queryRunner, this.logger, 'pg_trgm name index', POSTGRES_TRIGRAM);
    } else {
      // The creation order carries name_search, so a name search walking it skips non-matching
      // rows without reading them (SQLite defers the table seek until a row matches).
      await queryRunner.query(`DROP INDEX ix_tech_client_created`);
      await queryRunner.query(`CREATE INDEX ix_tech_client_created_name ON tech_client (created_at, id, name_search)`);
      await runOptionalStatements(queryRunner, this.logger, 'FTS5 trigram name index', SQLITE_TRIGRAM);
    }

    await queryRunner.query(postgres ? POSTGRES_LOCK_HISTORY : SQLITE_LOCK_HISTORY);
    await queryRunner.query(`CREATE INDEX ix_tech_client_lock_history_client ON tech_client_lock_history (client_id, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = isPostgres(queryRunner);
    await queryRunner.query(`DROP TABLE tech_client_lock_history`);
    if (postgres) {
      await queryRunner.query(`DROP INDEX IF EXISTS ix_tech_client_name_trgm`);
    } else {
      for (const trigger of ['ai', 'ad', 'au']) await queryRunner.query(`DROP TRIGGER IF EXISTS tech_client_name_fts_${trigger}`);
      await queryRunner.query(`DROP TABLE IF EXISTS tech_client_name_fts`);
    }
    for (const index of ['name_search', 'label_created', 'software_created', 'locked_created']) {
      await queryRunner.query(`DROP INDEX ix_tech_client_${index}`);
    }
    if (!postgres) {
      await queryRunner.query(`DROP INDEX ix_tech_client_created_name`);
      await queryRunner.query(`CREATE INDEX ix_tech_client_created ON tech_client (created_at, id)`);
    }
    await queryRunner.query(`CREATE INDEX ix_tech_client_label ON tech_client (label)`);
    await queryRunner.query(`CREATE INDEX ix_tech_client_software_id ON tech_client (software_id)`);
    await queryRunner.query(`ALTER TABLE tech_client DROP COLUMN name_search`);
    if (postgres) await queryRunner.query(`ALTER TABLE tech_client ALTER COLUMN id TYPE varchar(128)`);
  }

  /** Fills `name_search` for rows that existed before this migration, in id order, in batches. */
  private async backfillNameSearch(queryRunner: QueryRunner, postgres: boolean): Promise<void> {
    const p = (n: number) => (postgres ? `$${n}` : '?');
    let after = '';
    for (;;) {
      const rows: { id: string; name: string }[] = await queryRunner.query(
        `SELECT id, name FROM tech_client WHERE id > ${p(1)} ORDER BY id LIMIT ${BACKFILL_BATCH}`,
        [after],
      );
      if (rows.length === 0) return;
      for (const row of rows) {
        await queryRunner.query(`UPDATE tech_client SET name_search = ${p(1)} WHERE id = ${p(2)}`, [nameSearchOf(row.name), row.id]);
      }
      after = rows[rows.length - 1].id;
    }
  }
}

function isPostgres(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.driver.options.type === 'postgres';
}

/**
 * pg_trgm is a "trusted" extension (PostgreSQL 13+): a database owner may create it. Replaced by
 * `NameSearchGrams1764231500000`, whose `down` restores it.
 * @internal
 */
export const POSTGRES_TRIGRAM = [
  `CREATE EXTENSION IF NOT EXISTS pg_trgm`,
  `CREATE INDEX ix_tech_client_name_trgm ON tech_client USING gin (name_search gin_trgm_ops)`,
] as const;

/**
 * An external-content FTS5 table over `tech_client.name_search` (trigram tokens, no case folding:
 * the column is already folded), kept in step by triggers, whoever writes the table.
 * `detail=none` keeps it small; the search verifies every candidate with `instr()`. Replaced by
 * `NameSearchGrams1764231500000`, whose `down` restores it.
 * @internal
 */
export const SQLITE_TRIGRAM = [
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

const POSTGRES_LOCK_HISTORY = `CREATE TABLE tech_client_lock_history (
  id SERIAL PRIMARY KEY,
  client_id varchar(128) COLLATE "C" NOT NULL REFERENCES tech_client (id) ON DELETE CASCADE,
  action varchar(8) NOT NULL,
  reason varchar(500),
  actor_kind varchar(16) NOT NULL,
  actor_id varchar(200),
  at bigint NOT NULL
)`;

const SQLITE_LOCK_HISTORY = `CREATE TABLE tech_client_lock_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  client_id varchar(128) NOT NULL REFERENCES tech_client (id) ON DELETE CASCADE,
  action varchar(8) NOT NULL,
  reason varchar(500),
  actor_kind varchar(16) NOT NULL,
  actor_id varchar(200),
  at bigint NOT NULL
)`;
