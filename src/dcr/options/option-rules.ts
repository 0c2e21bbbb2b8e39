import { ValidateBy, ValidationArguments } from '../validation/class-validator';
import { LinearRegex } from '../regex/linear-regex';
import { MIN_RANDOM_CHARACTERS } from './option-defaults';

/*
 * The module options' rules as `class-validator` decorators, worded as `OptionReader` words them
 * (the messages carry no path: `optionProblems` puts the option's path in front). An absent
 * option is never checked: its class gives the default. Decorators run bottom-up: the type rule
 * sits at the bottom, the finer rules above it.
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
  const problem = (value: unknown): string | undefined => {
    if (!present(value)) return undefined;
    if (typeof value !== 'string' || value.length === 0) return 'must be a non-empty regular expression string';
    try {
      LinearRegex.compile(value);
      return undefined;
    } catch (error) {
      return `invalid regular expression /${value}/: ${(error as Error).message}`;
    }
  };
  return ValidateBy({ name: 'isLinearRegex', validator: { validate: (value) => problem(value) === undefined, defaultMessage: (args?: ValidationArguments) => problem(args?.value) ?? '' } });
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

/** An array of absolute http(s) URLs. @internal */
export function IsHttpUrlArray(): PropertyDecorator {
  const valid = (value: unknown) => Array.isArray(value) && value.every((url) => typeof url === 'string' && isHttpUrl(url));
  return ValidateBy({ name: 'isHttpUrlArray', validator: { validate: (value) => !present(value) || valid(value), defaultMessage: () => 'must be an array of absolute http(s) URLs' } });
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** A string of at least `min` characters (a secret that cannot be guessed). @internal */
export function IsOptionLongEnough(min: number): PropertyDecorator {
  return ValidateBy({ name: 'isOptionLongEnough', validator: { validate: (value) => typeof value !== 'string' || value.length >= min, defaultMessage: () => `must be at least ${min} characters` } });
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
