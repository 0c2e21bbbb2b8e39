import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DcrModuleOptions } from '../src/dcr';
import { ADMIN_TOKEN, AS_ADMIN } from './utils/admin';
import { buildHost } from './utils/host-process';
import { createTestApp, profile, TestApp } from './utils/test-app';

const CLI = join(__dirname, '..', 'dist', 'dcr', 'cli', 'main.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built binary, as a shell script runs it. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as NodeJS.ErrnoException & { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('the nestjs-dcr command line', () => {
  let t: TestApp;
  let env: Record<string, string>;
  let folder: string;

  beforeAll(async () => {
    buildHost();
    folder = mkdtempSync(join(tmpdir(), 'dcr-cli-'));
    t = await createTestApp({ ...profile('default'), issuer: 'http://localhost', admin: { token: ADMIN_TOKEN } } as DcrModuleOptions);
    await t.app.listen(0, '127.0.0.1');
    env = { DCR_URL: await t.app.getUrl(), DCR_ADMIN_TOKEN: ADMIN_TOKEN };
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('registers a client from a JSON file, then finds, renames, locks, unlocks, rotates and deletes it', async () => {
    const file = join(folder, 'client.json');
    writeFileSync(file, JSON.stringify({ client_name: 'CLI <b>Client</b>', grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic' }));
    const registered = await cli(['register', file, '--json'], env);
    expect(registered).toMatchObject({ code: 0, stderr: '' });
    const client = JSON.parse(registered.stdout);
    expect(client.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const listed = await cli(['clients', 'list', '--name', 'cli <b>', '--json'], env);
    expect(JSON.parse(listed.stdout).data.map((row: { id: string }) => row.id)).toEqual([client.client_id]);
    const text = await cli(['clients', 'list', '--name', 'CLI'], env);
    expect(text.stdout).toContain(`${client.client_id}\tCLI <b>Client</b>\t-\tactive`);

    expect((await cli(['clients', 'update', client.client_id, '--label', 'from-cli'], env)).stdout).toContain('label: from-cli');
    const locked = await cli(['clients', 'lock', client.client_id, '--reason', 'leaked in a log'], env);
    expect(locked.stdout).toContain('locked: true');
    const token = (basic: string) => request(t.http).post('/oauth2/token').set('Authorization', `Basic ${basic}`).type('form').send({ grant_type: 'client_credentials' });
    const credentials = (secret: string) => Buffer.from(`${client.client_id}:${secret}`).toString('base64');
    await token(credentials(client.client_secret)).expect(401);
    expect((await cli(['clients', 'history', client.client_id], env)).stdout).toContain('lock\tleaked in a log');
    expect((await cli(['clients', 'unlock', client.client_id], env)).stdout).toContain('locked: false');

    const rotated = await cli(['clients', 'rotate-secret', client.client_id, '--json'], env);
    const secret = JSON.parse(rotated.stdout).data.attributes.clientSecret;
    await token(credentials(secret)).expect(200);
    await token(credentials(client.client_secret)).expect(401);

    expect(await cli(['clients', 'delete', client.client_id], env)).toMatchObject({ code: 2 });
    expect(await cli(['clients', 'delete', client.client_id, '--yes'], env)).toMatchObject({ code: 0, stdout: `deleted ${client.client_id}\n` });
    expect(await cli(['clients', 'get', client.client_id], env)).toMatchObject({ code: 3 });
  });

  it('issues, lists and revokes initial access tokens; a revoked one no longer registers', async () => {
    const profileFile = join(folder, 'profile.json');
    writeFileSync(profileFile, JSON.stringify({ grantTypes: ['client_credentials'] }));
    const issued = await cli(['tokens', 'issue', '--label', 'partner', '--max-uses', '3', '--profile', profileFile], env);
    expect(issued.code).toBe(0);
    const [, id] = /^id: (\S+)$/m.exec(issued.stdout)!;
    const [, value] = /^token: (\S+)$/m.exec(issued.stdout)!;
    const metadata = join(folder, 'registration.json');
    writeFileSync(metadata, JSON.stringify({ grant_types: ['client_credentials'] }));
    expect((await cli(['register', metadata, '--initial-access-token', value], env)).code).toBe(0);
    expect((await cli(['tokens', 'list'], env)).stdout).toContain(`${id}\tpartner\t1/3\tvalid`);
    expect((await cli(['tokens', 'revoke', id], env)).stdout).toBe(`revoked ${id}\n`);
    const refused = await cli(['register', metadata, '--initial-access-token', value], env);
    expect(refused).toMatchObject({ code: 4 });
    expect(refused.stderr).toContain('401 invalid_token');
    await request(t.http).get(`/tech-clients/initial-access-tokens/${id}`).set(AS_ADMIN).expect(200);
  });

  it.each<[string, string[], Record<string, string> | undefined, number, RegExp]>([
    ['no command', [], undefined, 2, /usage: nestjs-dcr COMMAND/],
    ['an unknown command', ['frobnicate'], undefined, 2, /usage: nestjs-dcr COMMAND/],
    ['an unknown option', ['clients', 'list', '--nmae', 'x'], undefined, 2, /unknown option --nmae/],
    ['a missing value', ['clients', 'lock', 'some-id', '--reason'], undefined, 2, /--reason needs a value/],
    ['no server', ['clients', 'list'], { DCR_URL: '' }, 2, /give the server with --url or DCR_URL/],
    ['a wrong admin token', ['clients', 'list', '--token', 'wrong-token-0123456789abcdefghijkl'], undefined, 4, /^401 invalid_token/],
    ['an invalid filter', ['clients', 'list', '--sort', 'sideways'], undefined, 6, /^400 invalid_request: sort/],
    ['an unknown client', ['clients', 'get', 'no-such-client'], undefined, 3, /^404/],
    ['a server that is down', ['clients', 'list', '--url', 'http://127.0.0.1:9'], undefined, 7, /cannot reach http:\/\/127\.0\.0\.1:9/],
  ])('exits with a code scripts can rely on: %s', async (_case, args, overrides, code, message) => {
    const run = await cli(args, { ...env, ...overrides });
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});
