import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** `dcr_client_assertion_use`: the `jti` digests of used client assertions (private_key_jwt replay protection). @publicApi */
export class CreateClientAssertionUse1764231200000 implements MigrationInterface {
  name = 'CreateClientAssertionUse1764231200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'dcr_client_assertion_use',
        columns: [
          { name: 'use_key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'expires_at', type: 'bigint', isNullable: false },
        ],
        indices: [{ name: 'ix_dcr_client_assertion_use_expires', columnNames: ['expires_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('dcr_client_assertion_use');
  }
}
