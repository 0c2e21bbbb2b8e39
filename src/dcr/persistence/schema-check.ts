import { DataSource, MigrationExecutor } from 'typeorm';
import { DcrConfigurationError } from '../errors/dcr-configuration.error';
import { DCR_ENTITIES, DCR_MIGRATIONS } from './index';
import { POSTGRES_NAME_GRAMS, SQLITE_NAME_INDEX, SQLITE_NAME_VOCABULARY } from './tech-client-search.sql';

/**
 * Tables the migrations create that no entity describes: without them every registration fails
 * (the quota counters and the change outbox), as do the job lease and the rate limits.
 */
const TABLES_WITHOUT_ENTITY = ['dcr_client_counter', 'dcr_job_lease', 'dcr_rate_limit', 'dcr_change_event'];

/** What is missing from the module's schema; every list empty when the schema is complete. */
export interface SchemaGaps {
  /** `DCR_MIGRATIONS` not recorded in the DataSource's migrations table, oldest first. */
  migrations: string[];
  tables: string[];
  /** `table.column` of existing entity tables. */
  columns: string[];
  /** Database functions the search calls (PostgreSQL's name grams). */
  functions: string[];
}

/** The name TypeORM records for a migration class (its `name` property, else the class name). */
function migrationName(migration: (typeof DCR_MIGRATIONS)[number]): string {
  return (new migration() as { name?: string }).name ?? migration.name;
}

/**
 * Reads, without writing anything, which of the module's migrations the database has not
 * recorded and, when some are missing, which tables and columns the module uses are absent.
 * @internal
 */
export async function findSchemaGaps(dataSource: DataSource): Promise<SchemaGaps> {
  const executed = new Set((await new MigrationExecutor(dataSource).getExecutedMigrations()).map((migration) => migration.name));
  const migrations = DCR_MIGRATIONS.map(migrationName).filter((name) => !executed.has(name));
  if (migrations.length === 0) return { migrations, tables: [], columns: [], functions: [] };

  // Not recorded: the schema may still have been applied another way (a host's own migrations).
  const tables: string[] = [];
  const columns: string[] = [];
  const functions: string[] = [];
  const runner = dataSource.createQueryRunner();
  try {
    for (const entity of DCR_ENTITIES) {
      const metadata = dataSource.getMetadata(entity);
      const table = await runner.getTable(metadata.tablePath);
      if (!table) {
        tables.push(metadata.tableName);
        continue;
      }
      const present = new Set(table.columns.map((column) => column.name));
      for (const column of metadata.columns) if (!present.has(column.databaseName)) columns.push(`${metadata.tableName}.${column.databaseName}`);
    }
    for (const table of TABLES_WITHOUT_ENTITY) if (!(await runner.hasTable(table))) tables.push(table);
    // The name search's index (NameSearchGrams1764231500000): without it every name search
    // fails on PostgreSQL, and on SQLite a one- or two-character one (the FTS5 table itself is
    // optional: without it the search walks).
    if (dataSource.options.type === 'postgres') {
      const found: unknown[] = await runner.query(`SELECT 1 FROM pg_proc WHERE proname = '${POSTGRES_NAME_GRAMS}'`);
      if (found.length === 0) functions.push(POSTGRES_NAME_GRAMS);
    } else if ((await runner.hasTable(SQLITE_NAME_INDEX)) && !(await runner.hasTable(SQLITE_NAME_VOCABULARY))) {
      tables.push(SQLITE_NAME_VOCABULARY);
    }
  } finally {
    await runner.release();
  }
  return { migrations, tables, columns, functions };
}

/**
 * The start-up error for an incomplete schema: what is missing and how to fix it, in one message.
 * @internal
 */
export function schemaError(dataSource: DataSource, gaps: SchemaGaps): DcrConfigurationError {
  const options = dataSource.options;
  const configured = new Set(dataSource.migrations.map((migration) => (migration as { name?: string }).name ?? migration.constructor.name));
  const listed = gaps.migrations.filter((name) => configured.has(name));
  const problems = [
    `migrations not run: ${gaps.migrations.join(', ')} (from DCR_MIGRATIONS, recorded in the "${options.migrationsTableName ?? 'migrations'}" table)`,
  ];
  if (gaps.tables.length) problems.push(`missing tables: ${gaps.tables.join(', ')}`);
  if (gaps.columns.length) problems.push(`missing columns: ${gaps.columns.join(', ')}`);
  if (gaps.functions.length) problems.push(`missing functions: ${gaps.functions.join(', ')}`);
  if (listed.length < gaps.migrations.length) {
    problems.push("the DataSource's `migrations` option does not include DCR_MIGRATIONS: add `migrations: [...DCR_MIGRATIONS]` and `migrationsRun: true` to it");
  } else if (!options.migrationsRun) {
    problems.push("DCR_MIGRATIONS is in the DataSource's `migrations` but `migrationsRun` is false: set `migrationsRun: true`, or run them before starting (`npx typeorm migration:run -d <your data source file>`)");
  }
  if (options.synchronize) {
    problems.push('`synchronize: true` creates the entity tables only, not the counters, triggers and indexes the migrations add: use the migrations instead');
  }
  return new DcrConfigurationError(problems, 'The database lacks the nestjs-dcr schema');
}

/**
 * Fails the start-up with `schemaError` when the module's migrations were not run and the schema
 * is not there either; otherwise every registration would answer 500 ("no such table").
 * @internal
 */
export async function assertSchemaReady(dataSource: DataSource): Promise<void> {
  const gaps = await findSchemaGaps(dataSource);
  if (gaps.tables.length || gaps.columns.length || gaps.functions.length) throw schemaError(dataSource, gaps);
}
