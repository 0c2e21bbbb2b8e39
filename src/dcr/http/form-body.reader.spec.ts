import { Readable } from 'node:stream';
import type { Request } from 'express';
import { InvalidRequestError } from '../errors/dcr.error';
import { TokenRequestBodyError } from '../errors/token-endpoint.error';
import { errorOf } from '../testing/processing.spec-helper';
import { parseForm, readFormBody } from './form-body.reader';

/** A request whose body streams `body`, with the given headers. */
function requestOf(body: string | Buffer, headers: Record<string, string>): Request {
  const stream = Readable.from([Buffer.from(body)]) as unknown as Request;
  Object.assign(stream, { headers });
  return stream;
}
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('parseForm', () => {
  it('decodes names and values, "+" as a space', () => {
    expect({ ...parseForm('grant_type=client_credentials&scope=api%3Aread+api%3Awrite') }).toEqual({
      grant_type: 'client_credentials',
      scope: 'api:read api:write',
    });
  });

  it('treats parameters without a value as omitted (RFC 6749 §3.1)', () => {
    expect({ ...parseForm('a=&b&c=1&&') }).toEqual({ c: '1' });
  });

  it('refuses a repeated parameter (RFC 6749 §3.2)', () => {
    const error = errorOf(() => parseForm('grant_type=a&grant_type=b'));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).description).toBe('parameter "grant_type" is included more than once (RFC 6749 §3.2)');
  });

  it('refuses broken escapes instead of guessing', () => {
    expect(errorOf(() => parseForm('a=%E0%A4'))).toBeInstanceOf(InvalidRequestError);
    expect(errorOf(() => parseForm('a=%'))).toBeInstanceOf(InvalidRequestError);
  });

  it('keeps prototype-named parameters as plain data', () => {
    const parsed = parseForm('__proto__=x&constructor=y');
    expect(parsed.__proto__).toBe('x');
    expect(Object.getPrototypeOf(parsed)).toBeNull();
  });

  it('refuses more than 50 parameters', () => {
    const text = Array.from({ length: 51 }, (_, i) => `p${i}=1`).join('&');
    expect((errorOf(() => parseForm(text)) as InvalidRequestError).description).toMatch(/more than 50 parameters/);
  });
});

describe('readFormBody', () => {
  it('reads a form body', async () => {
    expect({ ...(await readFormBody(requestOf('grant_type=client_credentials', FORM))) }).toEqual({ grant_type: 'client_credentials' });
  });

  it('accepts charset=UTF-8', async () => {
    const request = requestOf('a=1', { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' });
    expect({ ...(await readFormBody(request)) }).toEqual({ a: '1' });
  });

  it.each([['application/json'], ['text/plain'], ['application/x-www-form-urlencoded; charset=iso-8859-1'], ['']])(
    'refuses content type "%s" with 415',
    async (type) => {
      const error = await readFormBody(requestOf('a=1', type ? { 'content-type': type } : {})).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TokenRequestBodyError);
      expect(error).toMatchObject({ status: 415, error: 'invalid_request' });
    },
  );

  it('refuses a body over the limit with 413, by declared length or by counting', async () => {
    const declared = await readFormBody(requestOf('a=1', { ...FORM, 'content-length': '20000' })).catch((e: unknown) => e);
    expect(declared).toMatchObject({ status: 413 });
    const counted = await readFormBody(requestOf(`a=${'x'.repeat(100)}`, FORM), { maxBytes: 50 }).catch((e: unknown) => e);
    expect(counted).toMatchObject({ status: 413, description: 'the request body must not exceed 50 bytes' });
  });

  it('refuses invalid UTF-8', async () => {
    const error = await readFormBody(requestOf(Buffer.from([0x61, 0x3d, 0xff]), FORM)).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, description: 'the request body is not valid UTF-8' });
  });

  it("checks a body the host's parser already read: arrays are repeats, objects are refused", async () => {
    const parsed = (body: unknown) => Object.assign(requestOf('', FORM), { _body: true, body });
    expect({ ...(await readFormBody(parsed({ grant_type: 'client_credentials', scope: '' }))) }).toEqual({ grant_type: 'client_credentials' });
    await expect(readFormBody(parsed({ client_id: ['a', 'b'] }))).rejects.toMatchObject({ description: expect.stringMatching(/"client_id" is included more than once/) });
    await expect(readFormBody(parsed({ a: { b: 'c' } }))).rejects.toMatchObject({ description: 'parameter "a" must be a plain string' });
  });
});

describe('readFormBody, edges', () => {
  const read = (headers: Record<string, string>, body = 'a=1') => readFormBody(requestOf(body, headers));

  it.each([
    '  application/x-www-form-urlencoded  ',
    'application/x-www-form-urlencoded ; charset=utf-8',
    'application/x-www-form-urlencoded;charset=utf-8',
    'application/x-www-form-urlencoded; charset = "utf-8"',
  ])('accepts Content-Type %j', async (type) => {
    expect({ ...(await read({ 'content-type': type })) }).toEqual({ a: '1' });
  });

  it.each(['xapplication/x-www-form-urlencoded', 'application/x-www-form-urlencodedx', 'application/x-www-form-urlencoded; charset=utf-8x'])(
    'refuses Content-Type %j with 415 and says what it wants',
    async (type) => {
      await expect(read({ 'content-type': type })).rejects.toMatchObject({ status: 415, description: 'the request body must be application/x-www-form-urlencoded' });
    },
  );

  it('reads a body whose declared length is exactly the limit', async () => {
    expect({ ...(await readFormBody(requestOf('a=1', { ...FORM, 'content-length': '3' }), { maxBytes: 3 })) }).toEqual({ a: '1' });
  });

  it('says what is wrong with a broken escape', async () => {
    await expect(read(FORM, 'a=%zz')).rejects.toMatchObject({ status: 400, description: 'the request body is not valid application/x-www-form-urlencoded' });
  });

  it('skips a parameter without a name', () => {
    expect({ ...parseForm('=x&a=1') }).toEqual({ a: '1' });
  });

  it("reads a host parser's empty body as no parameters, and refuses one that is not an object", async () => {
    const parsed = (body: unknown) => Object.assign(requestOf('', FORM), { _body: true, body });
    expect({ ...(await readFormBody(parsed(undefined))) }).toEqual({});
    expect({ ...(await readFormBody(parsed(null))) }).toEqual({});
    await expect(readFormBody(parsed('a=1'))).rejects.toMatchObject({ description: 'the request body is not valid application/x-www-form-urlencoded' });
  });

  it('shows a repeated name printable and at most 40 characters long', () => {
    const description = (name: string) => (errorOf(() => parseForm(`${name}=1&${name}=2`)) as InvalidRequestError).description;
    expect(description('a%01b')).toBe('parameter "a?b" is included more than once (RFC 6749 §3.2)');
    expect(description('n'.repeat(40))).toBe(`parameter "${'n'.repeat(40)}" is included more than once (RFC 6749 §3.2)`);
    expect(description('n'.repeat(41))).toBe(`parameter "${'n'.repeat(40)}…" is included more than once (RFC 6749 §3.2)`);
  });
});
