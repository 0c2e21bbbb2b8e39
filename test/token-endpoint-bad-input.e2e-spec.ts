import http from 'node:http';
import request from 'supertest';
import { answerOf } from './utils/raw-answer';
import { createTestApp, profile, TestApp } from './utils/test-app';

interface BadTokenRequest {
  name: string;
  /** Raw body (sent byte for byte). */
  body: string | Buffer;
  contentType?: string;
  /** `Authorization` header; `valid` = the registered client's Basic credentials. */
  authorization?: string | 'valid';
  status: number;
  error: string;
  description: RegExp;
}

const form = 'application/x-www-form-urlencoded';
const b64 = (text: string) => Buffer.from(text).toString('base64');

const CASES: BadTokenRequest[] = [
  { name: 'JSON body', body: '{"grant_type":"client_credentials"}', contentType: 'application/json', authorization: 'valid', status: 415, error: 'invalid_request', description: /x-www-form-urlencoded/ },
  { name: 'text/plain body', body: 'grant_type=client_credentials', contentType: 'text/plain', authorization: 'valid', status: 415, error: 'invalid_request', description: /x-www-form-urlencoded/ },
  // A Buffer, so that superagent does not add its default form content type.
  { name: 'no content type', body: Buffer.from('grant_type=client_credentials'), contentType: '', authorization: 'valid', status: 415, error: 'invalid_request', description: /x-www-form-urlencoded/ },
  { name: 'form in another charset', body: 'grant_type=client_credentials', contentType: `${form}; charset=iso-8859-1`, authorization: 'valid', status: 415, error: 'invalid_request', description: /x-www-form-urlencoded/ },
  { name: 'body over 16 KiB', body: `grant_type=client_credentials&pad=${'a'.repeat(17_000)}`, authorization: 'valid', status: 413, error: 'invalid_request', description: /16384 bytes/ },
  { name: 'invalid UTF-8', body: Buffer.from([0x67, 0x3d, 0xff]), authorization: 'valid', status: 400, error: 'invalid_request', description: /UTF-8/ },
  { name: 'broken percent escape', body: 'grant_type=client%ZZcredentials', authorization: 'valid', status: 400, error: 'invalid_request', description: /not valid application\/x-www-form-urlencoded/ },
  { name: 'duplicate grant_type', body: 'grant_type=client_credentials&grant_type=client_credentials', authorization: 'valid', status: 400, error: 'invalid_request', description: /"grant_type" is included more than once/ },
  { name: 'duplicate client_id', body: 'grant_type=client_credentials&client_id=a&client_id=b&client_secret=x', status: 400, error: 'invalid_request', description: /"client_id" is included more than once/ },
  { name: 'duplicate scope', body: 'grant_type=client_credentials&scope=a&scope=b', authorization: 'valid', status: 400, error: 'invalid_request', description: /"scope" is included more than once/ },
  { name: 'missing grant_type', body: 'scope=api%3Aread', authorization: 'valid', status: 400, error: 'invalid_request', description: /^grant_type is required/ },
  { name: 'empty grant_type', body: 'grant_type=', authorization: 'valid', status: 400, error: 'invalid_request', description: /^grant_type is required/ },
  { name: 'empty body', body: '', authorization: 'valid', status: 400, error: 'invalid_request', description: /^grant_type is required/ },
  { name: 'password grant', body: 'grant_type=password&username=a&password=b', authorization: 'valid', status: 400, error: 'unsupported_grant_type', description: /"password" is not supported/ },
  { name: 'implicit-style grant', body: 'grant_type=token', authorization: 'valid', status: 400, error: 'unsupported_grant_type', description: /supported: authorization_code, client_credentials, refresh_token/ },
  { name: 'authorization_code grant of a client not registered for it', body: 'grant_type=authorization_code&code=x', authorization: 'valid', status: 400, error: 'unauthorized_client', description: /not registered for the "authorization_code" grant type/ },
  { name: 'Basic header that is not base64', body: 'grant_type=client_credentials', authorization: 'Basic !!!', status: 400, error: 'invalid_request', description: /Authorization header must be "Basic" followed by base64/ },
  { name: 'Basic header without a colon', body: 'grant_type=client_credentials', authorization: `Basic ${b64('client-only')}`, status: 400, error: 'invalid_request', description: /client_id:client_secret/ },
  { name: 'Basic header with a broken escape', body: 'grant_type=client_credentials', authorization: `Basic ${b64('id:%G0')}`, status: 400, error: 'invalid_request', description: /invalid form-urlencoded/ },
  { name: 'Basic header with bad padding', body: 'grant_type=client_credentials', authorization: `Basic ${b64('a:b').slice(0, -1)}`, status: 400, error: 'invalid_request', description: /not valid base64/ },
  { name: 'Basic header with an empty client_id', body: 'grant_type=client_credentials', authorization: `Basic ${b64(':secret')}`, status: 400, error: 'invalid_request', description: /empty client_id/ },
  { name: 'Basic header and client_secret in the body', body: 'grant_type=client_credentials&client_secret=x', authorization: 'valid', status: 400, error: 'invalid_request', description: /use one method/ },
  { name: 'client_secret without client_id', body: 'grant_type=client_credentials&client_secret=x', status: 400, error: 'invalid_request', description: /needs client_id/ },
  { name: 'no client authentication', body: 'grant_type=client_credentials', status: 401, error: 'invalid_client', description: /client authentication is required/ },
  { name: 'Bearer instead of Basic', body: 'grant_type=client_credentials', authorization: 'Bearer abc', status: 401, error: 'invalid_client', description: /client authentication is required/ },
  { name: 'client_id with a NUL byte', body: 'grant_type=client_credentials&client_id=a%00b&client_secret=x', status: 401, error: 'invalid_client', description: /^client authentication failed$/ },
  { name: '10,000-character client_id', body: `grant_type=client_credentials&client_id=${'a'.repeat(10_000)}&client_secret=x`, status: 401, error: 'invalid_client', description: /^client authentication failed$/ },
  { name: 'malformed scope', body: 'grant_type=client_credentials&scope=api%3Aread%20%20api%3Awrite', authorization: 'valid', status: 400, error: 'invalid_scope', description: /RFC 6749 §3.3/ },
  { name: 'scope with a quote', body: 'grant_type=client_credentials&scope=%22', authorization: 'valid', status: 400, error: 'invalid_scope', description: /RFC 6749 §3.3/ },
];

