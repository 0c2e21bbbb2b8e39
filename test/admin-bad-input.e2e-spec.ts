import request from 'supertest';
import { ADMIN_TOKEN, AS_ADMIN, seedClients, techClient } from './utils/admin';
import { createTestApp, TestApp } from './utils/test-app';

interface BadCall {
  name: string;
  method: 'get' | 'post' | 'patch' | 'delete';
  /** `:id` is replaced by a real client's id. */
  path: string;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  status: number;
  error: string;
  description: RegExp;
}

const json = (value: unknown) => JSON.stringify(value);
const search = (query: string, description: RegExp, status = 400, error = 'invalid_request'): BadCall =>
  ({ name: `GET /tech-clients?${query.slice(0, 60)}`, method: 'get', path: `/tech-clients?${query}`, status, error, description });

const CASES: BadCall[] = [
  // The search: strings shaped like SQL or wildcards are data (see admin-search), but these are not searches.
  search('name=a&name=b', /^name: must be given once$/),
  search('name[]=a', /^unknown query parameter "name\[\]"/),
  search('name[x]=a', /^unknown query parameter "name\[x\]"/),
  search('label=a&label=b', /^label: must be given once$/),
  search('limit=1000000', /^limit: must be an integer from 1 to 200$/),
  search('limit=0', /^limit: must be an integer from 1 to 200$/),
  search('limit=-1', /^limit: must be a positive integer$/),
  search('limit=abc', /^limit: must be a positive integer$/),
  search('limit=99999999999999999999', /^limit: must be a positive integer$/),
  search('cursor=-1', /^cursor: not a cursor from this API/),
  search('cursor=garbage', /^cursor: not a cursor from this API/),
  search(`cursor=${'A'.repeat(3000)}.${'B'.repeat(22)}`, /^cursor: not a cursor from this API/),
  search(`cursor=${Buffer.from('{"s":"-creationDate","k":[0,"x"]}').toString('base64url')}.AAAAAAAAAAAAAAAAAAAAAA`, /^cursor: not a cursor from this API/),
  search('cursor=%00', /^cursor: not a cursor from this API/),
  search('sort=secret_digest', /^sort: must be one of -creationDate, creationDate, displayName, -displayName$/),
  search("sort=created_at;DROP TABLE tech_client", /^sort: must be one of/),
  search('sort=-creationDate&sort=displayName', /^sort: must be given once$/),
  search('secretDigest=v1:x', /^unknown query parameter "secretDigest"/),
  search('locked=yes', /^locked: must be true or false$/),
  search('name=', /^name: must not be empty$/),
  search(`name=${'a'.repeat(201)}`, /^name: must be at most 200 characters$/),
  search('name=a%00b', /^name: must not contain control characters$/),
  search('name=%0Aadmin', /^name: must not contain control characters$/),
  search(`id=${'x'.repeat(10_000)}`, /^id: must be at most 128 characters$/),
  search('createdFrom=yesterday', /^createdFrom: must be an ISO 8601 date/),
  search('createdFrom=2026-02-30', /^createdFrom: must be an ISO 8601 date/),
  search('createdTo=2026-01-01T00:00:00', /^createdTo: must be an ISO 8601 date/),
  search('createdFrom=2026-03-01&createdTo=2026-01-01', /^createdTo: must be later than createdFrom$/),
  search('createdFrom=0000-01-01', /^createdFrom: must be a valid date between 1970 and 9999$/),

  // Ids in the path.
  { name: 'path traversal id', method: 'get', path: '/tech-clients/..%2F..%2Fetc%2Fpasswd', status: 404, error: 'not_found', description: /^no technical client with this id$/ },
  { name: 'encoded traversal on lock', method: 'post', path: '/tech-clients/..%2F../lock', body: json({ reason: 'x' }), status: 404, error: 'not_found', description: /./ },
  { name: '10,000-character id', method: 'get', path: `/tech-clients/${'x'.repeat(10_000)}`, status: 400, error: 'invalid_request', description: /^id: must be at most 128 characters$/ },
  { name: 'id with a NUL byte', method: 'get', path: '/tech-clients/a%00b', status: 400, error: 'invalid_request', description: /^id: must not contain control characters$/ },
  { name: 'unknown id', method: 'get', path: '/tech-clients/does-not-exist', status: 404, error: 'not_found', description: /^no technical client with this id$/ },
  { name: 'SQL-shaped id', method: 'delete', path: `/tech-clients/${encodeURIComponent("x' OR '1'='1")}`, status: 404, error: 'not_found', description: /./ },

  // Bodies.
  { name: 'PATCH as JSON:API with a media type parameter', method: 'patch', path: '/tech-clients/:id', body: json({ label: 'x' }), contentType: 'application/vnd.api+json; charset=utf-8', status: 415, error: 'invalid_request', description: /^the request body must be application\/json or application\/vnd\.api\+json$/ },
  { name: 'PATCH without JSON', method: 'patch', path: '/tech-clients/:id', body: 'label=x', contentType: 'application/x-www-form-urlencoded', status: 415, error: 'invalid_request', description: /application\/json/ },
  { name: 'PATCH with broken JSON', method: 'patch', path: '/tech-clients/:id', body: '{"label":', status: 400, error: 'invalid_request', description: /not valid JSON/ },
  { name: 'PATCH with an array body', method: 'patch', path: '/tech-clients/:id', body: '["label"]', status: 400, error: 'invalid_request', description: /^body: must be a JSON object$/ },
  { name: 'PATCH with nothing to change', method: 'patch', path: '/tech-clients/:id', body: '{}', status: 400, error: 'invalid_request', description: /^nothing to change/ },
  { name: 'PATCH of an unknown attribute', method: 'patch', path: '/tech-clients/:id', body: json({ locked: false }), status: 400, error: 'invalid_request', description: /^attributes: unknown member "locked"/ },
  { name: 'PATCH of the secret', method: 'patch', path: '/tech-clients/:id', body: json({ secretDigest: 'v1:x' }), status: 400, error: 'invalid_request', description: /unknown member "secretDigest"/ },
  { name: 'PATCH with an array label', method: 'patch', path: '/tech-clients/:id', body: json({ label: ['a', 'b'] }), status: 400, error: 'invalid_request', description: /^label: must be a string$/ },
  { name: 'PATCH with an oversized name', method: 'patch', path: '/tech-clients/:id', body: json({ displayName: 'n'.repeat(201) }), status: 400, error: 'invalid_request', description: /^displayName: must be at most 200 characters$/ },
  { name: 'PATCH with an empty name', method: 'patch', path: '/tech-clients/:id', body: json({ displayName: '' }), status: 400, error: 'invalid_request', description: /^displayName: must not be empty$/ },
  { name: 'PATCH with a null name', method: 'patch', path: '/tech-clients/:id', body: json({ displayName: null }), status: 400, error: 'invalid_request', description: /^displayName: must be a string$/ },
  { name: 'PATCH with a control character', method: 'patch', path: '/tech-clients/:id', body: json({ label: 'a\u0000b' }), status: 400, error: 'invalid_request', description: /control characters/ },
  { name: 'PATCH with a lone surrogate', method: 'patch', path: '/tech-clients/:id', body: '{"label":"a\\ud800"}', status: 400, error: 'invalid_request', description: /lone surrogate/ },
  { name: 'PATCH with both name and displayName', method: 'patch', path: '/tech-clients/:id', body: json({ name: 'a', displayName: 'b' }), status: 400, error: 'invalid_request', description: /give one/ },
  { name: 'PATCH document of another type', method: 'patch', path: '/tech-clients/:id', body: json({ data: { type: 'user', attributes: { label: 'x' } } }), status: 400, error: 'invalid_request', description: /^data.type/ },
  { name: 'PATCH document for another id', method: 'patch', path: '/tech-clients/:id', body: json({ data: { id: 'other', attributes: { label: 'x' } } }), status: 400, error: 'invalid_request', description: /^data.id/ },
  { name: 'PATCH with __proto__', method: 'patch', path: '/tech-clients/:id', body: '{"__proto__":{"admin":true}}', status: 400, error: 'invalid_request', description: /"__proto__"/ },
  { name: 'PATCH body over 64 KiB', method: 'patch', path: '/tech-clients/:id', body: json({ description: 'd'.repeat(70_000) }), status: 413, error: 'invalid_request', description: /65536 bytes/ },
  { name: 'PATCH with a malformed If-Match', method: 'patch', path: '/tech-clients/:id', body: json({ label: 'x' }), headers: { 'If-Match': 'version 1' }, status: 400, error: 'invalid_request', description: /^If-Match/ },
  { name: 'lock without a reason', method: 'post', path: '/tech-clients/:id/lock', body: '{}', status: 400, error: 'invalid_request', description: /^reason: required$/ },
  { name: 'lock with a null reason', method: 'post', path: '/tech-clients/:id/lock', body: json({ reason: null }), status: 400, error: 'invalid_request', description: /^reason: must be a string$/ },
  { name: 'lock with a blank reason', method: 'post', path: '/tech-clients/:id/lock', body: json({ reason: '   ' }), status: 400, error: 'invalid_request', description: /^reason: must not be blank$/ },
  { name: 'lock with an oversized reason', method: 'post', path: '/tech-clients/:id/lock', body: json({ reason: 'r'.repeat(501) }), status: 400, error: 'invalid_request', description: /^reason: must be at most 500 characters$/ },
  { name: 'lock with an array reason', method: 'post', path: '/tech-clients/:id/lock', body: json({ reason: ['a'] }), status: 400, error: 'invalid_request', description: /^reason: must be a string$/ },
  { name: 'lock with a newline in the reason', method: 'post', path: '/tech-clients/:id/lock', body: json({ reason: 'a\nforged log line' }), status: 400, error: 'invalid_request', description: /control characters/ },
  { name: 'lock without a body', method: 'post', path: '/tech-clients/:id/lock', status: 415, error: 'invalid_request', description: /application\/json/ },
  { name: 'rotation with a negative grace', method: 'post', path: '/tech-clients/:id/secret', body: json({ gracePeriodSeconds: -1 }), status: 400, error: 'invalid_request', description: /^gracePeriodSeconds: must be an integer from 0 to 2592000$/ },
  { name: 'rotation with a string grace', method: 'post', path: '/tech-clients/:id/secret', body: json({ gracePeriodSeconds: '60' }), status: 400, error: 'invalid_request', description: /^gracePeriodSeconds/ },
  { name: 'rotation with a huge grace', method: 'post', path: '/tech-clients/:id/secret', body: json({ gracePeriodSeconds: 1e308 }), status: 400, error: 'invalid_request', description: /^gracePeriodSeconds/ },
  { name: 'rotation with an unknown member', method: 'post', path: '/tech-clients/:id/secret', body: json({ clientSecret: 'mine' }), status: 400, error: 'invalid_request', description: /unknown member "clientSecret"/ },
  { name: 'lock history with a million entries', method: 'get', path: '/tech-clients/:id/lock-history?limit=1000000', status: 400, error: 'invalid_request', description: /^limit: must be an integer from 1 to 200$/ },
  { name: 'lock history with a search cursor', method: 'get', path: '/tech-clients/:id/lock-history?cursor=x.y', status: 400, error: 'invalid_request', description: /^cursor: not a cursor/ },
  { name: 'lock history with invalid UTF-8 in its cursor', method: 'get', path: '/tech-clients/:id/lock-history?cursor=%FF', status: 400, error: 'invalid_request', description: /^query string: broken percent-encoding or invalid UTF-8$/ },
  { name: 'lock history with an unknown parameter', method: 'get', path: '/tech-clients/:id/lock-history?name=x', status: 400, error: 'invalid_request', description: /^unknown query parameter "name"/ },
];

