import { LinearRegex } from './linear-regex';

describe('LinearRegex', () => {
  describe('whole-value matching', () => {
    it('matches only from the first to the last character', () => {
      const regex = LinearRegex.compile('client-scope');
      expect(regex.matchesWhole('client-scope')).toBe(true);
      expect(regex.matchesWhole('strong client-scope')).toBe(false);
      expect(regex.matchesWhole('client-scope-admin')).toBe(false);
      expect(regex.matchesWhole('')).toBe(false);
    });

    it('applies whole matching to every alternative', () => {
      const regex = LinearRegex.compile('read|write');
      expect(regex.matchesWhole('write')).toBe(true);
      expect(regex.matchesWhole('readwrite')).toBe(false);
      expect(regex.matchesWhole('read-only')).toBe(false);
    });

    it('does not let a line break end the match', () => {
      expect(LinearRegex.compile('[a-z]+').matchesWhole('abc\nevil')).toBe(false);
    });

    it('keeps its source', () => {
      expect(LinearRegex.compile('https://[a-zA-Z0-9/_.-]+').source).toBe('https://[a-zA-Z0-9/_.-]+');
    });

    it('understands the RFC 6749 scope-token charset default', () => {
      const regex = LinearRegex.compile('[\\x21\\x23-\\x5B\\x5D-\\x7E]+');
      expect(regex.matchesWhole('openid')).toBe(true);
      expect(regex.matchesWhole('a"b')).toBe(false);
      expect(regex.matchesWhole('a\\b')).toBe(false);
      expect(regex.matchesWhole('a b')).toBe(false);
    });
  });

  describe('invalid patterns', () => {
    it.each(['(', '[a-', '(?=x)', '(a)\\1', 'a{2,1}'])('throws a SyntaxError for %j', (source) => {
      expect(() => LinearRegex.compile(source)).toThrow(SyntaxError);
    });
  });

  describe('linear time', () => {
    it('answers a catastrophic-backtracking pattern on 100k characters', () => {
      const regex = LinearRegex.compile('(a+)+b');
      expect(regex.matchesWhole('a'.repeat(100_000))).toBe(false);
      expect(regex.matchesWhole(`${'a'.repeat(100_000)}b`)).toBe(true);
    });
  });
});