describe('bad input on POST /oauth2/token: a precise 4xx, no token', () => {
  let t: TestApp;
  let valid: string;

  beforeAll(async () => {
    t = await createTestApp({ ...profile('default'), clientAuthentication: { maxFailures: 1000, maxFailuresPerClient: 1000 } });
    const registered = await request(t.http)
      .post('/oauth2/register')
      .send({ grant_types: ['client_credentials'], scope: 'api:read api:write', token_endpoint_auth_method: 'client_secret_basic' })
      .expect(201);
    valid = `Basic ${b64(`${registered.body.client_id}:${registered.body.client_secret}`)}`;
    // The registered client itself works, so each refusal below is about the input.
    await request(t.http).post('/oauth2/token').set('Authorization', valid).type('form').send('grant_type=client_credentials').expect(200);
  });
  afterAll(() => t.close());

  it.each(CASES)('$name → $status $error', async ({ body, contentType, authorization, status, error, description }) => {
    let call = request(t.http).post('/oauth2/token');
    call = contentType === '' ? call.unset('Content-Type') : call.set('Content-Type', contentType ?? form);
    if (authorization) call = call.set('Authorization', authorization === 'valid' ? valid : authorization);
    const response = await (Buffer.isBuffer(body) ? call.serialize((raw: Buffer) => raw as never) : call).send(body);
    expect(response.status).toBe(status);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(Object.keys(response.body).sort()).toEqual(['error', 'error_description']);
    expect(response.body.error).toBe(error);
    expect(response.body.error_description).toMatch(description);
    if (status === 401) expect(response.headers['www-authenticate']).toBe('Basic realm="oauth2", charset="UTF-8"');
  });

  it('a chunked body without Content-Length is cut off at the limit with 413', async () => {
    await t.app.listen(0, '127.0.0.1');
    const url = new URL(await t.app.getUrl());
    const call = http.request({ host: url.hostname, port: url.port, path: '/oauth2/token', method: 'POST', headers: { Authorization: valid, 'Content-Type': form } });
    const answering = answerOf(call);
    call.write('grant_type=client_credentials&pad=');
    for (let i = 0; i < 40; i++) call.write('c'.repeat(1000));
    call.end();
    const answer = await answering;
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ error: 'invalid_request', error_description: 'the request body must not exceed 16384 bytes' });
  });

  it('refused requests counted nothing against the registered client', async () => {
    await request(t.http).post('/oauth2/token').set('Authorization', valid).type('form').send('grant_type=client_credentials').expect(200);
  });
});
