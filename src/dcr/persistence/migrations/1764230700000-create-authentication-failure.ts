import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * `tech_client_auth_failure`: failed client authentication counters shared by every instance.
 * Portable schema builder, so the same migration runs on SQLite and PostgreSQL.
 * @publicApi
 */
export class CreateAuthenticationFailure1764230700000 implements MigrationInterface {
  name = 'CreateAuthenticationFailure1764230700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'tech_client_auth_failure',
        columns: [
          { name: 'attempt_key', type: 'varchar', length: '64', isPrimary: true, isNullable: false },
          { name: 'failures', type: 'integer', isNullable: false },
          { name: 'expires_at', type: 'bigint', isNullable: false },
        ],
        // The purge deletes by window end.
        indices: [{ name: 'ix_tech_client_auth_failure_expires', columnNames: ['expires_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('tech_client_auth_failure');
  }
}
