import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * How long the socket stays open, discarding what still arrives, after an early answer has gone
 * out with its FIN. Closing at once would make the kernel answer the bytes still in flight with a
 * reset, and a client still sending would often lose the answer it had not read yet.
 */
const LINGER_MS = 2000;

/** Whether a request announced a body (RFC 9112 §6.3: a Transfer-Encoding or a non-zero Content-Length). */
function announcesBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * An answer written before the request's body has arrived (415, 401, 404, 413, 429: refused
 * without reading it) goes out with `Connection: close`, and the socket is ended right after it.
 * Otherwise Node keeps the connection for a next request and so reads and discards the rest of
 * the body first: a client could make the host read 100 MB, or trickle it for minutes, for a 415.
 * A request whose body was read to its end keeps its keep-alive connection.
 *
 * Works below Express and Fastify alike: both end in `ServerResponse.writeHead`.
 */
export function closeConnectionsAnsweredEarly(server: Server): void {
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!announcesBody(request)) return;
    const writeHead = response.writeHead;
    response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      if (!request.complete && !this.headersSent) {
        this.setHeader('Connection', 'close');
        lingerOnClose(request.socket);
      }
      return (writeHead as (...all: unknown[]) => ServerResponse).apply(this, args);
    } as ServerResponse['writeHead'];
  });
}

/**
 * After an answer with `Connection: close`, Node calls `socket.destroySoon()`: end (FIN) and
 * destroy once the answer is flushed. Here the end stays, the destroy waits until the client has
 * closed its side or `LINGER_MS` passed (what web servers call a lingering close); meanwhile the
 * HTTP parser goes on discarding the rest of the body.
 */
function lingerOnClose(socket: Socket): void {
  socket.destroySoon = function (this: Socket) {
    this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
    this.once('end', () => this.destroy());
  };
}
