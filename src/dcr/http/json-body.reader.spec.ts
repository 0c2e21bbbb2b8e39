import { PassThrough, Readable } from 'node:stream';
import { ClientDisconnectedError } from '../errors/client-disconnected.error';
import { InvalidClientMetadataError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors/dcr.error';
import type { BodyErrorFactory } from './body-error';
import { drain, readAtMost } from './bounded-body';
import type { DcrHttpRequest } from './http-request';
import { readJsonBody } from './json-body.reader';

const JSON_TYPE = { 'content-type': 'application/json' };
const LIMIT = 64 * 1024;
/** The errors a registration endpoint gives (the reader knows no protocol of its own). */
const REGISTRATION_ERRORS: BodyErrorFactory = (description, status) =>
  status === 413 ? new PayloadTooLargeError(description) : status === 415 ? new UnsupportedMediaTypeError(description) : new InvalidClientMetadataError(description);

function read(request: DcrHttpRequest, acceptJsonApi = false): Promise<unknown> {
  return readJsonBody(request, { maxBytes: LIMIT, error: REGISTRATION_ERRORS, acceptJsonApi });
}

/** A request whose body streams `chunks`, with the given headers. */
function requestOf(chunks: (string | Buffer)[], headers: Record<string, string> = JSON_TYPE): DcrHttpRequest & Readable {
  const stream = Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
  return Object.assign(stream, { headers });
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(() => { throw new Error('expected the read to fail'); }, (error: Error) => error);
}

describe('readJsonBody', () => {
  it('parses a JSON body sent in several chunks', async () => {
    expect(await read(requestOf(['{"client_name":', '"Shop", "scope": "a b"}']))).toEqual({ client_name: 'Shop', scope: 'a b' });
  });

  it.each(['application/json', 'Application/JSON', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"', '  application/json  ', 'application/json ; charset = utf-8'])('accepts Content-Type %j', async (type) => {
    expect(await read(requestOf(['{}'], { 'content-type': type }))).toEqual({});
  });

  it.each([undefined, '', 'text/plain', 'application/json; charset=latin1', 'application/json; charset=utf-8x', 'application/jsonx', 'xapplication/json', 'application/vnd.api+json'])(
    'refuses Content-Type %j with 415',
    async (type) => {
      const error = await failureOf(read(requestOf(['{}'], type === undefined ? {} : { 'content-type': type })));
      expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
      expect(error.message).toBe('the request body must be application/json');
    },
  );

  describe('with acceptJsonApi (admin API)', () => {
    it.each(['application/vnd.api+json', 'APPLICATION/VND.API+JSON', 'application/json'])('accepts %j', async (type) => {
      expect(await read(requestOf(['{"data":{}}'], { 'content-type': type }), true)).toEqual({ data: {} });
    });

    it.each(['application/vnd.api+json; ext=x', 'application/vnd.api+jsonx', 'xapplication/vnd.api+json'])('refuses %j with 415 naming both types', async (type) => {
      const error = await failureOf(read(requestOf(['{}'], { 'content-type': type }), true));
      expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
      expect(error.message).toBe('the request body must be application/json or application/vnd.api+json');
    });
  });

  it('accepts a body of exactly the limit, and refuses one byte more with 413', async () => {
    const exact = JSON.stringify({ client_name: 'x'.repeat(LIMIT - 18) });
    expect(Buffer.byteLength(exact)).toBe(LIMIT);
    expect(await read(requestOf([exact]))).toEqual({ client_name: 'x'.repeat(LIMIT - 18) });
    const error = await failureOf(read(requestOf([`${exact} `])));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error.message).toBe(`the request body must not exceed ${LIMIT} bytes`);
  });

  it('refuses a declared Content-Length over the limit before reading anything', async () => {
    const request = requestOf(['{}'], { ...JSON_TYPE, 'content-length': String(LIMIT + 1) });
    expect(await failureOf(read(request))).toBeInstanceOf(PayloadTooLargeError);
    const exact = requestOf(['{}'], { ...JSON_TYPE, 'content-length': String(LIMIT) });
    expect(await read(exact)).toEqual({});
  });

  it('uses the body a host parser already read, checking only the declared size', async () => {
    const parsed = Object.assign(requestOf([]), { _body: true, body: { client_name: 'parsed' } });
    expect(await read(parsed)).toEqual({ client_name: 'parsed' });
    const ended = requestOf([]);
    ended.resume();
    await new Promise((resolve) => ended.on('end', resolve));
    expect(await read(Object.assign(ended, { body: { from: 'fastify' } }))).toEqual({ from: 'fastify' });
  });

  it('reads the stream under a Fastify request (request.raw)', async () => {
    const raw = requestOf(['{"a":1}']);
    expect(await read({ headers: JSON_TYPE, raw } as unknown as DcrHttpRequest)).toEqual({ a: 1 });
  });

  it.each([
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), 'the request body is not valid UTF-8'],
    ['not JSON', Buffer.from('{"grant_types":'), 'the request body is not valid JSON'],
    ['empty', Buffer.alloc(0), 'the request body is not valid JSON'],
    ['a member twice', Buffer.from('{"scope":"a","scope":"b"}'), 'member "scope" appears twice in one object'],
  ])('refuses a body that is %s with invalid_client_metadata', async (_case, body, description) => {
    const error = await failureOf(read(requestOf([body])));
    expect(error).toBeInstanceOf(InvalidClientMetadataError);
    expect(error.message).toBe(description);
  });

  it('cuts a long duplicated member name to 100 characters in the message', async () => {
    const name = 'n'.repeat(150);
    const error = await failureOf(read(requestOf([`{"${name}":1,"${name}":2}`])));
    expect(error.message).toBe(`member "${'n'.repeat(100)}" appears twice in one object`);
  });

  it('drops a leading byte order mark, which parsers may ignore (RFC 8259 §8.1)', async () => {
    expect(await read(requestOf([Buffer.from([0xef, 0xbb, 0xbf]), '{"a":1}']))).toEqual({ a: 1 });
  });
});

