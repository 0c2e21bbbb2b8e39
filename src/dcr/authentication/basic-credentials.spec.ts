import { InvalidRequestError } from '../errors/dcr.error';
import { errorOf } from '../testing/processing.spec-helper';
import { isBasicAuthorization, parseBasicAuthorization } from './basic-credentials';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('parseBasicAuthorization (RFC 6749 §2.3.1, RFC 7617)', () => {
  it('reads client_id:client_secret', () => {
    expect(parseBasicAuthorization(`Basic ${b64('my-client:s3cret')}`)).toEqual({ clientId: 'my-client', clientSecret: 's3cret' });
  });

  it('form-decodes id and secret after splitting at the first colon', () => {
    // What oauth4webapi sends: "-", "_" and "." escaped, ":" inside the id as %3A, space as "+".
    const header = `Basic ${b64('urn%3Aclient%2D1:a%2Db%5Fc+d%2Be%3Af')}`;
    expect(parseBasicAuthorization(header)).toEqual({ clientId: 'urn:client-1', clientSecret: 'a-b_c d+e:f' });
  });

  it('keeps a colon of an unencoded secret (only the first colon separates)', () => {
    expect(parseBasicAuthorization(`Basic ${b64('id:pa:ss')}`).clientSecret).toBe('pa:ss');
  });

  it('decodes UTF-8 (RFC 7617 charset)', () => {
    expect(parseBasicAuthorization(`Basic ${b64('id:%C3%A4%E2%82%AC')}`).clientSecret).toBe('ä€');
    expect(parseBasicAuthorization(`Basic ${b64('id:ä')}`).clientSecret).toBe('ä');
  });

  it('accepts any case of the scheme and extra spaces', () => {
    expect(parseBasicAuthorization(`bAsIc   ${b64('a:b')}  `)).toEqual({ clientId: 'a', clientSecret: 'b' });
  });

  it('allows an empty secret (a failed authentication, not a malformed request)', () => {
    expect(parseBasicAuthorization(`Basic ${b64('a:')}`)).toEqual({ clientId: 'a', clientSecret: '' });
  });

  it.each([
    ['no credentials', 'Basic', /must be "Basic" followed by base64/],
    ['not base64', 'Basic ***', /must be "Basic" followed by base64/],
    ['bad padding', `Basic ${b64('a:b').replace(/=+$/, '')}x`, /not valid base64/],
    ['two tokens', `Basic ${b64('a:b')} ${b64('c:d')}`, /must be "Basic" followed by base64/],
    ['no colon', `Basic ${b64('just-an-id')}`, /must hold "client_id:client_secret"/],
    ['empty client id', `Basic ${b64(':secret')}`, /empty client_id/],
    ['broken percent escape', `Basic ${b64('id:%zz')}`, /invalid form-urlencoded/],
    ['escape of invalid UTF-8', `Basic ${b64('id:%ff')}`, /invalid form-urlencoded/],
    ['raw invalid UTF-8', `Basic ${Buffer.from([0x61, 0x3a, 0xff]).toString('base64')}`, /not valid UTF-8/],
    ['overlong header', `Basic ${'A'.repeat(5000)}`, /too long/],
  ])('refuses %s with invalid_request', (_name, header, description) => {
    const error = errorOf(() => parseBasicAuthorization(header));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).description).toMatch(description);
  });
});

describe('isBasicAuthorization', () => {
  it.each([
    ['Basic abc', true],
    ['basic abc', true],
    ['Basic', true],
    ['Bearer abc', false],
    ['Basicabc', false],
    ['Digest username="a"', false],
    ['  Basic abc', true],
    ['Bearer basic abc', false],
  ])('%j → %s', (header, expected) => {
    expect(isBasicAuthorization(header)).toBe(expected);
  });
});

describe('parseBasicAuthorization, edges', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');

  it('accepts white space around the header value', () => {
    expect(parseBasicAuthorization(`  Basic ${b64('c1:s1')}  `)).toEqual({ clientId: 'c1', clientSecret: 's1' });
  });

  it('refuses the scheme anywhere but at the start', () => {
    expect(errorOf(() => parseBasicAuthorization(`Digest basic ${b64('c1:s1')}`))).toBeInstanceOf(InvalidRequestError);
  });

  it('refuses base64 with stray bits, even at a length that is a multiple of 4', () => {
    expect(b64('ab:c')).toBe('YWI6Yw==');
    const error = errorOf(() => parseBasicAuthorization('Basic YWI6Yx=='));
    expect((error as InvalidRequestError).description).toBe('the Authorization header is not valid base64 (RFC 6749 §2.3.1)');
  });

  it('reads a header of exactly 4096 characters, and refuses 4097', () => {
    const encoded = b64(`c1:${'x'.repeat(3063)}`);
    const header = `Basic   ${encoded}`;
    expect(header).toHaveLength(4096);
    expect(parseBasicAuthorization(header).clientSecret).toHaveLength(3063);
    expect((errorOf(() => parseBasicAuthorization(`${header} `)) as InvalidRequestError).description).toMatch(/too long/);
  });
});
