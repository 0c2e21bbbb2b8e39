import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * `tech_client`, written with TypeORM's portable schema builder so the same migration runs on
 * SQLite and PostgreSQL.
 * @publicApi
 */
export class CreateTechClient1764230400000 implements MigrationInterface {
  name = 'CreateTechClient1764230400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const text = (name: string, length: number, nullable = true) => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
    const epoch = (name: string, nullable = true) => ({ name, type: 'bigint', isNullable: nullable });
    await queryRunner.createTable(
      new Table({
        name: 'tech_client',
        columns: [
          { ...text('id', 128, false), isPrimary: true },
          text('authorization_server', 64, false),
          text('name', 200, false),
          text('label', 200),
          text('description', 1000),
          { name: 'locked', type: 'boolean', isNullable: false, default: false },
          text('lock_reason', 500),
          epoch('locked_at'),
          epoch('created_at', false),
          epoch('updated_at', false),
          { name: 'version', type: 'integer', isNullable: false },
          text('source', 16, false),
          text('software_id', 255),
          text('software_version', 255),
          text('token_endpoint_auth_method', 32),
          { name: 'metadata', type: 'text', isNullable: false },
          text('secret_digest', 100),
          epoch('secret_expires_at'),
          text('previous_secret_digest', 100),
          epoch('previous_secret_valid_until'),
          text('registration_token_digest', 100),
          epoch('last_used_at'),
        ],
        indices: [
          { name: 'uq_tech_client_registration_token', columnNames: ['registration_token_digest'], isUnique: true },
          { name: 'ix_tech_client_server_created', columnNames: ['authorization_server', 'created_at', 'id'] },
          { name: 'ix_tech_client_created', columnNames: ['created_at', 'id'] },
          { name: 'ix_tech_client_label', columnNames: ['label'] },
          { name: 'ix_tech_client_software_id', columnNames: ['software_id'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('tech_client');
  }
}
