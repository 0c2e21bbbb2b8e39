import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate and its private key, PEM. */
export interface KeyPair {
  cert: string;
  key: string;
}

export interface ClientCertificateRequest {
  /** `openssl -subj` form, e.g. `/C=DE/O=Example/CN=client one`. */
  subject: string;
  /** `subjectAltName` entries in openssl form (`DNS:a.example`, `IP:10.0.0.1`, `URI:https://…`, `email:a@b`). */
  altNames?: string[];
}

/**
 * A throwaway PKI made with `openssl` in a temporary directory (removed by `close`): a CA, a
 * server certificate for 127.0.0.1 signed by it, and client certificates signed by it or
 * self-signed. EC P-256 keys, valid two days. Undefined when `openssl` is not installed.
 */
export interface TestPki {
  ca: KeyPair;
  server: KeyPair;
  /** A client certificate signed by this CA. */
  client(request: ClientCertificateRequest): KeyPair;
  /** A self-signed client certificate. */
  selfSigned(request: ClientCertificateRequest): KeyPair;
  close(): void;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function makeTestPki(caName = 'throwaway test CA'): TestPki | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-pki-'));
  let serial = 0;
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  const signed = (name: string, subject: string, extensions: string[]): KeyPair => {
    serial += 1;
    openssl('req', '-new', ...EC, '-multivalue-rdn', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    writeFileSync(join(dir, `${name}.cnf`), extensions.join('\n'));
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', String(1000 + serial),
      '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.cnf`);
    return { cert: read(`${name}.pem`), key: read(`${name}.key`) };
  };
  const clientExtensions = (request: ClientCertificateRequest) => [
    'basicConstraints=CA:FALSE',
    'extendedKeyUsage=clientAuth',
    ...(request.altNames?.length ? [`subjectAltName=${request.altNames.join(',')}`] : []),
  ];
  try {
    openssl('req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', `/CN=${caName}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    const ca = { cert: read('ca.pem'), key: read('ca.key') };
    const server = signed('server', '/CN=127.0.0.1', ['subjectAltName=IP:127.0.0.1,DNS:localhost', 'basicConstraints=CA:FALSE', 'extendedKeyUsage=serverAuth']);
    return {
      ca,
      server,
      client: (request) => signed(`client-${serial + 1}`, request.subject, clientExtensions(request)),
      selfSigned: (request) => {
        serial += 1;
        const name = `self-${serial}`;
        const extensions = clientExtensions(request).flatMap((line) => ['-addext', line]);
        openssl('req', '-x509', ...EC, '-multivalue-rdn', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', request.subject, ...extensions);
        return { cert: read(`${name}.pem`), key: read(`${name}.key`) };
      },
      close: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The base64 DER of a PEM certificate, as an `x5c` entry (RFC 7517 §4.7). */
export function x5cOf(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}
