import { InvalidClientMetadataError } from '../errors/dcr.error';
import type { ScopeOptions } from '../options/dcr-module-options.interface';
import { contextFor, errorOf, run, serverWith } from '../testing/processing.spec-helper';
import { PatternScopeFilter } from './scope.filter';

const filter = new PatternScopeFilter();
/** The reference product's documented example: only `client-scope` is allowed. */
const REFERENCE_EXAMPLE: ScopeOptions = { allowed: ['client-scope'] };

const serverFor = (options: ScopeOptions = {}, strict = false) => serverWith({ strict, processors: { scope: options } });

describe('PatternScopeFilter', () => {
  describe('the reference product documented example', () => {
    it('registers "strong client-scope" as "client-scope"', () => {
      const context = run(filter, serverFor(REFERENCE_EXAMPLE), { scope: 'strong client-scope' });
      expect(context.metadata.scope).toBe('client-scope');
      expect(context.decisions).toEqual([
        { processor: 'scope', field: 'scope', decision: 'filtered', reason: '1 scope value(s) not allowed by the configured patterns' },
        { processor: 'scope', field: 'scope', decision: 'accepted' },
      ]);
    });

    it('rejects "strong client-scope" when strict, globally or on the processor', () => {
      for (const server of [serverFor({ ...REFERENCE_EXAMPLE, strict: true }), serverFor(REFERENCE_EXAMPLE, true)]) {
        const context = contextFor(filter, server, { scope: 'strong client-scope' });
        const error = errorOf(() => filter.process(context));
        expect(error).toBeInstanceOf(InvalidClientMetadataError);
        expect((error as InvalidClientMetadataError).description).toBe('scope: 1 scope value(s) not allowed by the configured patterns');
      }
    });
  });

  describe('patterns', () => {
    it('keeps tokens that match any pattern as a whole, in request order, without duplicates', () => {
      const context = run(filter, serverFor({ allowed: ['read', 'write:[a-z]+'] }), { scope: 'write:files read  read write:x1 readonly' });
      expect(context.metadata.scope).toBe('write:files read');
      expect(context.decisions[0]).toMatchObject({ decision: 'filtered', reason: '2 scope value(s) not allowed by the configured patterns' });
    });

    it('accepts every RFC 6749 scope token by default and filters out the others', () => {
      const context = run(filter, serverFor(), { scope: 'openid profile "quoted" back\\slash email' });
      expect(context.metadata.scope).toBe('openid profile email');
    });

    it('filters out the field when no token is allowed', () => {
      const context = run(filter, serverFor(REFERENCE_EXAMPLE), { scope: 'strong' });
      expect(context.metadata).toEqual({});
      expect(context.decisions.map(({ decision, reason }) => `${decision}: ${reason}`)).toEqual([
        'filtered: 1 scope value(s) not allowed by the configured patterns',
        'filtered: no allowed scope value',
      ]);
    });

    it('does nothing without a scope', () => {
      const context = run(filter, serverFor(), {});
      expect(context.metadata).toEqual({});
      expect(context.decisions).toEqual([]);
    });
  });

  describe('defaultScope', () => {
    const withDefault: ScopeOptions = { allowed: ['mcp', 'files:[a-z]+'], defaultScope: 'mcp files:read' };

    it('registers the default when the request has no scope, recorded as defaulted', () => {
      const context = run(filter, serverFor(withDefault), {});
      expect(context.metadata.scope).toBe('mcp files:read');
      expect(context.decisions).toEqual([{ processor: 'scope', field: 'scope', decision: 'defaulted', reason: 'server default scope (none requested)' }]);
    });

    it('treats an empty scope as none requested (the MCP Inspector sends "")', () => {
      const context = run(filter, serverFor(withDefault), { scope: '' });
      expect(context.metadata.scope).toBe('mcp files:read');
      expect(context.decisions).toEqual([{ processor: 'scope', field: 'scope', decision: 'defaulted', reason: 'server default scope (empty scope requested)' }]);
      expect(run(filter, serverFor({}), { scope: '' }).metadata.scope).toBeUndefined();
    });

    it('does not replace a requested scope, and the patterns stay the ceiling', () => {
      const context = run(filter, serverFor(withDefault), { scope: 'files:write admin' });
      expect(context.metadata.scope).toBe('files:write');
    });

    it('registers no scope without a default', () => {
      const context = run(filter, serverFor({}), {});
      expect(context.metadata.scope).toBeUndefined();
      expect(context.decisions).toEqual([]);
    });
  });
});
