import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `dcr_change_event`: the transactional outbox of technical-client changes. Each change writes
 * its event row in the transaction of the change itself, so an event exists exactly when its
 * change was committed; `ChangeDispatcher` delivers the rows afterwards.
 *
 * `seq` orders the events (per client: the row lock a change takes on its client serializes the
 * changes of one client, and the event row is written after that lock is taken, so a later change
 * of a client always has a higher `seq`). `claimed_by` / `claim_until` is the lease of the
 * instance delivering a row. Raw DDL: an auto-increment key is spelt differently on each database.
 * @publicApi
 */
export class CreateChangeOutbox1764231400000 implements MigrationInterface {
  name = 'CreateChangeOutbox1764231400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const key = queryRunner.connection.options.type === 'postgres' ? 'seq bigserial PRIMARY KEY' : 'seq integer PRIMARY KEY AUTOINCREMENT';
    await queryRunner.query(`CREATE TABLE dcr_change_event (
      ${key},
      id varchar(36) NOT NULL,
      client_id varchar(128) NOT NULL,
      change_type varchar(32) NOT NULL,
      payload text NOT NULL,
      status varchar(16) NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at bigint NOT NULL,
      claimed_by varchar(100) NULL,
      claim_until bigint NULL,
      last_error varchar(500) NULL,
      created_at bigint NOT NULL,
      delivered_at bigint NULL
    )`);
    await queryRunner.query('CREATE UNIQUE INDEX ux_dcr_change_event_id ON dcr_change_event (id)');
    // The dispatcher's claim: due rows by status, and "no earlier pending event of this client".
    await queryRunner.query('CREATE INDEX ix_dcr_change_event_due ON dcr_change_event (status, next_attempt_at)');
    await queryRunner.query('CREATE INDEX ix_dcr_change_event_client ON dcr_change_event (client_id, status, seq)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE dcr_change_event');
  }
}
