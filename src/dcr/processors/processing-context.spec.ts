import { InvalidClientMetadataError, InvalidRedirectUriError } from '../errors/dcr.error';
import { errorOf, serverWith } from '../testing/processing.spec-helper';
import { ProcessingContext } from './processing-context';

const contextOf = (request: Record<string, unknown>) => new ProcessingContext(serverWith(), request, 'register');

describe('ProcessingContext', () => {
  describe('reading the request', () => {
    it('sees own fields only, so inherited and __proto__ fields read as absent', () => {
      const context = contextOf(JSON.parse('{"__proto__": {"scope": "admin"}, "client_name": "App"}'));
      expect(context.has('client_name')).toBe(true);
      expect(context.get('client_name')).toBe('App');
      expect(context.has('scope')).toBe(false);
      expect(context.get('scope')).toBeUndefined();
      expect(context.has('toString')).toBe(false);
      expect(context.get('toString')).toBeUndefined();
    });

    it('lists a field and its language-tagged forms only', () => {
      const context = contextOf({ client_name: 'a', 'client_name#de': 'b', client_names: 'c', 'client_uri#de': 'd' });
      expect(context.localizedFields('client_name')).toEqual(['client_name', 'client_name#de']);
    });
  });

  describe('decisions', () => {
    it('records accepted, defaulted and filtered values under the current processor', () => {
      const context = contextOf({ scope: 'x', contacts: ['y'] });
      context.enter('scope');
      context.accept('scope', 'x');
      context.enter('grants');
      context.useDefault('grant_types', ['authorization_code'], 'RFC 7591 §2 default');
      context.enter('contacts');
      context.accept('contacts', ['y']);
      context.filter('contacts', 'dropped');
      expect(context.metadata).toEqual({ scope: 'x', grant_types: ['authorization_code'] });
      expect(context.decisions).toEqual([
        { processor: 'scope', field: 'scope', decision: 'accepted' },
        { processor: 'grants', field: 'grant_types', decision: 'defaulted', reason: 'RFC 7591 §2 default' },
        { processor: 'contacts', field: 'contacts', decision: 'accepted' },
        { processor: 'contacts', field: 'contacts', decision: 'filtered', reason: 'dropped' },
      ]);
    });

    it('rejects with invalid_client_metadata by default, or with the given error class', () => {
      const context = contextOf({});
      const metadataError = errorOf(() => context.reject('scope', 'bad'));
      expect(metadataError).toBeInstanceOf(InvalidClientMetadataError);
      expect(metadataError).toMatchObject({ error: 'invalid_client_metadata', description: 'scope: bad', status: 400 });
      const redirectError = errorOf(() => context.reject('redirect_uris', 'bad', InvalidRedirectUriError));
      expect(redirectError).toBeInstanceOf(InvalidRedirectUriError);
      expect(redirectError).toMatchObject({ error: 'invalid_redirect_uri', description: 'redirect_uris: bad' });
      expect(context.decisions.map(({ decision }) => decision)).toEqual(['rejected', 'rejected']);
    });

    it('drops or rejects according to its flag', () => {
      const context = contextOf({});
      context.accept('scope', 'x');
      context.dropOrReject('scope', 'not allowed', false);
      expect(context.metadata).toEqual({});
      expect(errorOf(() => context.dropOrReject('scope', 'not allowed', true))).toMatchObject({ description: 'scope: not allowed' });
    });

    it('reports the request fields no processor handled as filtered by the pipeline', () => {
      const context = contextOf({ scope: 'x', jwks_uri: 'https://client.example/jwks' });
      context.accept('scope', 'x');
      context.recordIgnored();
      expect(context.decisions).toEqual([
        { processor: 'pipeline', field: 'scope', decision: 'accepted' },
        { processor: 'pipeline', field: 'jwks_uri', decision: 'filtered', reason: 'no processor handles this field' },
      ]);
    });
  });
});
