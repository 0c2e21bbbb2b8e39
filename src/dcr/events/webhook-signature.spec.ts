import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook, webhookKey } from './webhook-signature';

const SECRET = 'a-webhook-secret-of-at-least-32-characters';

describe('webhook signatures (Standard Webhooks)', () => {
  it('is v1, and the base64 HMAC-SHA-256 of "<id>.<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', Buffer.from(SECRET)).update('evt-1.1700000000.{"a":1}').digest('base64');
    expect(signWebhook(SECRET, 'evt-1', 1700000000, '{"a":1}')).toBe(`v1,${expected}`);
  });

  it('takes a whsec_ secret as base64 key bytes', () => {
    const key = Buffer.from('0123456789abcdef0123456789abcdef');
    expect(webhookKey(`whsec_${key.toString('base64')}`)).toEqual(key);
    expect(webhookKey(SECRET)).toEqual(Buffer.from(SECRET, 'utf8'));
  });

  it('verifies its own signature, among several, and refuses a changed body, id, secret or an old timestamp', () => {
    const now = 1_700_000_000_000;
    const timestamp = now / 1000;
    const signature = signWebhook(SECRET, 'evt-1', timestamp, 'body');
    const headers = { id: 'evt-1', timestamp: String(timestamp), signature: `v1,b3RoZXI= ${signature}` };
    expect(verifyWebhook(SECRET, headers, 'body', 300, now)).toBe(true);
    expect(verifyWebhook(SECRET, headers, 'body ', 300, now)).toBe(false);
    expect(verifyWebhook(SECRET, { ...headers, id: 'evt-2' }, 'body', 300, now)).toBe(false);
    expect(verifyWebhook(`${SECRET}x`, headers, 'body', 300, now)).toBe(false);
    expect(verifyWebhook(SECRET, headers, 'body', 300, now + 301_000)).toBe(false);
    expect(verifyWebhook(SECRET, { ...headers, timestamp: 'soon' }, 'body', 300, now)).toBe(false);
  });
});
