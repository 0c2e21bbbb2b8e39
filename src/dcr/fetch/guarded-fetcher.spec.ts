import type { IncomingMessage, ServerResponse } from 'node:http';
import { startDocumentServer, type DocumentServer } from './document-server.spec-helper';
import type { GuardedFetcherOptions } from './fetch-options';
import { FetchRefusedError } from './fetch-refused.error';
import { DefaultGuardedFetcher, type FetchedDocument } from './guarded-fetcher';

// Every exchange here goes to 127.0.0.1 through the development option: tests never leave loopback.
type Route = (request: IncomingMessage, response: ServerResponse) => void;

const DOC = JSON.stringify({ client_id: 'https://client.example/doc.json', client_name: 'Example' });
const json = (headers: Record<string, string> = {}): Route => (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', ...headers });
  response.end(DOC);
};

describe('DefaultGuardedFetcher', () => {
  let server: DocumentServer;
  let target: DocumentServer;
  const routes = new Map<string, Route>();
  const hits = new Map<string, number>();
  let clock = 1_000_000_000_000;
  const now = (): number => clock;

  const fetcher = (options: GuardedFetcherOptions = {}): DefaultGuardedFetcher =>
    new DefaultGuardedFetcher({ now, ...options, development: { allowHttpLoopback: true, ...options.development } });
  const reason = (promise: Promise<unknown>): Promise<string> =>
    promise.then(
      () => 'fulfilled',
      (error: unknown) => (error instanceof FetchRefusedError ? error.reason : `other: ${String(error)}`),
    );

  beforeAll(async () => {
    target = await startDocumentServer(json());
    server = await startDocumentServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      hits.set(path, (hits.get(path) ?? 0) + 1);
      (routes.get(path) ?? ((_q, r) => { r.statusCode = 404; r.end('no route'); }))(request, response);
    });
  });
  afterAll(async () => {
    await server.close();
    await target.close();
  });
  beforeEach(() => {
    routes.clear();
    hits.clear();
    server.connections = 0;
    server.requests = 0;
    target.connections = 0;
    clock = 1_000_000_000_000;
  });

  it('fetches a 200 document, with the Host, Accept and identity encoding it asked for', async () => {
    let seen: IncomingMessage['headers'] = {};
    routes.set('/doc.json', (request, response) => {
      seen = request.headers;
      json()(request, response);
    });
    const document = await fetcher().fetch(server.url('/doc.json?x=1'));
    expect(document).toEqual({
      url: server.url('/doc.json?x=1'),
      body: Buffer.from(DOC),
      contentType: 'application/json',
      fetchedAt: clock,
      expiresAt: clock + 60_000,
      fromCache: false,
    });
    expect(seen).toMatchObject({ host: `127.0.0.1:${server.port}`, accept: 'application/json', 'accept-encoding': 'identity' });
    expect(server.connections).toBe(1);
  });

  it('passes a different Accept when asked', async () => {
    let accept: string | undefined;
    routes.set('/jwks', (request, response) => { accept = request.headers.accept; response.end('{}'); });
    await fetcher().fetch(server.url('/jwks'), { accept: 'application/jwk-set+json' });
    expect(accept).toBe('application/jwk-set+json');
  });

  it.each([301, 302, 303, 307, 308, 300, 304])('refuses a %i and does not follow it', async (status) => {
    routes.set('/moved', (_request, response) => {
      response.writeHead(status, { location: target.url('/doc.json') });
      response.end();
    });
    expect(await reason(fetcher().fetch(server.url('/moved')))).toBe('redirect');
    expect(target.connections).toBe(0);
  });

  it.each([201, 203, 204, 206, 404, 410, 500, 503])('refuses a %i', async (status) => {
    routes.set('/status', (_request, response) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(status === 204 ? undefined : DOC);
    });
    const error = await fetcher().fetch(server.url('/status')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: 'status', message: `the server answered ${status}, not 200` });
    expect((error as Error).message).not.toContain('client_name');
  });

  describe('byte cap', () => {
    it('accepts a body of exactly maxBytes', async () => {
      routes.set('/exact', (_request, response) => response.end('x'.repeat(100)));
      expect((await fetcher({ maxBytes: 100 }).fetch(server.url('/exact'))).body.length).toBe(100);
    });

    it('refuses a Content-Length over the cap at once, before any body arrives', async () => {
      routes.set('/declared', (_request, response) => {
        response.writeHead(200, { 'content-length': '5121' });
        response.flushHeaders();
        // The body never comes: only the header can have caused the refusal.
      });
      const started = Date.now();
      expect(await reason(fetcher({ timeoutMs: 3000 }).fetch(server.url('/declared')))).toBe('too_large');
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('aborts a streamed body (no Content-Length) that grows past the cap', async () => {
      let written = 0;
      routes.set('/stream', (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => {
          if (response.destroyed || written > 1024 * 1024) return clearInterval(timer);
          response.write('x'.repeat(1024));
          written += 1024;
        }, 1);
        response.on('close', () => clearInterval(timer));
      });
      expect(await reason(fetcher().fetch(server.url('/stream')))).toBe('too_large');
      expect(written).toBeLessThan(1024 * 1024);
    });

    it('refuses a body of maxBytes + 1 streamed without Content-Length', async () => {
      routes.set('/one-over', (_request, response) => {
        response.write('x'.repeat(50));
        response.end('x'.repeat(51));
      });
      expect(await reason(fetcher({ maxBytes: 100 }).fetch(server.url('/one-over')))).toBe('too_large');
    });
  });

  describe('Content-Length that disagrees with the body', () => {
    it('refuses a body shorter than declared', async () => {
      routes.set('/short', (_request, response) => {
        response.socket!.end('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"short":1}');
      });
      expect(await reason(fetcher().fetch(server.url('/short')))).toBe('length_mismatch');
    });

    it('refuses a body longer than declared', async () => {
      routes.set('/long', (_request, response) => {
        response.socket!.end('HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n{"a":1,"b":2}');
      });
      expect(await reason(fetcher().fetch(server.url('/long')))).toBe('length_mismatch');
    });

    it('refuses a Content-Length that is not a number', async () => {
      routes.set('/bad-length', (_request, response) => {
        response.socket!.end('HTTP/1.1 200 OK\r\ncontent-length: 1e3\r\n\r\n{}');
      });
      expect(await reason(fetcher().fetch(server.url('/bad-length')))).not.toBe('fulfilled');
    });
  });

  describe('one deadline for the whole exchange', () => {
    it('fails a 1 byte / 200 ms drip at the deadline, not per byte', async () => {
      routes.set('/drip', (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => response.write(' '), 200);
        response.on('close', () => clearInterval(timer));
      });
      const started = Date.now();
      expect(await reason(fetcher({ timeoutMs: 1000 }).fetch(server.url('/drip')))).toBe('timeout');
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(elapsed).toBeLessThan(2000);
    });

    it('fails a server that never sends headers', async () => {
      routes.set('/silent', () => undefined);
      const started = Date.now();
      expect(await reason(fetcher({ timeoutMs: 300 }).fetch(server.url('/silent')))).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('counts DNS time against the same deadline', async () => {
      const resolve = jest.fn(() => new Promise<never>(() => undefined));
      const started = Date.now();
      const slow = new DefaultGuardedFetcher({ timeoutMs: 300, resolve });
      expect(await reason(slow.fetch('https://never.resolves.example/doc.json'))).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(1000);
      expect(resolve).toHaveBeenCalledTimes(1);
    });

    it('reports a refused connection as network', async () => {
      const closed = await startDocumentServer(json());
      const url = closed.url('/doc.json');
      await closed.close();
      expect(await reason(fetcher().fetch(url))).toBe('network');
    });
  });

  it('never caches an error: a 500 then a 200 fetches twice and succeeds', async () => {
    let calls = 0;
    routes.set('/flaky', (request, response) => {
      calls += 1;
      if (calls === 1) {
        response.statusCode = 500;
        response.end('oops');
      } else {
        json({ 'cache-control': 'max-age=600' })(request, response);
      }
    });
    const shared = fetcher();
    expect(await reason(shared.fetch(server.url('/flaky')))).toBe('status');
    const document = await shared.fetch(server.url('/flaky'));
    expect(document.fromCache).toBe(false);
    expect(document.body.toString()).toBe(DOC);
    expect(hits.get('/flaky')).toBe(2);
    expect((await shared.fetch(server.url('/flaky'))).fromCache).toBe(true);
    expect(hits.get('/flaky')).toBe(2);
  });

  it('shares one exchange between 100 concurrent fetches of one URL', async () => {
    routes.set('/popular', (request, response) => {
      setTimeout(() => json({ 'cache-control': 'no-store' })(request, response), 100);
    });
    const shared = fetcher();
    const documents = await Promise.all(Array.from({ length: 100 }, () => shared.fetch(server.url('/popular'))));
    expect(documents.every((document) => document.body.toString() === DOC)).toBe(true);
    expect(server.connections).toBe(1);
    expect(server.requests).toBe(1);
    // The exchange is over: the next call (no-store) is a new one.
    await shared.fetch(server.url('/popular'));
    expect(server.requests).toBe(2);
  });

  it('shares a failure between concurrent callers without keeping it', async () => {
    let calls = 0;
    routes.set('/fails-once', (request, response) => {
      calls += 1;
      setTimeout(() => (calls === 1 ? (response.statusCode = 503, response.end()) : json()(request, response)), 50);
    });
    const shared = fetcher();
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => reason(shared.fetch(server.url('/fails-once')))));
    expect(outcomes).toEqual(Array(10).fill('status'));
    expect(await reason(shared.fetch(server.url('/fails-once')))).toBe('fulfilled');
    expect(hits.get('/fails-once')).toBe(2);
  });

  describe('cache lifetime from Cache-Control, within [cacheMinSeconds, cacheMaxSeconds]', () => {
    const options = { cacheMinSeconds: 60, cacheMaxSeconds: 3600 };

    async function lifetimeSeconds(headers: Record<string, string>): Promise<number | 'not cached'> {
      routes.set('/cached', json(headers));
      const shared = fetcher(options);
      const start = clock;
      await shared.fetch(server.url('/cached'));
      // Step the fake clock one second at a time until the next call goes to the server.
      for (let second = 0; second <= 4000; second += 1) {
        clock = start + second * 1000;
        const document = await shared.fetch(server.url('/cached'));
        if (!document.fromCache) return second === 0 ? 'not cached' : second;
      }
      throw new Error('never expired');
    }

    it.each([
      [{ 'cache-control': 'max-age=600' }, 600],
      [{ 'cache-control': 'public, max-age=120' }, 120],
      [{ 'cache-control': 'max-age=10' }, 60],
      [{ 'cache-control': 'max-age=0' }, 60],
      [{ 'cache-control': 'max-age=999999' }, 3600],
      [{ 'cache-control': 'max-age=600', age: '500' }, 100],
      [{ 'cache-control': 'max-age=600', age: '5000' }, 60],
      [{}, 60],
      [{ 'cache-control': 'max-age=abc' }, 60],
      [{ 'cache-control': 'no-store' }, 'not cached'],
      [{ 'cache-control': 'max-age=600, no-store' }, 'not cached'],
      [{ 'cache-control': 'no-cache' }, 'not cached'],
      [{ 'cache-control': 'No-Cache, max-age=600' }, 'not cached'],
    ])('%j → %s', async (headers, expected) => {
      expect(await lifetimeSeconds(headers)).toBe(expected);
    });

    it('reports when a cached document expires', async () => {
      routes.set('/cached', json({ 'cache-control': 'max-age=600' }));
      const shared = fetcher(options);
      const first = await shared.fetch(server.url('/cached'));
      clock += 10_000;
      const second = await shared.fetch(server.url('/cached'));
      expect(second).toMatchObject({ fromCache: true, fetchedAt: first.fetchedAt, expiresAt: first.fetchedAt + 600_000 });
    });

    it('a no-store document reports no lifetime', async () => {
      routes.set('/cached', json({ 'cache-control': 'no-store' }));
      const document = await fetcher(options).fetch(server.url('/cached'));
      expect(document.expiresAt).toBe(document.fetchedAt);
    });
  });

  describe('validate', () => {
    const invalid = (document: FetchedDocument): void => {
      if (!document.body.toString().includes('"valid"')) throw new Error('not a valid document');
    };

    it('an invalid document is refused with the validator error and never cached', async () => {
      routes.set('/doc', json({ 'cache-control': 'max-age=600' }));
      const shared = fetcher();
      await expect(shared.fetch(server.url('/doc'), { validate: invalid })).rejects.toThrow('not a valid document');
      await expect(shared.fetch(server.url('/doc'), { validate: invalid })).rejects.toThrow('not a valid document');
      expect(hits.get('/doc')).toBe(2);
      // once accepted, it is cached
      await shared.fetch(server.url('/doc'), { validate: () => undefined });
      expect((await shared.fetch(server.url('/doc'))).fromCache).toBe(true);
      expect(hits.get('/doc')).toBe(3);
    });

    it('runs on cache hits too, so a lax caller cannot hand a strict one a cached invalid document', async () => {
      routes.set('/doc', json({ 'cache-control': 'max-age=600' }));
      const shared = fetcher();
      await shared.fetch(server.url('/doc'));
      const strict = jest.fn(invalid);
      await expect(shared.fetch(server.url('/doc'), { validate: strict })).rejects.toThrow('not a valid document');
      expect(strict).toHaveBeenCalledWith(expect.objectContaining({ fromCache: true }));
      expect(hits.get('/doc')).toBe(1);
    });

    it('an async validator that rejects is awaited', async () => {
      routes.set('/doc', json({ 'cache-control': 'max-age=600' }));
      const shared = fetcher();
      await expect(shared.fetch(server.url('/doc'), { validate: async () => { throw new Error('later'); } })).rejects.toThrow('later');
      expect((await shared.fetch(server.url('/doc'))).fromCache).toBe(false);
    });
  });

  it('gives each caller its own copy of the body', async () => {
    routes.set('/doc', json({ 'cache-control': 'max-age=600' }));
    const shared = fetcher();
    const first = await shared.fetch(server.url('/doc'));
    first.body.fill(0);
    expect((await shared.fetch(server.url('/doc'))).body.toString()).toBe(DOC);
  });

  it('keeps at most cacheMaxEntries documents, dropping the least recently used', async () => {
    for (const path of ['/a', '/b', '/c']) routes.set(path, json({ 'cache-control': 'max-age=600' }));
    const shared = fetcher({ cacheMaxEntries: 2 });
    const get = (path: string): Promise<boolean> => shared.fetch(server.url(path)).then((document) => document.fromCache);
    expect(await get('/a')).toBe(false);
    expect(await get('/b')).toBe(false);
    expect(await get('/a')).toBe(true); // a is now the most recently used
    expect(await get('/c')).toBe(false); // evicts b
    expect(await get('/a')).toBe(true);
    expect(await get('/c')).toBe(true);
    expect(await get('/b')).toBe(false); // b was evicted; now evicts a
    expect(await get('/a')).toBe(false);
    expect(Object.fromEntries(hits)).toEqual({ '/a': 2, '/b': 2, '/c': 1 });
  });

  it('caches nothing with cacheMaxEntries 0', async () => {
    routes.set('/doc', json({ 'cache-control': 'max-age=600' }));
    const shared = fetcher({ cacheMaxEntries: 0 });
    await shared.fetch(server.url('/doc'));
    expect((await shared.fetch(server.url('/doc'))).fromCache).toBe(false);
    expect(hits.get('/doc')).toBe(2);
  });

  it('without the development option, refuses the loopback server it would otherwise reach', async () => {
    routes.set('/doc', json());
    const production = new DefaultGuardedFetcher();
    expect(await reason(production.fetch(server.url('/doc')))).toBe('invalid_url');
    expect(await reason(production.fetch(server.url('/doc').replace('http:', 'https:')))).toBe('special_use_address');
    expect(server.connections).toBe(0);
  });
});
