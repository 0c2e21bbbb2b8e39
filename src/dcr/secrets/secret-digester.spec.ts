import { createHmac } from 'node:crypto';
import { resolveDcrOptions } from '../options/validate-options';
import { TEST_SECRET_KEY } from '../testing/processing.spec-helper';
import { SecretDigester } from './secret-digester';

const digesterWith = (secretKey: string): SecretDigester =>
  new SecretDigester(resolveDcrOptions({ secretKey }));

const digester = digesterWith(TEST_SECRET_KEY);
const OTHER_KEY = 'y'.repeat(32);

describe('SecretDigester', () => {
  describe('digest', () => {
    it('is "v1:" + base64url(HMAC-SHA-256(key, value))', () => {
      const expected = createHmac('sha256', TEST_SECRET_KEY).update('s3cret', 'utf8').digest('base64url');
      expect(digester.digest('s3cret')).toBe(`v1:${expected}`);
      expect(digester.digest('s3cret')).toMatch(/^v1:[A-Za-z0-9_-]{43}$/);
    });

    it('gives the same digest for the same input and key', () => {
      expect(digester.digest('value')).toBe(digesterWith(TEST_SECRET_KEY).digest('value'));
    });

    it('gives different digests for different inputs', () => {
      expect(digester.digest('value-1')).not.toBe(digester.digest('value-2'));
    });

    it('gives a different digest under a different key', () => {
      expect(digesterWith(OTHER_KEY).digest('value')).not.toBe(digester.digest('value'));
    });
  });

  describe('matches', () => {
    const stored = digester.digest('correct horse');

    it('is true for the value of the stored digest', () => {
      expect(digester.matches('correct horse', stored)).toBe(true);
    });

    it('is false for another value, a digest made under another key, or a malformed digest', () => {
      expect(digester.matches('wrong horse', stored)).toBe(false);
      expect(digester.matches('correct horse', digesterWith(OTHER_KEY).digest('correct horse'))).toBe(false);
      expect(digester.matches('correct horse', 'v1:short')).toBe(false);
      expect(digester.matches('correct horse', '')).toBe(false);
    });

    it('is false without a stored digest', () => {
      expect(digester.matches('correct horse', null)).toBe(false);
      expect(digester.matches('correct horse', undefined)).toBe(false);
    });
  });
});
