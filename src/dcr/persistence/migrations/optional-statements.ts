import type { Logger } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';

/**
 * Runs statements that need an optional database feature (an extension, a compiled-in module).
 * When one fails, everything they did is rolled back to a savepoint, the failure is logged, and
 * the migration goes on: the search then scans instead of using what they would have built.
 * @internal
 */
export async function runOptionalStatements(
  queryRunner: QueryRunner, logger: Logger, what: string, statements: readonly string[],
): Promise<boolean> {
  const savepoint = queryRunner.isTransactionActive;
  if (savepoint) await queryRunner.query('SAVEPOINT dcr_optional_index');
  try {
    for (const statement of statements) await queryRunner.query(statement);
    if (savepoint) await queryRunner.query('RELEASE SAVEPOINT dcr_optional_index');
    return true;
  } catch (error) {
    if (savepoint) await queryRunner.query('ROLLBACK TO SAVEPOINT dcr_optional_index');
    logger.warn(`${what} not created (${(error as Error).message}); name search will scan instead of using it`);
    return false;
  }
}
