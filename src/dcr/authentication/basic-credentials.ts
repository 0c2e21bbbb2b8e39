import { InvalidRequestError } from '../errors/dcr.error';
import { formDecode } from '../http/form-decode';

/** `client_id` and `client_secret` as sent in an `Authorization: Basic` header. @publicApi */
export interface BasicCredentials {
  clientId: string;
  clientSecret: string;
}

// RFC 7235 §2.1 credentials = auth-scheme [ 1*SP token68 ]; RFC 7617 §2 puts base64 in token68.
const BASIC = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i;
/** Most characters of a header value we decode; a real id and secret take well under 1 KiB. */
const MAX_HEADER_LENGTH = 4096;

/** True when `authorization` uses the Basic scheme (RFC 7235 §2.1: scheme names are case-insensitive). @publicApi */
export function isBasicAuthorization(authorization: string): boolean {
  return /^basic(?: |$)/i.test(authorization.trimStart());
}

/**
 * Parses `Authorization: Basic …` per RFC 6749 §2.3.1: the base64 of `id:secret` (RFC 7617),
 * where id and secret were each application/x-www-form-urlencoded first, so `%3A`, `%2D` and `+`
 * inside them are decoded after the split at the first colon. A header that cannot be decoded is
 * a malformed request (400 `invalid_request`), not a failed authentication: it names no client.
 * @publicApi
 */
export function parseBasicAuthorization(authorization: string): BasicCredentials {
  if (authorization.length > MAX_HEADER_LENGTH) throw malformed('is too long');
  const match = BASIC.exec(authorization.trim());
  if (!match) throw malformed('must be "Basic" followed by base64 credentials');
  const encoded = match[1];
  const bytes = Buffer.from(encoded, 'base64');
  // Node's decoder skips bad padding and stray bits; only a canonical encoding is accepted.
  if (encoded.length % 4 !== 0 || bytes.toString('base64') !== encoded) throw malformed('is not valid base64');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw malformed('is not valid UTF-8');
  }
  const colon = text.indexOf(':');
  if (colon < 0) throw malformed('must hold "client_id:client_secret"');
  const clientId = formDecode(text.slice(0, colon));
  const clientSecret = formDecode(text.slice(colon + 1));
  if (clientId === undefined || clientSecret === undefined) throw malformed('holds an invalid form-urlencoded client_id or client_secret');
  if (clientId.length === 0) throw malformed('holds an empty client_id');
  return { clientId, clientSecret };
}

function malformed(problem: string): InvalidRequestError {
  return new InvalidRequestError(`the Authorization header ${problem} (RFC 6749 §2.3.1)`);
}
