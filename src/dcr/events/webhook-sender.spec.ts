import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StagedEvent } from '../persistence/change-outbox';
import { sendWebhook } from './webhook-sender';
import { verifyWebhook } from './webhook-signature';

const SECRET = 'a-webhook-secret-of-at-least-32-characters';
const EVENT: StagedEvent = { id: '6f1c2a9e-0000-4000-8000-000000000001', change: 'locked', clientId: 'c1', authorizationServer: 'default', actor: { kind: 'admin' }, via: 'admin', at: new Date('2026-01-02T03:04:05Z') };

describe('sendWebhook', () => {
  let server: Server;
  let base: string;
  let answer: (path: string) => { status: number; headers?: Record<string, string>; delayMs?: number; endless?: boolean };
  const seen: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ path: req.url!, headers: req.headers, body });
        const { status, headers, delayMs, endless } = answer(req.url!);
        if (endless) {
          // An answer that never ends: written for as long as the client reads it.
          res.writeHead(status, headers);
          const more = () => {
            if (!res.destroyed) res.write('x'.repeat(65_536), () => setImmediate(more));
          };
          return more();
        }
        setTimeout(() => res.writeHead(status, headers).end('nope'), delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (seen.length = 0));

  it('POSTs the event as JSON with a signature the receiver can check', async () => {
    answer = () => ({ status: 202 });
    await sendWebhook({ url: `${base}/hook`, secret: SECRET, timeoutMs: 2000 }, EVENT);
    const [{ headers, body }] = seen;
    expect(JSON.parse(body)).toEqual({ id: EVENT.id, type: 'tech_client.locked', occurredAt: '2026-01-02T03:04:05.000Z', data: { ...EVENT, at: '2026-01-02T03:04:05.000Z' } });
    expect(headers['webhook-id']).toBe(EVENT.id);
    expect(verifyWebhook(SECRET, { id: EVENT.id, timestamp: String(headers['webhook-timestamp']), signature: String(headers['webhook-signature']) }, body)).toBe(true);
  });

  it('fails on a non-2xx answer, naming the origin and status but never the secret', async () => {
    answer = () => ({ status: 500 });
    const error = await sendWebhook({ url: `${base}/hook?token=x`, secret: SECRET, timeoutMs: 2000 }, EVENT).catch((e: Error) => e);
    expect((error as Error).message).toBe(`webhook ${base}: HTTP 500 nope`);
    expect((error as Error).message).not.toContain(SECRET);
  });

  it('reads no more of a failed answer than it keeps, and does not wait for its end', async () => {
    answer = () => ({ status: 503, endless: true });
    const started = Date.now();
    const error = await sendWebhook({ url: `${base}/hook`, secret: SECRET, timeoutMs: 5000 }, EVENT).catch((e: Error) => e);
    expect((error as Error).message).toBe(`webhook ${base}: HTTP 503 ${'x'.repeat(200)}`);
    expect(Date.now() - started).toBeLessThan(4000); // not the timeout
  });

  it('does not follow a redirect', async () => {
    answer = (path) => (path === '/hook' ? { status: 307, headers: { location: `${base}/elsewhere` } } : { status: 200 });
    await expect(sendWebhook({ url: `${base}/hook`, secret: SECRET, timeoutMs: 2000 }, EVENT)).rejects.toThrow('HTTP 307');
    expect(seen.map((request) => request.path)).toEqual(['/hook']);
  });

  it('gives up after its timeout', async () => {
    answer = () => ({ status: 200, delayMs: 500 });
    await expect(sendWebhook({ url: `${base}/hook`, secret: SECRET, timeoutMs: 100 }, EVENT)).rejects.toThrow(`webhook ${base}: no answer within 100 ms`);
  });
});