describe('bad input on the admin API: a precise 4xx, never a 500, nothing changed', () => {
  let t: TestApp;
  let id: string;

  beforeAll(async () => {
    t = await createTestApp({ admin: { token: ADMIN_TOKEN } });
    [{ id }] = await seedClients(t, [techClient({ name: 'Target' })]);
  });
  afterAll(() => t.close());

  it.each(CASES)('$name → $status $error', async ({ method, path, body, contentType, headers, status, error, description }) => {
    const before = await t.clientRow(id);
    let call = request(t.http)[method](path.replace(':id', id)).set(AS_ADMIN).set(headers ?? {});
    if (body !== undefined) call = call.set('Content-Type', contentType ?? 'application/json').send(body);
    const response = await call;
    expect(response.status).toBe(status);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(Object.keys(response.body).sort()).toEqual(['error', 'error_description']);
    expect(response.body.error).toBe(error);
    expect(response.body.error_description).toMatch(description);
    expect(await t.clientRow(id)).toEqual(before);
  });

  it.each([
    ['put', '/tech-clients/:id', 'GET, HEAD, PATCH, DELETE'],
    ['post', '/tech-clients/:id', 'GET, HEAD, PATCH, DELETE'],
    ['post', '/tech-clients', 'GET, HEAD'],
    ['delete', '/tech-clients', 'GET, HEAD'],
    ['get', '/tech-clients/:id/lock', 'POST, DELETE'],
    ['patch', '/tech-clients/:id/lock', 'POST, DELETE'],
    ['get', '/tech-clients/:id/secret', 'POST'],
    ['delete', '/tech-clients/:id/secret', 'POST'],
    ['post', '/tech-clients/:id/lock-history', 'GET, HEAD'],
  ] as const)('%s %s → 405 with Allow: %s, and nothing changed', async (method, path, allow) => {
    const before = await t.clientRow(id);
    const response = await request(t.http)[method](path.replace(':id', id)).set(AS_ADMIN).set('Content-Type', 'text/plain').send('{"locked":true}');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe(allow);
    expect(response.body).toEqual({ error: 'invalid_request', error_description: `this path serves ${allow} only` });
    expect(await t.clientRow(id)).toEqual(before);
  });

  it('an unsupported method without admin credentials is 401, like every admin path', async () => {
    const response = await request(t.http).put(`/tech-clients/${id}`).send({ label: 'x' });
    expect(response.status).toBe(401);
    expect(response.headers.allow).toBeUndefined();
  });

  it('a search cursor is bound to its sort order', async () => {
    await seedClients(t, [techClient({ name: 'Another' }), techClient({ name: 'Third' })]);
    const page = await request(t.http).get('/tech-clients?limit=1&sort=displayName').set(AS_ADMIN).expect(200);
    const response = await request(t.http).get(`/tech-clients?limit=1&sort=creationDate&cursor=${page.body.meta.page.nextCursor}`).set(AS_ADMIN);
    expect([response.status, response.body]).toEqual([400, { error: 'invalid_request', error_description: 'cursor: belongs to sort=displayName; repeat the search with the same sort' }]);
  });

  it('the table survived every case', async () => {
    expect(await t.countClients()).toBe(3);
  });
});
