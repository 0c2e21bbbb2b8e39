'use strict';
// A throwaway PostgreSQL cluster on 127.0.0.1 (what scripts/throwaway-postgres.sh does, in node):
// own data directory, free port, socket in the data directory, trust auth; stop() removes it all.
const { execFileSync, spawnSync } = require('node:child_process');
const { mkdtempSync, readdirSync, rmSync } = require('node:fs');
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

/** `settings`: extra server settings, e.g. `{ shared_buffers: '1GB' }`. */
async function startThrowawayPostgres(settings = {}) {
  const bin = serverBinaries();
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
  };
  try {
    run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    run('pg_ctl', ['-D', dataDir, '-l', join(dataDir, 'server.log'), '-w', '-t', '60', '-o',
      [`-h 127.0.0.1 -p ${port} -k ${dataDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
        ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`)].join(' '), 'start']);
    execFileSync(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'dcr_bench']);
  } catch (error) {
    stop();
    throw error;
  }
  return { host: '127.0.0.1', port, username: 'postgres', database: 'dcr_bench', stop };
}

module.exports = { startThrowawayPostgres };
