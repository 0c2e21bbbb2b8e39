import { INestApplication, LoggerService } from '@nestjs/common';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { DcrModule, DcrModuleExtras, DcrModuleOptions } from '../../src/dcr';
import { EXAMPLE_HOST_CONTROLLERS, exampleHostProviders } from '../../src/example/example-host';
import { createHttpApp } from './http-adapter';
import { createTestDatabase, TestDatabase } from './test-database';

export const TEST_SECRET_KEY = 'test-secret-key-0123456789abcdef0123456789';

/** A shipped configuration profile (`config/<name>.json`). */
export function profile(name: 'default' | 'reference' | 'open-registration'): Omit<DcrModuleOptions, 'secretKey'> {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', `${name}.json`), 'utf8'));
}

export interface TestApp {
  app: INestApplication;
  /** For supertest: `request(t.http)`. */
  http: ReturnType<INestApplication['getHttpServer']>;
  dataSource: DataSource;
  database: TestDatabase;
  /** Rows in `tech_client`. */
  countClients(): Promise<number>;
  /** The raw `tech_client` row (column names as in the database), or undefined. */
  clientRow(id: string): Promise<Record<string, unknown> | undefined>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  extras?: DcrModuleExtras;
  /** Reuse a database (several app instances on one database). */
  database?: TestDatabase;
  /** e.g. `(builder) => builder.overrideProvider(IdentityGenerator).useValue(...)`. */
  customize?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** Receives every log line, debug included (default: errors and warnings to the console). */
  logger?: LoggerService;
}

/** The real HTTP stack (Express, or Fastify with `HTTP_ADAPTER=fastify`) of a host that imports `DcrModule.forRoot(options)`, on a database of its own. */
export async function createTestApp(options: Partial<DcrModuleOptions>, settings: TestAppOptions = {}): Promise<TestApp> {
  const database = settings.database ?? (await createTestDatabase());
  let builder = Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot(database.options),
      DcrModule.forRoot({ secretKey: TEST_SECRET_KEY, ...options, ...settings.extras } as DcrModuleOptions),
    ],
    controllers: EXAMPLE_HOST_CONTROLLERS,
    providers: exampleHostProviders(),
  });
  if (settings.customize) builder = settings.customize(builder);
  const moduleRef = await builder.compile();
  const app = await createHttpApp(moduleRef, { bodyParser: false, logger: settings.logger ?? ['error', 'warn'] });
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    http: app.getHttpServer(),
    dataSource,
    database,
    countClients: async () => Number((await dataSource.query('SELECT COUNT(*) AS n FROM tech_client'))[0].n),
    clientRow: async (id) => {
      const placeholder = database.driver === 'postgres' ? '$1' : '?';
      return (await dataSource.query(`SELECT * FROM tech_client WHERE id = ${placeholder}`, [id]))[0];
    },
    close: async () => {
      await app.close();
      if (!settings.database) await database.drop();
    },
  };
}
