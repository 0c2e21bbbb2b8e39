import { bodyAlreadyRead, DcrHttpRequest } from '../http/http-request';
import { InvalidRequestError } from '../errors/dcr.error';
import { TokenRequestBodyError } from '../errors/token-endpoint.error';
import { drain, readAtMost } from '../registration/json-body.reader';
import { formPairs } from './form-decode';

/** Limits of a token request body. @publicApi */
export const FORM_BODY_LIMITS = {
  /** A token request is a few short parameters; a client assertion JWT still fits. */
  maxBodyBytes: 16 * 1024,
  maxParameters: 50,
} as const;

/** Parameters of a form body: one string per name, no prototype. @publicApi */
export type FormParameters = Readonly<Record<string, string>>;

const FORM_MEDIA_TYPE = /^application\/x-www-form-urlencoded\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * Reads an RFC 6749 token request body (application/x-www-form-urlencoded, UTF-8; RFC 6749 §3.2)
 * within `maxBodyBytes`: 415 for another media type, 413 when larger, 400 `invalid_request` for
 * broken encoding or a repeated parameter (RFC 6749 §3.2: parameters MUST NOT be included more
 * than once). Parameters without a value count as omitted (RFC 6749 §3.1). When a host's global
 * body parser already read the body, its result is checked the same way.
 * @publicApi
 */
export async function readFormBody(request: DcrHttpRequest, maxBodyBytes: number = FORM_BODY_LIMITS.maxBodyBytes): Promise<FormParameters> {
  const contentType = request.headers['content-type'];
  if (!contentType || !FORM_MEDIA_TYPE.test(contentType.trim())) {
    throw new TokenRequestBodyError('the request body must be application/x-www-form-urlencoded', 415);
  }
  // Made only when needed: an Error captures a stack trace, which costs on every request.
  const tooLarge = () => new TokenRequestBodyError(`the request body must not exceed ${maxBodyBytes} bytes`, 413);
  if (Number(request.headers['content-length']) > maxBodyBytes) {
    drain(request);
    throw tooLarge();
  }
  if (bodyAlreadyRead(request)) return fromParsedBody(request.body);

  const raw = await readAtMost(request, maxBodyBytes);
  if (raw === undefined) throw tooLarge();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new InvalidRequestError('the request body is not valid UTF-8');
  }
  return parseForm(text);
}

/** Parses form-encoded text strictly (see `readFormBody`). @publicApi */
export function parseForm(text: string): FormParameters {
  const pairs = formPairs(text);
  if (pairs === undefined) throw new InvalidRequestError('the request body is not valid application/x-www-form-urlencoded');
  const parameters: Record<string, string> = Object.create(null);
  for (const [name, value] of pairs) add(parameters, name, value);
  return parameters;
}

/** A body read by the host's parser: `qs` or `querystring` turn repeats into arrays and `a[b]` into objects. */
function fromParsedBody(body: unknown): FormParameters {
  const parameters: Record<string, string> = Object.create(null);
  if (body === undefined || body === null) return parameters;
  if (typeof body !== 'object') throw new InvalidRequestError('the request body is not valid application/x-www-form-urlencoded');
  for (const [name, value] of Object.entries(body)) {
    if (Array.isArray(value)) throw repeated(name);
    if (typeof value !== 'string') throw new InvalidRequestError(`parameter "${shown(name)}" must be a plain string`);
    add(parameters, name, value);
  }
  return parameters;
}

function add(parameters: Record<string, string>, name: string, value: string): void {
  if (name === '' || value === '') return;
  if (Object.hasOwn(parameters, name)) throw repeated(name);
  if (Object.keys(parameters).length >= FORM_BODY_LIMITS.maxParameters) {
    throw new InvalidRequestError(`the request has more than ${FORM_BODY_LIMITS.maxParameters} parameters`);
  }
  parameters[name] = value;
}

function repeated(name: string): InvalidRequestError {
  return new InvalidRequestError(`parameter "${shown(name)}" is included more than once (RFC 6749 §3.2)`);
}

/** A parameter name as it may appear in an error description: short and printable. */
function shown(name: string): string {
  const printable = name.replace(/[^\x20-\x7E]/g, '?');
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}
