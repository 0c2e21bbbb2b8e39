type Json = Record<string, unknown>;

/**
 * Collects the problems of one options tree instead of stopping at the first, so a bad
 * configuration is reported in one start-up error that names each option. The values are read
 * as option classes (`readOptionClass`); this checks that an object is one and has no unknown key.
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
}
