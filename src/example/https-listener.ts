import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer, type Server as HttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Subject of the sample client certificate, as `tls_client_auth_subject_dn` registers it (RFC 4514). */
export const SAMPLE_CLIENT_DN = 'CN=example client,O=Example';

/** Where the throwaway PKI of the HTTPS listener was written. */
export interface ExamplePki {
  dir: string;
  /** The test CA: the listener trusts client certificates it issued (tls_client_auth). */
  caCert: string;
  serverCert: string;
  serverKey: string;
  /** A client certificate the CA issued for `SAMPLE_CLIENT_DN`, and its key. */
  clientCert: string;
  clientKey: string;
}

/** `HTTPS_PORT`: absent or empty, no HTTPS listener; else a port (0 = any free one). */
export function readHttpsPort(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = env.HTTPS_PORT;
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`HTTPS_PORT must be a port number (got "${value.slice(0, 20)}")`);
  return port;
}

/**
 * A test CA, a server certificate for `localhost` / 127.0.0.1 / ::1 and a sample client
 * certificate, made with `openssl` (EC P-256, valid 30 days) into a new temporary directory, at
 * every start, removed when the app closes: nothing here is a secret worth keeping, and no
 * private key is ever in the repository. For trying mutual TLS on a workstation only.
 */
export function makeExamplePki(): ExamplePki {
  const dir = mkdtempSync(join(tmpdir(), 'dcr-example-tls-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=nestjs-dcr example test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  const issue = (name: string, subject: string, extensions: string[], serial: number) => {
    openssl('req', '-new', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    writeFileSync(join(dir, `${name}.cnf`), ['basicConstraints=CA:FALSE', ...extensions].join('\n'));
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', String(serial), '-out', `${name}.pem`, '-days', '30', '-extfile', `${name}.cnf`);
  };
  issue('server', '/CN=localhost', ['extendedKeyUsage=serverAuth', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1'], 1);
  // RFC 4514 lists the RDNs last-first: /O=Example/CN=example client is "CN=example client,O=Example".
  issue('client', '/O=Example/CN=example client', ['extendedKeyUsage=clientAuth'], 2);
  return {
    dir,
    caCert: join(dir, 'ca.pem'),
    serverCert: join(dir, 'server.pem'),
    serverKey: join(dir, 'server.key'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client.key'),
  };
}

/**
 * An HTTPS listener beside the app's HTTP one, for mutual-TLS clients (RFC 8705): it asks every
 * client for a certificate and verifies it against the test CA, but completes the handshake
 * either way (`rejectUnauthorized: false`), so that a self-signed certificate reaches the token
 * endpoint (`self_signed_tls_client_auth`) and `ClientAuthenticator` refuses an unverified one for
 * `tls_client_auth` (the socket is not `authorized`). Each request is handed to the app's HTTP
 * server, so Express and Fastify serve it the same way.
 */
export function createHttpsListener(app: Server, pki: ExamplePki): HttpsServer {
  const server = createServer(
    {
      key: readFileSync(pki.serverKey),
      cert: readFileSync(pki.serverCert),
      ca: readFileSync(pki.caCert),
      requestCert: true,
      rejectUnauthorized: false,
    },
    (request, response) => {
      app.emit('request', request, response);
    },
  );
  // The throwaway keys go with the listener.
  app.once('close', () => {
    server.close();
    rmSync(pki.dir, { recursive: true, force: true });
  });
  return server;
}
