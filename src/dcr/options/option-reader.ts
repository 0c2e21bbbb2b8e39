import { LinearRegex } from '../regex/linear-regex';

type Json = Record<string, unknown>;

/**
 * Reads one options object and collects every problem instead of stopping at the first, so a
 * bad configuration is reported in one start-up error that names each option.
 * @internal
 */
export class OptionReader {
  readonly problems: string[] = [];

  /** The object at `path`, or undefined when absent; `{}` counts as present. */
  object(value: unknown, path: string, allowedKeys: readonly string[]): Json | undefined {
    if (value === undefined) return undefined;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.problems.push(`${path}: must be an object`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!allowedKeys.includes(key)) this.problems.push(`${path}.${key}: unknown option`);
    }
    return value as Json;
  }

  boolean(owner: Json | undefined, key: string, path: string, fallback: boolean): boolean {
    const value = owner?.[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      this.problems.push(`${path}.${key}: must be true or false`);
      return fallback;
    }
    return value;
  }

  integer(owner: Json | undefined, key: string, path: string, fallback: number, min: number, max: number): number {
    const value = owner?.[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${path}.${key}: must be an integer from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  string(owner: Json | undefined, key: string, path: string): string | undefined {
    const value = owner?.[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length === 0) {
      this.problems.push(`${path}.${key}: must be a non-empty string`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(owner: Json | undefined, key: string, path: string, choices: readonly T[], fallback: T): T {
    const value = owner?.[key];
    if (value === undefined) return fallback;
    if (!choices.includes(value as T)) {
      this.problems.push(`${path}.${key}: must be one of ${choices.map((c) => `"${c}"`).join(', ')}`);
      return fallback;
    }
    return value as T;
  }

  /** A list of patterns (a single pattern is an option class member with `@IsLinearRegex`). */
  patterns(owner: Json | undefined, key: string, path: string, fallback: string[]): LinearRegex[] {
    const value = owner?.[key] ?? fallback;
    if (!Array.isArray(value) || value.length === 0) {
      this.problems.push(`${path}.${key}: must be a non-empty array of regular expression strings`);
      return fallback.map((source) => LinearRegex.compile(source));
    }
    return value.map((source, index) =>
      typeof source === 'string' && source.length > 0
        ? this.compile(source, `${path}.${key}[${index}]`, fallback[0])
        : (this.problems.push(`${path}.${key}[${index}]: must be a non-empty regular expression string`),
          LinearRegex.compile(fallback[0])),
    );
  }

  private compile(source: string, path: string, fallback: string): LinearRegex {
    try {
      return LinearRegex.compile(source);
    } catch (error) {
      this.problems.push(`${path}: invalid regular expression /${source}/: ${(error as Error).message}`);
      return LinearRegex.compile(fallback);
    }
  }
}
