import { existsSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { buildHost, databaseUrl, HostProcess } from './utils/host-process';
import { createTestDatabase, TestDatabase } from './utils/test-database';

const CONFIG = join(__dirname, '..', 'config', 'mtls.json');

/** A token request over HTTPS to the host's second listener, with a client certificate. */
function tokenOverTls(port: number, ca: Buffer, form: Record<string, string>, certificate?: { cert: Buffer; key: Buffer }): Promise<{ status: number; json: Record<string, unknown> }> {
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const call = httpsRequest({
      host: '127.0.0.1', port, path: '/oauth2/token', method: 'POST', ca, servername: 'localhost', agent: false, ...certificate,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
    });
    call.on('error', reject);
    call.end(body);
  });
}

describe('the example host with HTTPS_PORT (mutual TLS)', () => {
  let database: TestDatabase;
  let host: HostProcess;

  beforeAll(async () => {
    buildHost();
    database = await createTestDatabase();
    host = await HostProcess.start({ DATABASE_URL: databaseUrl(database), DCR_CONFIG: CONFIG, HTTPS_PORT: '0' });
  }, 120_000);
  afterAll(async () => {
    // SIGTERM: the host closes, and removes its throwaway keys.
    await host?.kill('SIGTERM');
    await database.drop();
  });

  it('makes a throwaway CA, says where it and a sample client certificate are, and authenticates that certificate', async () => {
    let line: RegExpExecArray | null = null;
    for (let waited = 0; !line && waited < 10_000; waited += 50) {
      line = /Listening on https:\/\/localhost:(\d+) \(mutual TLS: client certificates of the test CA (\S+); sample client certificate (\S+), key (\S+), subject DN \\?"([^"\\]+)\\?"\)/.exec(host.output.join(''));
      if (!line) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(line).not.toBeNull();
    const [, port, caPath, certPath, keyPath, dn] = line!;
    expect([caPath, certPath, keyPath].every((path) => existsSync(path) && !path.startsWith(join(__dirname, '..')))).toBe(true);

    const registered = await fetch(new URL('/oauth2/register', host.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_types: ['client_credentials'], token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: dn }),
    });
    expect(registered.status).toBe(201);
    const { client_id: clientId } = (await registered.json()) as { client_id: string };

    const ca = readFileSync(caPath);
    const sample = { cert: readFileSync(certPath), key: readFileSync(keyPath) };
    const granted = await tokenOverTls(Number(port), ca, { grant_type: 'client_credentials', client_id: clientId }, sample);
    expect(granted).toMatchObject({ status: 200, json: { token_type: 'Bearer' } });
    const refused = await tokenOverTls(Number(port), ca, { grant_type: 'client_credentials', client_id: clientId });
    expect(refused).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
  });
});
