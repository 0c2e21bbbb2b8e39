import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Shared state of the abuse controls: rate-limit buckets, live-client counters for quotas, the
 * lease of the reaping job; and the initial access token a client registered with.
 * @publicApi
 */
export class AddAbuseControls1764230800000 implements MigrationInterface {
  name = 'AddAbuseControls1764230800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE on both databases: TypeORM's addColumn rebuilds an SQLite table, which
    // would drop the triggers of the admin search index.
    await queryRunner.query('ALTER TABLE tech_client ADD COLUMN initial_access_token_id varchar(200) NULL');
    await queryRunner.createIndex('tech_client', new TableIndex({ name: 'ix_tech_client_server_iat', columnNames: ['authorization_server', 'initial_access_token_id'] }));
    await queryRunner.createIndex('tech_client', new TableIndex({ name: 'ix_tech_client_server_software', columnNames: ['authorization_server', 'software_id'] }));
    await queryRunner.createTable(
      new Table({
        name: 'dcr_rate_limit',
        columns: [
          { name: 'bucket', type: 'varchar', length: '300', isPrimary: true },
          { name: 'hits', type: 'integer', isNullable: false },
          { name: 'expires_at', type: 'bigint', isNullable: false },
        ],
        indices: [{ name: 'ix_dcr_rate_limit_expires', columnNames: ['expires_at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'dcr_client_counter',
        columns: [
          { name: 'counter_key', type: 'varchar', length: '400', isPrimary: true },
          { name: 'live', type: 'integer', isNullable: false },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'dcr_job_lease',
        columns: [
          { name: 'name', type: 'varchar', length: '100', isPrimary: true },
          { name: 'holder', type: 'varchar', length: '100', isNullable: false },
          { name: 'lease_until', type: 'bigint', isNullable: false },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('dcr_job_lease');
    await queryRunner.dropTable('dcr_client_counter');
    await queryRunner.dropTable('dcr_rate_limit');
    await queryRunner.dropIndex('tech_client', 'ix_tech_client_server_software');
    await queryRunner.dropIndex('tech_client', 'ix_tech_client_server_iat');
    await queryRunner.query('ALTER TABLE tech_client DROP COLUMN initial_access_token_id');
  }
}
