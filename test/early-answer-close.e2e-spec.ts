import { connect, Socket } from 'node:net';
import { ADMIN_TOKEN } from './utils/admin';
import { buildHost, databaseUrl, HostProcess } from './utils/host-process';
import { createTestDatabase, TestDatabase } from './utils/test-database';

const HUNDRED_MB = 100 * 1024 * 1024;

interface Exchange {
  /** The answer's status line and headers (lower-case names). */
  status?: number;
  headers: Record<string, string>;
  /** Whether the host ended the connection (FIN) before `timeoutMs`. */
  ended: boolean;
  /** Body bytes the host's side of the connection accepted before it ended. */
  sentBytes: number;
}

/**
 * Writes a request declaring a 100 MB body and sends `send` bytes of it (as fast as the host
 * takes them, reading the answer meanwhile, as curl does), until the host ends the connection or
 * `timeoutMs` passes.
 */
function exchange(url: string, head: string, send: number, timeoutMs = 5000): Promise<Exchange> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket: Socket = connect(Number(port), hostname);
    let text = '';
    let sentBytes = 0;
    let settled = false;
    const finish = (ended: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const [statusLine, ...lines] = text.split('\r\n\r\n')[0].split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]) || undefined, headers, ended, sentBytes });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('end', () => finish(true));
    socket.on('error', () => finish(true));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const write = () => {
      while (!settled && sentBytes < send) {
        sentBytes += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', write);
      }
    };
    socket.write(`${head}Host: ${hostname}\r\nContent-Length: ${HUNDRED_MB}\r\n\r\n`);
    write();
  });
}

/**
 * The example host answers a request it refuses before reading the body (415, 401, 404) at once,
 * with `Connection: close`, and ends the connection: it neither waits for nor reads the rest of a
 * body it does not want. (Node's keep-alive used to read and discard the whole 100 MB, or keep a
 * stalled upload open for minutes.) A request whose body was read keeps its connection.
 */
describe('the example host closes the connection of an answer sent before the body was read', () => {
  let database: TestDatabase;
  let host: HostProcess;

  beforeAll(async () => {
    buildHost();
    database = await createTestDatabase();
    host = await HostProcess.start({ DATABASE_URL: databaseUrl(database), DCR_ADMIN_TOKEN: ADMIN_TOKEN });
  }, 120_000);
  afterAll(async () => {
    await host?.kill();
    await database?.drop();
  });

  const REFUSED: [string, string, number][] = [
    ['415 for a body that is not JSON', 'POST /oauth2/register HTTP/1.1\r\nContent-Type: text/plain\r\n', 415],
    ['401 for an admin request without a token', 'PATCH /tech-clients/c1 HTTP/1.1\r\nContent-Type: application/json\r\n', 401],
    ['404 for an unknown path', 'POST /nowhere HTTP/1.1\r\nContent-Type: application/octet-stream\r\n', 404],
  ];

  it.each(REFUSED)('%s: answered and ended while the client still owes the body', async (_case, head, status) => {
    const answer = await exchange(host.url, head, 64 * 1024);
    expect(answer.status).toBe(status);
    expect(answer.headers.connection).toBe('close');
    expect(answer.ended).toBe(true);
  });

  it.each(REFUSED)('%s: a client sending 100 MB regardless is stopped after a few MB', async (_case, head, status) => {
    const answer = await exchange(host.url, head, HUNDRED_MB);
    expect(answer.status).toBe(status);
    expect(answer.ended).toBe(true);
    // What the socket buffers of both sides hold, not the body.
    expect(answer.sentBytes).toBeLessThan(HUNDRED_MB / 4);
  });

  it('keeps the connection of a request whose body was read', async () => {
    const { hostname, port } = new URL(host.url);
    const body = JSON.stringify({ grant_types: ['client_credentials'] });
    const socket = connect(Number(port), hostname);
    try {
      const text = await new Promise<string>((resolve, reject) => {
        let received = '';
        socket.on('data', (chunk: Buffer) => {
          received += chunk.toString();
          if (/\r\n\r\n[\s\S]*\}$/.test(received)) resolve(received);
        });
        socket.on('error', reject);
        socket.write(`POST /oauth2/register HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      });
      expect(text).toMatch(/^HTTP\/1\.1 201 /);
      expect(text).toMatch(/\r\nConnection: keep-alive\r\n/i);
    } finally {
      socket.destroy();
    }
  });
});
