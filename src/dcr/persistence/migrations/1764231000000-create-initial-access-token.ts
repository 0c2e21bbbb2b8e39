import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** `dcr_initial_access_token`: initial access tokens issued through the admin API (digests only). @publicApi */
export class CreateInitialAccessToken1764231000000 implements MigrationInterface {
  name = 'CreateInitialAccessToken1764231000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'dcr_initial_access_token',
        columns: [
          { name: 'id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'authorization_server', type: 'varchar', length: '64', isNullable: false },
          { name: 'digest', type: 'varchar', length: '128', isNullable: false },
          { name: 'label', type: 'varchar', length: '200', isNullable: true },
          { name: 'expires_at', type: 'bigint', isNullable: true },
          { name: 'max_uses', type: 'integer', isNullable: true },
          { name: 'profile', type: 'text', isNullable: true },
          { name: 'created_at', type: 'bigint', isNullable: false },
          { name: 'created_by', type: 'varchar', length: '200', isNullable: true },
          { name: 'revoked_at', type: 'bigint', isNullable: true },
        ],
        indices: [
          { name: 'ux_dcr_initial_access_token_digest', columnNames: ['digest'], isUnique: true },
          { name: 'ix_dcr_initial_access_token_server_created', columnNames: ['authorization_server', 'created_at'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('dcr_initial_access_token');
  }
}
