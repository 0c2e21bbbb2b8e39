import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
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
    const outside = files.filter((file) => !/^(package\.json|README\.md|LICENSE|dist\/dcr\/.+\.(js|d\.ts|js\.map))$/.test(file));
    expect(outside).toEqual([]);
    expect(files.filter((file) => /\.spec\.|spec-helper|\/testing\//.test(file))).toEqual([]);
  });

  it('declares the framework as peer dependencies and nothing of the example host as a dependency', () => {
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['@nestjs/common', '@nestjs/core', '@nestjs/swagger', '@nestjs/typeorm', 'reflect-metadata', 'rxjs', 'typeorm']);
    // Only hosts that publish an OpenAPI document need it; the scratch app below runs without it.
    expect(manifest.peerDependenciesMeta).toEqual({ '@nestjs/swagger': { optional: true } });
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['jose', 're2js']);
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
  });
});
