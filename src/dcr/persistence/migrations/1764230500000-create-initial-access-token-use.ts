import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** `initial_access_token_use`: use counts of initial access tokens (RFC 7591 §3). @publicApi */
export class CreateInitialAccessTokenUse1764230500000 implements MigrationInterface {
  name = 'CreateInitialAccessTokenUse1764230500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'initial_access_token_use',
        columns: [
          { name: 'token_id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'uses', type: 'integer', isNullable: false },
          { name: 'updated_at', type: 'bigint', isNullable: false },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('initial_access_token_use');
  }
}
