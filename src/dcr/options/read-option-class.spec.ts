import { OptionReader } from './option-reader';
import { PatternRuleClass, ScopeOptionsClass } from './processor-options';
import { resolveRateLimit, resolveReaping } from './resolve-abuse-controls';
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

describe('abuse controls as option classes', () => {
  it('reads nested rules with their own paths, and defaults for what is absent', () => {
    const read = new OptionReader();
    const limits = resolveRateLimit(read, { registration: { limit: -1, burst: 2 }, management: 5 }, 'options.rateLimit');
    expect(read.problems).toEqual([
      'options.rateLimit.registration.burst: unknown option',
      'options.rateLimit.registration.limit: must be an integer from 0 to 1000000000',
      'options.rateLimit.management: must be an object',
    ]);
    expect(limits).toEqual({ registration: { limit: 0, overallLimit: 0, windowSeconds: 60 }, management: { limit: 0, overallLimit: 0, windowSeconds: 60 } });
    expect(resolveReaping(read, undefined, 'options.reaping')).toEqual({ unusedDays: 0, expiredSecretDays: 0, intervalSeconds: 3600 });
  });
});

describe('IsLinearRegex', () => {
  it('compiles a pattern on the linear-time engine and names an invalid one with the engine\'s reason', () => {
    const read = new OptionReader();
    expect(readOptionClass(read, PatternRuleClass, { allowed: '[a-z]+' }, 'o')?.allowed).toBe('[a-z]+');
    const rule = readOptionClass(read, PatternRuleClass, { allowed: '(a', mandatory: true }, 'options.processors.contacts');
    expect([rule?.allowed, rule?.mandatory]).toEqual([undefined, true]);
    expect(readOptionClass(read, PatternRuleClass, { allowed: '(?=lookahead)' }, 'o')?.allowed).toBeUndefined();
    expect(readOptionClass(read, PatternRuleClass, { allowed: 5 }, 'o')?.allowed).toBeUndefined();
    expect(read.problems).toHaveLength(3);
    expect(read.problems[0]).toMatch(/^options\.processors\.contacts\.allowed: invalid regular expression \/\(a\/: ./);
    expect(read.problems[1]).toMatch(/^o\.allowed: invalid regular expression \/\(\?=lookahead\)\/: ./);
    expect(read.problems[2]).toBe('o.allowed: must be a non-empty regular expression string');
  });
});

describe('IsLinearRegexList', () => {
  it('reports each bad entry of a pattern list by its index, and a value that is no list once', () => {
    const read = new OptionReader();
    expect(readOptionClass(read, ScopeOptionsClass, { allowed: ['a', 5, ''] }, 's')?.allowed).toEqual(['[\\x21\\x23-\\x5B\\x5D-\\x7E]+']);
    readOptionClass(read, ScopeOptionsClass, { allowed: [] }, 't');
    expect(read.problems).toEqual([
      's.allowed[1]: must be a non-empty regular expression string',
      's.allowed[2]: must be a non-empty regular expression string',
      't.allowed: must be a non-empty array of regular expression strings',
    ]);
  });
});
