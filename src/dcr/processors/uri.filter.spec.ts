import { InvalidClientMetadataError } from '../errors/dcr.error';
import type { UrisOptions } from '../options/dcr-module-options.interface';
import { contextFor, errorOf, run, serverWith } from '../testing/processing.spec-helper';
import { PatternUriFilter } from './uri.filter';

const filter = new PatternUriFilter();
const NOT_WEB = 'must be an absolute http(s) URL without white space or user information';
const NO_MATCH = 'does not match https://[a-zA-Z0-9/_.-]+';

const serverFor = (options: UrisOptions = {}, strict = false) => serverWith({ strict, processors: { uris: options } });

function rejection(body: Record<string, unknown>, options?: UrisOptions, strict = false) {
  const context = contextFor(filter, serverFor(options, strict), body);
  const error = errorOf(() => filter.process(context));
  expect(error).toBeInstanceOf(InvalidClientMetadataError);
  return error as InvalidClientMetadataError;
}

describe('PatternUriFilter', () => {
  describe('accepted', () => {
    it('accepts the four URIs and their language-tagged forms', () => {
      const body = {
        client_uri: 'https://client.example/',
        logo_uri: 'https://client.example/logo.png',
        policy_uri: 'https://client.example/policy',
        tos_uri: 'https://client.example/tos',
        'tos_uri#de-CH': 'https://client.example/de/tos',
      };
      const context = run(filter, serverFor(), body);
      expect(context.metadata).toEqual(body);
      expect(context.decisions.every(({ processor, decision }) => processor === 'uris' && decision === 'accepted')).toBe(true);
      expect(context.decisions).toHaveLength(5);
    });
  });

  describe('filtered (optional, not strict)', () => {
    it('drops a URI that does not match the pattern', () => {
      const context = run(filter, serverFor(), { client_uri: 'https://client.example/?q=1' });
      expect(context.metadata).toEqual({});
      expect(context.decisions).toEqual([{ processor: 'uris', field: 'client_uri', decision: 'filtered', reason: NO_MATCH }]);
    });

    it.each(['javascript:alert(1)', 'javascript://client.example/%0aalert(1)', 'data:text/html,x', 'https://user@client.example/', 'https://client.example/ a', 'HTTPS://client.example/'])(
      'rejects %j even when optional and with a permissive .* pattern',
      (uri) => {
        const error = rejection({ logo_uri: uri }, { logoUri: { allowed: '.*' } });
        expect(error.error).toBe('invalid_client_metadata');
        expect(error.description).toBe(`logo_uri: ${NOT_WEB}`);
      },
    );

    it('accepts what a permissive pattern allows among http(s) URLs', () => {
      const context = run(filter, serverFor({ logoUri: { allowed: '.*' } }), { logo_uri: 'http://cdn.example/logo.png?v=2' });
      expect(context.metadata.logo_uri).toBe('http://cdn.example/logo.png?v=2');
    });

    it('drops a form whose tag is not a language tag', () => {
      const context = run(filter, serverFor(), { 'policy_uri#x_y': 'https://client.example/policy' });
      expect(context.metadata).toEqual({});
      expect(context.decisions[0]).toMatchObject({ field: 'policy_uri#x_y', decision: 'filtered', reason: '"x_y" is not a language tag' });
    });
  });

  describe('mandatory and strict', () => {
    it('rejects a missing mandatory URI', () => {
      const error = rejection({ client_uri: 'https://client.example/' }, { tosUri: { mandatory: true } });
      expect(error.error).toBe('invalid_client_metadata');
      expect(error.description).toBe('tos_uri: required');
    });

    it('rejects an invalid mandatory URI', () => {
      expect(rejection({ logo_uri: 'javascript:alert(1)' }, { logoUri: { mandatory: true, allowed: '.*' } }).description).toBe(`logo_uri: ${NOT_WEB}`);
    });

    it('rejects an invalid URI when strict, globally or per URI', () => {
      expect(rejection({ client_uri: 'ftp://client.example/' }, {}, true).description).toBe(`client_uri: ${NOT_WEB}`);
      expect(rejection({ client_uri: 'https://client.example/?x' }, { clientUri: { strict: true } }).description).toBe(`client_uri: ${NO_MATCH}`);
      expect(run(filter, serverFor({ clientUri: { strict: false } }, true), { client_uri: 'https://client.example/?x' }).metadata).toEqual({});
    });
  });
});
