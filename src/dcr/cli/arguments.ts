/** A command line split into positional words and `--name value` / `--flag` options. @internal */
export interface ParsedArguments {
  words: string[];
  options: Map<string, string | true>;
}

/** Options that take no value. */
const FLAGS = new Set(['json', 'yes', 'locked', 'unlocked', 'help']);

/** Splits `argv` (without `node` and the script); `--name=value` and `--name value` both work. */
export function parseArguments(argv: readonly string[]): ParsedArguments {
  const words: string[] = [];
  const options = new Map<string, string | true>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (!argument.startsWith('--')) {
      words.push(argument);
      continue;
    }
    const [name, inline] = argument.slice(2).split(/=(.*)/s, 2);
    if (FLAGS.has(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      options.set(name, true);
    } else if (inline !== undefined) {
      options.set(name, inline);
    } else {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      options.set(name, value);
      index += 1;
    }
  }
  return { words, options };
}

/** A command line the CLI cannot run: exit code 2, with the usage. @internal */
export class UsageError extends Error {}

/** The value of `--name`, or undefined. */
export function option(args: ParsedArguments, name: string): string | undefined {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** `--name` as a whole number, or undefined. */
export function integerOption(args: ParsedArguments, name: string): number | undefined {
  const value = option(args, name);
  if (value === undefined) return undefined;
  if (!/^\d{1,10}$/.test(value)) throw new UsageError(`--${name} must be a whole number`);
  return Number(value);
}

/** Refuses options the command does not know, so a typo never passes silently. */
export function allowOptions(args: ParsedArguments, allowed: readonly string[]): void {
  const common = ['url', 'token', 'json', 'help'];
  const unknown = [...args.options.keys()].find((name) => !allowed.includes(name) && !common.includes(name));
  if (unknown !== undefined) throw new UsageError(`unknown option --${unknown}`);
}
