import { createHmac } from 'node:crypto';
import { resolveDcrOptions } from '../options/validate-options';
import { TEST_SECRET_KEY } from '../testing/processing.spec-helper';
import { SecretDigester } from './secret-digester';

// The module object itself (an `import * as` namespace would be a copy under the CommonJS
// transform): spying on it replaces the function the digester calls.
const nodeCrypto: typeof import('node:crypto') = jest.requireActual('node:crypto');

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

    describe('the comparison', () => {
      // What makes it constant-time is the primitive: an early-exit compare (`===`, a loop that
      // stops at the first difference) returns the same booleans, so only the call can tell them apart.
      let compare: jest.SpyInstance;
      beforeEach(() => {
        compare = jest.spyOn(nodeCrypto, 'timingSafeEqual');
      });
      afterEach(() => compare.mockRestore());

      /** The one `timingSafeEqual` call a check made, as strings; fails unless there was exactly one, on equal-length Buffers. */
      const onlyCompare = (): [string, string] => {
        expect(compare).toHaveBeenCalledTimes(1);
        const [a, b] = compare.mock.calls[0] as unknown[];
        expect(Buffer.isBuffer(a)).toBe(true);
        expect(Buffer.isBuffer(b)).toBe(true);
        expect((a as Buffer).length).toBe((b as Buffer).length);
        return [(a as Buffer).toString(), (b as Buffer).toString()];
      };

      it('compares the digests of a right value with timingSafeEqual', () => {
        expect(digester.matches('correct horse', stored)).toBe(true);
        expect(onlyCompare()).toEqual([stored, stored]);
      });

      it('compares the digests of a wrong value with timingSafeEqual', () => {
        expect(digester.matches('wrong horse', stored)).toBe(false);
        expect(onlyCompare()).toEqual([digester.digest('wrong horse'), stored]);
      });

      it('with no stored digest (unknown client), still compares once against a dummy of a real digest\'s length', () => {
        for (const missing of [null, undefined]) {
          compare.mockClear();
          expect(digester.matches('correct horse', missing)).toBe(false);
          const [presented, dummy] = onlyCompare();
          expect(presented).toBe(digester.digest('correct horse'));
          expect(dummy).not.toBe(presented);
          expect(dummy).toMatch(/^v1:[A-Za-z0-9_-]{43}$/);
        }
      });

      it('with a stored digest of another length, compares once on equal lengths and refuses', () => {
        expect(digester.matches('correct horse', 'v1:short')).toBe(false);
        onlyCompare();
      });

      it('digestMatches compares a precomputed digest the same way', () => {
        const presented = digester.digest('correct horse');
        expect(digester.digestMatches(presented, stored)).toBe(true);
        expect(onlyCompare()).toEqual([presented, stored]);
        compare.mockClear();
        expect(digester.digestMatches(presented, null)).toBe(false);
        onlyCompare();
      });

      it('refuses a dummy-equal presented digest when nothing is stored', () => {
        // Whatever the dummy is, presenting it must not pass for a missing client.
        compare.mockImplementation(() => true);
        expect(digester.digestMatches(`v1:${'A'.repeat(43)}`, null)).toBe(false);
        expect(digester.matches('anything', undefined)).toBe(false);
      });
    });
  });
});
