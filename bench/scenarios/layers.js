'use strict';
// Layers: what each layer of the example host costs. The example host on an SQLite file, Fastify,
// started through bench/servers/layered-host.js once whole and once without each layer in turn
// (LAYERS_OFF), and once without all of them, beside the framework floor (the empty Nest
// controller on Fastify) and node-oidc-provider. Every variant runs for the whole scenario, and
// each round loads each of them once, in a turned order: one process start and one run are one
// sample, and on a shared machine a single run of a variant can be off by a third. Each row gives
// the median req/s of the rounds and their range, how much faster than the whole host (the
// layer's cost), its ratio to the floor, the median CPU time a request and p99, and peak RSS.
const { randomBytes } = require('node:crypto');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startChildServer } = require('../lib/child-server');
const { freePort } = require('../lib/free-port');
const { loadRun } = require('../lib/load');
const { median } = require('../lib/stats');
const { LAYERS } = require('../servers/layered-host');
const httpLoad = require('./http-load');

const REFERENCE = { key: 'floor', title: 'empty Nest controller, Fastify (framework floor)' };
const PEER = { key: 'oidc-provider', title: 'node-oidc-provider 9.13 (in-memory store, opaque tokens)' };

/**
 * config/default.json with its rate limits raised out of reach, in a folder removed at exit: the
 * whole host counts every request as it would in production, and never answers 429 to the one
 * address the load comes from.
 */
