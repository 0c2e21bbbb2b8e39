/**
 * The words every part of the module uses about a client: its id, its scope, its authentication
 * method and the text it may carry. Processors, authentication, the admin API and persistence
 * import these; nothing here imports a feature.
 */

/** Longest `client_id`: the `tech_client.id` column. @publicApi */
export const CLIENT_ID_MAX_LENGTH = 128;

/** Methods whose clients hold a `client_secret` (reference rule). @publicApi */
export const SECRET_AUTH_METHODS: readonly string[] = ['client_secret_basic', 'client_secret_post'];

/** RFC 8705 §2: mutual-TLS methods, whose clients authenticate with a certificate (no secret). @publicApi */
export const MTLS_AUTH_METHODS: readonly string[] = ['tls_client_auth', 'self_signed_tls_client_auth'];

/**
 * RFC 8705 §2.1.2: the metadata naming a `tls_client_auth` client's certificate; a client
 * registers exactly one of them.
 * @publicApi
 */
export const TLS_CLIENT_AUTH_FIELDS = [
  'tls_client_auth_subject_dn',
  'tls_client_auth_san_dns',
  'tls_client_auth_san_uri',
  'tls_client_auth_san_ip',
  'tls_client_auth_san_email',
] as const;

/** One of `TLS_CLIENT_AUTH_FIELDS`. @publicApi */
export type TlsClientAuthField = (typeof TLS_CLIENT_AUTH_FIELDS)[number];

/** True for a mutual-TLS method (RFC 8705 §2). @internal */
export function isMtlsAuthMethod(method: string | null | undefined): boolean {
  return method !== null && method !== undefined && MTLS_AUTH_METHODS.includes(method);
}

/**
 * C0 and C1 control characters, DEL, and U+2028/2029 (line breaks that split log lines).
 * PostgreSQL refuses U+0000 in text; none of these belongs in a name, id or URI.
 * @internal
 */
export const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
/** `CONTROL_CHARACTERS` except tab, CR and LF, for multi-line text (descriptions). @internal */
export const CONTROL_CHARACTERS_BUT_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/;

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), separated by single spaces.
const SCOPE_SYNTAX = /^[\x21\x23-\x5B\x5D-\x7E]+(?: [\x21\x23-\x5B\x5D-\x7E]+)*$/;

/** True when `text` holds a control character (see `CONTROL_CHARACTERS`). @internal */
export function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

/** A presented client id that could be stored: not too long, no control character, valid Unicode. @internal */
export function isPlausibleClientId(clientId: string): boolean {
  return clientId.length <= CLIENT_ID_MAX_LENGTH && !hasControlCharacter(clientId) && clientId.isWellFormed();
}

/** True for a well-formed RFC 6749 §3.3 scope string (tokens separated by single spaces). @internal */
export function isScopeSyntax(scope: string): boolean {
  return SCOPE_SYNTAX.test(scope);
}

/** The distinct values of a space-separated scope string, in order of first appearance. @internal */
export function scopeTokens(scope: string): string[] {
  return [...new Set(scope.split(' ').filter(Boolean))];
}

/** True when a client with this method holds a secret. @internal */
export function isSecretAuthMethod(method: string | null | undefined): boolean {
  return method !== null && method !== undefined && SECRET_AUTH_METHODS.includes(method);
}

/** What a stored client says about how it authenticates. @internal */
export interface StoredAuthentication {
  tokenEndpointAuthMethod: string | null;
  /** Whether the client holds a secret; omitted when the caller cannot know (RFC 7591 §2 default applies). */
  hasSecret?: boolean;
}

/**
 * The token endpoint auth method a stored client authenticates with. When it registered none,
 * RFC 7591 §2 says `client_secret_basic`; a client stored without a secret (registered while no
 * auth method processor ran) can only be `none`.
 * @internal
 */
export function registeredAuthMethod(client: StoredAuthentication): string {
  return client.tokenEndpointAuthMethod ?? (client.hasSecret === false ? 'none' : 'client_secret_basic');
}

/** `client_name` and every `client_name#<language>` of registered metadata. @internal */
export function clientNamesOf(metadata: Record<string, unknown>): string[] {
  return Object.entries(metadata)
    .filter(([field, value]) => (field === 'client_name' || field.startsWith('client_name#')) && typeof value === 'string')
    .map(([, value]) => value as string);
}

/** The grant types the module can register, with the `grants` option that enables each. @internal */
export const GRANT_OPTION = {
  authorization_code: 'authorizationCode',
  implicit: 'implicit',
  client_credentials: 'clientCredentials',
  refresh_token: 'refreshToken',
} as const;
