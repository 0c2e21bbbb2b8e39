import { InvalidScopeError, UnauthorizedClientError } from '../errors/token-endpoint.error';
import { errorOf } from '../testing/processing.spec-helper';
import { allowedScopes, assertGrantAllowed, PolicyClient, registeredGrantTypes } from './client-policy';

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
