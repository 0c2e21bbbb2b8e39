'use strict';
// A throwaway PostgreSQL cluster on 127.0.0.1 (what scripts/throwaway-postgres.sh does, in node):
// own data directory, free port, socket in the data directory, trust auth; stop() removes it all.
const { execFileSync, spawnSync } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { freePort } = require('./free-port');

function serverBinaries() {
  const root = '/usr/lib/postgresql';
  let versions = [];
  try {
    versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(a) - Number(b));
  } catch {
    // no server installed
  }
  if (versions.length === 0) {
    throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (install the "postgresql" package, or pass --postgres=env with PGHOST set)');
  }
  return join(root, versions[versions.length - 1], 'bin');
}

const NR_HUGEPAGES = '/proc/sys/vm/nr_hugepages';

function meminfo(field) {
  const match = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync('/proc/meminfo', 'utf8'));
  return match ? Number(match[1]) : undefined;
}

function bytesOf(size) {
  const match = /^(\d+)\s*(kB|MB|GB)?$/.exec(String(size));
  if (!match) throw new Error(`cannot read the size "${size}"`);
  return Number(match[1]) * { kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[match[2] ?? 'kB'] * (match[2] ? 1 : 8);
}

/**
 * Huge pages for the server's shared memory, as PostgreSQL's documentation recommends for
 * shared_buffers of gigabytes: reserved for the run through /proc/sys/vm/nr_hugepages (as root)
 * and given back by the returned function. Without them each connection takes a page fault the
 * first time it touches each 4 kB page of shared_buffers, which costs about 28 µs on the virtual
 * machines the benchmark runs on: a query reading rows that its connection never read costs
 * several times what it costs the next time. Undefined when they cannot be reserved.
 */
function reserveHugePages(sharedBuffers) {
  const pageKb = meminfo('Hugepagesize');
  if (!pageKb) return undefined;
  // shared_buffers and the rest of the shared memory (about 10 %), with room to spare.
  const needed = Math.ceil((bytesOf(sharedBuffers) * 1.15) / (pageKb * 1024)) + 64;
  let before;
  try {
    before = Number(readFileSync(NR_HUGEPAGES, 'utf8'));
    writeFileSync(NR_HUGEPAGES, String(before + needed));
  } catch {
    return undefined;
  }
  const giveBack = () => writeFileSync(NR_HUGEPAGES, String(before));
  if ((meminfo('HugePages_Free') ?? 0) < needed) {
    giveBack(); // the kernel found too little contiguous memory
    return undefined;
  }
  return giveBack;
}

/**
 * `settings`: extra server settings, e.g. `{ shared_buffers: '1GB' }`. `hugePages`: reserve huge
 * pages for its shared memory when the machine allows (see reserveHugePages), else run on 4 kB
 * pages; the returned `hugePages` says which.
 */
async function startThrowawayPostgres(settings = {}, { hugePages = false } = {}) {
  const bin = serverBinaries();
  const giveBackHugePages = hugePages ? reserveHugePages(settings.shared_buffers ?? '128MB') : undefined;
  const serverSettings = hugePages ? { ...settings, huge_pages: giveBackHugePages ? 'on' : 'off' } : settings;
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'dcr-bench-pg-')); // short: socket paths are limited to 107 bytes
  const asPostgres = process.getuid && process.getuid() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  if (asPostgres.length) {
    // initdb and postgres refuse to run as root.
    if (spawnSync('id', ['postgres'], { stdio: 'ignore' }).status !== 0) {
      execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    }
    execFileSync('chown', ['postgres:', dataDir]);
  }
  const run = (program, args) => {
    const command = [...asPostgres, join(bin, program), ...args];
    execFileSync(command[0], command.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] });
  };
  const stop = () => {
    try {
      run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    } catch {
      // already stopped
    }
    rmSync(dataDir, { recursive: true, force: true });
    giveBackHugePages?.();
  };
  try {
    run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    run('pg_ctl', ['-D', dataDir, '-l', join(dataDir, 'server.log'), '-w', '-t', '60', '-o',
      [`-h 127.0.0.1 -p ${port} -k ${dataDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
        ...Object.entries(serverSettings).map(([name, value]) => `-c ${name}=${value}`)].join(' '), 'start']);
    execFileSync(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'dcr_bench']);
  } catch (error) {
    stop();
    throw error;
  }
  return { host: '127.0.0.1', port, username: 'postgres', database: 'dcr_bench', hugePages: Boolean(giveBackHugePages), stop };
}

module.exports = { startThrowawayPostgres };
