/**
 * Thrown at start-up when module options are invalid. Lists every problem, one per line, each
 * naming the option, so a bad configuration is fixed in one pass.
 * @publicApi
 */
export class DcrConfigurationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid DcrModule options:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'DcrConfigurationError';
  }
}
