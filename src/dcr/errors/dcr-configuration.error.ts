/**
 * Thrown at start-up when module options are invalid, or when the database lacks the module's
 * schema. Lists every problem, one per line, so a bad configuration is fixed in one pass.
 * @publicApi
 */
export class DcrConfigurationError extends Error {
  constructor(readonly problems: readonly string[], heading = 'Invalid DcrModule options') {
    super(`${heading}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'DcrConfigurationError';
  }
}
