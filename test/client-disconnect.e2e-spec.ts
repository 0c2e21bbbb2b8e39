import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { connect, Socket } from 'node:net';
import { ADMIN_TOKEN } from './utils/admin';
import { RecordingLogger } from './utils/recording-logger';
import { createTestApp, profile, TestApp } from './utils/test-app';

const LOGGED = 'the connection closed before the request body was read';

/**
 * A client that goes away in the middle of its body is nothing an operator can act on, and anyone
 * can do it at will: the module logs it at debug level, and writes no error line (it used to write
 * "Unexpected error: Error: aborted" with a stack, one per dropped upload).
 */
describe('a client that disconnects in the middle of its body', () => {
  let t: TestApp;
  const logger = new RecordingLogger();
  let port: number;

  beforeAll(async () => {
    t = await createTestApp({ ...profile('default'), admin: { token: ADMIN_TOKEN } }, { logger });
    await t.app.listen(0, '127.0.0.1');
    port = Number(new URL(await t.app.getUrl()).port);
  });
  afterAll(() => t.close());

  /** Lines logged since `from` that match `pattern`, waiting (bounded) until one does. */
  async function linesMatching(from: number, pattern: RegExp): Promise<string[]> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = logger.lines.slice(from).filter((line) => pattern.test(line));
      if (found.length || Date.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it.each([
    ['registration', 'POST /oauth2/register', 'application/json', ''],
    ['token endpoint', 'POST /oauth2/token', 'application/x-www-form-urlencoded', ''],
    ['admin API', 'PATCH /tech-clients/3f1c1d6e-8f0a-4c55-9b0e-0d6f2f1f9a11', 'application/json', `Authorization: Bearer ${ADMIN_TOKEN}\r\n`],
  ])('%s: closed or reset mid-body, it is a debug line and no error', async (_name, requestLine, type, extra) => {
    for (const end of [(socket: Socket) => socket.destroy(), (socket: Socket) => socket.resetAndDestroy()]) {
      const from = logger.lines.length;
      const arrived = once(t.http, 'request') as Promise<[IncomingMessage]>;
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      await once(socket, 'connect');
      socket.write(`${requestLine} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nContent-Length: 1000\r\n${extra}\r\n{"client_name":`);
      // Gone once the server has the request and is waiting for the other 985 bytes.
      await arrived;
      end(socket);

      const logged = await linesMatching(from, new RegExp(`^(debug .*${LOGGED}|error )`));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatch(new RegExp(`^debug ${LOGGED} \\((ECONNRESET|closed)\\) DcrModule$`));
      // Nothing else at error level either (the answer to no one is not an error).
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(logger.lines.slice(from).filter((line) => line.startsWith('error'))).toEqual([]);
    }
  });
});
