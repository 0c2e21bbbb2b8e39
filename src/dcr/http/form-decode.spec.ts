import { formDecode, formPairs } from './form-decode';

describe('formDecode', () => {
  it('turns + into a space and decodes UTF-8 percent-escapes', () => {
    expect(formDecode('a+b%2Bc%C3%A9')).toBe('a b+cé');
  });

  it.each(['%', '%E0%A4%A', '%C3%28', '%ED%A0%80', '%C0%AF', '%FF'])('refuses %j', (encoded) => {
    expect(formDecode(encoded)).toBeUndefined();
  });
});

describe('formPairs', () => {
  it('keeps order and repeats, skips empty pairs, and gives a name without = an empty value', () => {
    expect(formPairs('a=1&&b=2&a=3&flag&=x')).toEqual([['a', '1'], ['b', '2'], ['a', '3'], ['flag', ''], ['', 'x']]);
  });

  it('splits a pair at its first =', () => {
    expect(formPairs('cursor=abc==')).toEqual([['cursor', 'abc==']]);
  });

  it('is empty for empty text', () => {
    expect(formPairs('')).toEqual([]);
  });

  it('is undefined when any name or value does not decode', () => {
    expect(formPairs('a=1&b=%C3%28')).toBeUndefined();
    expect(formPairs('na%FFme=a')).toBeUndefined();
  });
});
