import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_SECRET_KEY } from './test-app';
import type { TestDatabase } from './test-database';

const ROOT = join(__dirname, '..', '..');

/** Compiles the example host once per test run (`dist/`), unless it is newer than the sources. */
export function buildHost(): void {
  const main = join(ROOT, 'dist', 'main.js');
  if (existsSync(main) && statSync(main).mtimeMs > newestSource()) return;
  const result = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed: ${result.stdout}${result.stderr}`);
}

/** `DATABASE_URL` of a test database, as the example host reads it. */
export function databaseUrl(database: TestDatabase): string {
  const options = database.options as { type: string; database: string; host?: string; port?: number; username?: string; password?: string };
  if (options.type !== 'postgres') return `sqlite:${options.database}`;
  const auth = options.password ? `${encodeURIComponent(options.username!)}:${encodeURIComponent(options.password)}` : encodeURIComponent(options.username!);
  return `postgres://${auth}@${options.host}:${options.port}/${options.database}`;
}

/**
 * `config/default.json` without its rate limits, written to `folder` (its path is returned, for
 * `DCR_CONFIG`): for tests that register hundreds of clients from one address on purpose.
 */
export function configWithoutRateLimits(folder: string): string {
  const options = JSON.parse(readFileSync(join(ROOT, 'config', 'default.json'), 'utf8'));
  delete options.rateLimit;
  const file = join(folder, 'without-rate-limits.json');
  writeFileSync(file, JSON.stringify(options));
  return file;
}

/** A TCP port free on loopback now (the kernel's choice). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** How to start the host: `wrapper` is a command that runs it (e.g. `strace … --`), given its command line. */
export interface HostStartOptions {
  wrapper?: string[];
  /** How long to wait for "Listening on" (20 s by default). */
  startTimeoutMs?: number;
}

/** The example host (`node dist/main.js`) as a child process, on a free port. */
export class HostProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly output: string[],
    /** The host's own process id (the child's, or the one its wrapper started). */
    readonly pid: number,
  ) {}

  static async start(env: Record<string, string>, options: HostStartOptions = {}): Promise<HostProcess> {
    const output: string[] = [];
    // A port known before start, so the host's default issuer (http://localhost:<PORT>) is its real URL.
    const port = env.PORT ?? String(await freePort());
    const [command, ...prefix] = [...(options.wrapper ?? []), process.execPath];
    const child = spawn(command, [...prefix, join(ROOT, 'dist', 'main.js')], {
      cwd: mkdtempSync(join(tmpdir(), 'dcr-host-')),
      env: { PATH: process.env.PATH, PORT: port, DCR_SECRET_KEY: TEST_SECRET_KEY, DCR_CONFIG: join(ROOT, 'config', 'default.json'), NO_COLOR: '1', HTTP_ADAPTER: process.env.HTTP_ADAPTER ?? 'express', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`host did not start:\n${output.join('')}`)), options.startTimeoutMs ?? 20_000);
      const onData = (chunk: Buffer) => {
        output.push(chunk.toString());
        const match = /Listening on (http:\/\/[^\s"]+)/.exec(output.join(''));
        if (match) {
          clearTimeout(timer);
          resolve(match[1].replace('[::1]', '127.0.0.1'));
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`host exited (${code}):\n${output.join('')}`));
      });
    });
    // Under a wrapper (which execs nothing itself), the host is the wrapper's one child.
    const pid = options.wrapper ? Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0]) : child.pid!;
    if (!pid) throw new Error(`host process id not found under ${options.wrapper?.[0]}`);
    return new HostProcess(child, url, output, pid);
  }

  /** Resolves with the exit code or signal once the process is gone. */
  exited(): Promise<number | string> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve(this.child.exitCode ?? this.child.signalCode!);
    return new Promise((resolve) => this.child.once('exit', (code, signal) => resolve(code ?? signal!)));
  }

  /** Signals the host itself (not a wrapper); resolves once the child is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | string> {
    try {
      process.kill(this.pid, signal);
    } catch {
      // already gone
    }
    return this.exited();
  }
}

function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(ROOT, 'src'));
  return newest;
}
