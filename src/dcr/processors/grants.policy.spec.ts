import { InvalidClientMetadataError } from '../errors/dcr.error';
import type { GrantsOptions } from '../options/dcr-module-options.interface';
import { contextFor, errorOf, run, serverWith } from '../testing/processing.spec-helper';
import { ConfiguredGrantsPolicy } from './grants.policy';

const policy = new ConfiguredGrantsPolicy();

function register(body: Record<string, unknown>, grants?: GrantsOptions, strict = false) {
  return run(policy, serverWith({ grants, strict }), body);
}

function rejection(body: Record<string, unknown>, grants?: GrantsOptions, strict = false) {
  const context = contextFor(policy, serverWith({ grants, strict }), body);
  const error = errorOf(() => policy.process(context));
  expect(error).toBeInstanceOf(InvalidClientMetadataError);
  return { error: error as InvalidClientMetadataError, context };
}

describe('ConfiguredGrantsPolicy', () => {
  describe('RFC 7591 §2 defaults', () => {
    it('defaults grant_types to authorization_code and response_types to code', () => {
      const context = register({});
      expect(context.metadata).toEqual({ grant_types: ['authorization_code'], response_types: ['code'] });
      expect(context.decisions).toEqual([
        { processor: 'grants', field: 'grant_types', decision: 'defaulted', reason: 'RFC 7591 §2 default' },
        { processor: 'grants', field: 'response_types', decision: 'defaulted', reason: 'derived from grant_types' },
      ]);
    });

    it('derives no response type for a client_credentials-only client', () => {
      const context = register({ grant_types: ['client_credentials'] });
      expect(context.metadata).toEqual({ grant_types: ['client_credentials'], response_types: [] });
      expect(context.decisions).toContainEqual({ processor: 'grants', field: 'grant_types', decision: 'accepted' });
    });
  });

  describe('accepted values', () => {
    it('accepts enabled grants with their response types and removes duplicates', () => {
      const context = register({
        grant_types: ['authorization_code', 'refresh_token', 'authorization_code'],
        response_types: ['code', 'code'],
      });
      expect(context.metadata).toEqual({ grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] });
      expect(context.decisions.map(({ field, decision }) => `${field}:${decision}`)).toEqual([
        'response_types:accepted',
        'grant_types:accepted',
      ]);
    });
  });

  describe('grants that are not enabled', () => {
    it('filters out a disabled grant and keeps the rest', () => {
      const context = register({ grant_types: ['authorization_code', 'client_credentials'] }, { clientCredentials: false });
      expect(context.metadata.grant_types).toEqual(['authorization_code']);
      expect(context.decisions[0]).toEqual({
        processor: 'grants',
        field: 'grant_types',
        decision: 'filtered',
        reason: 'not allowed here: client_credentials (allowed: authorization_code, refresh_token)',
      });
    });

    it('rejects a disabled grant when strict', () => {
      const { error, context } = rejection({ grant_types: ['authorization_code', 'client_credentials'] }, { clientCredentials: false }, true);
      expect(error.error).toBe('invalid_client_metadata');
      expect(error.description).toBe('grant_types: not allowed here: client_credentials (allowed: authorization_code, refresh_token)');
      expect(context.decisions).toEqual([expect.objectContaining({ field: 'grant_types', decision: 'rejected' })]);
    });

    it('treats implicit as disabled by default', () => {
      const context = register({ grant_types: ['authorization_code', 'implicit'] });
      expect(context.metadata).toEqual({ grant_types: ['authorization_code'], response_types: ['code'] });
      expect(context.decisions[0]).toMatchObject({ field: 'grant_types', decision: 'filtered' });
    });

    it('rejects a request whose every grant was filtered out', () => {
      const { error } = rejection({ grant_types: ['implicit'] });
      expect(error.description).toBe(
        'grant_types: no supported grant type requested (allowed: authorization_code, client_credentials, refresh_token)',
      );
    });

    it('rejects an empty grant_types list', () => {
      expect(rejection({ grant_types: [] }).error.description).toMatch(/^grant_types: no supported grant type requested/);
    });

    it('registers implicit when enabled, flagged for the host, with the token response type', () => {
      const context = register({ grant_types: ['implicit'] }, { implicit: true });
      expect(context.metadata).toEqual({ grant_types: ['implicit'], response_types: ['token'] });
      expect(context.decisions).toContainEqual({
        processor: 'grants',
        field: 'grant_types',
        decision: 'accepted',
        reason: 'implicit registered: the host authorization server must support it',
      });
    });
  });

  describe('refresh_token', () => {
    it('drops refresh_token when authorization_code is not requested', () => {
      const context = register({ grant_types: ['client_credentials', 'refresh_token'] });
      expect(context.metadata).toEqual({ grant_types: ['client_credentials'], response_types: [] });
      expect(context.decisions[0]).toMatchObject({ field: 'grant_types', decision: 'filtered' });
    });

    it('rejects refresh_token without authorization_code when strict', () => {
      const { error } = rejection({ grant_types: ['client_credentials', 'refresh_token'] }, undefined, true);
      expect(error.description).toBe('grant_types: refresh_token needs authorization_code, the only grant here that issues refresh tokens');
    });
  });

  describe('consistency of grant_types and response_types', () => {
    it('rejects "code" without the authorization_code grant', () => {
      const { error } = rejection({ grant_types: ['client_credentials'], response_types: ['code'] });
      expect(error.description).toBe('response_types: "code" needs the authorization_code grant type');
    });

    it('rejects the authorization_code grant without "code"', () => {
      const { error } = rejection({ grant_types: ['authorization_code'], response_types: [] });
      expect(error.description).toBe('response_types: the authorization_code grant type needs the "code" response type');
    });

    it('rejects "token" without the implicit grant', () => {
      const { error } = rejection({ grant_types: ['authorization_code'], response_types: ['code', 'token'] }, { implicit: true });
      expect(error.description).toBe('response_types: "token" needs the implicit grant type');
    });

    it('rejects the implicit grant without "token"', () => {
      const { error } = rejection({ grant_types: ['authorization_code', 'implicit'], response_types: ['code'] }, { implicit: true });
      expect(error.description).toBe('response_types: the implicit grant type needs the "token" response type');
    });

    it('filters out unsupported response types and rejects them when strict', () => {
      const context = register({ response_types: ['code', 'id_token'] });
      expect(context.metadata.response_types).toEqual(['code']);
      expect(context.decisions).toContainEqual({
        processor: 'grants', field: 'response_types', decision: 'filtered', reason: 'not allowed here: id_token',
      });
      expect(rejection({ response_types: ['code', 'id_token'] }, undefined, true).error.description).toBe(
        'response_types: not allowed here: id_token',
      );
    });
  });
});
