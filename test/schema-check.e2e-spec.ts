import { INestApplication } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource, DataSourceOptions, getMetadataArgsStorage } from 'typeorm';
import { DCR_ENTITIES, DCR_MIGRATIONS, DcrConfigurationError, DcrModule, DcrModuleOptions } from '../src/dcr';
import { createHttpApp } from './utils/http-adapter';
import { profile, TEST_SECRET_KEY } from './utils/test-app';
import { createTestDatabase, TestDatabase } from './utils/test-database';

/** Every module migration, oldest first, as TypeORM records them. */
const ALL_MIGRATIONS = DCR_MIGRATIONS.map((migration) => (new migration() as { name?: string }).name ?? migration.name).join(', ');
/** The entities' tables, in the order of DCR_ENTITIES. */
const ENTITY_TABLES = DCR_ENTITIES.map((entity) => getMetadataArgsStorage().tables.find((table) => table.target === entity)!.name).join(', ');

/** Start-up on a database without the module's schema fails with one error that says what to do. */
describe('schema check at start-up', () => {
  let database: TestDatabase;
  let moduleRef: TestingModule | undefined;
  let app: INestApplication | undefined;

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await app?.close();
    await moduleRef?.close();
    app = moduleRef = undefined;
    await database.drop();
  });

  /** PostgreSQL's name search calls a function of the migrations (SQLite's index is optional). */
  const missingFunctions = () => (database.driver === 'postgres' ? '  - missing functions: tech_client_name_grams\n' : '');

  async function start(options: Partial<TypeOrmModuleOptions>): Promise<INestApplication> {
    moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ ...database.options, ...options } as TypeOrmModuleOptions),
        DcrModule.forRoot({ ...profile('default'), secretKey: TEST_SECRET_KEY } as DcrModuleOptions),
      ],
    }).compile();
    app = await createHttpApp(moduleRef, { bodyParser: false, logger: false });
    return app;
  }

  it('without migrations, refuses to start, naming every migration and table and the fix', async () => {
    const started = start({ migrations: [], migrationsRun: false });
    await expect(started).rejects.toThrow(DcrConfigurationError);
    await expect(started).rejects.toThrow(
      'The database lacks the nestjs-dcr schema:\n' +
        `  - migrations not run: ${ALL_MIGRATIONS} (from DCR_MIGRATIONS, recorded in the "migrations" table)\n` +
        `  - missing tables: ${ENTITY_TABLES}, dcr_client_counter, dcr_job_lease, dcr_rate_limit, dcr_change_event\n` +
        missingFunctions() +
        "  - the DataSource's `migrations` option does not include DCR_MIGRATIONS: add `migrations: [...DCR_MIGRATIONS]` and `migrationsRun: true` to it",
    );
  });

  it('with synchronize alone, names the tables only the migrations create and says synchronize is not enough', async () => {
    const started = start({ migrations: [], migrationsRun: false, synchronize: true });
    await expect(started).rejects.toThrow(
      'The database lacks the nestjs-dcr schema:\n' +
        `  - migrations not run: ${ALL_MIGRATIONS} (from DCR_MIGRATIONS, recorded in the "migrations" table)\n` +
        '  - missing tables: dcr_client_counter, dcr_job_lease, dcr_rate_limit, dcr_change_event\n' +
        missingFunctions() +
        "  - the DataSource's `migrations` option does not include DCR_MIGRATIONS: add `migrations: [...DCR_MIGRATIONS]` and `migrationsRun: true` to it\n" +
        '  - `synchronize: true` creates the entity tables only, not the counters, triggers and indexes the migrations add: use the migrations instead',
    );
  });

  it('with DCR_MIGRATIONS listed but not run, says to set migrationsRun or run them', async () => {
    await expect(start({ migrationsRun: false })).rejects.toThrow(
      "DCR_MIGRATIONS is in the DataSource's `migrations` but `migrationsRun` is false: set `migrationsRun: true`, or run them before starting",
    );
  });

  it('with the later migrations not run, names those and the tables they add', async () => {
    // An install that was upgraded without running the newest migrations (the newest one alone
    // declares a cost: nothing the start-up could miss).
    const source = new DataSource({ ...(database.options as DataSourceOptions), migrations: DCR_MIGRATIONS.slice(0, -2) });
    await source.initialize();
    await source.destroy();
    const started = start({ migrationsRun: false });
    await expect(started).rejects.toThrow(`  - migrations not run: ${ALL_MIGRATIONS.split(', ').slice(-2).join(', ')} (from DCR_MIGRATIONS`);
    await expect(started).rejects.toThrow(/ {2}- missing (tables|columns|functions): /);
  });

  it('starts when the schema is complete, even where the migrations were recorded under other names', async () => {
    const source = new DataSource({ ...(database.options as DataSourceOptions), migrationsRun: false });
    await source.initialize();
    try {
      await source.runMigrations();
      await source.query('DELETE FROM migrations');
    } finally {
      await source.destroy();
    }
    const started = await start({ migrations: [], migrationsRun: false });
    await request(started.getHttpServer()).post('/oauth2/register').send({ grant_types: ['client_credentials'] }).expect(201);
  });
});
