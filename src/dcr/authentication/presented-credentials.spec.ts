import { InvalidRequestError } from '../errors/dcr.error';
import { basicHeader } from '../testing/authentication.spec-helper';
import { errorOf } from '../testing/processing.spec-helper';
import { presentedCredentials } from './presented-credentials';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('presentedCredentials', () => {
  it('client_secret_basic from the Authorization header', () => {
    expect(presentedCredentials(basicHeader('c1', 's1'), {})).toEqual({ method: 'client_secret_basic', clientId: 'c1', clientSecret: 's1' });
  });

  it('client_secret_basic with the same client_id repeated in the body', () => {
    expect(presentedCredentials(basicHeader('c1', 's1'), { client_id: 'c1' })?.method).toBe('client_secret_basic');
  });

  it('client_secret_post from the body', () => {
    expect(presentedCredentials(undefined, { client_id: 'c1', client_secret: 's1' })).toEqual({ method: 'client_secret_post', clientId: 'c1', clientSecret: 's1' });
  });

  it('none: a public client names itself', () => {
    expect(presentedCredentials(undefined, { client_id: 'c1' })).toEqual({ method: 'none', clientId: 'c1' });
  });

  it.each([
    ['nothing', undefined, {}],
    ['an empty header', '  ', {}],
    ['a Bearer header', 'Bearer abc', {}],
    ['a client assertion of another type', undefined, { client_id: 'c1', client_assertion: 'x.y.z', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' }],
    ['a client assertion without its type', undefined, { client_id: 'c1', client_assertion: 'x.y.z' }],
    ['a client assertion type without the assertion', undefined, { client_id: 'c1', client_assertion_type: JWT_BEARER }],
  ])('no supported method for %s', (_name, header, body) => {
    expect(presentedCredentials(header, body)).toBeUndefined();
  });

  it.each([
    ['two methods at once (RFC 6749 §2.3)', basicHeader('c1', 's1'), { client_secret: 's1' }, /both the Authorization header and the body/],
    ['another client_id in the body', basicHeader('c1', 's1'), { client_id: 'c2' }, /differs/],
    ['client_secret without client_id', undefined, { client_secret: 's1' }, /needs client_id/],
    ['a repeated client_id parsed into an array', undefined, { client_id: ['a', 'b'] }, /single string/],
    ['a malformed Basic header', 'Basic %%%', {}, /Authorization header/],
    ['a client assertion beside a secret', undefined, { client_id: 'c1', client_secret: 's1', client_assertion: 'x.y.z', client_assertion_type: JWT_BEARER }, /cannot be combined/],
    ['a client assertion beside Basic', basicHeader('c1', 's1'), { client_assertion: 'x.y.z', client_assertion_type: JWT_BEARER }, /cannot be combined/],
  ])('invalid_request for %s', (_name, header, body, description) => {
    const error = errorOf(() => presentedCredentials(header, body));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).description).toMatch(description);
  });
});

describe('presentedCredentials, edges', () => {
  it.each(['client_assertion', 'client_assertion_type'])('refuses %s beside a secret as two methods at once', (name) => {
    expect(() => presentedCredentials(undefined, { client_id: 'c1', client_secret: 's1', [name]: 'x' })).toThrow(InvalidRequestError);
  });

  it('reads private_key_jwt (RFC 7523 §2.2): the client is client_id when sent, else the unverified sub', () => {
    const assertion = `${encode({ alg: 'ES256' })}.${encode({ iss: 'c9', sub: 'c9' })}.sig`;
    expect(presentedCredentials(undefined, { client_assertion_type: JWT_BEARER, client_assertion: assertion })).toEqual({ method: 'private_key_jwt', clientId: 'c9', clientAssertion: assertion });
    expect(presentedCredentials(undefined, { client_id: 'c1', client_assertion_type: JWT_BEARER, client_assertion: assertion })).toMatchObject({ clientId: 'c1' });
    expect(presentedCredentials(undefined, { client_assertion_type: JWT_BEARER, client_assertion: 'not a jwt' })).toMatchObject({ method: 'private_key_jwt', clientId: '' });
  });

  it.each(['', '   '])('ignores an Authorization header of %j and reads the body', (header) => {
    expect(presentedCredentials(header, { client_id: 'c1', client_secret: 's1' })).toEqual({ method: 'client_secret_post', clientId: 'c1', clientSecret: 's1' });
  });

  it('reads an empty client_secret as omitted (RFC 6749 §3.1): the client names itself only', () => {
    expect(presentedCredentials(undefined, { client_id: 'c1', client_secret: '' })).toEqual({ method: 'none', clientId: 'c1' });
  });
});
