'use strict';
// What the name search's index costs a registration: the example host (Fastify) on an SQLite file
// and on PostgreSQL (fsync on), each started twice and kept running side by side: once as the
// migrations leave it (the gram index on PostgreSQL, padded FTS5 trigrams on SQLite), and once with
// the name index put back as it was before (`NameSearchGrams1764231500000.down`: pg_trgm, FTS5
// trigrams over the column), the same code otherwise. Each round loads each host once with
// registrations, in a turned order; the median of the rounds is the figure.
const { join } = require('node:path');
const { loadavg } = require('node:os');
const { loadRun } = require('../lib/load');
const { median } = require('../lib/stats');
const httpLoad = require('./http-load');

const VARIANTS = [
  { key: 'after', title: 'name index of this version' },
  { key: 'before', title: 'name index before it (trigram indexes)' },
];


/** Puts the name index of the previous migration back, from a connection of its own. */
async function restorePreviousNameIndex(ctx, databaseUrl) {
  const { DataSource } = require('typeorm');
  const { databaseOptions } = require(join(ctx.root, 'dist/example/host-config'));
  const { NameSearchGrams1764231500000 } = require(join(ctx.root, 'dist/dcr/persistence/migrations/1764231500000-name-search-grams'));
  const dataSource = new DataSource({ ...databaseOptions(databaseUrl), migrationsRun: false, entities: [] });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await new NameSearchGrams1764231500000().down(runner);
    const postgres = dataSource.options.type === 'postgres';
    const restored = await dataSource.query(postgres
      ? `SELECT 1 FROM pg_indexes WHERE indexname = 'ix_tech_client_name_trgm'`
      : `SELECT 1 FROM sqlite_master WHERE name = 'tech_client_name_fts_ai' AND sql LIKE '%new.name_search);%'`);
    if (restored.length !== 1) throw new Error('the previous name index was not restored');
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}

module.exports = {
  name: 'registration-name-index',
  description: 'registration throughput with the name index of this version and with the one before it, side by side in alternating rounds, on SQLite and PostgreSQL (fsync on)',
  defaults: { 'name-index-servers': 'sqlite-fastify,postgres-fastify', 'name-index-connections': 16, rounds: 3, duration: 5, 'warmup-seconds': 1 },
  async run(ctx) {
    const results = [];
    for (const serverKey of String(ctx.options['name-index-servers']).split(',').filter(Boolean)) {
      const log = (message) => ctx.log(`[registration-name-index ${serverKey}] ${message}`);
      const started = [];
      try {
        for (const variant of VARIANTS) {
          const server = await httpLoad.internals.startServer(ctx, serverKey, log);
          started.push({ ...variant, ...server, runs: [] });
          if (variant.key === 'before') await restorePreviousNameIndex(ctx, server.databaseUrl);
        }
        for (let round = 0; round < ctx.options.rounds; round++) {
          const load = loadavg()[0].toFixed(2);
          for (const server of started.map((_, i) => started[(i + round) % started.length])) {
            const request = httpLoad.internals.requestOf('register');
            const run = await loadRun({
              url: `${server.url}${request.path}`, connections: ctx.options['name-index-connections'], seconds: ctx.options.duration,
              warmupSeconds: ctx.options['warmup-seconds'], request, serverCpuMs: server.child.cpuMs,
            });
            server.runs.push({ ...run, load });
            log(`round ${round + 1} (load ${load}) ${server.key}: ${run.requestsPerSecond} req/s, ${run.cpuMicrosPerRequest} µs CPU a request, p99 ${run.p99} ms${run.non2xx + run.errors ? `, ${run.non2xx + run.errors} FAILED` : ''}`);
          }
        }
      } finally {
        for (const server of started) {
          await server.child.stop();
          await server.cleanup();
        }
      }
      const before = median(started[1].runs.map((run) => run.requestsPerSecond));
      for (const server of started) {
        const rps = server.runs.map((run) => run.requestsPerSecond);
        results.push({
          server: serverKey,
          variant: server.title,
          requestsPerSecond: median(rps),
          spread: `${Math.min(...rps)}–${Math.max(...rps)}`,
          change: server.key === 'after' ? `${Math.round((median(rps) / before - 1) * 1000) / 10} %` : '',
          cpu: median(server.runs.map((run) => run.cpuMicrosPerRequest)),
          p99: median(server.runs.map((run) => run.p99)),
          load: server.runs.map((run) => run.load).join(', '),
          failed: server.runs.reduce((sum, run) => sum + run.non2xx + run.errors, 0),
        });
      }
    }
    return { connections: ctx.options['name-index-connections'], durationSeconds: ctx.options.duration, rounds: ctx.options.rounds, results };
  },
  table: {
    columns: [
      { key: 'server', title: 'host' },
      { key: 'variant', title: 'name index' },
      { key: 'requestsPerSecond', title: 'req/s (median)', align: 'right' },
      { key: 'spread', title: 'rounds', align: 'right' },
      { key: 'change', title: 'vs before', align: 'right' },
      { key: 'cpu', title: 'host CPU µs/req', align: 'right' },
      { key: 'p99', title: 'p99 ms', align: 'right' },
      { key: 'load', title: 'load (1 min) per round' },
      { key: 'failed', title: 'non-2xx', align: 'right' },
    ],
  },
};
