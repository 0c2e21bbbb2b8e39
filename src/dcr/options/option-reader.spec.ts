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
});
