import { generateKeyPairSync } from 'node:crypto';
import { InvalidClientMetadataError } from '../errors/dcr.error';
import type { JwksOptions } from '../options/dcr-module-options.interface';
import { contextFor, errorOf, run, serverWith } from '../testing/processing.spec-helper';
import { DefaultJwksProcessor } from './jwks.processor';
import { ConfiguredTokenEndpointAuthMethodProcessor } from './token-endpoint-auth-method.processor';

const processor = new DefaultJwksProcessor();
const PRIVATE_KEY_JWT = { token_endpoint_auth_method: 'private_key_jwt' };

function keyPair(): { publicJwk: Record<string, unknown>; privateJwk: Record<string, unknown> } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { publicJwk: { ...publicKey.export({ format: 'jwk' }), kid: 'k1' }, privateJwk: { ...privateKey.export({ format: 'jwk' }), kid: 'k1' } };
}
const { publicJwk, privateJwk } = keyPair();

const serverFor = (jwks: JwksOptions = {}) =>
  serverWith({ processors: { tokenEndpointAuthMethod: { allowed: ['private_key_jwt', 'none'] }, jwks } });

function rejection(body: Record<string, unknown>, jwks?: JwksOptions, metadata: Record<string, unknown> = PRIVATE_KEY_JWT): InvalidClientMetadataError {
  const error = errorOf(() => processor.process(contextFor(processor, serverFor(jwks), body, metadata)));
  expect(error).toBeInstanceOf(InvalidClientMetadataError);
  return error as InvalidClientMetadataError;
}

