import { InvalidClientMetadataError } from '../errors/dcr.error';
import { ProcessingContext } from '../processors/processing-context';
import { errorOf, serverWith } from '../testing/processing.spec-helper';
import { resolveDcrOptions } from '../options/validate-options';
import { storedClient } from '../testing/authentication.spec-helper';
import { TEST_SECRET_KEY } from '../testing/processing.spec-helper';
import { applyInitialAccessProfile, updateProfile } from './initial-access-profile';

/** A processed registration whose resolved metadata are `metadata`. */
function processed(metadata: Record<string, unknown>): ProcessingContext {
  const context = new ProcessingContext(serverWith(), metadata, 'register');
  Object.assign(context.metadata, metadata);
  return context;
}

describe('applyInitialAccessProfile', () => {
  it('leaves the registration alone with an empty profile', () => {
    const context = processed({ grant_types: ['authorization_code'], scope: 'a b', token_endpoint_auth_method: 'none' });
    applyInitialAccessProfile(context, {});
    expect(context.metadata).toEqual({ grant_types: ['authorization_code'], scope: 'a b', token_endpoint_auth_method: 'none' });
    expect(context.decisions).toEqual([]);
  });

  describe('grantTypes', () => {
    it('accepts grant types inside the profile', () => {
      const context = processed({ grant_types: ['client_credentials'] });
      applyInitialAccessProfile(context, { grantTypes: ['client_credentials', 'refresh_token'] });
      expect(context.metadata.grant_types).toEqual(['client_credentials']);
    });

    it('fails the registration, naming every grant type outside it', () => {
      const context = processed({ grant_types: ['authorization_code', 'client_credentials', 'refresh_token'] });
      const error = errorOf(() => applyInitialAccessProfile(context, { grantTypes: ['client_credentials'] }));
      expect(error).toBeInstanceOf(InvalidClientMetadataError);
      expect((error as Error).message).toBe('grant_types: not allowed by the initial access token: authorization_code, refresh_token');
      expect(context.decisions).toEqual([expect.objectContaining({ processor: 'initial_access_token', field: 'grant_types', decision: 'rejected' })]);
    });

    it('passes a registration without grant types', () => {
      expect(() => applyInitialAccessProfile(processed({}), { grantTypes: [] })).not.toThrow();
    });
  });

  describe('tokenEndpointAuthMethods', () => {
    it('accepts a method inside the profile, and a registration without one', () => {
      expect(() => applyInitialAccessProfile(processed({ token_endpoint_auth_method: 'client_secret_basic' }), { tokenEndpointAuthMethods: ['client_secret_basic'] })).not.toThrow();
      expect(() => applyInitialAccessProfile(processed({}), { tokenEndpointAuthMethods: ['client_secret_basic'] })).not.toThrow();
    });

    it('fails the registration for a method outside it', () => {
      const error = errorOf(() => applyInitialAccessProfile(processed({ token_endpoint_auth_method: 'none' }), { tokenEndpointAuthMethods: ['client_secret_basic'] }));
      expect(error).toBeInstanceOf(InvalidClientMetadataError);
      expect((error as Error).message).toBe('token_endpoint_auth_method: "none" is not allowed by the initial access token');
    });
  });

  describe('scopes', () => {
    it('keeps a scope inside the profile as it is, recording nothing', () => {
      const context = processed({ scope: 'api:read api:write' });
      applyInitialAccessProfile(context, { scopes: ['api:read', 'api:write', 'admin'] });
      expect(context.metadata.scope).toBe('api:read api:write');
      expect(context.decisions.filter((decision) => decision.decision === 'filtered')).toEqual([]);
    });

    it('filters the values outside it and records that it did', () => {
      const context = processed({ scope: 'api:read admin api:write' });
      applyInitialAccessProfile(context, { scopes: ['api:read', 'api:write'] });
      expect(context.metadata.scope).toBe('api:read api:write');
      expect(context.decisions).toContainEqual(
        expect.objectContaining({ processor: 'initial_access_token', field: 'scope', decision: 'filtered', reason: 'scope values not allowed by the initial access token were dropped' }),
      );
    });

    it('drops a scope none of whose values is allowed (no empty scope is registered)', () => {
      const context = processed({ scope: 'admin' });
      applyInitialAccessProfile(context, { scopes: ['api:read'] });
      expect(context.metadata).not.toHaveProperty('scope');
    });

    it('passes a registration without a scope', () => {
      const context = processed({});
      applyInitialAccessProfile(context, { scopes: ['api:read'] });
      expect(context.metadata).not.toHaveProperty('scope');
      expect(context.decisions).toEqual([]);
    });
  });
});

describe('updateProfile', () => {
  const PROFILE = { grantTypes: ['client_credentials'], scopes: ['api:read'] };
  const server = resolveDcrOptions({
    secretKey: TEST_SECRET_KEY,
    initialAccessToken: { tokens: [{ token: 'a'.repeat(32), id: 'other' }, { token: 'b'.repeat(32), id: 'partner', profile: PROFILE }] },
  }).servers.get('default')!;

  it('is undefined for a client registered without a token', () => {
    expect(updateProfile(server, storedClient({ initialAccessTokenId: null }))).toBeUndefined();
  });

  it("is the profile of the client's token while that token is configured", () => {
    expect(updateProfile(server, storedClient({ initialAccessTokenId: 'partner' }))).toEqual(PROFILE);
    expect(updateProfile(server, storedClient({ initialAccessTokenId: 'other' }))).toBeUndefined();
  });

  it("is the client's current grants, scope and method once the token is gone", () => {
    const client = storedClient({ initialAccessTokenId: 'removed', metadata: { grant_types: ['client_credentials'], scope: 'api:read api:write' }, tokenEndpointAuthMethod: 'client_secret_post' });
    expect(updateProfile(server, client)).toEqual({ grantTypes: ['client_credentials'], scopes: ['api:read', 'api:write'], tokenEndpointAuthMethods: ['client_secret_post'] });
  });

  it('allows nothing the client does not have: no grants, scope or method means none', () => {
    const client = storedClient({ initialAccessTokenId: 'removed', metadata: {}, tokenEndpointAuthMethod: null });
    expect(updateProfile(server, client)).toEqual({ grantTypes: [], scopes: [], tokenEndpointAuthMethods: [] });
  });
});