function unreachableLimitsConfig(ctx) {
  const folder = mkdtempSync(join(tmpdir(), 'dcr-bench-layers-'));
  ctx.onExit(() => rmSync(folder, { recursive: true, force: true }));
  const config = JSON.parse(readFileSync(join(ctx.root, 'config/default.json'), 'utf8'));
  for (const limit of Object.values(config.rateLimit ?? {})) limit.limit = 1_000_000_000;
  const file = join(folder, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return { file, cleanup: () => rmSync(folder, { recursive: true, force: true }) };
}

async function startLayeredHost(ctx, off, configFile) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const folder = mkdtempSync(join(tmpdir(), 'dcr-bench-'));
  const cleanup = () => rmSync(folder, { recursive: true, force: true });
  try {
    const child = await startChildServer({
      name: `example host without ${off || 'nothing'}`,
      args: [join(__dirname, '../servers/layered-host.js')],
      cwd: ctx.root,
      env: {
        PORT: String(port),
        DATABASE_URL: `sqlite:${join(folder, 'dcr.sqlite')}`,
        DCR_CONFIG: configFile,
        DCR_SECRET_KEY: randomBytes(32).toString('base64url'),
        LOG_LEVEL: 'warn',
        HTTP_ADAPTER: 'fastify',
        LAYERS_OFF: off,
      },
      probeUrl: `${url}/health`,
      onExit: ctx.onExit,
    });
    return { url, child, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}


/** Every variant's process, started once and kept for all rounds, with what it needs to be loaded. */
async function startVariant(ctx, variant, configFile) {
  const server =
    variant.off === undefined
      ? await httpLoad.internals.startServer(ctx, variant.key === 'floor' ? 'nest-fastify' : 'oidc-provider', (message) => ctx.log(`[layers ${variant.key}] ${message}`))
      : await startLayeredHost(ctx, variant.off, configFile);
  const paths = variant.key === 'oidc-provider' ? { register: '/reg', token: '/token' } : httpLoad.internals.HOST_PATHS;
  // The token client is registered anew before each token run: node-oidc-provider keeps only the
  // last 1,000 entries, and the registration run before has pushed the previous one out.
  const request = async (endpoint) => {
    const authorization = endpoint === 'token' && variant.key !== 'floor' ? await httpLoad.internals.registerTokenClient(server.url, paths) : undefined;
    return httpLoad.internals.requestOf(endpoint, authorization, variant.key === 'oidc-provider' ? paths : undefined);
  };
  return { ...variant, ...server, request, runs: { register: [], token: [] } };
}

module.exports = {
  name: 'layers',
  description: 'what each layer of the example host costs: the host (SQLite file, Fastify) whole, without each layer, and without all, beside the framework floor and node-oidc-provider, in alternating rounds',
  defaults: { layers: Object.keys(LAYERS).join(','), 'layer-connections': 64, rounds: 3 },
  async run(ctx) {
    const layers = String(ctx.options.layers).split(',').map((layer) => layer.trim()).filter(Boolean);
    for (const layer of layers) if (!(layer in LAYERS)) throw new Error(`--layers: unknown "${layer}" (known: ${Object.keys(LAYERS).join(', ')})`);
    const connections = ctx.options['layer-connections'];
    const rounds = ctx.options.rounds;
    const config = unreachableLimitsConfig(ctx);
    const variants = [
      { key: 'floor', title: REFERENCE.title },
      { key: 'oidc-provider', title: PEER.title },
      { key: 'whole', off: '', title: 'example host, whole' },
      ...layers.map((layer) => ({ key: `-${layer}`, off: layer, title: `without ${layer}` })),
      { key: '-all', off: layers.join(','), title: `without all of the above` },
    ];
    // All of them run side by side (idle but one), so that each round measures every variant
    // once, in an order turned by one each round: a drift of the machine moves every row alike,
    // and the median of the rounds is the figure.
    const started = [];
    try {
      for (const variant of variants) started.push(await startVariant(ctx, variant, config.file));
      for (let round = 0; round < rounds; round++) {
        const order = started.map((_, index) => started[(index + round) % started.length]);
        for (const server of order) {
          for (const endpoint of ['register', 'token']) {
            const request = await server.request(endpoint);
            const stopSampling = server.child.sampleRss();
            const run = await loadRun({ url: `${server.url}${request.path}`, connections, seconds: ctx.options.duration, warmupSeconds: ctx.options['warmup-seconds'], request, serverCpuMs: server.child.cpuMs });
            server.runs[endpoint].push({ ...run, rss: stopSampling() });
            ctx.log(`[layers round ${round + 1}/${rounds} ${server.key}] ${endpoint}: ${run.requestsPerSecond} req/s, ${run.cpuMicrosPerRequest} µs CPU a request, p99 ${run.p99} ms${run.non2xx + run.errors ? `, ${run.non2xx + run.errors} FAILED` : ''}`);
          }
        }
      }
    } finally {
      for (const server of started) {
        await server.child.stop();
        await server.cleanup();
      }
      config.cleanup();
    }
    const summary = (server, endpoint) => {
      const runs = server.runs[endpoint];
      const rps = runs.map((run) => run.requestsPerSecond);
      return {
        rps: median(rps),
        spread: `${Math.min(...rps)}–${Math.max(...rps)}`,
        cpu: median(runs.map((run) => run.cpuMicrosPerRequest)),
        p99: median(runs.map((run) => run.p99)),
        rss: Math.max(...runs.map((run) => run.rss)),
        failed: runs.reduce((sum, run) => sum + run.non2xx + run.errors, 0),
      };
    };
    const results = [];
    for (const server of started) {
      for (const endpoint of ['register', 'token']) {
        const measured = summary(server, endpoint);
        const floor = summary(started[0], endpoint);
        const whole = summary(started[2], endpoint);
        const compared = server.off !== undefined && server.key !== 'whole';
        results.push({
          variant: server.title,
          endpoint: endpoint === 'register' ? 'POST /oauth2/register' : 'POST /oauth2/token',
          requestsPerSecond: measured.rps,
          spread: measured.spread,
          gain: compared ? `${Math.round((measured.rps / whole.rps - 1) * 100)} %` : '',
          floorRatio: Math.round((measured.rps / floor.rps) * 100) / 100,
          cpu: measured.cpu,
          cpuSaved: compared ? whole.cpu - measured.cpu : '',
          p99: measured.p99,
          rssMiB: measured.rss,
          rssGain: compared ? measured.rss - whole.rss : '',
          failed: measured.failed,
        });
      }
    }
    return { connections, durationSeconds: ctx.options.duration, rounds, logLevel: 'warn', results };
  },
  table: {
    columns: [
      { key: 'variant', title: 'variant' },
      { key: 'endpoint', title: 'endpoint' },
      { key: 'requestsPerSecond', title: 'req/s (median)', align: 'right' },
      { key: 'spread', title: 'rounds', align: 'right' },
      { key: 'gain', title: 'vs whole', align: 'right' },
      { key: 'floorRatio', title: '× floor', align: 'right' },
      { key: 'cpu', title: 'server CPU µs/req', align: 'right' },
      { key: 'cpuSaved', title: 'CPU µs saved', align: 'right' },
      { key: 'p99', title: 'p99 ms', align: 'right' },
      { key: 'rssMiB', title: 'RSS MiB', align: 'right' },
      { key: 'rssGain', title: 'RSS vs whole', align: 'right' },
      { key: 'failed', title: 'non-2xx', align: 'right' },
    ],
  },
};
