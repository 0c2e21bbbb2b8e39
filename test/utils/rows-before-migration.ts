import { DataSource, DataSourceOptions } from 'typeorm';
import { DCR_ENTITIES, DCR_MIGRATIONS } from '../../src/dcr';
import type { TestDatabase } from './test-database';

/**
 * A migration meeting rows written before it existed: the database is migrated up to (not
 * including) `migration`, `seed` writes through that schema, and the returned DataSource lists
 * every migration, not yet run (`runMigrations` is the caller's, so a test can watch it).
 */
export async function rowsBeforeMigration(
  database: TestDatabase, migration: (typeof DCR_MIGRATIONS)[number], seed: (dataSource: DataSource) => Promise<void>,
): Promise<DataSource> {
  const options = { ...database.options, migrationsRun: false, entities: DCR_ENTITIES } as DataSourceOptions;
  const before = new DataSource({ ...options, migrations: DCR_MIGRATIONS.slice(0, DCR_MIGRATIONS.indexOf(migration)) });
  await before.initialize();
  try {
    await before.runMigrations();
    await seed(before);
  } finally {
    await before.destroy();
  }
  const dataSource = new DataSource({ ...options, migrations: DCR_MIGRATIONS });
  await dataSource.initialize();
  return dataSource;
}
