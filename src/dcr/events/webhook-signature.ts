import { createHmac, timingSafeEqual } from 'node:crypto';

const STANDARD_PREFIX = 'whsec_';

/**
 * The HMAC key of a webhook secret: `whsec_<base64>` is the Standard Webhooks form (the key is the
 * decoded bytes), any other string is used as its UTF-8 bytes.
 * @internal
 */
export function webhookKey(secret: string): Buffer {
  return secret.startsWith(STANDARD_PREFIX) ? Buffer.from(secret.slice(STANDARD_PREFIX.length), 'base64') : Buffer.from(secret, 'utf8');
}

/**
 * `Webhook-Signature` of one delivery, as Standard Webhooks define it: `v1,` and the base64
 * HMAC-SHA-256 of `<id>.<timestamp>.<body>`. The id and the timestamp are signed with the body, so
 * a receiver that checks the timestamp's age and remembers ids refuses replays.
 * @publicApi
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', webhookKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/**
 * Checks a `Webhook-Signature` header (it may list several space-separated signatures, during a
 * secret rotation) in constant time, and that the timestamp is within `toleranceSeconds` of now.
 * For receivers written in TypeScript, and for tests.
 * @publicApi
 */
export function verifyWebhook(
  secret: string, headers: { id: string; timestamp: string; signature: string }, body: string, toleranceSeconds = 300, now = Date.now(),
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isSafeInteger(timestamp) || Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, headers.id, timestamp, body));
  return headers.signature.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
