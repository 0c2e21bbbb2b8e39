/**
 * What a client may register as its keys for `private_key_jwt` (RFC 7591 §2 `jwks`, or the
 * document at its `jwks_uri`): a JWK Set (RFC 7517 §5) of public asymmetric keys only.
 */

/** JWS algorithms of asymmetric keys (RFC 7518 §3.1, RFC 8037). `none` and HS* are never among them. @internal */
export const ASYMMETRIC_JWS_ALGORITHMS: readonly string[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Key types that carry public keys. `oct` (a shared secret) never does. */
const PUBLIC_KEY_TYPES = ['RSA', 'EC', 'OKP'];

/** RFC 7518 §6.2.2, §6.3.2 and RFC 8037 §2: members only a private or symmetric key has. @internal */
export const PRIVATE_KEY_MEMBERS: readonly string[] = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** Limits on a client's JWK Set. @internal */
export interface JwksLimits {
  maxKeys: number;
  /** Largest JSON serialisation, in bytes. */
  maxBytes: number;
}

/**
 * Why `value` is not a JWK Set of public asymmetric keys within `limits`, or undefined when it is.
 * The reason never quotes key material.
 * @internal
 */
export function publicJwksProblem(value: unknown, limits: JwksLimits): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'must be a JWK Set (a JSON object with "keys")';
  const keys = (value as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) return 'must have a non-empty "keys" array';
  if (keys.length > limits.maxKeys) return `holds ${keys.length} keys; at most ${limits.maxKeys} are accepted`;
  if (Buffer.byteLength(JSON.stringify(value)) > limits.maxBytes) return `is larger than ${limits.maxBytes} bytes`;
  const kids = new Set<string>();
  for (const [index, key] of keys.entries()) {
    const at = `keys[${index}]`;
    if (key === null || typeof key !== 'object' || Array.isArray(key)) return `${at} must be a JWK (a JSON object)`;
    const jwk = key as Record<string, unknown>;
    const privateMember = PRIVATE_KEY_MEMBERS.find((member) => Object.hasOwn(jwk, member));
    if (privateMember !== undefined) return `${at} holds the private member "${privateMember}"; register public keys only`;
    if (jwk.kty === 'oct') return `${at} is a symmetric ("oct") key; register public keys only`;
    if (typeof jwk.kty !== 'string' || !PUBLIC_KEY_TYPES.includes(jwk.kty)) return `${at}.kty must be one of ${PUBLIC_KEY_TYPES.join(', ')}`;
    if (jwk.use !== undefined && jwk.use !== 'sig') return `${at}.use must be "sig" when present`;
    if (jwk.alg !== undefined && (typeof jwk.alg !== 'string' || !ASYMMETRIC_JWS_ALGORITHMS.includes(jwk.alg))) return `${at}.alg must be an asymmetric JWS algorithm`;
    if (jwk.kid !== undefined) {
      if (typeof jwk.kid !== 'string' || jwk.kid === '') return `${at}.kid must be a non-empty string`;
      if (kids.has(jwk.kid)) return `${at}.kid is not unique in the set`;
      kids.add(jwk.kid);
    }
  }
  return undefined;
}
