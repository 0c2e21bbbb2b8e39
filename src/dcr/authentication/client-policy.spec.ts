import { InvalidScopeError, UnauthorizedClientError } from '../errors/token-endpoint.error';
import { errorOf } from '../testing/processing.spec-helper';
import { allowedScopes, assertGrantAllowed, PolicyClient, registeredGrantTypes, registeredScopes } from './client-policy';

const client = (metadata: Record<string, unknown>, tokenEndpointAuthMethod: string | null = 'client_secret_basic'): PolicyClient => ({ metadata, tokenEndpointAuthMethod });

describe('assertGrantAllowed', () => {
  it('passes a registered grant type', () => {
    expect(() => assertGrantAllowed(client({ grant_types: ['client_credentials'] }), 'client_credentials')).not.toThrow();
  });

  it('refuses an unregistered grant type with unauthorized_client', () => {
    const error = errorOf(() => assertGrantAllowed(client({ grant_types: ['authorization_code'] }), 'client_credentials'));
    expect(error).toBeInstanceOf(UnauthorizedClientError);
    expect(error).toMatchObject({ status: 400, error: 'unauthorized_client', description: 'the client is not registered for the "client_credentials" grant type' });
  });

  it('reads omitted grant_types as ["authorization_code"] (RFC 7591 §2)', () => {
    expect(registeredGrantTypes(client({}))).toEqual(['authorization_code']);
    expect(errorOf(() => assertGrantAllowed(client({}), 'client_credentials'))).toBeInstanceOf(UnauthorizedClientError);
  });

  it('refuses client_credentials to a public client even if registered (RFC 6749 §4.4)', () => {
    const error = errorOf(() => assertGrantAllowed(client({ grant_types: ['client_credentials'] }, 'none'), 'client_credentials'));
    expect(error).toMatchObject({ error: 'unauthorized_client', description: expect.stringMatching(/confidential client/) });
  });
});

describe('allowedScopes', () => {
  const registered = client({ scope: 'api:read api:write' });

  it('grants every registered scope when none is requested (RFC 6749 §3.3 default)', () => {
    expect(allowedScopes(registered, undefined)).toEqual(['api:read', 'api:write']);
  });

  it('keeps the requested scopes that were registered, in request order, once each', () => {
    expect(allowedScopes(registered, 'api:write admin api:read api:write')).toEqual(['api:write', 'api:read']);
    expect(allowedScopes(registered, ['api:read'])).toEqual(['api:read']);
  });

  it('grants nothing to a client that registered no scope', () => {
    expect(allowedScopes(client({}), 'api:read')).toEqual([]);
    expect(allowedScopes(client({}), undefined)).toEqual([]);
  });

  it('strict: refuses an unregistered scope with invalid_scope', () => {
    const error = errorOf(() => allowedScopes(registered, 'api:read admin', { strict: true }));
    expect(error).toBeInstanceOf(InvalidScopeError);
    expect(error).toMatchObject({ error: 'invalid_scope', description: 'scope "admin" is not registered for this client' });
  });

  it.each([['two  spaces'], [' leading'], ['quote"d'], ['back\\slash'], ['tab\there'], ['é'], ['']])('refuses the malformed scope %j', (scope) => {
    expect(errorOf(() => allowedScopes(registered, scope))).toBeInstanceOf(InvalidScopeError);
  });
});

describe('client policy, edges', () => {
  it('reads a client without metadata as registering authorization_code and no scope', () => {
    const bare = { metadata: undefined, tokenEndpointAuthMethod: null } as unknown as PolicyClient;
    expect(registeredGrantTypes(bare)).toEqual(['authorization_code']);
    expect(registeredScopes(bare)).toEqual([]);
  });

  it('keeps only the string grant types and the non-empty scope values', () => {
    expect(registeredGrantTypes(client({ grant_types: ['client_credentials', 7, null] }))).toEqual(['client_credentials']);
    expect(registeredScopes(client({ scope: 'a  b a' }))).toEqual(['a', 'b']);
  });

  it('lets a public client use the grants it registered, except client_credentials', () => {
    expect(() => assertGrantAllowed(client({ grant_types: ['authorization_code'] }, 'none'), 'authorization_code')).not.toThrow();
  });

  it('cuts a long grant type or scope to 64 characters in the message', () => {
    const long = 'g'.repeat(100);
    expect((errorOf(() => assertGrantAllowed(client({}), long)) as Error).message).toBe(`the client is not registered for the "${'g'.repeat(64)}" grant type`);
    const scope = 's'.repeat(100);
    expect((errorOf(() => allowedScopes(client({ scope: 'a' }), scope, { strict: true })) as Error).message).toBe(`scope "${'s'.repeat(64)}" is not registered for this client`);
  });

  it('joins a requested list with spaces', () => {
    expect(allowedScopes(client({ scope: 'a b' }), ['b', 'a'])).toEqual(['b', 'a']);
  });

  it('refuses a malformed scope, and accepts one of exactly 4096 characters', () => {
    for (const malformed of ['a  b', ' a', 'a\u0000', 'a"b', 'x'.repeat(4097)]) {
      const error = errorOf(() => allowedScopes(client({ scope: 'a b' }), malformed));
      expect(error).toBeInstanceOf(InvalidScopeError);
      expect((error as Error).message).toBe('scope must be space-separated scope tokens (RFC 6749 §3.3)');
    }
    expect(allowedScopes(client({ scope: 'x'.repeat(4096) }), 'x'.repeat(4096))).toEqual(['x'.repeat(4096)]);
  });

  it('with strict, grants a request that holds only registered scopes', () => {
    expect(allowedScopes(client({ scope: 'a b' }), 'b a', { strict: true })).toEqual(['b', 'a']);
  });
});
