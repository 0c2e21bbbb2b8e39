import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import { InvalidRequestError } from '../errors/dcr.error';
import type { ResolvedDcrOptions } from '../options/resolved-options';

/**
 * Longest cursor accepted. The longest real one carries a 400-character folded name and a
 * 128-character id, JSON-escaped and base64url-encoded: well under this.
 */
export const MAX_CURSOR_LENGTH = 4096;
const MAC_LENGTH = 22; // base64url characters: 132 bits
const CURSOR = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Opaque paging cursors: base64url(JSON) + "." + a MAC under a key derived from `secretKey`. Any
 * instance sharing the key reads any other's cursors; a forged, truncated or foreign cursor is a
 * 400 `invalid_request`, never a database query. Callers still validate the decoded shape.
 * @internal
 */
@Injectable()
export class SearchCursorCodec {
  private readonly key: Buffer;

  constructor(@Inject(DCR_RESOLVED_OPTIONS) options: ResolvedDcrOptions) {
    // A key of its own, so that a cursor MAC is never a digest of anything else.
    this.key = createHmac('sha256', options.secretKey).update('nestjs-dcr admin cursor v1').digest();
  }

  encode(payload: unknown): string {
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The payload of a cursor this codec made; throws `invalid_request` for anything else. */
  decode(cursor: unknown, field = 'cursor'): unknown {
    const invalid = () => new InvalidRequestError(`${field}: not a cursor from this API (take it from meta.page.nextCursor)`);
    if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !CURSOR.test(cursor)) throw invalid();
    const [body, mac] = cursor.split('.');
    const expected = Buffer.from(this.mac(body));
    const actual = Buffer.from(mac);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw invalid();
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw invalid();
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, MAC_LENGTH);
  }
}
