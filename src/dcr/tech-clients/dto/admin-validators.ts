import { ValidateBy, ValidateIf, ValidationOptions } from '../../validation/class-validator';
import { integerProblem, TextRule, textProblem } from '../admin-input.rules';

/**
 * The admin API's rules as `class-validator` decorators. Their messages carry no field name:
 * `validationProblems` puts the member's path in front (`label: must be a string`), the same
 * words `requireText` and `requireInteger` give a host that calls the services directly.
 */

/** Absent (`undefined`) skips the member's other rules; `null` does not, so it is refused as a value. @internal */
export function MayBeAbsent(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/** Present, `null` included (which the member's type rule then refuses with a precise message). @internal */
export function IsPresent(): PropertyDecorator {
  return ValidateBy({ name: 'isPresent', validator: { validate: (value) => value !== undefined, defaultMessage: () => 'required' } });
}

/** An admin input string (`textProblem`); with `nullable`, `null` too (it removes the value). @internal */
export function IsAdminText(rule: TextRule, options: { nullable?: boolean } = {}): PropertyDecorator {
  const problem = (value: unknown) => (options.nullable && value === null ? undefined : textProblem(value, rule));
  return ValidateBy({ name: 'isAdminText', validator: { validate: (value) => problem(value) === undefined, defaultMessage: (args) => problem(args?.value) ?? '' } });
}

/** A JSON number that is an integer from `min` to `max`. @internal */
export function IsAdminInteger(min: number, max: number): PropertyDecorator {
  return ValidateBy({ name: 'isAdminInteger', validator: { validate: (value) => integerProblem(value, min, max) === undefined, defaultMessage: () => `must be an integer from ${min} to ${max}` } });
}

/** A JSON object: not null, not an array. @internal */
export function IsJsonObject(options?: ValidationOptions): PropertyDecorator {
  const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);
  return ValidateBy({ name: 'isJsonObject', validator: { validate: isObject, defaultMessage: () => 'must be a JSON object' } }, options);
}
