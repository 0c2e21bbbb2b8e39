import { InvalidRequestError } from '../errors/dcr.error';
import { CLIENT_ID_MAX_LENGTH, CONTROL_CHARACTERS, CONTROL_CHARACTERS_BUT_LINES } from '../vocabulary/client-vocabulary';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** @internal */
export interface TextRule {
  max: number;
  /** Allow tab, CR and LF (descriptions). */
  multiline?: boolean;
  /** Refuse a value of only white space. */
  nonBlank?: boolean;
}

/** The admin attributes' text rules, shared by the request classes and the services. @internal */
export const ADMIN_TEXT = {
  displayName: { max: 200, nonBlank: true },
  label: { max: 200, nonBlank: true },
  description: { max: 1000, multiline: true },
  lockReason: { max: 500, nonBlank: true },
} as const satisfies Record<string, TextRule>;

/**
 * What is wrong with an admin input string, or `undefined`: a string of 1 to `max` characters,
 * without control characters or lone surrogates (PostgreSQL refuses U+0000, and both would reach
 * logs and other systems). The request classes' `@IsAdminText` and `requireText` share it.
 * @internal
 */
export function textProblem(value: unknown, rule: TextRule): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length === 0) return 'must not be empty';
  if (value.length > rule.max) return `must be at most ${rule.max} characters`;
  if ((rule.multiline ? CONTROL_CHARACTERS_BUT_LINES : CONTROL_CHARACTERS).test(value)) return 'must not contain control characters';
  if (LONE_SURROGATE.test(value)) return 'must not contain a lone surrogate';
  if (rule.nonBlank && value.trim().length === 0) return 'must not be blank';
  return undefined;
}

/** `textProblem` as `invalid_request` naming the field. @internal */
export function requireText(value: unknown, field: string, rule: TextRule): string {
  const problem = textProblem(value, rule);
  if (problem !== undefined) throw new InvalidRequestError(`${field}: ${problem}`);
  return value as string;
}

/** `requireText`, or null for null. @internal */
export function optionalText(value: unknown, field: string, rule: TextRule): string | null {
  return value === null ? null : requireText(value, field, rule);
}

/** What is wrong with an integer that must lie within bounds, or `undefined`. @internal */
export function integerProblem(value: unknown, min: number, max: number): string | undefined {
  const fits = typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
  return fits ? undefined : `must be an integer from ${min} to ${max}`;
}

/** An integer within bounds, or `invalid_request`. @internal */
export function requireInteger(value: unknown, field: string, min: number, max: number): number {
  const problem = integerProblem(value, min, max);
  if (problem !== undefined) throw new InvalidRequestError(`${field}: ${problem}`);
  return value as number;
}

/** A plain JSON object (not null, not an array), or `invalid_request`. @internal */
export function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidRequestError(`${field}: must be a JSON object`);
  return value as Record<string, unknown>;
}

/** A client-supplied name, shortened and JSON-quoted for an error description. @internal */
export function quote(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(short.replace(new RegExp(CONTROL_CHARACTERS.source, 'g'), '?'));
}

/** Identifier of a technical client in a path or filter. @internal */
export function requireClientId(value: unknown, field = 'id'): string {
  return requireText(value, field, { max: CLIENT_ID_MAX_LENGTH });
}
