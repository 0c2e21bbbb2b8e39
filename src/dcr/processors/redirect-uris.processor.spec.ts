import { InvalidClientMetadataError, InvalidRedirectUriError } from '../errors/dcr.error';
import type { RedirectUrisOptions } from '../options/dcr-module-options.interface';
import { contextFor, errorOf, run, serverWith } from '../testing/processing.spec-helper';
import { DefaultRedirectUrisProcessor } from './redirect-uris.processor';

const processor = new DefaultRedirectUrisProcessor();
const CODE = { grant_types: ['authorization_code'] };
const CLIENT_CREDENTIALS = { grant_types: ['client_credentials'] };

function register(body: Record<string, unknown>, grants: Record<string, unknown> = CODE, redirectUris?: RedirectUrisOptions) {
  return run(processor, serverWith({ processors: { redirectUris } }), body, grants);
}

function rejection(body: Record<string, unknown>, grants: Record<string, unknown> = CODE, redirectUris?: RedirectUrisOptions) {
  const context = contextFor(processor, serverWith({ processors: { redirectUris } }), body, grants);
  return { error: errorOf(() => processor.process(context)) as InvalidRedirectUriError, context };
}

describe('DefaultRedirectUrisProcessor', () => {
  describe('accepted redirect URIs', () => {
    it('accepts https, loopback http and private-use URIs, without duplicates', () => {
      const uris = ['https://client.example/cb', 'http://127.0.0.1:8080/cb', 'com.example.app:/cb', 'https://client.example/cb'];
      const context = register({ redirect_uris: uris });
      expect(context.metadata.redirect_uris).toEqual(['https://client.example/cb', 'http://127.0.0.1:8080/cb', 'com.example.app:/cb']);
      expect(context.decisions).toEqual([
        { processor: 'redirect_uris', field: 'application_type', decision: 'defaulted', reason: 'a private-use redirect URI can only reach a native client (the OIDC default "web" would refuse it)' },
        { processor: 'redirect_uris', field: 'redirect_uris', decision: 'accepted' },
      ]);
    });
  });

  describe('required or not', () => {
    it('requires redirect URIs for the authorization_code grant, with invalid_redirect_uri', () => {
      const { error, context } = rejection({});
      expect(error).toBeInstanceOf(InvalidRedirectUriError);
      expect(error.error).toBe('invalid_redirect_uri');
      expect(error.description).toBe('redirect_uris: required for the authorization_code grant type');
      expect(context.decisions).toEqual([
        { processor: 'redirect_uris', field: 'redirect_uris', decision: 'rejected', reason: 'required for the authorization_code grant type' },
      ]);
    });

    it('treats an empty list as missing', () => {
      const { error } = rejection({ redirect_uris: [] }, { grant_types: ['authorization_code', 'implicit'] });
      expect(error.description).toBe('redirect_uris: required for the authorization_code and implicit grant type');
    });

    it('does not require redirect URIs for client_credentials', () => {
      const context = register({}, CLIENT_CREDENTIALS);
      expect(context.metadata).toEqual(CLIENT_CREDENTIALS);
      expect(context.decisions).toEqual([]);
    });

    it('filters out an empty list when none is required', () => {
      const context = register({ redirect_uris: [] }, CLIENT_CREDENTIALS);
      expect(context.metadata.redirect_uris).toBeUndefined();
      expect(context.decisions).toEqual([{ processor: 'redirect_uris', field: 'redirect_uris', decision: 'filtered', reason: 'empty' }]);
    });
  });

  describe('invalid redirect URIs are always rejected, never dropped', () => {
    it.each([
      ['https://client.example/cb#', 'must not contain a fragment'],
      [' https://client.example/cb', 'must not contain white space or backslashes'],
      ['javascript:alert(1)', 'scheme "javascript" is never allowed'],
      ['https://good.example@evil.example/', 'must not contain user information'],
      ['http://client.example/cb', 'must use https (http is allowed only on loopback hosts)'],
    ])('rejects %j, naming its index', (uri, reason) => {
      const { error } = rejection({ redirect_uris: ['https://client.example/ok', uri] });
      expect(error).toBeInstanceOf(InvalidRedirectUriError);
      expect(error.description).toBe(`redirect_uris[1]: ${reason}`);
    });

    it('rejects invalid URIs even for a client that needs none', () => {
      const { error } = rejection({ redirect_uris: ['data:text/html,x'] }, CLIENT_CREDENTIALS);
      expect(error).toBeInstanceOf(InvalidRedirectUriError);
      expect(error.description).toBe('redirect_uris[0]: scheme "data" is never allowed');
    });
  });

  describe('options', () => {
    it('rejects more than maxUris redirect URIs', () => {
      const uris = ['https://a.example/cb', 'https://b.example/cb', 'https://c.example/cb'];
      expect(register({ redirect_uris: uris.slice(0, 2) }, CODE, { maxUris: 2 }).metadata.redirect_uris).toHaveLength(2);
      const { error } = rejection({ redirect_uris: uris }, CODE, { maxUris: 2 });
      expect(error).toBeInstanceOf(InvalidRedirectUriError);
      expect(error.description).toBe('redirect_uris: at most 2 redirect URIs may be registered');
    });

    it('refuses loopback http and private-use schemes when they are switched off', () => {
      const off = { allowHttpLoopback: false, allowPrivateUseSchemes: false };
      expect(rejection({ redirect_uris: ['http://localhost/cb'] }, CODE, off).error.description).toBe('redirect_uris[0]: must use https');
      expect(rejection({ redirect_uris: ['com.example.app:/cb'] }, CODE, off).error.description).toBe(
        'redirect_uris[0]: scheme "com.example.app" is not allowed (use https)',
      );
    });

    it('applies the implicit rules when the implicit grant was accepted', () => {
      const implicit = { grant_types: ['implicit'] };
      expect(register({ redirect_uris: ['https://client.example/cb'] }, implicit).metadata.redirect_uris).toEqual(['https://client.example/cb']);
      expect(rejection({ redirect_uris: ['http://localhost/cb'] }, implicit).error.description).toBe(
        'redirect_uris[0]: must use https with the implicit grant',
      );
      expect(rejection({ redirect_uris: ['https://localhost/cb'] }, implicit).error.description).toBe(
        'redirect_uris[0]: must not use a loopback host with the implicit grant',
      );
    });
  });

  describe('application_type', () => {
    it.each(['web', 'native'])('accepts %s', (applicationType) => {
      const context = register({ application_type: applicationType }, CLIENT_CREDENTIALS);
      expect(context.metadata.application_type).toBe(applicationType);
      expect(context.decisions).toEqual([{ processor: 'redirect_uris', field: 'application_type', decision: 'accepted' }]);
    });

    it('defaults to web, echoed and reported, for a client with redirect URIs', () => {
      const context = register({ redirect_uris: ['https://client.example/cb', 'http://127.0.0.1:8080/cb'] });
      expect(context.metadata.application_type).toBe('web');
      expect(context.decisions[0]).toEqual({ processor: 'redirect_uris', field: 'application_type', decision: 'defaulted', reason: 'OIDC Registration §2 default' });
    });

    it('takes a client that omits it but registers a private-use redirect URI for native (Cursor)', () => {
      const uris = ['cursor://anysphere.cursor-mcp/oauth/callback', 'https://www.cursor.com/agents/mcp/oauth/callback', 'http://localhost:8787/callback'];
      const context = register({ redirect_uris: uris });
      expect(context.metadata).toMatchObject({ application_type: 'native', redirect_uris: uris });
    });

    it('refuses a private-use redirect URI for a client that says it is web', () => {
      const { error, context } = rejection({ application_type: 'web', redirect_uris: ['https://client.example/cb', 'cursor://anysphere.cursor-mcp/oauth/callback'] });
      expect(error).toBeInstanceOf(InvalidRedirectUriError);
      expect(error.description).toBe('redirect_uris[1]: scheme "cursor" is a private-use scheme, which only native clients use (register with application_type "native")');
      expect(context.metadata.redirect_uris).toBeUndefined();
    });

    it('accepts a native client with claimed https and loopback redirect URIs (VS Code)', () => {
      const uris = ['https://insiders.vscode.dev/redirect', 'https://vscode.dev/redirect', 'http://127.0.0.1/', 'http://127.0.0.1:33418/'];
      const context = register({ application_type: 'native', redirect_uris: uris });
      expect(context.metadata).toMatchObject({ application_type: 'native', redirect_uris: uris });
    });

    it('sets no default for a client without redirect URIs', () => {
      expect(register({}, CLIENT_CREDENTIALS).metadata.application_type).toBeUndefined();
    });

    it('rejects any other value with invalid_client_metadata', () => {
      const { error } = rejection({ application_type: 'desktop' }, CLIENT_CREDENTIALS);
      expect(error).toBeInstanceOf(InvalidClientMetadataError);
      expect(error.error).toBe('invalid_client_metadata');
      expect(error.description).toBe('application_type: must be "web" or "native"');
    });
  });
});
