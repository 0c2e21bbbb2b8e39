import { plainToInstance, Transform } from 'class-transformer';
// The module's door to class-validator: the decorators' own files, not the package index, which
// loads validator.js and libphonenumber-js too (a tenth of a second of start-up, for nothing here).
import { getMetadataStorage, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync, ValidationArguments } from '../dcr/validation/class-validator';

/** `<NAME> … (got "<value>")`: every message names its variable and, where it helps, the value. */
const got = (args: ValidationArguments) => `(got "${String(args.value)}")`;

/** A decimal string becomes a number; anything else stays as it is, for the message to quote. */
const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value);

/** `true`/`1` and `false`/`0`; anything else stays a string, which `@IsBoolean` refuses. */
const toFlag = ({ value }: { value: unknown }) => ({ true: true, 1: true, false: false, 0: false })[String(value) as 'true'] ?? value;

const PINO_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * The example host's environment (README "The example host"), validated once at start-up by
 * `ConfigModule.forRoot({ validate })`. The defaults are the initial values below; an empty
 * variable counts as unset. `ISSUER` has no default here: it follows `PORT` (see `hostConfigOf`).
 * `HTTP_ADAPTER`, `HTTPS_PORT` and the `HTTP_*` connection limits shape the server before Nest
 * exists and are read by `main.ts` itself.
 */
export class HostEnvironment {
  @IsInt({ message: (args) => `PORT must be an integer from 0 to 65535 ${got(args)}` })
  @Min(0, { message: (args) => `PORT must be an integer from 0 to 65535 ${got(args)}` })
  @Max(65_535, { message: (args) => `PORT must be an integer from 0 to 65535 ${got(args)}` })
  @Transform(toNumber)
  PORT: number = 3000;

  /** The host's URL; without it `http://localhost:<PORT>`. */
  @IsOptional()
  @IsString()
  ISSUER?: string;

  @IsString()
  DCR_CONFIG: string = 'config/default.json';

  @Matches(/^(postgres(ql)?:\/\/|sqlite:)/, { message: (args) => `DATABASE_URL must start with postgres:// or sqlite: (got "${String(args.value).split(':')[0]}:…")` })
  DATABASE_URL: string = 'sqlite:./data/dcr.sqlite';

  /** Without it, a key generated into `data/secret.key` (with a warning). */
  @IsOptional()
  @IsString()
  DCR_SECRET_KEY?: string;

  @IsOptional()
  @IsString()
  DCR_ADMIN_TOKEN?: string;

  @IsOptional()
  @IsString()
  TOKEN_SIGNING_KEY?: string;

  @IsOptional()
  @IsString()
  TOKEN_AUDIENCE?: string;

  @IsInt({ message: 'TOKEN_LIFETIME_SECONDS must be an integer from 1 to 86400' })
  @Min(1, { message: 'TOKEN_LIFETIME_SECONDS must be an integer from 1 to 86400' })
  @Max(86_400, { message: 'TOKEN_LIFETIME_SECONDS must be an integer from 1 to 86400' })
  @Transform(toNumber)
  TOKEN_LIFETIME_SECONDS: number = 600;

  @IsBoolean({ message: (args) => `OPENID_CONFIGURATION must be true or false ${got(args)}` })
  @Transform(toFlag)
  OPENID_CONFIGURATION: boolean = true;

  /** Like the admin token: long enough that it cannot be guessed. Unset: `/metrics` answers 404. */
  @IsOptional()
  @MinLength(32, { message: 'METRICS_TOKEN must be at least 32 characters' })
  METRICS_TOKEN?: string;

  @IsIn(PINO_LEVELS, { message: (args) => `LOG_LEVEL must be one of ${PINO_LEVELS.join(', ')} ${got(args)}` })
  LOG_LEVEL: string = 'info';
}

/** The variables `HostEnvironment` declares; the rest of the environment is not its business. */
const VARIABLES = [...new Set(getMetadataStorage().getTargetValidationMetadatas(HostEnvironment, '', true, false).map((rule) => rule.propertyName))];

/** A bad environment: every problem at once, one line each, each naming its variable. */
export class HostEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`The environment of the example host is invalid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'HostEnvironmentError';
  }
}

/**
 * `validate` of the example host's `ConfigModule`: the environment as a `HostEnvironment`, with
 * its defaults and types, or a `HostEnvironmentError` listing every problem.
 */
export function validateHostEnvironment(raw: Record<string, unknown>): HostEnvironment {
  const set = Object.fromEntries(VARIABLES.filter((name) => raw[name] !== undefined && raw[name] !== '').map((name) => [name, raw[name]]));
  const environment = plainToInstance(HostEnvironment, set, { exposeUnsetFields: false });
  // One message per variable: the first that applies is the one that explains it.
  const problems = validateSync(environment).map((error) => Object.values(error.constraints ?? {})[0]);
  if (problems.length) throw new HostEnvironmentError(problems);
  return environment;
}
