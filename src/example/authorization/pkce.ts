import { createHash, timingSafeEqual } from 'node:crypto';

/** RFC 7636 §4.2: BASE64URL(SHA256(verifier)), 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * Why the PKCE parameters of an authorization request are refused, or undefined. Only S256 is
 * accepted: `plain` and a missing method (which RFC 7636 §4.3 reads as `plain`) are refused, and
 * so is a request without a challenge (OAuth 2.1 requires PKCE for every client).
 */
export function pkceProblem(challenge: string | undefined, method: string | undefined): string | undefined {
  if (challenge === undefined) return 'code_challenge is required (PKCE, RFC 7636)';
  if (method !== 'S256') return 'code_challenge_method must be S256 (plain is not accepted)';
  if (!S256_CHALLENGE.test(challenge)) return 'code_challenge must be 43 base64url characters (RFC 7636 §4.2)';
  return undefined;
}

/** RFC 7636 §4.6: the verifier hashes to the challenge (compared in constant time). */
export function verifierMatches(verifier: string, challenge: string): boolean {
  if (!VERIFIER.test(verifier)) return false;
  const computed = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
