import { Logger } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { AdminSearchAndLockHistory1764230600000 } from './1764230600000-admin-search-and-lock-history';

/** A query runner that records statements and fails those matching `failing`. */
function runner(type: string, failing?: RegExp): { queryRunner: QueryRunner; statements: string[] } {
  const statements: string[] = [];
  const queryRunner = {
    connection: { driver: { options: { type } } },
    isTransactionActive: true,
    query: async (sql: string) => {
      statements.push(sql.replace(/\s+/g, ' ').trim());
      if (failing?.test(sql)) throw new Error('extension "pg_trgm" is not available');
      return [];
    },
  } as unknown as QueryRunner;
  return { queryRunner, statements };
}

describe('AdminSearchAndLockHistory1764230600000', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('goes on without pg_trgm, rolled back to a savepoint, and says so', async () => {
    const { queryRunner, statements } = runner('postgres', /CREATE EXTENSION/);
    await new AdminSearchAndLockHistory1764230600000().up(queryRunner);
    expect(statements).toContain('SAVEPOINT dcr_optional_index');
    expect(statements).toContain('ROLLBACK TO SAVEPOINT dcr_optional_index');
    expect(statements.some((sql) => sql.startsWith('CREATE INDEX ix_tech_client_name_trgm'))).toBe(false);
    expect(statements.some((sql) => sql.startsWith('CREATE TABLE tech_client_lock_history'))).toBe(true);
    expect(Logger.prototype.warn).toHaveBeenCalledWith(expect.stringContaining('pg_trgm name index not created'));
  });

  it('goes on without FTS5 on SQLite', async () => {
    const { queryRunner, statements } = runner('better-sqlite3', /CREATE VIRTUAL TABLE/);
    await new AdminSearchAndLockHistory1764230600000().up(queryRunner);
    expect(statements).toContain('ROLLBACK TO SAVEPOINT dcr_optional_index');
    expect(statements.some((sql) => sql.startsWith('CREATE TRIGGER'))).toBe(false);
    expect(statements.some((sql) => sql.startsWith('CREATE TABLE tech_client_lock_history'))).toBe(true);
  });

  it('creates the trigram index when the extension is there', async () => {
    const { queryRunner, statements } = runner('postgres');
    await new AdminSearchAndLockHistory1764230600000().up(queryRunner);
    expect(statements).toContain('CREATE INDEX ix_tech_client_name_trgm ON tech_client USING gin (name_search gin_trgm_ops)');
    expect(statements).toContain('RELEASE SAVEPOINT dcr_optional_index');
    expect(Logger.prototype.warn).not.toHaveBeenCalled();
  });
});
