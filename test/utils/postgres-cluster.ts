import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL cluster of a test's own on 127.0.0.1, which the test may stop and start (fault
 * injection) without disturbing the server the other suites use.
 */
export class PostgresCluster {
  private constructor(
    readonly port: number,
    private readonly bin: string,
    private readonly dataDir: string,
    private readonly asPostgres: string[],
  ) {}

  static available(): boolean {
    return PostgresCluster.binDir() !== undefined;
  }

  static async create(): Promise<PostgresCluster> {
    const bin = PostgresCluster.binDir();
    if (!bin) throw new Error('PostgreSQL server binaries not found (install the Debian postgresql package)');
    const dataDir = mkdtempSync(join(tmpdir(), 'dcr-pgf-'));
    let asPostgres: string[] = [];
    if (process.getuid?.() === 0) {
      // initdb and postgres refuse to run as root.
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(dataDir, uid, gid);
      asPostgres = ['runuser', '-u', 'postgres', '--'];
    }
    const cluster = new PostgresCluster(await freePort(), bin, dataDir, asPostgres);
    cluster.run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    cluster.start();
    return cluster;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  start(): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-l', join(this.dataDir, 'server.log'), '-w', '-t', '60', '-o',
      `-h 127.0.0.1 -p ${this.port} -k ${this.dataDir} -c fsync=off -c full_page_writes=off`, 'start']);
  }

  /** Immediate shutdown: connections are cut as if the server crashed. */
  stop(): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
  }

  /** SIGSTOP to the server and every backend: it keeps its connections and answers nothing. */
  freeze(): void {
    for (const pid of this.processes()) process.kill(pid, 'SIGSTOP');
  }

  thaw(): void {
    for (const pid of this.processes()) process.kill(pid, 'SIGCONT');
  }

  /** The postmaster and its children. */
  private processes(): number[] {
    const postmaster = Number(readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8').trim();
    return [postmaster, ...(children ? children.split(/\s+/).map(Number) : [])];
  }

  destroy(): void {
    if (existsSync(join(this.dataDir, 'postmaster.pid'))) {
      // A test that froze the server and failed before thawing it must not leave it stopped.
      try {
        this.thaw();
      } catch {
        // gone already
      }
      this.stop();
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private run(tool: string, args: string[]): void {
    const [command, ...prefix] = [...this.asPostgres, join(this.bin, tool)];
    const result = spawnSync(command, [...prefix, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr || result.stdout}`);
  }

  private static binDir(): string | undefined {
    const root = '/usr/lib/postgresql';
    if (!existsSync(root)) return undefined;
    const versions = readdirSync(root).filter((version) => existsSync(join(root, version, 'bin', 'pg_ctl')));
    versions.sort((a, b) => Number(b) - Number(a));
    return versions.length ? join(root, versions[0], 'bin') : undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
