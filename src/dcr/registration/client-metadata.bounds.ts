import { InvalidClientMetadataError, InvalidRedirectUriError } from '../errors/dcr.error';
import { hasControlCharacter } from '../vocabulary/client-vocabulary';

/** Limits applied to every registration body before any processor sees it. @publicApi */
export const METADATA_LIMITS = {
  maxBodyBytes: 64 * 1024,
  maxDepth: 6,
  maxKeys: 100,
  maxKeyLength: 100,
  maxArrayLength: 100,
  maxStringLength: 4096,
  /** Signed software statements (RFC 7591 §2.3) may be longer than any other string. */
  maxStatementLength: 32 * 1024,
} as const;

type JsonType = 'string' | 'string[]' | 'object';

/**
 * JSON types of the metadata fields the module knows (RFC 7591 §2, OIDC Registration §2). A
 * wrong type is always rejected, whether or not a processor handles the field.
 */
const FIELD_TYPES: Record<string, JsonType> = {
  redirect_uris: 'string[]',
  token_endpoint_auth_method: 'string',
  grant_types: 'string[]',
  response_types: 'string[]',
  client_name: 'string',
  client_uri: 'string',
  logo_uri: 'string',
  scope: 'string',
  contacts: 'string[]',
  tos_uri: 'string',
  policy_uri: 'string',
  jwks_uri: 'string',
  token_endpoint_auth_methods_supported: 'string[]',
  jwks: 'object',
  software_id: 'string',
  software_version: 'string',
  software_statement: 'string',
  application_type: 'string',
  client_id: 'string',
  client_secret: 'string',
  tls_client_auth_subject_dn: 'string',
  tls_client_auth_san_dns: 'string',
  tls_client_auth_san_uri: 'string',
  tls_client_auth_san_ip: 'string',
  tls_client_auth_san_email: 'string',
};

/** Values the server assigns; a client may not choose them on registration (RFC 7591 §3.2.1). */
const SERVER_ASSIGNED = ['client_id', 'client_secret', 'client_id_issued_at', 'client_secret_expires_at', 'registration_access_token', 'registration_client_uri'];

/** Member names that reach object prototypes in careless code downstream (hosts, interceptors). */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);


/**
 * Checks the parsed body's shape: a plain object within the size caps, with well-formed strings
 * and the right JSON type for every known field. Throws `invalid_client_metadata` naming the
 * offending field.
 * @publicApi
 */
export function assertClientMetadataShape(body: unknown, serverAssigned: readonly string[] = SERVER_ASSIGNED): asserts body is Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidClientMetadataError('the request body must be a JSON object');
  }
  checkValue(body, '', 0);
  for (const [field, value] of Object.entries(body)) {
    if (serverAssigned.includes(field)) throw new InvalidClientMetadataError(`${field}: assigned by the server; it cannot be sent`);
    const base = field.split('#')[0];
    const type = Object.hasOwn(FIELD_TYPES, base) ? FIELD_TYPES[base] : undefined;
    if (type && !hasType(value, type)) throw new InvalidClientMetadataError(`${field}: must be ${describe(type)}`);
  }
}

function checkValue(value: unknown, path: string, depth: number): void {
  if (depth > METADATA_LIMITS.maxDepth) throw new InvalidClientMetadataError(`${path}: nested too deeply`);
  if (typeof value === 'string') {
    const max = path === 'software_statement' ? METADATA_LIMITS.maxStatementLength : METADATA_LIMITS.maxStringLength;
    if (value.length > max) throw new (errorClassOf(path))(`${path}: longer than ${max} characters`);
    checkText(value, path);
  } else if (Array.isArray(value)) {
    if (value.length > METADATA_LIMITS.maxArrayLength) {
      throw new InvalidClientMetadataError(`${path}: more than ${METADATA_LIMITS.maxArrayLength} entries`);
    }
    value.forEach((item, index) => checkValue(item, `${path}[${index}]`, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length > METADATA_LIMITS.maxKeys) throw new InvalidClientMetadataError(`${path || 'body'}: more than ${METADATA_LIMITS.maxKeys} members`);
    for (const key of keys) {
      const child = path ? `${path}.${key}` : key;
      if (key.length === 0 || key.length > METADATA_LIMITS.maxKeyLength) {
        throw new InvalidClientMetadataError(`${path || 'body'}: member names must be 1 to ${METADATA_LIMITS.maxKeyLength} characters`);
      }
      checkText(key, path || 'body');
      if (PROTOTYPE_KEYS.has(key)) throw new InvalidClientMetadataError(`${path || 'body'}: member name "${key}" is not allowed`);
      checkValue((value as Record<string, unknown>)[key], child, depth + 1);
    }
  }
}

function checkText(text: string, path: string): void {
  if (hasControlCharacter(text)) throw new (errorClassOf(path))(`${path}: control characters are not allowed`);
  if (!text.isWellFormed()) throw new (errorClassOf(path))(`${path}: contains a lone surrogate (not valid Unicode)`);
}

/** RFC 7591 §3.2.2: a problem with one of the redirect URIs is `invalid_redirect_uri`, whatever it is. */
function errorClassOf(path: string): typeof InvalidClientMetadataError | typeof InvalidRedirectUriError {
  return path.startsWith('redirect_uris[') ? InvalidRedirectUriError : InvalidClientMetadataError;
}

function hasType(value: unknown, type: JsonType): boolean {
  if (type === 'string') return typeof value === 'string';
  if (type === 'string[]') return Array.isArray(value) && value.every((item) => typeof item === 'string');
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(type: JsonType): string {
  return type === 'string' ? 'a string' : type === 'string[]' ? 'an array of strings' : 'a JSON object';
}
