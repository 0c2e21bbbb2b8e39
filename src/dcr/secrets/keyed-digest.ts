import { createHmac } from 'node:crypto';

/** Version prefix of the digest format, so a later key or algorithm can live beside this one. */
export const DIGEST_VERSION = 'v1';

/** `v1:` + base64url(HMAC-SHA-256(key, value)). @internal */
export function keyedDigest(key: string | Buffer, value: string): string {
  return `${DIGEST_VERSION}:${createHmac('sha256', key).update(value, 'utf8').digest('base64url')}`;
}
