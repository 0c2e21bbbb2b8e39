import { InvalidClientMetadataError, InvalidRedirectUriError } from '../errors/dcr.error';
import { errorOf } from '../testing/processing.spec-helper';
import { assertClientMetadataShape, METADATA_LIMITS } from './client-metadata.bounds';

/** The description of the `invalid_client_metadata` error `body` raises. */
function problemOf(body: unknown, serverAssigned?: readonly string[]): string {
  const error = errorOf(() => assertClientMetadataShape(body, serverAssigned));
  expect(error).toBeInstanceOf(InvalidClientMetadataError);
  expect((error as InvalidClientMetadataError).error).toBe('invalid_client_metadata');
  return (error as InvalidClientMetadataError).description;
}

/** Nests `value` in `levels` arrays. */
const nested = (levels: number, value: unknown): unknown => (levels === 0 ? value : [nested(levels - 1, value)]);

describe('assertClientMetadataShape', () => {
  describe('body', () => {
    it('passes a well-formed body through unchanged', () => {
      const body = {
        redirect_uris: ['https://client.example/cb'],
        client_name: 'App',
        'client_name#de-CH': 'Äpp',
        jwks: { keys: [{ kty: 'EC', crv: 'P-256' }] },
        extension: { any: [1, true, null] },
      };
      const copy = structuredClone(body);
      expect(assertClientMetadataShape(body)).toBeUndefined();
      expect(body).toEqual(copy);
    });

    it.each([null, 'text', 5, true, [], [{ client_name: 'App' }]])('refuses the non-object body %j', (body) => {
      expect(problemOf(body)).toBe('the request body must be a JSON object');
    });
  });

  describe('size caps', () => {
    it('refuses arrays of more than 100 entries', () => {
      const contacts = Array.from({ length: METADATA_LIMITS.maxArrayLength }, (_, index) => `c${index}`);
      expect(assertClientMetadataShape({ contacts })).toBeUndefined();
      expect(problemOf({ contacts: [...contacts, 'one more'] })).toBe('contacts: more than 100 entries');
    });

    it('refuses strings of more than 4096 characters', () => {
      expect(assertClientMetadataShape({ client_name: 'a'.repeat(4096) })).toBeUndefined();
      expect(problemOf({ client_name: 'a'.repeat(4097) })).toBe('client_name: longer than 4096 characters');
      expect(problemOf({ contacts: ['ok', 'a'.repeat(4097)] })).toBe('contacts[1]: longer than 4096 characters');
    });

    it('allows software statements up to 32 KiB', () => {
      expect(assertClientMetadataShape({ software_statement: 'a'.repeat(32 * 1024) })).toBeUndefined();
      expect(problemOf({ software_statement: 'a'.repeat(32 * 1024 + 1) })).toBe('software_statement: longer than 32768 characters');
    });

    it('refuses values nested more than 6 levels deep', () => {
      expect(assertClientMetadataShape({ ext: nested(5, 1) })).toBeUndefined();
      expect(problemOf({ ext: nested(6, 1) })).toBe('ext[0][0][0][0][0][0]: nested too deeply');
    });

    it('refuses objects of more than 100 members and bad member names', () => {
      const many = Object.fromEntries(Array.from({ length: 101 }, (_, index) => [`k${index}`, 1]));
      expect(problemOf(many)).toBe('body: more than 100 members');
      expect(problemOf({ ext: many })).toBe('ext: more than 100 members');
      expect(problemOf({ ['k'.repeat(101)]: 1 })).toBe('body: member names must be 1 to 100 characters');
      expect(problemOf({ '': 1 })).toBe('body: member names must be 1 to 100 characters');
    });
  });

  describe('text', () => {
    it.each([
      ['U+0000', '\u0000'],
      ['a line feed', '\n'],
      ['a tab', '\t'],
      ['DEL', '\u007f'],
      ['a C1 control', '\u0085'],
      ['U+2028', '\u2028'],
      ['U+2029', '\u2029'],
    ])('refuses %s in a value', (_name, character) => {
      expect(problemOf({ client_name: `App${character}x` })).toBe('client_name: control characters are not allowed');
    });

    it('calls a problem inside a redirect URI invalid_redirect_uri (RFC 7591 §3.2.2), whatever it is', () => {
      for (const uri of ['https://a.example/cb\t', 'https://a.example/\ud800', `https://a.example/${'a'.repeat(METADATA_LIMITS.maxStringLength)}`]) {
        const error = errorOf(() => assertClientMetadataShape({ redirect_uris: ['https://a.example/ok', uri] }));
        expect(error).toBeInstanceOf(InvalidRedirectUriError);
        expect((error as Error).message).toMatch(/^redirect_uris\[1\]: /);
      }
    });

    it('refuses control characters in member names', () => {
      expect(problemOf({ 'client_name\u0000': 'App' })).toBe('body: control characters are not allowed');
      expect(problemOf({ jwks: { 'k\u2028': 1 } })).toBe('jwks: control characters are not allowed');
    });

    it('refuses lone surrogates in values and in member names', () => {
      const reason = 'contains a lone surrogate (not valid Unicode)';
      expect(problemOf({ client_name: 'App\uD800' })).toBe(`client_name: ${reason}`);
      expect(problemOf({ contacts: ['ok', '\uDC00x'] })).toBe(`contacts[1]: ${reason}`);
      expect(problemOf({ 'x\uDC00': 'App' })).toBe(`body: ${reason}`);
      expect(assertClientMetadataShape({ client_name: 'App \uD83D\uDE00' })).toBeUndefined();
    });
  });

  describe('JSON types of known fields', () => {
    it.each([
      [{ redirect_uris: 'https://client.example/cb' }, 'redirect_uris: must be an array of strings'],
      [{ contacts: ['ok', 5] }, 'contacts: must be an array of strings'],
      [{ grant_types: null }, 'grant_types: must be an array of strings'],
      [{ client_name: 5 }, 'client_name: must be a string'],
      [{ 'client_name#fr': 5 }, 'client_name#fr: must be a string'],
      [{ 'logo_uri#de': ['https://client.example/logo.png'] }, 'logo_uri#de: must be a string'],
      [{ scope: ['openid'] }, 'scope: must be a string'],
      [{ token_endpoint_auth_method: true }, 'token_endpoint_auth_method: must be a string'],
      [{ jwks: [] }, 'jwks: must be a JSON object'],
      [{ jwks: null }, 'jwks: must be a JSON object'],
    ])('refuses %j', (body, problem) => {
      expect(problemOf(body)).toBe(problem);
    });

    it('leaves unknown fields of any type alone', () => {
      const body = { tenant: 5, flags: [1, 'x'], nested: { a: null } };
      expect(assertClientMetadataShape(body)).toBeUndefined();
      expect(body).toEqual({ tenant: 5, flags: [1, 'x'], nested: { a: null } });
    });

    // Regression: Object.prototype names (toString, valueOf) were once taken for known fields.
    it('leaves unknown fields named like Object.prototype methods alone', () => {
      const body = JSON.parse('{"toString": "x", "client_name": "App"}');
      expect(assertClientMetadataShape(body)).toBeUndefined();
      expect(body).toEqual({ toString: 'x', client_name: 'App' });
    });
  });

  describe('server-assigned fields (RFC 7591 §3.2.1)', () => {
    it.each(['client_id', 'client_secret', 'client_id_issued_at', 'client_secret_expires_at', 'registration_access_token', 'registration_client_uri'])(
      'refuses %s',
      (field) => {
        expect(problemOf({ client_name: 'App', [field]: 'x' })).toBe(`${field}: assigned by the server; it cannot be sent`);
      },
    );

    it('uses the caller list of server-assigned fields when given', () => {
      expect(assertClientMetadataShape({ client_id: 'abc' }, [])).toBeUndefined();
      expect(problemOf({ registration_access_token: 'x' }, ['registration_access_token'])).toBe(
        'registration_access_token: assigned by the server; it cannot be sent',
      );
    });
  });

  describe('prototype pollution', () => {
    it.each(['__proto__', 'constructor', 'prototype'])('refuses a JSON %j member without touching Object.prototype', (key) => {
      const body = JSON.parse(`{"${key}": {"polluted": true}, "client_name": "App"}`);
      expect(Object.keys(body)).toEqual([key, 'client_name']);
      expect(problemOf(body)).toBe(`body: member name "${key}" is not allowed`);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    });

    it('refuses prototype member names at any depth', () => {
      expect(problemOf(JSON.parse('{"jwks": {"keys": [{"__proto__": {"x": 1}}]}}'))).toBe('jwks.keys[0]: member name "__proto__" is not allowed');
    });
  });
});
