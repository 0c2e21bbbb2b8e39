import { RE2JS } from 're2js';

/**
 * A regular expression from configuration, run on RE2's linear-time engine: admin patterns meet
 * attacker-controlled input, and a backtracking engine would let one request burn a core.
 * Always matches the whole value.
 * @publicApi
 */
export class LinearRegex {
  private constructor(
    readonly source: string,
    private readonly compiled: RE2JS,
  ) {}

  /** Throws `SyntaxError` with RE2's message when the pattern is not valid RE2 syntax. */
  static compile(source: string): LinearRegex {
    try {
      return new LinearRegex(source, RE2JS.compile(source));
    } catch (error) {
      throw new SyntaxError((error as Error).message);
    }
  }

  /** True when the pattern matches `value` from its first to its last character. */
  matchesWhole(value: string): boolean {
    return this.compiled.matches(value);
  }
}
