import { ValidateBy, ValidationArguments } from '../validation/class-validator';
import { LinearRegex } from '../regex/linear-regex';
import { MIN_RANDOM_CHARACTERS } from './option-defaults';
import { isScopeSyntax, scopeTokens } from '../vocabulary/client-vocabulary';

/*
 * The module options' rules as `class-validator` decorators, worded as the module always worded
 * them (the messages carry no path: `validationProblems` puts the option's path in front). An
 * absent option is checked only by the rules that require it; otherwise its class gives the
 * default. Decorators run bottom-up: the type rule sits at the bottom, the finer rules above it.
 */

const present = (value: unknown) => value !== undefined;

/** `true` or `false`. @internal */
export function IsOptionBoolean(): PropertyDecorator {
  return ValidateBy({ name: 'isOptionBoolean', validator: { validate: (value) => !present(value) || typeof value === 'boolean', defaultMessage: () => 'must be true or false' } });
}

/** An integer from `min` to `max`. @internal */
export function IsOptionInteger(min: number, max: number): PropertyDecorator {
  const fits = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
  return ValidateBy({ name: 'isOptionInteger', validator: { validate: (value) => !present(value) || fits(value), defaultMessage: () => `must be an integer from ${min} to ${max}` } });
}

/** One of `choices`. @internal */
export function IsOptionOneOf(choices: readonly string[]): PropertyDecorator {
  return ValidateBy({
    name: 'isOptionOneOf',
    validator: { validate: (value) => !present(value) || choices.includes(value as string), defaultMessage: () => `must be one of ${choices.map((c) => `"${c}"`).join(', ')}` },
  });
}

/** A non-empty string. @internal */
export function IsOptionString(): PropertyDecorator {
  return ValidateBy({ name: 'isOptionString', validator: { validate: (value) => !present(value) || (typeof value === 'string' && value.length > 0), defaultMessage: () => 'must be a non-empty string' } });
}

/**
 * A regular expression that compiles on the linear-time engine (RE2 syntax: no backreferences or
 * lookarounds, so no pattern can make a registration take exponential time); an invalid one is
 * named with the engine's reason.
 * @internal
 */
export function IsLinearRegex(): PropertyDecorator {
  const problem = (value: unknown) => (present(value) ? regexProblem(value) : undefined);
  return ValidateBy({ name: 'isLinearRegex', validator: { validate: (value) => problem(value) === undefined, defaultMessage: (args?: ValidationArguments) => problem(args?.value) ?? '' } });
}

/** A non-empty list of `IsLinearRegex` patterns, each bad entry named by its index. @internal */
export function IsLinearRegexList(): PropertyDecorator {
  return IsOptionList({
    name: 'isLinearRegexList',
    notList: 'must be a non-empty array of regular expression strings',
    entry: (source, index) => {
      const problem = regexProblem(source);
      return problem && `[${index}]: ${problem}`;
    },
  });
}

function regexProblem(source: unknown): string | undefined {
  if (typeof source !== 'string' || source.length === 0) return 'must be a non-empty regular expression string';
  try {
    LinearRegex.compile(source);
    return undefined;
  } catch (error) {
    return `invalid regular expression /${source}/: ${(error as Error).message}`;
  }
}

/** How `IsOptionList` checks a list. @internal */
export interface OptionListRule {
  name: string;
  /** The problem of a value that is no list (or an empty one, unless `allowEmpty`). */
  notList: string;
  allowEmpty?: boolean;
  /** An absent list is a problem too (`notList`). */
  required?: boolean;
  /** Every entry must pass, else the whole list is `notList`. */
  items?: (item: unknown) => boolean;
  /** The problem of one entry, a line of its own (`[index]: …` names the entry). */
  entry?: (item: unknown, index: number) => string | undefined;
  /** A problem of the list as a whole. */
  whole?: (list: unknown[]) => string | undefined;
}

