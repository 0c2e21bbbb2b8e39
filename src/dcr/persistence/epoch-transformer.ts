import type { ValueTransformer } from 'typeorm';

/**
 * `bigint` columns hold epoch times. PostgreSQL returns them as strings (they may exceed 2^53);
 * ours never do, so they are read back as numbers on both databases.
 * @internal
 */
export const epochTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};
