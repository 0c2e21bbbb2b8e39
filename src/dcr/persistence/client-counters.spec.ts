import { ClientCounters, ClientQuotas, QuotaExceededError } from './client-counters';
import { runScriptSync, SqlRow, SqlStep } from './sql-script';
import { TechClientEntity } from './tech-client.entity';

/** The better-sqlite3 API this test uses (the package ships no type declarations). */
interface TestDatabase {
  exec(sql: string): void;
  prepare(sql: string): { reader: boolean; all(...params: unknown[]): unknown[]; run(...params: unknown[]): unknown };
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (file: string) => TestDatabase;

describe('ClientCounters.adding', () => {
  let db: TestDatabase;
  let executed: string[];
  const execute = ({ sql, params }: SqlStep): SqlRow[] => {
    executed.push(sql);
    const statement = db.prepare(sql);
    if (statement.reader) return statement.all(...params) as SqlRow[];
    statement.run(...params);
    return [];
  };
  const client = (id: string) => Object.assign(new TechClientEntity(), { id, authorizationServer: 'default', source: 'dcr' });
  const store = (id: string) => db.prepare("INSERT INTO tech_client (id, authorization_server, source) VALUES (?, 'default', 'dcr')").run(id);
  const add = (id: string, quotas: ClientQuotas) => {
    runScriptSync(execute, ClientCounters.adding(client(id), quotas));
    store(id);
  };
  const live = () => (db.prepare("SELECT live FROM dcr_client_counter WHERE counter_key = 'server:default'").all() as { live: number }[])[0]?.live;
  const counts = () => executed.filter((sql) => sql.includes('COUNT(*)')).length;
  const capped = (maxClients: number): ClientQuotas => ({ maxClients, maxClientsPerSoftwareId: 0, maxClientsPerInitialAccessToken: 0 });

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE tech_client (id TEXT PRIMARY KEY, authorization_server TEXT, source TEXT, software_id TEXT, initial_access_token_id TEXT)');
    db.exec('CREATE TABLE dcr_client_counter (counter_key TEXT PRIMARY KEY, live INTEGER NOT NULL)');
    executed = [];
  });
  afterEach(() => db.close());

  it('seeds a cap from the table on its first use, then counts with one UPDATE and never counts the table again', () => {
    store('stored-before-the-cap-1');
    store('stored-before-the-cap-2');
    add('a', capped(10));
    expect(live()).toBe(3);
    expect(counts()).toBe(1);

    executed = [];
    add('b', capped(10));
    add('c', capped(10));
    expect(live()).toBe(5);
    expect(executed).toEqual([expect.stringMatching(/^UPDATE dcr_client_counter SET live = live \+ 1 .* RETURNING live$/), expect.stringMatching(/^UPDATE/)]);
  });

  it('refuses at the cap without counting the table, and changes nothing', () => {
    add('a', capped(2));
    add('b', capped(2));
    executed = [];
    expect(() => runScriptSync(execute, ClientCounters.adding(client('c'), capped(2)))).toThrow(QuotaExceededError);
    expect(live()).toBe(2);
    expect(counts()).toBe(0);
  });

  it('refuses the first use of a cap the table already fills', () => {
    store('a');
    store('b');
    expect(() => runScriptSync(execute, ClientCounters.adding(client('c'), capped(2)))).toThrow('the maximum of 2 registered clients is reached');
    expect(live()).toBe(2);
  });

  it('keeps no counter without a cap, so a cap configured later counts the table again', () => {
    add('a', capped(10));
    expect(live()).toBe(1);
    add('b', capped(0));
    add('c', capped(0));
    // Dropped, not left at 1: that count would miss b and c.
    expect(live()).toBeUndefined();
    executed = [];
    add('d', capped(10));
    expect(live()).toBe(4);
    expect(counts()).toBe(1);
  });
});
