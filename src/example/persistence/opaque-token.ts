import { createHash, randomBytes } from 'node:crypto';

/** A random bearer value (256 bits, base64url): codes, refresh tokens, form tokens. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database keeps of a bearer value: its SHA-256 (base64url). A plain hash suffices: the
 * values are random and 256 bits long, so nothing can be guessed from a leaked table.
 */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}
