#!/usr/bin/env node
'use strict';
// `npm run bench [-- <scenario ...>] [--<option>=<value> ...] [--no-build]`
// Builds the library (dist/), runs each scenario (all by default), writes its results as JSON under
// bench/results/ and prints them as a markdown table. Timing is measured here only, never asserted
// in tests. A scenario is a module under bench/scenarios/ exporting
//   { name, description, defaults: { option: value }, run(ctx) -> { results: [...] }, table: { columns } },
// listed in SCENARIOS below; ctx holds the parsed options, the repository root, log() and onExit().
// http-load options: --servers=bare,sqlite,sqlite-fastify,postgres,postgres-fastify --endpoints=register,token --connections=16,64
//   --duration=10 --warmup-seconds=2 (seconds per run) --profile (host under --cpu-prof, profiles
//   in bench/results/profiles; summarize one with `node bench/profile-summary.js <file>`).
// layers options: --layers=store,http-logger,log-context,audit,observation,rate-limits,throttle,record-use,digests,regex --rounds=3
//   --layer-connections=64 (and --duration, --warmup-seconds as above).
// several-instances options: --instance-connections=32 (and --duration, --warmup-seconds).
// admin-search options: --clients=1000000 --databases=sqlite,postgres --iterations=200 --warmup=20 --rounds=1
//   --no-huge-pages (the throwaway PostgreSQL's shared memory on 4 kB pages)
//   --postgres=throwaway|env (env: the server named by the PG* variables).
// registration-name-index options: --name-index-servers=sqlite-fastify,postgres-fastify --name-index-connections=16
//   --rounds=3 (and --duration, --warmup-seconds).
const { spawnSync } = require('node:child_process');
const { mkdirSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const { join } = require('node:path');
const { markdownTable } = require('./lib/markdown');

const SCENARIOS = [require('./scenarios/http-load'), require('./scenarios/layers'), require('./scenarios/several-instances'), require('./scenarios/admin-search'), require('./scenarios/registration-name-index')];

/** Options of the driver itself; each scenario adds its own with `defaults`. */
const DRIVER_DEFAULTS = { build: true };

function parseArguments(argv) {
  const defaults = Object.assign({}, DRIVER_DEFAULTS, ...SCENARIOS.map((scenario) => scenario.defaults ?? {}));
  const options = { ...defaults };
  const names = [];
  for (const argument of argv) {
    const match = /^--(no-)?([a-z][a-z-]*)(?:=(.*))?$/.exec(argument);
    if (!match) {
      names.push(argument);
      continue;
    }
    const [, negated, key, value] = match;
    if (!(key in defaults)) throw new Error(`unknown option --${key} (known: ${Object.keys(defaults).join(', ')})`);
    options[key] = negated ? false : value === undefined ? true : value;
    if (typeof defaults[key] === 'number') {
      options[key] = Number(String(options[key]).replace(/_/g, ''));
      if (!Number.isSafeInteger(options[key]) || options[key] < 1) throw new Error(`--${key} must be a positive integer`);
    }
  }
  const unknown = names.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')} (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
  return { options, scenarios: names.length ? SCENARIOS.filter((s) => names.includes(s.name)) : SCENARIOS };
}

async function main() {
  const root = join(__dirname, '..');
  const { options, scenarios } = parseArguments(process.argv.slice(2));
  if (options.build) {
    console.log('== build');
    const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const exitHooks = [];
  const onSignal = (signal) => {
    for (const hook of exitHooks.splice(0)) hook();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const resultsDir = join(__dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const machine = { node: process.version, platform: `${os.type()} ${os.release()}`, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30) };
  for (const scenario of scenarios) {
    console.log(`== ${scenario.name}: ${scenario.description}`);
    const ctx = { root, options, log: (message) => console.log(message), onExit: (hook) => exitHooks.push(hook) };
    const result = await scenario.run(ctx);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = join(resultsDir, `${scenario.name}-${stamp}.json`);
    writeFileSync(file, `${JSON.stringify({ scenario: scenario.name, date: new Date().toISOString(), machine, options, ...result }, null, 2)}\n`);
    console.log(`\n${markdownTable(scenario.table.columns, result.results)}\n`);
    console.log(`results: ${file}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
