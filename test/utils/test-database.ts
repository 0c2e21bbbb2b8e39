import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, ClientConfig } from 'pg';
import { DCR_ENTITIES, DCR_MIGRATIONS } from '../../src/dcr';
import { EXAMPLE_ENTITIES, EXAMPLE_MIGRATIONS } from '../../src/example/persistence';

/** A database of its own for one test suite, on the driver chosen by `DB_DRIVER`. */
export interface TestDatabase {
  driver: 'sqlite' | 'postgres';
  options: TypeOrmModuleOptions;
  drop(): Promise<void>;
}

/** `DB_DRIVER=postgres` (server from `DATABASE_URL` or the `PG*` variables) or `sqlite` (default). */
export function testDriver(): 'sqlite' | 'postgres' {
  return process.env.DB_DRIVER === 'postgres' ? 'postgres' : 'sqlite';
}

// The example host's tables too: its endpoints are mounted in every test app.
const entities = [...DCR_ENTITIES, ...EXAMPLE_ENTITIES];
const migrations = [...DCR_MIGRATIONS, ...EXAMPLE_MIGRATIONS];

const common = {
  entities,
  migrations,
  migrationsRun: true,
  synchronize: false,
  retryAttempts: 0,
  logging: false,
} as const;

/** A fresh database: an SQLite file in a temporary folder, or a new PostgreSQL database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDriver() === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), 'dcr-e2e-'));
    return {
      driver: 'sqlite',
      // Every commit flushed, as the example host and the README ask of a host.
      options: { ...common, type: 'better-sqlite3', database: join(folder, 'dcr.sqlite'), enableWAL: true, prepareDatabase: flushEveryCommit },
      drop: async () => rmSync(folder, { recursive: true, force: true }),
    };
  }
  const admin = adminConnection();
  const name = `dcr_e2e_${randomBytes(6).toString('hex')}`;
  await withClient(admin, (client) => client.query(`CREATE DATABASE ${name}`));
  return {
    driver: 'postgres',
    options: { ...common, type: 'postgres', ...pgOptions(admin), database: name },
    drop: () => withClient(admin, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

function flushEveryCommit(db: { pragma(source: string): unknown }): void {
  db.pragma('synchronous = FULL');
}

function adminConnection(): ClientConfig {
  if (process.env.DATABASE_URL?.startsWith('postgres')) return { connectionString: process.env.DATABASE_URL };
  return {
    host: process.env.PGHOST ?? '127.0.0.1',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'postgres',
    password: process.env.PGPASSWORD,
    database: process.env.PGDATABASE ?? 'postgres',
  };
}

function pgOptions(config: ClientConfig): Record<string, unknown> {
  if (config.connectionString) {
    const url = new URL(config.connectionString);
    return { host: url.hostname, port: Number(url.port || 5432), username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  }
  return { host: config.host, port: config.port, username: config.user, password: config.password };
}

async function withClient<T>(config: ClientConfig, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(config);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
