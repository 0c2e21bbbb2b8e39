import { INestApplication } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource, DataSourceOptions } from 'typeorm';
import { DCR_MIGRATIONS, DcrConfigurationError, DcrModule, DcrModuleOptions } from '../src/dcr';
import { createHttpApp } from './utils/http-adapter';
import { profile, TEST_SECRET_KEY } from './utils/test-app';
import { createTestDatabase, TestDatabase } from './utils/test-database';

const ALL_MIGRATIONS =
  'CreateTechClient1764230400000, CreateInitialAccessTokenUse1764230500000, AdminSearchAndLockHistory1764230600000, ' +
  'CreateAuthenticationFailure1764230700000, AddAbuseControls1764230800000';

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
        '  - missing tables: tech_client, tech_client_lock_history, initial_access_token_use, tech_client_auth_failure, dcr_client_counter, dcr_job_lease, dcr_rate_limit\n' +
        "  - the DataSource's `migrations` option does not include DCR_MIGRATIONS: add `migrations: [...DCR_MIGRATIONS]` and `migrationsRun: true` to it",
    );
  });

  it('with synchronize alone, names the tables only the migrations create and says synchronize is not enough', async () => {
    const started = start({ migrations: [], migrationsRun: false, synchronize: true });
    await expect(started).rejects.toThrow(
      'The database lacks the nestjs-dcr schema:\n' +
        `  - migrations not run: ${ALL_MIGRATIONS} (from DCR_MIGRATIONS, recorded in the "migrations" table)\n` +
        '  - missing tables: dcr_client_counter, dcr_job_lease, dcr_rate_limit\n' +
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
    // An install that was upgraded without running the newest migration.
    const source = new DataSource({ ...(database.options as DataSourceOptions), migrations: DCR_MIGRATIONS.slice(0, -1) });
    await source.initialize();
    await source.destroy();
    const started = start({ migrationsRun: false });
    await expect(started).rejects.toThrow('  - migrations not run: AddAbuseControls1764230800000 (from DCR_MIGRATIONS');
    await expect(started).rejects.toThrow('  - missing tables: dcr_client_counter, dcr_job_lease, dcr_rate_limit\n');
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
