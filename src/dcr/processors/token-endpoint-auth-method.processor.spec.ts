import { InvalidClientMetadataError } from '../errors/dcr.error';
import type { TokenEndpointAuthMethodOptions } from '../options/dcr-module-options.interface';
import { contextFor, errorOf, run, serverWith } from '../testing/processing.spec-helper';
import { ConfiguredTokenEndpointAuthMethodProcessor } from './token-endpoint-auth-method.processor';

const processor = new ConfiguredTokenEndpointAuthMethodProcessor();
const FIELD = 'token_endpoint_auth_method';
const CODE = { grant_types: ['authorization_code'] };
const CLIENT_CREDENTIALS = { grant_types: ['client_credentials'] };

const serverFor = (options: TokenEndpointAuthMethodOptions = {}, strict = false) =>
  serverWith({ clientSecret: {}, strict, processors: { tokenEndpointAuthMethod: options } });

function register(body: Record<string, unknown>, options?: TokenEndpointAuthMethodOptions, grants = CODE) {
  return run(processor, serverFor(options), body, grants);
}

function rejection(body: Record<string, unknown>, options?: TokenEndpointAuthMethodOptions, grants = CODE, strict = false) {
  const context = contextFor(processor, serverFor(options, strict), body, grants);
  const error = errorOf(() => processor.process(context));
  expect(error).toBeInstanceOf(InvalidClientMetadataError);
  return error as InvalidClientMetadataError;
}

