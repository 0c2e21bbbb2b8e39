#!/usr/bin/env node
import { AdminClient, RequestFailed, Unreachable } from './admin-client';
import { option, parseArguments, ParsedArguments, UsageError } from './arguments';
import { COMMANDS } from './commands';

/**
 * Exit codes scripts can rely on: 0 done; 2 the command line is wrong; 3 not found; 4 not
 * authorized (401, 403); 5 conflict (409, 412: read again and retry); 6 refused as invalid (other
 * 4xx); 7 the server failed or could not be reached (5xx, network).
 */
const EXIT = { ok: 0, usage: 2, notFound: 3, unauthorized: 4, conflict: 5, invalid: 6, unavailable: 7 } as const;

/** Runs one command line; returns the exit code. @internal */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  let args: ParsedArguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    err(`${(error as Error).message}\n\n${usage()}`);
    return EXIT.usage;
  }
  const name = COMMANDS[args.words.slice(0, 2).join(' ')] ? args.words.slice(0, 2).join(' ') : args.words[0];
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command || args.options.has('help')) {
    (command ? out : err)(command ? `usage: nestjs-dcr ${command.usage}\n${COMMON}` : usage());
    return command ? EXIT.ok : EXIT.usage;
  }
  const url = option(args, 'url') ?? env.DCR_URL;
  if (!url) {
    err('give the server with --url or DCR_URL (e.g. http://localhost:3000)');
    return EXIT.usage;
  }
  const admin = new AdminClient(url, option(args, 'token') ?? env.DCR_ADMIN_TOKEN);
  try {
    const result = await command.run({ args, admin, adminPath: env.DCR_ADMIN_PATH ?? 'tech-clients', registrationPath: env.DCR_REGISTRATION_PATH ?? 'oauth2/register' });
    out(args.options.has('json') || !command.render ? JSON.stringify(result, null, 2) : command.render(result));
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`${error.message}\nusage: nestjs-dcr ${command.usage}`);
      return EXIT.usage;
    }
    if (error instanceof RequestFailed) {
      err(args.options.has('json') ? JSON.stringify({ status: error.status, error: error.error, error_description: error.message }) : `${error.status} ${error.error ?? ''}: ${error.message}`);
      return exitCodeOf(error.status);
    }
    if (error instanceof Unreachable) {
      err(`cannot reach ${error.message}`);
      return EXIT.unavailable;
    }
    throw error;
  }
}

function exitCodeOf(status: number): number {
  if (status === 404) return EXIT.notFound;
  if (status === 401 || status === 403) return EXIT.unauthorized;
  if (status === 409 || status === 412) return EXIT.conflict;
  if (status >= 500) return EXIT.unavailable;
  return EXIT.invalid;
}

const COMMON = 'options: --url URL (or DCR_URL), --token ADMIN_TOKEN (or DCR_ADMIN_TOKEN), --json';

function usage(): string {
  return ['usage: nestjs-dcr COMMAND [options]', '', ...Object.values(COMMANDS).map((command) => `  ${command.usage}`), '', COMMON].join('\n');
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, (text) => process.stdout.write(`${text}\n`), (text) => process.stderr.write(`${text}\n`)).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`${error.stack ?? error.message}\n`);
      process.exit(1);
    },
  );
}
