import { OptionReader } from './option-reader';

describe('OptionReader', () => {
  describe('object', () => {
    it('treats an absent object as not configured and {} as configured', () => {
      const read = new OptionReader();
      expect(read.object(undefined, 'options.scope', [])).toBeUndefined();
      expect(read.object({}, 'options.scope', [])).toEqual({});
      expect(read.problems).toEqual([]);
    });

    it('collects non-objects and unknown keys instead of throwing', () => {
      const read = new OptionReader();
      expect(read.object([], 'options.a', [])).toBeUndefined();
      expect(read.object(null, 'options.b', [])).toBeUndefined();
      expect(read.object({ ok: 1, typo: 2 }, 'options.c', ['ok'])).toEqual({ ok: 1, typo: 2 });
      expect(read.problems).toEqual(['options.a: must be an object', 'options.b: must be an object', 'options.c.typo: unknown option']);
    });
  });

  describe('scalars', () => {
    it('returns the value, or the fallback with a problem when the type is wrong', () => {
      const read = new OptionReader();
      const owner = { on: true, off: 'false', size: 7, half: 1.5, big: 101, name: '', choice: 'other' };
      expect(read.boolean(owner, 'on', 'o', false)).toBe(true);
      expect(read.boolean(owner, 'off', 'o', true)).toBe(true);
      expect(read.boolean(owner, 'missing', 'o', false)).toBe(false);
      expect(read.integer(owner, 'size', 'o', 1, 1, 100)).toBe(7);
      expect(read.integer(owner, 'half', 'o', 1, 1, 100)).toBe(1);
      expect(read.integer(owner, 'big', 'o', 1, 1, 100)).toBe(1);
      expect(read.string(owner, 'name', 'o')).toBeUndefined();
      expect(read.oneOf(owner, 'choice', 'o', ['uuid', 'random'] as const, 'uuid')).toBe('uuid');
      expect(read.problems).toEqual([
        'o.off: must be true or false',
        'o.half: must be an integer from 1 to 100',
        'o.big: must be an integer from 1 to 100',
        'o.name: must be a non-empty string',
        'o.choice: must be one of "uuid", "random"',
      ]);
    });
  });

  describe('patterns', () => {
    it('reports each bad entry of a pattern list by index', () => {
      const read = new OptionReader();
      const regexes = read.patterns({ allowed: ['a', 5, ''] }, 'allowed', 's', ['z']);
      expect(regexes.map((regex) => regex.source)).toEqual(['a', 'z', 'z']);
      expect(read.problems).toEqual([
        's.allowed[1]: must be a non-empty regular expression string',
        's.allowed[2]: must be a non-empty regular expression string',
      ]);
    });
  });
});
