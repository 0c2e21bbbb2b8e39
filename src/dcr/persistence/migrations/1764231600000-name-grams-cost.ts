import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL: declares what `tech_client_name_grams` costs, so that no plan computes it row by
 * row. Computing it takes about 10 µs a name (a subquery over every position), but the default
 * cost of a SQL function (100) tells the planner it is cheap: asked for the gram matches among
 * the newest few thousand clients, it could read those rows through the creation-order index
 * and compute the grams of each (about 9 µs a row, whatever the term) instead of intersecting
 * that index with the gram index. With the cost declared, it intersected them for every term
 * and window measured at a million clients. Nothing to do on SQLite.
 * @publicApi
 */
export class NameGramsCost1764231600000 implements MigrationInterface {
  name = 'NameGramsCost1764231600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) await queryRunner.query(`ALTER FUNCTION tech_client_name_grams(text) COST 10000`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) await queryRunner.query(`ALTER FUNCTION tech_client_name_grams(text) COST 100`);
  }
}

function isPostgres(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.driver.options.type === 'postgres';
}
