import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * The example host's own tables: pending consent requests, authorization codes and refresh
 * tokens (digests only). Portable schema builder: the same migration runs on SQLite and
 * PostgreSQL.
 */
export class CreateExampleGrants1764300000000 implements MigrationInterface {
  name = 'CreateExampleGrants1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const digest = { name: 'digest', type: 'varchar', length: '64', isPrimary: true } as const;
    const epoch = (name: string, isNullable = false) => ({ name, type: 'bigint', isNullable });
    const text = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
    await queryRunner.createTable(new Table({
      name: 'example_consent_request',
      columns: [digest, text('browser_digest', 64), text('request', 12000), epoch('expires_at')],
      indices: [{ name: 'ix_example_consent_request_expires', columnNames: ['expires_at'] }],
    }));
    await queryRunner.createTable(new Table({
      name: 'example_authorization_code',
      columns: [
        digest, text('grant_id', 64), text('client_id', 128), text('redirect_uri', 2000), text('code_challenge', 128),
        text('scope', 4096), text('resource', 2000, true), epoch('expires_at'), epoch('redeemed_at', true),
      ],
      indices: [{ name: 'ix_example_authorization_code_expires', columnNames: ['expires_at'] }],
    }));
    await queryRunner.createTable(new Table({
      name: 'example_refresh_token',
      columns: [digest, text('grant_id', 64), text('client_id', 128), text('scope', 4096), text('resource', 2000, true), epoch('expires_at'), epoch('used_at', true)],
      indices: [
        { name: 'ix_example_refresh_token_grant', columnNames: ['grant_id'] },
        { name: 'ix_example_refresh_token_expires', columnNames: ['expires_at'] },
      ],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('example_refresh_token');
    await queryRunner.dropTable('example_authorization_code');
    await queryRunner.dropTable('example_consent_request');
  }
}
