import type { ColumnOptions } from 'typeorm';

/**
 * A `bigint` column of epoch milliseconds, read back as a number on both databases (PostgreSQL
 * returns `bigint` as a string).
 */
export const epochColumn: ColumnOptions = {
  type: 'bigint',
  transformer: {
    to: (value: number | null | undefined) => value,
    from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
  },
};
