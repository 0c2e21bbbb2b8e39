import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { createTestApp, profile, TestApp } from './utils/test-app';

const ISSUER = 'https://directory.example.com';
const REMOTE_ISSUER = 'https://remote-directory.example.com';

/** A plain HTTP server on 127.0.0.1 that records every request path and answers with `body`. */
async function listen(body: () => object): Promise<{ server: Server; url: string; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    paths.push(req.url ?? '');
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(body()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths };
}

describe('software statements (RFC 7591 §2.3)', () => {
  let t: TestApp;
  let trusted: { privateKey: KeyLike; publicKey: KeyLike };
  let remote: { privateKey: KeyLike; publicKey: KeyLike };
  let untrusted: { privateKey: KeyLike; publicKey: KeyLike };
  let keyServer: Awaited<ReturnType<typeof listen>>;
  let canary: Awaited<ReturnType<typeof listen>>;
  let remoteJwk: object;

  const sign = (claims: Record<string, unknown>, key = trusted.privateKey, issuer: string | null = ISSUER, alg = 'ES256') => {
    let jwt = new SignJWT(claims).setProtectedHeader({ alg, kid: 'k1' }).setIssuedAt().setExpirationTime('10m');
    if (issuer) jwt = jwt.setIssuer(issuer);
    return jwt.sign(key);
  };
  const register = (body: object) => request(t.http).post('/oauth2/register').send(body);

  beforeAll(async () => {
    trusted = await generateKeyPair('ES256');
    remote = await generateKeyPair('PS256');
    untrusted = await generateKeyPair('ES256');
    remoteJwk = { ...(await exportJWK(remote.publicKey)), kid: 'k1', alg: 'PS256' };
    keyServer = await listen(() => ({ keys: [remoteJwk] }));
    canary = await listen(() => ({}));
    t = await createTestApp({
      ...profile('default'),
      softwareStatement: {
        required: true,
        trustedIssuers: [
          { issuer: ISSUER, jwks: { keys: [{ ...(await exportJWK(trusted.publicKey)), kid: 'k1' }] }, algorithms: ['ES256'] },
          { issuer: REMOTE_ISSUER, jwksUri: `${keyServer.url}/jwks.json`, algorithms: ['PS256'] },
        ],
      },
    });
  });
  afterAll(async () => {
    await t.close();
    keyServer.server.close();
    canary.server.close();
  });

  it('registers with a trusted statement whose claims take precedence, and returns it unmodified', async () => {
    const statement = await sign({ software_id: 'tpp-app', client_name: 'From Statement', scope: 'accounts', logo_uri: `${canary.url}/logo.png` });
    const response = await register({
      software_statement: statement,
      client_name: 'From Body',
      grant_types: ['client_credentials'],
      jwks_uri: `${canary.url}/client-jwks`,
    }).expect(201);
    expect(response.body).toMatchObject({ software_statement: statement, software_id: 'tpp-app', client_name: 'From Statement', scope: 'accounts' });
    expect(response.body).not.toHaveProperty('iss');
    expect(response.body).not.toHaveProperty('exp');
    expect(canary.paths).toEqual([]);
  });

  it('fetches the keys of an admin-configured jwksUri (and nothing the client named)', async () => {
    const statement = await sign({ software_id: 'remote-app' }, remote.privateKey, REMOTE_ISSUER, 'PS256');
    await register({ software_statement: statement, grant_types: ['client_credentials'] }).expect(201);
    expect(keyServer.paths).toEqual(['/jwks.json']);
    expect(canary.paths).toEqual([]);
  });

  it.each([
    ['a statement signed by an untrusted key', async () => sign({ software_id: 'x' }, untrusted.privateKey), 'unapproved_software_statement', 'software_statement: not signed by a trusted key'],
    ['an issuer that is not trusted', async () => sign({ software_id: 'x' }, trusted.privateKey, 'https://rogue.example'), 'unapproved_software_statement', 'software_statement: the issuer is not trusted'],
    ['alg none', async () => `${b64({ alg: 'none' })}.${b64({ iss: ISSUER, software_id: 'x' })}.`, 'invalid_software_statement', 'software_statement: the signing algorithm is not allowed'],
    ['an HS256 statement', async () => new SignJWT({ software_id: 'x' }).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).setIssuer(ISSUER).sign(new TextEncoder().encode('shared-secret-shared-secret-32by')), 'invalid_software_statement', 'software_statement: the signing algorithm is not allowed'],
    ['an expired statement', async () => new SignJWT({ software_id: 'x' }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(ISSUER).setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(trusted.privateKey), 'invalid_software_statement', 'software_statement: expired'],
    ['a statement not yet valid', async () => new SignJWT({ software_id: 'x' }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(ISSUER).setNotBefore(Math.floor(Date.now() / 1000) + 3600).sign(trusted.privateKey), 'invalid_software_statement', 'software_statement: the nbf claim is invalid'],
    ['a statement without iss', async () => sign({ software_id: 'x' }, trusted.privateKey, null), 'invalid_software_statement', 'software_statement: the iss claim is required'],
    ['a string that is not a JWT', async () => 'not.a.jwt', 'invalid_software_statement', 'software_statement: not a signed JWT'],
    ['a tampered payload', async () => { const [h, , s] = (await sign({ software_id: 'x' })).split('.'); return `${h}.${b64({ iss: ISSUER, software_id: 'evil' })}.${s}`; }, 'unapproved_software_statement', 'software_statement: not signed by a trusted key'],
  ])('refuses %s and stores nothing', async (_, make, error, description) => {
    const before = await t.countClients();
    const response = await register({ software_statement: await make(), grant_types: ['client_credentials'] }).expect(400);
    expect(response.body).toEqual({ error, error_description: description });
    expect(await t.countClients()).toBe(before);
  });

  it('requires a statement when softwareStatement.required is set', async () => {
    const response = await register({ grant_types: ['client_credentials'] }).expect(400);
    expect(response.body).toEqual({ error: 'invalid_software_statement', error_description: 'software_statement: required' });
  });

  it('runs the statement claims through the processors', async () => {
    const statement = await sign({ redirect_uris: ['javascript:alert(1)'] });
    const response = await register({ software_statement: statement, redirect_uris: ['https://ok.example/cb'] }).expect(400);
    expect(response.body.error).toBe('invalid_redirect_uri');
  });
});

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