/** A list option: every problem of its entries, one a line. @internal */
export function IsOptionList(rule: OptionListRule): PropertyDecorator {
  const problems = (value: unknown): string[] => {
    if (!present(value) && !rule.required) return [];
    if (!Array.isArray(value) || (!rule.allowEmpty && value.length === 0) || (rule.items && !value.every(rule.items))) return [rule.notList];
    const lines = value.map((item, index) => rule.entry?.(item, index));
    return [...lines, rule.whole?.(value)].filter((line): line is string => line !== undefined);
  };
  return ValidateBy({ name: rule.name, validator: { validate: (value) => problems(value).length === 0, defaultMessage: (args?: ValidationArguments) => problems(args?.value).join('\n') } });
}

/** A list of `choices`, each other entry named with `unknown(entry)`. @internal */
export function IsOptionListOf(choices: readonly string[], unknown: (entry: unknown) => string): PropertyDecorator {
  return IsOptionList({ name: 'isOptionListOf', notList: 'must be a non-empty array', entry: (item) => (choices.includes(item as string) ? undefined : unknown(item)) });
}

/** An option that must be given. @internal */
export function IsRequiredOption(message: string): PropertyDecorator {
  return ValidateBy({ name: 'isRequiredOption', validator: { validate: present, defaultMessage: () => message } });
}

/** An absolute URL the `accepts` check passes (http(s) by default). @internal */
export function IsOptionUrl(message: string, accepts: (url: URL) => boolean = isHttp): PropertyDecorator {
  return ValidateBy({ name: 'isOptionUrl', validator: { validate: (value) => typeof value !== 'string' || value === '' || urlPasses(value, accepts), defaultMessage: () => message } });
}

/** A cross-field rule: this number is not below the number `other` (when both are numbers). @internal */
export function NotBelowOption(other: string, message: (min: number) => string): PropertyDecorator {
  const min = (args?: ValidationArguments) => (args?.object as Record<string, unknown>)[other];
  return ValidateBy({
    name: 'notBelowOption',
    validator: {
      validate: (value, args) => typeof value !== 'number' || typeof min(args) !== 'number' || value >= (min(args) as number),
      defaultMessage: (args) => message(min(args) as number),
    },
  });
}

/** A random value's length in base64url characters, refused below 128 bits. @internal */
export function CarriesAtLeast128Bits(): PropertyDecorator {
  return ValidateBy({
    name: 'carriesAtLeast128Bits',
    validator: {
      validate: (value) => typeof value !== 'number' || value >= MIN_RANDOM_CHARACTERS,
      defaultMessage: (args?: ValidationArguments) => {
        const length = args?.value as number;
        return `${length} characters carry ${length * 6} bits; at least 128 bits (${MIN_RANDOM_CHARACTERS} characters) are required`;
      },
    },
  });
}

/** A string matching `pattern` (the type rule below it names any other value). @internal */
export function IsOptionMatching(pattern: RegExp, message = `must match ${pattern.source}`): PropertyDecorator {
  return ValidateBy({
    name: 'isOptionMatching',
    validator: { validate: (value) => typeof value !== 'string' || value === '' || pattern.test(value), defaultMessage: () => message },
  });
}

/** A cross-field rule: this option means nothing without `other`. @internal */
export function NeedsOption(other: string): PropertyDecorator {
  return ValidateBy({
    name: 'needsOption',
    validator: { validate: (value, args) => value === undefined || (args?.object as Record<string, unknown>)[other] !== undefined, defaultMessage: () => `needs ${other}` },
  });
}

/** A cross-field rule: this flag may be on only while the flag `other` is not off. @internal */
export function NeedsOptionOn(other: string, message: string): PropertyDecorator {
  return ValidateBy({
    name: 'needsOptionOn',
    validator: { validate: (value, args) => value !== true || (args?.object as Record<string, unknown>)[other] !== false, defaultMessage: () => message },
  });
}

/** An array of absolute http(s) URLs. @internal */
export function IsHttpUrlArray(): PropertyDecorator {
  return IsOptionList({ name: 'isHttpUrlArray', notList: 'must be an array of absolute http(s) URLs', allowEmpty: true, items: (url) => typeof url === 'string' && urlPasses(url, isHttp) });
}

const isHttp = (url: URL) => ['http:', 'https:'].includes(url.protocol);

function urlPasses(value: string, accepts: (url: URL) => boolean): boolean {
  try {
    return accepts(new URL(value));
  } catch {
    return false;
  }
}

