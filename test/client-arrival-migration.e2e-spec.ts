import { DataSource } from 'typeorm';
import { DCR_MIGRATIONS } from '../src/dcr';
import { AddClientArrival1764231300000 } from '../src/dcr/persistence/migrations/1764231300000-add-client-arrival';
import { rowsBeforeMigration } from './utils/rows-before-migration';
import { createTestDatabase, TestDatabase } from './utils/test-database';

/** Trust signals for the clients stored before they existed: classified from what each row already says. */
describe('migration 1764231300000 (client arrival and who vouched)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const p = (n: number) => (database.driver === 'postgres' ? `$${n}` : '?');
  const rows: [id: string, source: string, initialAccessTokenId: string | null, metadata: object][] = [
    ['by-admin', 'admin', null, {}],
    ['https://app.example/client.json', 'cimd', null, { redirect_uris: ['https://app.example/cb'] }],
    ['with-token', 'dcr', 'partner-onboarding', { grant_types: ['client_credentials'] }],
    ['with-statement', 'dcr', null, { software_statement: 'eyJhbGciOiJFUzI1NiJ9.e30.sig', software_id: 'tpp' }],
    ['anonymous', 'dcr', null, { redirect_uris: ['http://127.0.0.1/cb'] }],
  ];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await rowsBeforeMigration(database, AddClientArrival1764231300000, async (before) => {
      for (const [id, source, token, metadata] of rows) {
        await before.query(
          `INSERT INTO tech_client (id, authorization_server, name, locked, created_at, updated_at, version, source, metadata, initial_access_token_id)
           VALUES (${p(1)}, 'default', 'Client', ${p(2)}, 1, 1, 1, ${p(3)}, ${p(4)}, ${p(5)})`,
          [id, database.driver === 'postgres' ? false : 0, source, JSON.stringify(metadata), token],
        );
      }
    });
    await dataSource.runMigrations();
  });
  afterAll(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
  });

  const arrivals = async () =>
    Object.fromEntries(
      (await dataSource.query('SELECT id, arrival, vouched_by FROM tech_client')).map((row: { id: string; arrival: string; vouched_by: string | null }) => [row.id, [row.arrival, row.vouched_by]]),
    );

  it('classifies every stored client, and records the token that vouched', async () => {
    expect(await arrivals()).toEqual({
      'by-admin': ['admin', null],
      'https://app.example/client.json': ['metadata_document', null],
      'with-token': ['initial_access_token', 'partner-onboarding'],
      'with-statement': ['software_statement', null],
      anonymous: ['anonymous', null],
    });
  });

  it('reverts and applies again', async () => {
    const later = DCR_MIGRATIONS.length - DCR_MIGRATIONS.indexOf(AddClientArrival1764231300000);
    for (let step = 0; step < later; step++) await dataSource.undoLastMigration();
    const columns = database.driver === 'postgres'
      ? await dataSource.query(`SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'tech_client'`)
      : await dataSource.query('PRAGMA table_info(tech_client)');
    expect(columns.map((column: { name: string }) => column.name)).not.toContain('arrival');
    await dataSource.runMigrations();
    expect((await arrivals())['with-token']).toEqual(['initial_access_token', 'partner-onboarding']);
  });
});