describe('DefaultJwksProcessor', () => {
  it('registers a JWK Set of public keys, and the signing algorithm', () => {
    const context = run(processor, serverFor(), { jwks: { keys: [publicJwk] }, token_endpoint_auth_signing_alg: 'ES256' }, PRIVATE_KEY_JWT);
    expect(context.metadata.jwks).toEqual({ keys: [publicJwk] });
    expect(context.metadata.token_endpoint_auth_signing_alg).toBe('ES256');
  });

  it('registers an https jwks_uri without fetching it', () => {
    const context = run(processor, serverFor(), { jwks_uri: 'https://client.example/jwks.json' }, PRIVATE_KEY_JWT);
    expect(context.metadata.jwks_uri).toBe('https://client.example/jwks.json');
  });

  it.each(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'])('refuses a key with the private member %s, without echoing it', (member) => {
    const error = rejection({ jwks: { keys: [{ ...publicJwk, [member]: 'c2VjcmV0LWtleS1tYXRlcmlhbA' }] } });
    expect(error.description).toContain(`private member "${member}"`);
    expect(error.description).not.toContain('c2VjcmV0LWtleS1tYXRlcmlhbA');
  });

  it('refuses a whole private EC key, without echoing it', () => {
    const error = rejection({ jwks: { keys: [privateJwk] } });
    expect(error.description).toMatch(/^jwks: .*private member "d"/);
    expect(error.description).not.toContain(privateJwk.d as string);
  });

  it.each([
    ['an oct key', { keys: [{ kty: 'oct', kid: 's' }] }, /symmetric/],
    ['no keys', { keys: [] }, /non-empty "keys"/],
    ['not a JWK Set', { kty: 'EC' }, /non-empty "keys"/],
    ['an unknown kty', { keys: [{ kty: 'XYZ' }] }, /kty must be/],
    ['an encryption key', { keys: [{ ...publicJwk, use: 'enc' }] }, /use must be "sig"/],
    ['a symmetric alg on a key', { keys: [{ ...publicJwk, alg: 'HS256' }] }, /alg must be an asymmetric/],
    ['two keys with one kid', { keys: [publicJwk, publicJwk] }, /kid is not unique/],
  ])('refuses %s', (_name, jwks, reason) => {
    expect(rejection({ jwks }).description).toMatch(reason);
  });

  it('refuses more keys than maxKeys, and more bytes than maxBytes', () => {
    const keys = Array.from({ length: 3 }, (_, index) => ({ ...publicJwk, kid: `k${index}` }));
    expect(rejection({ jwks: { keys } }, { maxKeys: 2 }).description).toMatch(/holds 3 keys; at most 2/);
    expect(run(processor, serverFor({ maxBytes: 512 }), { jwks: { keys: [publicJwk] } }, PRIVATE_KEY_JWT).metadata.jwks).toEqual({ keys: [publicJwk] });
    const big = { ...publicJwk, kid: 'x'.repeat(600) };
    expect(rejection({ jwks: { keys: [big] } }, { maxBytes: 512 }).description).toMatch(/larger than 512 bytes/);
  });

  it('refuses jwks and jwks_uri together (RFC 7591 §2)', () => {
    expect(rejection({ jwks: { keys: [publicJwk] }, jwks_uri: 'https://client.example/jwks.json' }).description).toMatch(/both/);
  });

  it.each([
    'http://client.example/jwks.json',
    'data:application/json,{"keys":[]}',
    'https://127.0.0.1/jwks.json',
    'https://10.0.0.1/jwks.json',
    'https://user@client.example/jwks.json',
  ])('refuses the jwks_uri %s before any connection', (uri) => {
    expect(rejection({ jwks_uri: uri }).description).toMatch(/^jwks_uri: must be an https URL/);
  });

  it('takes an http loopback jwks_uri only with the UNSAFE development option', () => {
    rejection({ jwks_uri: 'http://127.0.0.1:8080/jwks.json' });
    const context = run(processor, serverFor({ jwksUri: { development: { allowHttpLoopback: true } } }), { jwks_uri: 'http://127.0.0.1:8080/jwks.json' }, PRIVATE_KEY_JWT);
    expect(context.metadata.jwks_uri).toBe('http://127.0.0.1:8080/jwks.json');
  });

  it('refuses jwks_uri when jwksUri is turned off', () => {
    expect(rejection({ jwks_uri: 'https://client.example/jwks.json' }, { jwksUri: { enabled: false } }).description).toMatch(/register the public keys as jwks/);
  });

  it.each(['none', 'HS256', 'RS512', 42])('refuses token_endpoint_auth_signing_alg %j outside the allow-list', (alg) => {
    expect(rejection({ jwks: { keys: [publicJwk] }, token_endpoint_auth_signing_alg: alg }).description).toMatch(/^token_endpoint_auth_signing_alg: must be one of PS256, ES256, EdDSA, RS256$/);
  });

  it('needs jwks or jwks_uri for private_key_jwt', () => {
    expect(rejection({}).description).toMatch(/^jwks: private_key_jwt needs/);
    expect(run(processor, serverFor(), {}, { token_endpoint_auth_method: 'none' }).metadata).toEqual({ token_endpoint_auth_method: 'none' });
  });

  it('is off without processors.jwks, and the options refuse private_key_jwt without it', () => {
    expect(processor.isEnabled(serverWith({ processors: { tokenEndpointAuthMethod: { allowed: ['none'] } } }))).toBe(false);
    expect(() => serverWith({ processors: { tokenEndpointAuthMethod: { allowed: ['private_key_jwt'] } } })).toThrow(/private_key_jwt needs processors.jwks/);
    expect(() => serverFor({ algorithms: ['HS256'] })).toThrow(/"HS256" is not an asymmetric JWS algorithm/);
    expect(() => serverFor({ algorithms: ['none'] })).toThrow(/"none" is not an asymmetric JWS algorithm/);
  });
});

describe('private_key_jwt negotiation (RP Metadata Choices)', () => {
  const authMethod = new ConfiguredTokenEndpointAuthMethodProcessor();
  const server = serverWith({ clientSecret: {}, processors: { tokenEndpointAuthMethod: { allowed: ['private_key_jwt', 'client_secret_basic'] }, jwks: {} } });
  const choices = { token_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt'] };

  it('picks private_key_jwt, the strongest, when the request brings keys', () => {
    const context = run(authMethod, server, { ...choices, jwks: { keys: [publicJwk] } }, { grant_types: ['client_credentials'] });
    expect(context.metadata.token_endpoint_auth_method).toBe('private_key_jwt');
  });

  it('passes over private_key_jwt when the request brings no keys', () => {
    const context = run(authMethod, server, choices, { grant_types: ['client_credentials'] });
    expect(context.metadata.token_endpoint_auth_method).toBe('client_secret_basic');
  });
});
