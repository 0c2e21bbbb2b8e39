import { InvalidRequestError, InvalidTokenError } from '../errors/dcr.error';
import type { DcrHttpRequest } from '../http/http-request';
import { errorOf } from '../testing/processing.spec-helper';
import { bearerToken, optionalBearerToken } from './bearer-token';

const TOKEN = 'abcDEF0123456789-._~+/abcdefghijklmnopqrstu';
const requestWith = (authorization?: string, query: unknown = {}): DcrHttpRequest => ({ headers: authorization === undefined ? {} : { authorization }, query });

describe('bearerToken', () => {
  it.each([
    ['Bearer <token>', `Bearer ${TOKEN}`],
    ['any case of the scheme', `bEARER ${TOKEN}`],
    ['several spaces', `Bearer   ${TOKEN}`],
    ['surrounding white space', `  Bearer ${TOKEN}  `],
  ])('reads %s', (_case, header) => {
    expect(bearerToken(requestWith(header))).toBe(TOKEN);
  });

  it('keeps base64 padding (RFC 6750 b64token)', () => {
    expect(bearerToken(requestWith('Bearer abc=='))).toBe('abc==');
  });

  it('reads a token of 512 characters and refuses 513', () => {
    expect(bearerToken(requestWith(`Bearer ${'a'.repeat(512)}`))).toBe('a'.repeat(512));
    expect(errorOf(() => bearerToken(requestWith(`Bearer ${'a'.repeat(513)}`)))).toBeInstanceOf(InvalidTokenError);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', `Basic ${TOKEN}`],
    ['the scheme alone', 'Bearer'],
    ['the scheme and a space', 'Bearer '],
    ['no space after the scheme', `Bearer${TOKEN}`],
    ['a second word', `Bearer ${TOKEN} extra`],
    ['a character outside b64token', 'Bearer abc!def'],
    ['padding inside the token', 'Bearer ab=c'],
    ['a prefix before the scheme', `xBearer ${TOKEN}`],
  ])('refuses %s with invalid_token', (_case, header) => {
    const error = errorOf(() => bearerToken(requestWith(header)));
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as InvalidTokenError).headers).toEqual({ 'WWW-Authenticate': 'Bearer error="invalid_token"' });
  });

  it('refuses an array header', () => {
    expect(errorOf(() => bearerToken({ headers: { authorization: [`Bearer ${TOKEN}`] as unknown as string } }))).toBeInstanceOf(InvalidTokenError);
  });

  it('refuses access_token in the query with invalid_request, even beside a valid header (RFC 6750 §2.3)', () => {
    for (const authorization of [undefined, `Bearer ${TOKEN}`]) {
      const error = errorOf(() => bearerToken(requestWith(authorization, { access_token: TOKEN })));
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as Error).message).toBe('access tokens are accepted only in the Authorization header');
    }
  });

  it('ignores other query parameters, an inherited access_token and a missing query', () => {
    expect(bearerToken(requestWith(`Bearer ${TOKEN}`, { other: 'x' }))).toBe(TOKEN);
    expect(bearerToken(requestWith(`Bearer ${TOKEN}`, Object.create({ access_token: 'x' })))).toBe(TOKEN);
    expect(bearerToken(requestWith(`Bearer ${TOKEN}`, null))).toBe(TOKEN);
    expect(bearerToken(requestWith(`Bearer ${TOKEN}`, 'access_token=x'))).toBe(TOKEN);
    expect(bearerToken({ headers: { authorization: `Bearer ${TOKEN}` } })).toBe(TOKEN);
  });
});

describe('optionalBearerToken', () => {
  it('is undefined without an Authorization header or query token', () => {
    expect(optionalBearerToken(requestWith())).toBeUndefined();
  });

  it('reads the header when there is one, and refuses a bad one', () => {
    expect(optionalBearerToken(requestWith(`Bearer ${TOKEN}`))).toBe(TOKEN);
    expect(errorOf(() => optionalBearerToken(requestWith('')))).toBeInstanceOf(InvalidTokenError);
  });

  it('refuses a query token even without a header', () => {
    expect(errorOf(() => optionalBearerToken(requestWith(undefined, { access_token: TOKEN })))).toBeInstanceOf(InvalidRequestError);
  });
});
