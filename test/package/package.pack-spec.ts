import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
// semver comes with jest (jest-snapshot) and npm's own tooling; typed here for the two calls used.
const semver: { minVersion(range: string): { version: string } | null; satisfies(version: string, range: string): boolean } = require('semver');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * `npm pack` yields the library only, and the tarball works when installed into a host app
 * outside the repository, imported by its package name.
 */
describe('the published package', () => {
  let scratch: string;
  let files: string[];
  let tarball: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'dcr-package-'));
    const [packed] = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', scratch], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    files = packed.files.map((file: { path: string }) => file.path);
    tarball = join(scratch, packed.filename);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('holds compiled JS and declarations of the library, and nothing of the example host or the tests', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/dcr/index.js', 'dist/dcr/index.d.ts', 'dist/dcr/dcr.module.js']));
    const outside = files.filter((file) => !/^(package\.json|README\.md|LICENSE|dist\/dcr\/.+\.(js|d\.ts))$/.test(file));
    expect(outside).toEqual([]);
    expect(files.filter((file) => /\.spec\.|spec-helper|\/testing\//.test(file))).toEqual([]);
  });

  it('ships no source maps, and no compiled file points to one: the TypeScript sources they would name are not in the package', () => {
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    const pointing = files
      .filter((file) => file.endsWith('.js') || file.endsWith('.d.ts'))
      .filter((file) => readFileSync(join(ROOT, file), 'utf8').includes('sourceMappingURL='));
    expect(pointing).toEqual([]);
  });

  it('installs on the oldest Node it supports: no locked package, the docs UI on Fastify included, asks for a newer one', () => {
    const oldest = semver.minVersion(manifest.engines.node)!.version;
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    const newer = Object.entries(lock.packages as Record<string, { version: string; engines?: { node?: string } }>)
      .filter(([, locked]) => typeof locked.engines?.node === 'string' && !semver.satisfies(oldest, locked.engines.node))
      .map(([path, locked]) => `${path}@${locked.version} (node ${locked.engines!.node})`);
    expect(newer).toEqual([]);
    expect(lock.packages['node_modules/@fastify/static'].version).toBe(manifest.devDependencies['@fastify/static']);
  });

  it('declares the framework as peer dependencies and nothing of the example host as a dependency', () => {
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual([
      '@nestjs/common', '@nestjs/core', '@nestjs/swagger', '@nestjs/typeorm', '@opentelemetry/api', 'prom-client', 'reflect-metadata', 'rxjs', 'typeorm',
    ]);
    // Only hosts that publish an OpenAPI document, metrics or traces need them; the scratch app below runs without them.
    expect(manifest.peerDependenciesMeta).toEqual({ '@nestjs/swagger': { optional: true }, '@opentelemetry/api': { optional: true }, 'prom-client': { optional: true } });
    // class-validator and class-transformer validate the options and the admin requests inside the
    // module: its own pinned copies (it loads class-validator's decorators from their files, which
    // depends on that package's layout), shared with the host when the versions match.
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['class-transformer', 'class-validator', 'jose', 're2js']);
  });

  it('installs into a scratch Nest app, boots on SQLite and registers a client', () => {
    const app = join(scratch, 'app');
    execFileSync('mkdir', ['-p', app]);
    const dev = manifest.devDependencies;
    writeFileSync(join(app, 'package.json'), JSON.stringify({
      name: 'scratch-host',
      private: true,
      dependencies: {
        'nestjs-dcr': `file:${tarball}`,
        ...Object.fromEntries(['@nestjs/common', '@nestjs/core', '@nestjs/platform-express', '@nestjs/typeorm', 'typeorm', 'reflect-metadata', 'rxjs', 'sql.js', '@types/express', '@types/node'].map((name) => [name, dev[name]])),
      },
    }));
    execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: app, stdio: 'pipe' });

    // Optional peers are not installed: the app below runs without metrics and traces.
    expect(['prom-client', '@opentelemetry/api'].filter((name) => existsSync(join(app, 'node_modules', name)))).toEqual([]);
    copyFileSync(join(__dirname, 'scratch-app.js'), join(app, 'main.js'));
    const run = spawnSync(process.execPath, ['main.js'], { cwd: app, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(result.status).toBe(201);
    expect(result.body.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The second entry point loads; internal files are not reachable by path.
    expect(result.http).toBe('function');
    expect(result.deep).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');

    copyFileSync(join(__dirname, 'scratch-check.ts'), join(app, 'check.ts'));
    const check = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '--strict', '--skipLibCheck', 'false', '--experimentalDecorators',
      '--emitDecoratorMetadata', '--target', 'ES2022', '--module', 'commonjs', '--moduleResolution', 'node', '--types', 'node', 'check.ts'], { cwd: app, encoding: 'utf8' });
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);

    // The command line is installed as a bin and runs without the module being booted.
    const cli = spawnSync(join(app, 'node_modules', '.bin', 'nestjs-dcr'), ['clients', 'list', '--help'], { cwd: app, encoding: 'utf8' });
    expect(cli.stdout).toMatch(/^usage: nestjs-dcr clients list/);
    expect(cli.status).toBe(0);
  });
});
