import { fragmentLookup, NAME_FRAGMENT_LENGTH, prefixUpperBound } from './name-fragments';

describe('fragmentLookup', () => {
  it('looks up a term that fits in a fragment as the range of fragments it starts, exactly', () => {
    expect(fragmentLookup('qx')).toEqual({ keys: [{ from: 'qx', to: 'qy' }], exact: true });
    expect(fragmentLookup('a')).toEqual({ keys: [{ from: 'a', to: 'b' }], exact: true });
    expect(fragmentLookup('abcdefghij')).toEqual({ keys: [{ from: 'abcdefghij', to: 'abcdefghik' }], exact: true });
  });

  it('counts code points, as the databases do', () => {
    const emoji = '😀'.repeat(NAME_FRAGMENT_LENGTH);
    expect(fragmentLookup(emoji).exact).toBe(true);
    expect(fragmentLookup(`${emoji}a`).exact).toBe(false);
    expect(fragmentLookup(`${emoji}a`).keys).toEqual([{ equals: emoji }, { equals: `${'😀'.repeat(9)}a` }]);
  });

  it('looks up a longer term by its first and last windows and the one around its middle space', () => {
    expect(fragmentLookup('platform agent cli').keys).toEqual([{ equals: 'platform a' }, { equals: ' agent cli' }, { equals: 'tform agen' }]);
    expect(fragmentLookup('ios payments')).toEqual({ keys: [{ equals: 'ios paymen' }, { equals: 's payments' }], exact: false });
    expect(fragmentLookup('abcdefghijk').keys).toEqual([{ equals: 'abcdefghij' }, { equals: 'bcdefghijk' }]);
  });
});

describe('prefixUpperBound', () => {
  it('is the prefix with its last code point plus one', () => {
    expect(prefixUpperBound('ab')).toBe('ac');
    expect(prefixUpperBound('a😀')).toBe('a😁');
    expect(prefixUpperBound(' ')).toBe('!');
  });

  it('skips the surrogate range and carries past the last code point', () => {
    expect(prefixUpperBound('a\uD7FF')).toBe('a\uE000');
    expect(prefixUpperBound('a\u{10FFFF}')).toBe('b');
    expect(prefixUpperBound('\u{10FFFF}')).toBeUndefined();
  });
});
