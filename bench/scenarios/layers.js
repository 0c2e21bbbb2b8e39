'use strict';
// Layers: what each layer of the example host costs. The example host on an SQLite file, Fastify,
// started through bench/servers/layered-host.js once whole and once without each layer in turn
// (LAYERS_OFF), and once without all of them, in one run with the framework floor (the empty
// Nest controller on Fastify) and node-oidc-provider. The whole host runs first and again last:
// the difference between the two is the drift of the machine during the run, the noise floor of
// every other row. Each row gives req/s, how much faster than the whole host (the layer's cost),
// its ratio to the floor, p99 and peak RSS.
const { randomBytes } = require('node:crypto');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startChildServer } = require('../lib/child-server');
const { freePort } = require('../lib/free-port');
const { loadRun } = require('../lib/load');
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

module.exports = {
  name: 'layers',
  description: 'what each layer of the example host costs: the host (SQLite file, Fastify) whole, without each layer, and without all, beside the framework floor and node-oidc-provider',
  defaults: { layers: Object.keys(LAYERS).join(','), 'layer-connections': 64 },
  async run(ctx) {
    const layers = String(ctx.options.layers).split(',').map((layer) => layer.trim()).filter(Boolean);
    for (const layer of layers) if (!(layer in LAYERS)) throw new Error(`--layers: unknown "${layer}" (known: ${Object.keys(LAYERS).join(', ')})`);
    const connections = ctx.options['layer-connections'];
    const config = unreachableLimitsConfig(ctx);
    const variants = [
      { key: 'floor', title: REFERENCE.title },
      { key: 'oidc-provider', title: PEER.title },
      { key: 'whole', off: '', title: 'example host, whole (first)' },
      ...layers.map((layer) => ({ key: `-${layer}`, off: layer, title: `without ${layer}` })),
      { key: '-all', off: layers.join(','), title: `without all of the above` },
      { key: 'whole-again', off: '', title: 'example host, whole (again, last)' },
    ];
    const measured = {};
    const results = [];
    for (const variant of variants) {
      const log = (message) => ctx.log(`[layers ${variant.key}] ${message}`);
      const server =
        variant.off === undefined
          ? await httpLoad.internals.startServer(ctx, variant.key === 'floor' ? 'nest-fastify' : 'oidc-provider', log)
          : await startLayeredHost(ctx, variant.off, config.file);
      const { url, child, cleanup } = server;
      try {
        const echo = variant.key === 'floor';
        const paths = variant.key === 'oidc-provider' ? { register: '/reg', token: '/token' } : undefined;
        for (const endpoint of ['register', 'token']) {
          const authorization = endpoint === 'token' && !echo ? await httpLoad.internals.registerTokenClient(url, paths ?? httpLoad.internals.HOST_PATHS) : undefined;
          const request = httpLoad.internals.requestOf(endpoint, authorization, paths);
          const stopSampling = child.sampleRss();
          const run = await loadRun({ url: `${url}${request.path}`, connections, seconds: ctx.options.duration, warmupSeconds: ctx.options['warmup-seconds'], request, serverCpuMs: child.cpuMs });
          const rss = stopSampling();
          measured[`${variant.key}/${endpoint}`] = { rps: run.requestsPerSecond, rss, cpu: run.cpuMicrosPerRequest };
          const floor = measured[`floor/${endpoint}`];
          const whole = measured[`whole/${endpoint}`];
          const compared = whole && variant.off !== undefined && variant.key !== 'whole';
          const row = {
            variant: variant.title,
            endpoint: endpoint === 'register' ? 'POST /oauth2/register' : 'POST /oauth2/token',
            requestsPerSecond: run.requestsPerSecond,
            gain: compared ? `${Math.round((run.requestsPerSecond / whole.rps - 1) * 100)} %` : '',
            floorRatio: floor ? Math.round((run.requestsPerSecond / floor.rps) * 100) / 100 : null,
            cpu: run.cpuMicrosPerRequest,
            cpuSaved: compared ? whole.cpu - run.cpuMicrosPerRequest : '',
            p99: run.p99,
            rssMiB: rss,
            rssGain: compared ? rss - whole.rss : '',
            failed: run.non2xx + run.errors,
          };
          results.push(row);
          log(`${row.endpoint}: ${row.requestsPerSecond} req/s (${row.gain || 'reference'}; ${row.floorRatio}× floor), ${row.cpu} µs CPU a request, p99 ${row.p99} ms, RSS ${rss} MiB${row.failed ? `, ${row.failed} FAILED` : ''}`);
        }
      } finally {
        await child.stop();
        await cleanup();
      }
    }
    config.cleanup();
    return { connections, durationSeconds: ctx.options.duration, logLevel: 'warn', results };
  },
  table: {
    columns: [
      { key: 'variant', title: 'variant' },
      { key: 'endpoint', title: 'endpoint' },
      { key: 'requestsPerSecond', title: 'req/s', align: 'right' },
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
