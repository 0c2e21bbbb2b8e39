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

/**
 * Checks an admin input string: a string of 1 to `max` characters, without control characters or
 * lone surrogates (PostgreSQL refuses U+0000, and both would reach logs and other systems).
 * Throws `invalid_request` naming the field.
 * @internal
 */
export function requireText(value: unknown, field: string, rule: TextRule): string {
  if (typeof value !== 'string') throw new InvalidRequestError(`${field}: must be a string`);
  if (value.length === 0) throw new InvalidRequestError(`${field}: must not be empty`);
  if (value.length > rule.max) throw new InvalidRequestError(`${field}: must be at most ${rule.max} characters`);
  if ((rule.multiline ? CONTROL_CHARACTERS_BUT_LINES : CONTROL_CHARACTERS).test(value)) throw new InvalidRequestError(`${field}: must not contain control characters`);
  if (LONE_SURROGATE.test(value)) throw new InvalidRequestError(`${field}: must not contain a lone surrogate`);
  if (rule.nonBlank && value.trim().length === 0) throw new InvalidRequestError(`${field}: must not be blank`);
  return value;
}

/** `requireText`, or null for null. @internal */
export function optionalText(value: unknown, field: string, rule: TextRule): string | null {
  return value === null ? null : requireText(value, field, rule);
}

/** An integer within bounds, or `invalid_request`. @internal */
export function requireInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvalidRequestError(`${field}: must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** A plain JSON object (not null, not an array), or `invalid_request`. @internal */
export function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidRequestError(`${field}: must be a JSON object`);
  return value as Record<string, unknown>;
}

/** Refuses members other than `allowed`, so a typo never passes silently. @internal */
export function allowOnly(object: Record<string, unknown>, allowed: readonly string[], field: string): void {
  const unknown = Object.keys(object).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    throw new InvalidRequestError(`${field}: unknown member ${quote(unknown)} (allowed: ${allowed.join(', ')})`);
  }
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
