// What this proves: the example host, as a process on Express and on Fastify, cannot be starved of
// connections by clients that open sockets and send nothing, trickle their headers or trickle a
// body. It holds at most HTTP_MAX_CONNECTIONS at once (the rest are refused at accept, so the
// process keeps file descriptors for its database and for the clients after), and it closes idle,
// slow-header and slow-body sockets when HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS and
// HTTP_KEEP_ALIVE_TIMEOUT_MS expire (with a 408 where a request had begun); a new client gets its
// registration answered meanwhile, or at the latest once the timeouts have freed the slots.
// Without the limits, Node holds every such socket for 60–90 s (300 s for a body; Fastify never
// times out a body), and with enough of them the next clients get ECONNRESET.
//
// The limits are lowered through the environment so that the suite runs in seconds; the counts
// stay small (loopback only, a few hundred sockets, every loop bounded in count and time).
import { connect, Socket } from 'node:net';
import { buildHost, HostProcess } from '../utils/host-process';

const LIMITS = { HTTP_MAX_CONNECTIONS: '200', HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '500' };
const CAP = Number(LIMITS.HTTP_MAX_CONNECTIONS);
/** Node checks the header and request timeouts on an interval (a quarter of the headers timeout). */
const SLACK_MS = 1000;

interface Tracked {
  socket: Socket;
  /** What the host wrote on it (a 408 when a timeout closed a begun request). */
  received: string;
  closedAt?: number;
}

function open(port: number): Tracked {
  const socket = connect(port, '127.0.0.1');
  const tracked: Tracked = { socket, received: '' };
  socket.on('data', (chunk: Buffer) => (tracked.received += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  socket.on('close', () => (tracked.closedAt = Date.now()));
  return tracked;
}

/** `count` sockets, each connected (or already refused). */
async function openMany(port: number, count: number): Promise<Tracked[]> {
  const all = Array.from({ length: count }, () => open(port));
  await Promise.all(all.map(({ socket }) => new Promise((resolve) => (socket.once('connect', resolve), socket.once('close', resolve)))));
  return all;
}

const stillOpen = (all: Tracked[]) => all.filter((tracked) => tracked.closedAt === undefined);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(25);
  return condition();
}

/** One registration by a new client on a new connection: its status, or undefined when refused. */
async function register(url: string): Promise<number | undefined> {
  const { hostname, port } = new URL(url);
  const body = JSON.stringify({ grant_types: ['client_credentials'] });
  const client = open(Number(port));
  client.socket.write(`POST /oauth2/register HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
  await until(() => client.closedAt !== undefined, 3000);
  client.socket.destroy();
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(client.received)?.[1]) || undefined;
}

describe.each(['express', 'fastify'])('connection exhaustion of the example host on %s', (platform) => {
  let host: HostProcess;
  let port: number;
  const sockets: Tracked[] = [];
  const timers: NodeJS.Timeout[] = [];

  beforeAll(async () => {
    buildHost();
    host = await HostProcess.start({ ...LIMITS, HTTP_ADAPTER: platform });
    port = Number(new URL(host.url).port);
  }, 120_000);
  afterEach(() => {
    timers.splice(0).forEach(clearInterval);
    sockets.splice(0).forEach(({ socket }) => socket.destroy());
  });
  afterAll(() => host?.kill());

  it('holds at most HTTP_MAX_CONNECTIONS silent sockets, closes them after the headers timeout, and then serves a new client', async () => {
    const flood = await openMany(port, CAP * 2);
    sockets.push(...flood);
    const floodedAt = Date.now();
    await sleep(200);
    const held = stillOpen(flood).length;
    expect(held).toBeGreaterThan(CAP / 2);
    expect(held).toBeLessThanOrEqual(CAP);

    // A new client retries (as clients and proxies do) until a slot is free: at the latest when
    // the headers timeout has closed the silent sockets.
    let status: number | undefined;
    for (let attempt = 0; attempt < 50 && status === undefined; attempt++) {
      status = await register(host.url);
      if (status === undefined) await sleep(100);
    }
    expect(status).toBe(201);
    expect(Date.now() - floodedAt).toBeLessThan(Number(LIMITS.HTTP_HEADERS_TIMEOUT_MS) + SLACK_MS + 1000);

    expect(await until(() => stillOpen(flood).length === 0, Number(LIMITS.HTTP_HEADERS_TIMEOUT_MS) + SLACK_MS)).toBe(true);
    const lifetimes = flood.map(({ closedAt }) => closedAt! - floodedAt);
    expect(Math.max(...lifetimes)).toBeLessThan(Number(LIMITS.HTTP_HEADERS_TIMEOUT_MS) + SLACK_MS);
  });

  it('closes trickled headers and trickled bodies with 408 after their timeouts, and answers a new client meanwhile at once', async () => {
    const slowHeaders = await openMany(port, 40);
    const slowBodies = await openMany(port, 40);
    sockets.push(...slowHeaders, ...slowBodies);
    const startedAt = Date.now();
    for (const { socket } of slowHeaders) socket.write('POST /oauth2/register HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    for (const { socket } of slowBodies) socket.write('POST /oauth2/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"client_name":"');
    // A byte every 100 ms: never idle, never done.
    timers.push(setInterval(() => {
      for (const { socket, closedAt } of slowHeaders) if (closedAt === undefined) socket.write('X-Slow: 1\r\n');
      for (const { socket, closedAt } of slowBodies) if (closedAt === undefined) socket.write('a');
    }, 100));

    await sleep(300);
    const answeredFrom = Date.now();
    expect(await register(host.url)).toBe(201);
    expect(Date.now() - answeredFrom).toBeLessThan(1000);

    expect(await until(() => stillOpen(slowHeaders).length === 0, Number(LIMITS.HTTP_HEADERS_TIMEOUT_MS) + SLACK_MS)).toBe(true);
    expect(await until(() => stillOpen(slowBodies).length === 0, Number(LIMITS.HTTP_REQUEST_TIMEOUT_MS) + SLACK_MS)).toBe(true);
    expect(Math.max(...slowBodies.map(({ closedAt }) => closedAt! - startedAt))).toBeLessThan(Number(LIMITS.HTTP_REQUEST_TIMEOUT_MS) + SLACK_MS);
    for (const { received } of [...slowHeaders, ...slowBodies]) expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a keep-alive connection left idle after its answer once the keep-alive timeout passes', async () => {
    const [idle] = await openMany(port, 1);
    sockets.push(idle);
    idle.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(await until(() => /^HTTP\/1\.1 200 [\s\S]*\r\n\r\n[\s\S]*\}$/.test(idle.received), 3000)).toBe(true);
    const answeredAt = Date.now();
    expect(await until(() => idle.closedAt !== undefined, Number(LIMITS.HTTP_KEEP_ALIVE_TIMEOUT_MS) + SLACK_MS)).toBe(true);
    expect(idle.closedAt! - answeredAt).toBeGreaterThanOrEqual(Number(LIMITS.HTTP_KEEP_ALIVE_TIMEOUT_MS) - 100);
  });
});
