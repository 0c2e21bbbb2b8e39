import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `tech_client.token_endpoint_auth_method_defaulted`: whether the client named no auth method and
 * got the RFC 7591 §2 default. Clients stored before it count as having chosen theirs.
 * @publicApi
 */
export class AddAuthMethodDefaulted1764231100000 implements MigrationInterface {
  name = 'AddAuthMethodDefaulted1764231100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE on both databases: TypeORM's addColumn rebuilds an SQLite table, which
    // would drop the triggers of the admin search index.
    await queryRunner.query('ALTER TABLE tech_client ADD COLUMN token_endpoint_auth_method_defaulted boolean NOT NULL DEFAULT false');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE tech_client DROP COLUMN token_endpoint_auth_method_defaulted');
  }
}
