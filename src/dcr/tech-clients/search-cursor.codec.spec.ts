import { InvalidRequestError } from '../errors/dcr.error';
import type { ResolvedDcrOptions } from '../options/resolved-options';
import { SearchCursorCodec } from './search-cursor.codec';

const codec = (secretKey = 'k'.repeat(32)) => new SearchCursorCodec({ secretKey } as ResolvedDcrOptions);

describe('SearchCursorCodec', () => {
  it('round-trips the longest keyset a name sort can produce', () => {
    const keyset = { s: 'displayName', k: ['\u0001😀'.repeat(133) + 'x', 'i'.repeat(128)] };
    expect(codec().decode(codec().encode(keyset))).toEqual(keyset);
  });

  it('round-trips a payload', () => {
    const cursor = codec().encode({ s: 'creationDate', k: [1, 'a'] });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(codec().decode(cursor)).toEqual({ s: 'creationDate', k: [1, 'a'] });
  });

  it.each([
    ['garbage', 'not a cursor'],
    ['negative number', '-1'],
    ['empty', ''],
    ['no MAC', Buffer.from('{"s":"creationDate","k":[1,"a"]}').toString('base64url')],
    ['a non-string', 42],
    ['oversized', `${'a'.repeat(5000)}.${'b'.repeat(22)}`],
    ['two dots', 'a.b.c'],
  ])('refuses %s with invalid_request', (_, cursor) => {
    expect(() => codec().decode(cursor)).toThrow(InvalidRequestError);
  });

  it('refuses a forged payload under a valid-looking MAC, and cursors of another key', () => {
    const cursor = codec().encode({ s: 'creationDate', k: [1, 'a'] });
    const [, mac] = cursor.split('.');
    const forged = `${Buffer.from('{"s":"creationDate","k":[-5,"z"]}').toString('base64url')}.${mac}`;
    expect(() => codec().decode(forged)).toThrow(InvalidRequestError);
    expect(() => codec('o'.repeat(32)).decode(cursor)).toThrow(InvalidRequestError);
  });
});