describe('ConfiguredTokenEndpointAuthMethodProcessor', () => {
  describe('defaults', () => {
    it('defaults to client_secret_basic (RFC 7591 §2)', () => {
      const context = register({});
      expect(context.metadata[FIELD]).toBe('client_secret_basic');
      expect(context.decisions).toEqual([
        { processor: FIELD, field: FIELD, decision: 'defaulted', reason: 'RFC 7591 §2 default' },
      ]);
    });

    it('defaults to the first allowed method in the order basic, post, none', () => {
      expect(register({}, { allowed: ['none', 'client_secret_post'] }).metadata[FIELD]).toBe('client_secret_post');
      expect(register({}, { allowed: ['none'] }).metadata[FIELD]).toBe('none');
    });
  });

  describe('accepted', () => {
    it.each(['none', 'client_secret_post', 'client_secret_basic'])('accepts the allowed method %s', (method) => {
      const context = register({ [FIELD]: method });
      expect(context.metadata[FIELD]).toBe(method);
      expect(context.decisions).toEqual([{ processor: FIELD, field: FIELD, decision: 'accepted' }]);
    });
  });

  describe('not allowed values', () => {
    it('drops a method that is not allowed, then applies the default', () => {
      const context = register({ [FIELD]: 'client_secret_post' }, { allowed: ['client_secret_basic'] });
      expect(context.metadata[FIELD]).toBe('client_secret_basic');
      expect(context.decisions).toEqual([
        { processor: FIELD, field: FIELD, decision: 'filtered', reason: '"client_secret_post" is not allowed (allowed: client_secret_basic)' },
        { processor: FIELD, field: FIELD, decision: 'defaulted', reason: 'replaces the dropped value' },
      ]);
    });

    it('drops an unsupported method such as private_key_jwt', () => {
      expect(register({ [FIELD]: 'private_key_jwt' }).metadata[FIELD]).toBe('client_secret_basic');
    });

    it('rejects a method that is not allowed when strict, globally or on the processor', () => {
      const reason = `${FIELD}: "none" is not allowed (allowed: client_secret_basic)`;
      expect(rejection({ [FIELD]: 'none' }, { allowed: ['client_secret_basic'], strict: true }).description).toBe(reason);
      expect(rejection({ [FIELD]: 'none' }, { allowed: ['client_secret_basic'] }, CODE, true).description).toBe(reason);
    });
  });

  describe('mandatory', () => {
    it('rejects a missing method', () => {
      expect(rejection({}, { mandatory: true }).description).toBe(`${FIELD}: required`);
    });

    it('rejects a method that is not allowed instead of defaulting', () => {
      expect(rejection({ [FIELD]: 'none' }, { mandatory: true, allowed: ['client_secret_post'] }).description).toBe(
        `${FIELD}: "none" is not allowed (allowed: client_secret_post)`,
      );
    });
  });

  describe('public clients and client_credentials', () => {
    const reason = `${FIELD}: the client_credentials grant needs a confidential client; "none" cannot authenticate`;

    it('rejects "none" for a client_credentials client', () => {
      expect(rejection({ [FIELD]: 'none' }, {}, CLIENT_CREDENTIALS).description).toBe(reason);
    });

    it('rejects a "none" default for a client_credentials client', () => {
      expect(rejection({}, { allowed: ['none'] }, CLIENT_CREDENTIALS).description).toBe(reason);
    });

    it('accepts a secret method for a client_credentials client', () => {
      expect(register({}, {}, CLIENT_CREDENTIALS).metadata[FIELD]).toBe('client_secret_basic');
    });
  });

  describe('RP Metadata Choices (token_endpoint_auth_methods_supported)', () => {
    const CHOICES = 'token_endpoint_auth_methods_supported';

    it('chooses the strongest listed method this server allows, and never registers or echoes the list', () => {
      const context = register({ [CHOICES]: ['none', 'client_secret_post', 'client_secret_basic'] });
      expect(context.metadata).toEqual({ ...CODE, [FIELD]: 'client_secret_basic' });
      expect(context.decisions).toEqual([
        { processor: FIELD, field: CHOICES, decision: 'filtered', reason: 'input only (RP Metadata Choices); offered: none, client_secret_post, client_secret_basic' },
        { processor: FIELD, field: FIELD, decision: 'defaulted', reason: `strongest method of ${CHOICES} allowed here (order: client_secret_basic > client_secret_post > none)` },
      ]);
    });

    it('restricts the choice to the allow-list', () => {
      expect(register({ [CHOICES]: ['client_secret_basic', 'none'] }, { allowed: ['none', 'client_secret_post'] }).metadata[FIELD]).toBe('none');
      expect(register({ [CHOICES]: ['client_secret_post', 'client_secret_basic'] }, { allowed: ['client_secret_post'] }).metadata[FIELD]).toBe('client_secret_post');
    });

    it("keeps the client's preferred method when this server allows it", () => {
      const context = register({ [FIELD]: 'client_secret_post', [CHOICES]: ['client_secret_post', 'client_secret_basic', 'none'] });
      expect(context.metadata[FIELD]).toBe('client_secret_post');
      expect(context.decisions[1]).toEqual({ processor: FIELD, field: FIELD, decision: 'accepted' });
    });

    it('replaces a preferred method it does not support with a listed one (ChatGPT prefers private_key_jwt)', () => {
      const context = register({ [FIELD]: 'private_key_jwt', [CHOICES]: ['none', 'private_key_jwt'] });
      expect(context.metadata[FIELD]).toBe('none');
      expect(context.decisions[1]).toEqual({
        processor: FIELD, field: FIELD, decision: 'defaulted',
        reason: `strongest method of ${CHOICES} allowed here (order: client_secret_basic > client_secret_post > none); "private_key_jwt" is not allowed here`,
      });
    });

    it('chooses a mutual-TLS method only when the request brings what it needs (one certificate name, or keys)', () => {
      const server = serverWith({ clientSecret: {}, processors: { tokenEndpointAuthMethod: { allowed: ['client_secret_basic', 'tls_client_auth', 'self_signed_tls_client_auth'] }, jwks: {} } });
      const choose = (body: Record<string, unknown>) => run(processor, server, body, CODE);
      const offered = { [CHOICES]: ['self_signed_tls_client_auth', 'tls_client_auth', 'client_secret_basic'] };
      const withName = choose({ ...offered, tls_client_auth_san_dns: 'c.example' });
      expect(withName.metadata[FIELD]).toBe('tls_client_auth');
      expect(withName.decisions[1].reason).toBe(`strongest method of ${CHOICES} allowed here (order: tls_client_auth > self_signed_tls_client_auth > client_secret_basic > client_secret_post > none)`);
      expect(choose({ ...offered, jwks: { keys: [] } }).metadata[FIELD]).toBe('self_signed_tls_client_auth');
      expect(choose({ ...offered, tls_client_auth_san_dns: 'c.example', tls_client_auth_san_ip: '10.0.0.1' }).metadata[FIELD]).toBe('client_secret_basic');
      expect(choose(offered).metadata[FIELD]).toBe('client_secret_basic');
    });

    it('negotiates even when strict: offering alternatives is not an invalid value', () => {
      const context = run(processor, serverFor({}, true), { [FIELD]: 'private_key_jwt', [CHOICES]: ['private_key_jwt', 'client_secret_post'] }, CODE);
      expect(context.metadata[FIELD]).toBe('client_secret_post');
    });

    it('skips none for a client_credentials client', () => {
      expect(register({ [CHOICES]: ['none', 'client_secret_post'] }, {}, CLIENT_CREDENTIALS).metadata[FIELD]).toBe('client_secret_post');
      expect(rejection({ [CHOICES]: ['none'] }, {}, CLIENT_CREDENTIALS).description).toBe(
        `${CHOICES}: none of none is allowed here for a client_credentials client (allowed: none, client_secret_post, client_secret_basic)`,
      );
    });

    it('satisfies a mandatory method', () => {
      expect(register({ [CHOICES]: ['client_secret_post'] }, { mandatory: true }).metadata[FIELD]).toBe('client_secret_post');
    });

    it('rejects with invalid_client_metadata when nothing listed is allowed', () => {
      expect(rejection({ [CHOICES]: ['private_key_jwt', 'tls_client_auth'] }).description).toBe(
        `${CHOICES}: none of private_key_jwt, tls_client_auth is allowed here (allowed: none, client_secret_post, client_secret_basic)`,
      );
    });

    it('rejects an empty list', () => {
      expect(rejection({ [CHOICES]: [] }).description).toBe(`${CHOICES}: must list at least one method`);
    });

    it('rejects a preferred method that is not in the list (RP Metadata Choices §2)', () => {
      expect(rejection({ [FIELD]: 'client_secret_basic', [CHOICES]: ['none', 'client_secret_post'] }).description).toBe(
        `${FIELD}: "client_secret_basic" is not in ${CHOICES}`,
      );
    });
  });
});
