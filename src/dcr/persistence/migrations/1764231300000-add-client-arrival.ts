import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `tech_client.arrival` and `vouched_by`: how a client came to exist and who vouched for it, the
 * trust signals a consent screen shows. Clients stored before are classified from what their row
 * already says: created by an administrator, resolved from a metadata document, registered with
 * an initial access token (which vouched for it), with a software statement, or else anonymous.
 * @publicApi
 */
export class AddClientArrival1764231300000 implements MigrationInterface {
  name = 'AddClientArrival1764231300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE on both databases: TypeORM's addColumn rebuilds an SQLite table.
    await queryRunner.query("ALTER TABLE tech_client ADD COLUMN arrival varchar(24) NOT NULL DEFAULT 'anonymous'");
    await queryRunner.query('ALTER TABLE tech_client ADD COLUMN vouched_by varchar(255) NULL');
    await queryRunner.query("UPDATE tech_client SET arrival = 'admin' WHERE source = 'admin'");
    await queryRunner.query("UPDATE tech_client SET arrival = 'metadata_document' WHERE source = 'cimd'");
    await queryRunner.query(
      "UPDATE tech_client SET arrival = 'initial_access_token', vouched_by = initial_access_token_id WHERE source = 'dcr' AND initial_access_token_id IS NOT NULL",
    );
    // Only a verified statement is kept in the registered metadata.
    await queryRunner.query(
      "UPDATE tech_client SET arrival = 'software_statement' WHERE source = 'dcr' AND initial_access_token_id IS NULL AND metadata LIKE '%\"software_statement\":%'",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE tech_client DROP COLUMN vouched_by');
    await queryRunner.query('ALTER TABLE tech_client DROP COLUMN arrival');
  }
}