/** A string of at least `min` characters (a secret that cannot be guessed). @internal */
export function IsOptionLongEnough(min: number, message = `must be at least ${min} characters`): PropertyDecorator {
  return ValidateBy({ name: 'isOptionLongEnough', validator: { validate: (value) => typeof value !== 'string' || value.length >= min, defaultMessage: () => message } });
}

/** A plain URL path (leading and trailing slashes do not count), named in the message. @internal */
export function IsOptionPath(): PropertyDecorator {
  const PATH = /^[A-Za-z0-9_.~-]+(\/[A-Za-z0-9_.~-]+)*$/;
  return ValidateBy({
    name: 'isOptionPath',
    validator: {
      validate: (value) => typeof value !== 'string' || PATH.test(trimSlashes(value)),
      defaultMessage: (args?: ValidationArguments) => `"${trimSlashes(String(args?.value))}" is not a plain URL path`,
    },
  });
}

/** `/tech-clients/` and `tech-clients` are the same path. @internal */
export function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

/**
 * The default scope must be a valid scope string whose every token passes the scope patterns in
 * `patterns` (the default ones while those are wrong): a default outside the ceiling is a
 * configuration mistake, refused at start-up rather than silently filtered on every registration.
 * @internal
 */
export function IsDefaultScopeWithin(patterns: string, fallback: readonly string[]): PropertyDecorator {
  const problem = (value: unknown, owner: Record<string, unknown>): string | undefined => {
    if (typeof value !== 'string' || value === '') return undefined;
    if (!isScopeSyntax(value)) return 'must be scope tokens separated by single spaces (RFC 6749 §3.3)';
    const given = owner[patterns];
    const sources = Array.isArray(given) && given.length > 0 && given.every((source) => regexProblem(source) === undefined) ? (given as string[]) : fallback;
    const allowed = sources.map((source) => LinearRegex.compile(source));
    const outside = scopeTokens(value).filter((token) => !allowed.some((pattern) => pattern.matchesWhole(token)));
    return outside.length ? `${outside.map((token) => JSON.stringify(token)).join(', ')} not allowed by processors.scope.${patterns}` : undefined;
  };
  return ValidateBy({
    name: 'isDefaultScopeWithin',
    validator: {
      validate: (value, args) => problem(value, args?.object as Record<string, unknown>) === undefined,
      defaultMessage: (args?: ValidationArguments) => problem(args?.value, args?.object as Record<string, unknown>) ?? '',
    },
  });
}

/** An ISO 8601 date-time (the type rule below it names any other value). @internal */
export function IsOptionDateTime(): PropertyDecorator {
  return ValidateBy({ name: 'isOptionDateTime', validator: { validate: (value) => typeof value !== 'string' || !Number.isNaN(Date.parse(value)), defaultMessage: () => 'must be an ISO 8601 date-time' } });
}

/** A cross-field rule: this list may not be empty while the flag `flag` is `true`. @internal */
export function NeedsEntriesWhen(flag: string, message: string): PropertyDecorator {
  return ValidateBy({
    name: 'needsEntriesWhen',
    validator: {
      validate: (value, args) => (args?.object as Record<string, unknown>)[flag] !== true || (Array.isArray(value) && value.length > 0),
      defaultMessage: () => message,
    },
  });
}

/** A JWK Set with at least one key, and public keys only. @internal */
export function IsPublicJwkSet(): PropertyDecorator {
  const problem = (value: unknown): string | undefined => {
    if (!present(value)) return undefined;
    const keys = (value as { keys?: unknown } | null)?.keys;
    if (typeof value !== 'object' || !Array.isArray(keys) || keys.length === 0) return 'must be a JWK Set ({ "keys": [ … ] }) with at least one key';
    const secret = keys.some((key) => typeof key === 'object' && key !== null && ('d' in key || 'k' in key));
    return secret ? 'must hold public keys only (a private or symmetric key was given)' : undefined;
  };
  return ValidateBy({ name: 'isPublicJwkSet', validator: { validate: (value) => problem(value) === undefined, defaultMessage: (args?: ValidationArguments) => problem(args?.value) ?? '' } });
}