describe('readAtMost', () => {
  it('resolves the whole body within the limit', async () => {
    expect((await readAtMost(requestOf(['ab', 'cd']), 4))?.toString()).toBe('abcd');
  });

  it('resolves undefined as soon as the limit is passed, before the body ends', async () => {
    const stream = Object.assign(new PassThrough(), { headers: {} });
    const read = readAtMost(stream, 4);
    stream.write('abcde');
    expect(await read).toBeUndefined();
    expect(stream.destroyed).toBe(false);
    stream.end();
  });

  it('keeps reading (draining) past the limit, and drops the connection 1 MiB later', async () => {
    const stream = Object.assign(new PassThrough(), { headers: {} });
    const read = readAtMost(stream, 4);
    stream.write(Buffer.alloc(4 + 1024 * 1024));
    expect(await read).toBeUndefined();
    expect(stream.destroyed).toBe(false);
    await new Promise<void>((resolve) => stream.write(Buffer.alloc(1), () => resolve()));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.destroyed).toBe(true);
  });

  it('rejects with ClientDisconnectedError when the connection closes or fails before the end of the body', async () => {
    const closed = Object.assign(new PassThrough(), { headers: {} });
    const read = readAtMost(closed, 10);
    closed.write('ab');
    closed.destroy();
    await expect(read).rejects.toEqual(new ClientDisconnectedError('closed'));
    const broken = Object.assign(new PassThrough(), { headers: {} });
    const failing = readAtMost(broken, 10);
    broken.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    const error = await failing.catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ClientDisconnectedError);
    expect((error as Error).message).toBe('the connection closed before the request body was read (ECONNRESET)');
  });

  it('rejects at once when the connection was gone before the read began', async () => {
    const gone = Object.assign(new PassThrough(), { headers: {} });
    gone.destroy();
    await new Promise((resolve) => gone.on('close', resolve));
    await expect(readAtMost(gone, 10)).rejects.toEqual(new ClientDisconnectedError('closed'));
  });

  it('still resolves undefined when the connection closes after the limit was passed', async () => {
    const stream = Object.assign(new PassThrough(), { headers: {} });
    const read = readAtMost(stream, 4);
    stream.write('abcde');
    stream.destroy();
    expect(await read).toBeUndefined();
  });
});

describe('drain', () => {
  it('reads and discards the body, swallowing stream errors', async () => {
    const stream = Object.assign(new PassThrough(), { headers: {} });
    drain(stream);
    stream.write('abc');
    stream.end();
    await new Promise((resolve) => stream.on('end', resolve));
    expect(stream.readableEnded).toBe(true);
    const broken = Object.assign(new PassThrough(), { headers: {} });
    drain(broken);
    broken.destroy(new Error('reset'));
    await new Promise((resolve) => broken.on('close', resolve));
  });
});
