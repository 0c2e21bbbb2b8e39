import { DynamicModule, Logger } from '@nestjs/common';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, DataSourceOptions } from 'typeorm';

/** Start-up attempts to reach PostgreSQL: 1, 2, 4 … 30 s apart, about 2½ minutes in all. */
const START_ATTEMPTS = 10;
const MAX_BACKOFF_MS = 30_000;

/**
 * The host's DataSource, with its migrations run first on a connection of their own. The serving
 * connections carry short query timeouts (see `POSTGRES_TIMEOUTS_MS`), which a migration that
 * builds an index over a million clients would exceed; the migration connection has none. A
 * database that is not up yet is waited for with backoff (`retryAttempts` attempts, default 10),
 * so the host and its database can start in any order.
 */
export function exampleDatabaseModule(options: TypeOrmModuleOptions): DynamicModule {
  if (!options.migrationsRun || options.type !== 'postgres') return TypeOrmModule.forRoot(options);
  return TypeOrmModule.forRootAsync({
    useFactory: async () => {
      await runMigrations(options);
      return { ...options, migrationsRun: false };
    },
  });
}

async function runMigrations(options: TypeOrmModuleOptions): Promise<void> {
  const { statement_timeout: _statement, query_timeout: _query, ...extra } = (options as { extra?: Record<string, unknown> }).extra ?? {};
  const source = new DataSource({ ...(options as DataSourceOptions), extra, migrationsRun: false } as DataSourceOptions);
  const attempts = (options.retryAttempts ?? START_ATTEMPTS - 1) + 1;
  for (let attempt = 1; !source.isInitialized; attempt++) {
    try {
      await source.initialize();
    } catch (error) {
      if (attempt >= attempts) throw error;
      const delay = Math.min(1000 * 2 ** (attempt - 1), MAX_BACKOFF_MS);
      new Logger('ExampleHost').warn(`PostgreSQL is not reachable (${(error as Error).message}); attempt ${attempt} of ${attempts}, next in ${delay / 1000} s`);
      await sleep(delay);
    }
  }
  try {
    await source.runMigrations();
  } finally {
    await source.destroy();
  }
}
