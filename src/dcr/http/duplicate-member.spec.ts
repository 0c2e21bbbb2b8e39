import { duplicateMember } from './duplicate-member';

describe('duplicateMember', () => {
  it.each([
    ['{"a":1,"a":2}', 'a'],
    ['{"a":{"b":1,"b":2}}', 'b'],
    ['{"x":[{"k":1},{"k":2,"k":3}]}', 'k'],
    ['{"\\u0061":1,"a":2}', 'a'],
    ['{"s":"a\\"b","s":1}', 's'],
  ])('finds the duplicate in %s', (json, key) => {
    expect(duplicateMember(json)).toBe(key);
  });

  it.each([
    '{"a":1,"b":{"a":2}}',
    '{"a":[{"k":1},{"k":2}]}',
    '{"a":"\\"a\\":1","b":"{\\"a\\":2,\\"a\\":3}"}',
    '[{"a":1},{"a":1}]',
    '{"a":["a","a"]}',
  ])('finds none in %s', (json) => {
    expect(duplicateMember(json)).toBeUndefined();
  });
});
