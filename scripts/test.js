#!/usr/bin/env node
// `npm test`: type-check, unit tests, the e2e suites on SQLite, the same e2e suites on
// PostgreSQL (each on Express and on Fastify) when DATABASE_URL (postgres://…) or PGHOST points at a server, and the packaging
// test (the `npm pack` tarball installed into a scratch app). Extra arguments
// go to every jest run (e.g. `npm test -- -t "redirect"`). The last line is "N passed, N failed".
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const jest = require.resolve('jest/bin/jest');
const tsc = require.resolve('typescript/bin/tsc');
const extra = process.argv.slice(2);
const e2e = ['--config', 'test/jest-e2e.json', '--runInBand'];
const hasPostgres = Boolean(process.env.PGHOST) || /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '');

// The e2e suites run once per HTTP platform: body limits, content-type checks and error bodies
// must be the same on Express and Fastify (HTTP_ADAPTER picks the platform of the test app).
const runs = [
  { name: 'unit', args: [], env: {} },
  { name: 'e2e-sqlite', args: e2e, env: { DB_DRIVER: 'sqlite', HTTP_ADAPTER: 'express' } },
  { name: 'e2e-sqlite-fastify', args: e2e, env: { DB_DRIVER: 'sqlite', HTTP_ADAPTER: 'fastify' } },
  ...(hasPostgres
    ? [
        { name: 'e2e-postgres', args: e2e, env: { DB_DRIVER: 'postgres', HTTP_ADAPTER: 'express' } },
        { name: 'e2e-postgres-fastify', args: e2e, env: { DB_DRIVER: 'postgres', HTTP_ADAPTER: 'fastify' } },
      ]
    : []),
  // npm pack, then install the tarball into a scratch app outside the repository.
  { name: 'package', args: ['--config', 'test/jest-pack.json'], env: {} },
];
if (!hasPostgres) console.log('PostgreSQL not configured (set PGHOST or DATABASE_URL): e2e runs on SQLite only.');

console.log('== typecheck');
const typecheck = spawnSync(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], { stdio: 'inherit' });

const results = mkdtempSync(join(tmpdir(), 'dcr-test-'));
let passed = 0;
let failed = typecheck.status === 0 ? 0 : 1;
for (const run of runs) {
  console.log(`== ${run.name}`);
  const output = join(results, `${run.name}.json`);
  spawnSync(process.execPath, [jest, '--ci', '--json', `--outputFile=${output}`, ...run.args, ...extra], {
    stdio: 'inherit',
    env: { ...process.env, ...run.env },
  });
  try {
    const report = JSON.parse(readFileSync(output, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  } catch {
    console.error(`${run.name}: jest wrote no report`);
    failed += 1;
  }
}
rmSync(results, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(passed > 0 && failed === 0 ? 0 : 1);
