import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import type { ResolvedDcrOptions } from '../options/resolved-options';
import { DIGEST_VERSION, keyedDigest } from './keyed-digest';

const DUMMY = `${DIGEST_VERSION}:${'A'.repeat(43)}`;

/**
 * Keyed digests of secrets and tokens: `v1:` + base64url(HMAC-SHA-256(key, value)). The key is
 * configuration, not data, so a copy of the database alone cannot confirm a guessed secret. The
 * version prefix lets a later key or algorithm live beside this one.
 * @publicApi
 */
@Injectable()
export class SecretDigester {
  private readonly key: Buffer;

  constructor(@Inject(DCR_RESOLVED_OPTIONS) options: ResolvedDcrOptions) {
    this.key = Buffer.from(options.secretKey, 'utf8');
  }

  digest(value: string): string {
    return keyedDigest(this.key, value);
  }

  /**
   * Constant-time check of `value` against a stored digest. With no stored digest (unknown
   * client) it still computes and compares once, so both paths take the same time.
   */
  matches(value: string, storedDigest: string | null | undefined): boolean {
    return this.digestMatches(this.digest(value), storedDigest);
  }

  /**
   * `matches` for a digest computed once by `digest`, to check one presented secret against
   * several stored digests (current and previous) without an HMAC for each. Same constant-time
   * compare, same dummy compare when nothing is stored.
   */
  digestMatches(presentedDigest: string, storedDigest: string | null | undefined): boolean {
    const actual = Buffer.from(presentedDigest);
    const expected = Buffer.from(storedDigest ?? DUMMY);
    const sameLength = actual.length === expected.length;
    const equal = timingSafeEqual(actual, sameLength ? expected : actual);
    return sameLength && equal && storedDigest != null;
  }
}
