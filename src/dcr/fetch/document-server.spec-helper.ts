import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A document server on 127.0.0.1 that counts TCP connections and requests. */
export interface DocumentServer {
  readonly port: number;
  /** `http(s)://127.0.0.1:<port><path>`. */
  url(path?: string): string;
  connections: number;
  requests: number;
  /** The TLS server names (SNI) and Host headers requests arrived with. */
  readonly serverNames: (string | false | undefined)[];
  readonly hosts: (string | undefined)[];
  close(): Promise<void>;
}

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export async function startDocumentServer(handler: Handler, tls?: { key: string; cert: string }): Promise<DocumentServer> {
  const server: Server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }) : createHttpServer();
  const sockets = new Set<import('node:net').Socket>();
  const state = {
    connections: 0,
    requests: 0,
    serverNames: [] as (string | false | undefined)[],
    hosts: [] as (string | undefined)[],
  };
  // Count TCP connections, also those a TLS handshake then fails on.
  server.on('connection', (socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined);
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    state.requests += 1;
    state.serverNames.push((request.socket as { servername?: string | false }).servername);
    state.hosts.push(request.headers.host);
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const scheme = tls ? 'https' : 'http';
  return Object.assign(state, {
    port,
    url: (path = '/doc.json') => `${scheme}://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
}

/** A throwaway CA and a server certificate for 127.0.0.1 and the given names, made with openssl; undefined when openssl is missing. */
export function makeTestCertificates(names: string[]): { ca: string; key: string; cert: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'fetch-ca-'));
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=throwaway test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    openssl('req', '-new', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    writeFileSync(join(dir, 'ext.cnf'), [
      `subjectAltName=${['IP:127.0.0.1', ...names.map((name) => `DNS:${name}`)].join(',')}`,
      'basicConstraints=CA:FALSE',
      'extendedKeyUsage=serverAuth',
    ].join('\n'));
    openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
      '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
    const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
    return { ca: read('ca.pem'), key: read('server.key'), cert: read('server.pem') };
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
