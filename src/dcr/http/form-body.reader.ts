import { InvalidRequestError } from '../errors/dcr.error';
import { TokenRequestBodyError } from '../errors/token-endpoint.error';
import type { BodyErrorFactory } from './body-error';
import { drain, readAtMost, utf8Text } from './bounded-body';
import { formPairs } from './form-decode';
import { bodyAlreadyRead, DcrHttpRequest } from './http-request';

/** Limits of a token request body. @publicApi */
export const FORM_BODY_LIMITS = {
  /** A token request is a few short parameters; a client assertion JWT still fits. */
  maxBodyBytes: 16 * 1024,
  maxParameters: 50,
} as const;

/** Parameters of a form body: one string per name, no prototype. @publicApi */
export type FormParameters = Readonly<Record<string, string>>;

/** How a form body is read. @publicApi */
export interface FormBodyOptions {
  /** Largest body in bytes. @default FORM_BODY_LIMITS.maxBodyBytes */
  maxBytes?: number;
  /** The endpoint's error for each problem. @default RFC 6749 §5.2 `invalid_request` (413 and 415 with their status) */
  error?: BodyErrorFactory;
}

/** RFC 6749 §5.2: a token endpoint names every body problem `invalid_request`. */
const tokenRequestBodyError: BodyErrorFactory = (description, status) =>
  status === 400 ? new InvalidRequestError(description) : new TokenRequestBodyError(description, status);

const FORM_MEDIA_TYPE = /^application\/x-www-form-urlencoded\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * Reads an RFC 6749 token request body (application/x-www-form-urlencoded, UTF-8; RFC 6749 §3.2)
 * within `maxBodyBytes`: 415 for another media type, 413 when larger, 400 `invalid_request` for
 * broken encoding or a repeated parameter (RFC 6749 §3.2: parameters MUST NOT be included more
 * than once). Parameters without a value count as omitted (RFC 6749 §3.1). When a host's global
 * body parser already read the body, its result is checked the same way.
 * @publicApi
 */
export async function readFormBody(request: DcrHttpRequest, options: FormBodyOptions = {}): Promise<FormParameters> {
  const { maxBytes = FORM_BODY_LIMITS.maxBodyBytes, error = tokenRequestBodyError } = options;
  const contentType = request.headers['content-type'];
  if (!contentType || !FORM_MEDIA_TYPE.test(contentType.trim())) {
    throw error('the request body must be application/x-www-form-urlencoded', 415);
  }
  // Made only when needed: an Error captures a stack trace, which costs on every request.
  const tooLarge = () => error(`the request body must not exceed ${maxBytes} bytes`, 413);
  if (Number(request.headers['content-length']) > maxBytes) {
    drain(request);
    throw tooLarge();
  }
  if (bodyAlreadyRead(request)) return fromParsedBody(request.body, error);

  const raw = await readAtMost(request, maxBytes);
  if (raw === undefined) throw tooLarge();
  const text = utf8Text(raw);
  if (text === undefined) throw error('the request body is not valid UTF-8', 400);
  return parseForm(text, error);
}

/** Parses form-encoded text strictly (see `readFormBody`). @publicApi */
export function parseForm(text: string, error: BodyErrorFactory = tokenRequestBodyError): FormParameters {
  const pairs = formPairs(text);
  if (pairs === undefined) throw error('the request body is not valid application/x-www-form-urlencoded', 400);
  const parameters: Record<string, string> = Object.create(null);
  for (const [name, value] of pairs) add(parameters, name, value, error);
  return parameters;
}

/** A body read by the host's parser: `qs` or `querystring` turn repeats into arrays and `a[b]` into objects. */
function fromParsedBody(body: unknown, error: BodyErrorFactory): FormParameters {
  const parameters: Record<string, string> = Object.create(null);
  if (body === undefined || body === null) return parameters;
  if (typeof body !== 'object') throw error('the request body is not valid application/x-www-form-urlencoded', 400);
  for (const [name, value] of Object.entries(body)) {
    if (Array.isArray(value)) throw repeated(name, error);
    if (typeof value !== 'string') throw error(`parameter "${shown(name)}" must be a plain string`, 400);
    add(parameters, name, value, error);
  }
  return parameters;
}

function add(parameters: Record<string, string>, name: string, value: string, error: BodyErrorFactory): void {
  if (name === '' || value === '') return;
  if (Object.hasOwn(parameters, name)) throw repeated(name, error);
  if (Object.keys(parameters).length >= FORM_BODY_LIMITS.maxParameters) {
    throw error(`the request has more than ${FORM_BODY_LIMITS.maxParameters} parameters`, 400);
  }
  parameters[name] = value;
}

function repeated(name: string, error: BodyErrorFactory): Error {
  return error(`parameter "${shown(name)}" is included more than once (RFC 6749 §3.2)`, 400);
}

/** A parameter name as it may appear in an error description: short and printable. */
function shown(name: string): string {
  const printable = name.replace(/[^\x20-\x7E]/g, '?');
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}
