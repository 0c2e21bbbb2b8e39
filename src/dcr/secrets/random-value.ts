import { randomBytes } from 'node:crypto';

/**
 * A CSPRNG string of `length` base64url characters (6 bits each).
 * @publicApi
 */
export function randomBase64Url(length: number): string {
  return randomBytes(Math.ceil((length * 3) / 4)).toString('base64url').slice(0, length);
}
