import { OptionReader } from './option-reader';
import { readOptionClass } from './read-option-class';
import { ClientIdOptionsClass, GrantsOptionsClass } from './server-leaf-options';

describe('readOptionClass', () => {
  it('gives the class defaults for {} and nothing for an absent object', () => {
    const read = new OptionReader();
    expect({ ...readOptionClass(read, GrantsOptionsClass, {}, 'options.grants') }).toEqual({ authorizationCode: true, implicit: false, clientCredentials: true, refreshToken: true });
    expect(readOptionClass(read, GrantsOptionsClass, undefined, 'options.grants')).toBeUndefined();
    expect(read.problems).toEqual([]);
  });

  it('reports every problem with its option path, unknown keys first, and reads a bad member as its default', () => {
    const read = new OptionReader();
    const clientId = readOptionClass(read, ClientIdOptionsClass, { generator: 'sequence', length: 8, prefix: 'x' }, 'options.clientId');
    expect(read.problems).toEqual([
      'options.clientId.prefix: unknown option',
      'options.clientId.generator: must be one of "uuid", "random"',
      'options.clientId.length: 8 characters carry 48 bits; at least 128 bits (22 characters) are required',
    ]);
    expect([clientId?.generator, clientId?.length]).toEqual(['uuid', 32]);
  });

  it('refuses what is not an object', () => {
    const read = new OptionReader();
    expect(readOptionClass(read, GrantsOptionsClass, [], 'options.grants')).toBeUndefined();
    expect(readOptionClass(read, GrantsOptionsClass, { implicit: 'yes' }, 'options.grants')?.implicit).toBe(false);
    expect(read.problems).toEqual(['options.grants: must be an object', 'options.grants.implicit: must be true or false']);
  });
});
