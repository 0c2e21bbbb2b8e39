'use strict';
// HTTP load: the example host (node dist/main.js) on an SQLite file and on PostgreSQL, each on the
// Express and on the Fastify adapter (HTTP_ADAPTER; servers sqlite, sqlite-fastify, postgres,
// postgres-fastify), node-oidc-provider 9 as a peer (in-memory store, server oidc-provider), an
// empty Nest application on each adapter as the framework floor (nest-express, nest-fastify), and a
// bare node:http baseline, each a child process driven by autocannon from
// this process at 16 and 64 connections: registration (POST /oauth2/register, a typical body) and
// the client_credentials token endpoint (POST /oauth2/token, Basic auth, a client registered
// beforehand). Ratios are to the bare baseline of the same endpoint and connection count in the
// same run. The host logs at LOG_LEVEL=warn: one JSON line per request would measure pino, not the module.
const { randomBytes } = require('node:crypto');
const { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startChildServer } = require('../lib/child-server');
const { freePort } = require('../lib/free-port');
const { loadRun } = require('../lib/load');
const { startThrowawayPostgres } = require('../lib/throwaway-postgres');

/** What a typical confidential web client sends (RFC 7591 §2 fields, about 500 bytes). */
const REGISTRATION_BODY = JSON.stringify({
  client_name: 'Kalomine Payments Web 4711',
  redirect_uris: ['https://payments.kalomine.example/callback', 'https://payments.kalomine.example/silent-renew'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
  scope: 'openid profile payments:read payments:write',
  contacts: ['ops@kalomine.example'],
  client_uri: 'https://kalomine.example',
  logo_uri: 'https://kalomine.example/logo.png',
  software_id: 'com.kalomine.payments',
  software_version: '4.7.11',
});

/** The client the token endpoint authenticates on every request. */
const TOKEN_CLIENT = JSON.stringify({
  client_name: 'Kalomine Reporting Service',
  grant_types: ['client_credentials'],
  // Said explicitly: node-oidc-provider defaults it to ["code"], which would need redirect URIs.
  response_types: [],
  token_endpoint_auth_method: 'client_secret_basic',
  scope: 'reports:read reports:write',
});

const HOST_PATHS = { register: '/oauth2/register', token: '/oauth2/token' };

/**
 * config/default.json without its rate limits, in a folder removed at exit: the load comes from one
 * address, and past the per-address limit a run would measure 429 answers.
 */
function unlimitedConfig(ctx) {
  const folder = mkdtempSync(join(tmpdir(), 'dcr-bench-config-'));
  ctx.onExit(() => rmSync(folder, { recursive: true, force: true }));
  const config = JSON.parse(readFileSync(join(ctx.root, 'config/default.json'), 'utf8'));
  delete config.rateLimit;
  const file = join(folder, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

const SERVERS = {
  // `echo`: answers any body without checking credentials, so the token runs need no client.
  bare: { title: 'bare node:http', database: null, echo: true },
  // Its defaults: open registration, opaque access tokens, everything kept in process memory.
  'oidc-provider': { title: 'node-oidc-provider 9.13 (in-memory store, opaque tokens)', database: null, paths: { register: '/reg', token: '/token' } },
  // What the bare baseline does, in an otherwise empty Nest controller: the ceiling of any Nest host.
  'nest-express': { title: 'empty Nest controller, Express (framework floor)', database: null, adapter: 'express', echo: true },
  'nest-fastify': { title: 'empty Nest controller, Fastify (framework floor)', database: null, adapter: 'fastify', echo: true },
  sqlite: { title: 'example host, Express, SQLite (file, WAL)', database: 'sqlite', adapter: 'express' },
  'sqlite-fastify': { title: 'example host, Fastify, SQLite (file, WAL)', database: 'sqlite', adapter: 'fastify' },
  postgres: { title: 'example host, Express, PostgreSQL', database: 'postgres', adapter: 'express' },
  'postgres-fastify': { title: 'example host, Fastify, PostgreSQL', database: 'postgres', adapter: 'fastify' },
};
const ENDPOINTS = ['register', 'token'];

/**
 * PostgreSQL durable as in production: the throwaway cluster turns fsync off for tests, a
 * registration answered 201 here must have been flushed.
 */
const DURABLE_POSTGRES = { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on', max_connections: 50 };

function list(value, known, option) {
  const items = String(value).split(',').map((item) => item.trim()).filter(Boolean);
  for (const item of items) if (!known.includes(item)) throw new Error(`--${option}: unknown "${item}" (known: ${known.join(', ')})`);
  return items;
}

async function registerTokenClient(url, paths) {
  const response = await fetch(`${url}${paths.register}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: TOKEN_CLIENT });
  if (response.status !== 201) throw new Error(`registering the token client: HTTP ${response.status} ${await response.text()}`);
  const { client_id: id, client_secret: secret } = await response.json();
  // RFC 6749 §2.3.1: Basic credentials are form-encoded first.
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

function requestOf(endpoint, authorization, paths = HOST_PATHS) {
  if (endpoint === 'register') {
    return { method: 'POST', path: paths.register, headers: { 'content-type': 'application/json' }, body: REGISTRATION_BODY };
  }
  return {
    method: 'POST',
    path: paths.token,
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: authorization ?? 'Basic YmFyZTpiYXJl' },
    body: 'grant_type=client_credentials&scope=reports%3Aread',
  };
}

/** Starts one server of SERVERS; resolves to { url, child, cleanup }. */
async function startServer(ctx, key, log) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  if (key === 'bare') {
    const child = await startChildServer({ name: 'bare baseline', args: [join(__dirname, '../servers/bare-baseline.js')], env: { PORT: String(port) }, probeUrl: `${url}/`, onExit: ctx.onExit });
    return { url, child, cleanup: () => undefined };
  }
  if (key === 'nest-express' || key === 'nest-fastify') {
    const child = await startChildServer({ name: key, args: [join(__dirname, '../servers/nest-echo.js')], cwd: ctx.root, env: { PORT: String(port), HTTP_ADAPTER: SERVERS[key].adapter }, probeUrl: `${url}/`, onExit: ctx.onExit });
    return { url, child, cleanup: () => undefined };
  }
  if (key === 'oidc-provider') {
    const child = await startChildServer({ name: 'node-oidc-provider', args: [join(__dirname, '../servers/oidc-provider.mjs')], env: { PORT: String(port) }, probeUrl: `${url}/.well-known/openid-configuration`, onExit: ctx.onExit });
    return { url, child, cleanup: () => undefined };
  }
  const { database, adapter } = SERVERS[key];
  let databaseUrl;
  let cleanup = () => undefined;
  if (database === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), 'dcr-bench-'));
    cleanup = () => rmSync(folder, { recursive: true, force: true });
    databaseUrl = `sqlite:${join(folder, 'dcr.sqlite')}`;
  } else {
    log('starting a throwaway PostgreSQL cluster (fsync on)');
    const server = await startThrowawayPostgres(DURABLE_POSTGRES);
    ctx.onExit(server.stop);
    cleanup = () => server.stop();
    databaseUrl = `postgres://${server.username}@${server.host}:${server.port}/${server.database}`;
  }
  const profileDir = join(__dirname, '../results/profiles');
  if (ctx.options.profile) mkdirSync(profileDir, { recursive: true });
  const args = ctx.options.profile
    ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${key}-${Date.now()}.cpuprofile`, '-r', join(__dirname, '../servers/exit-on-sigusr2.js'), 'dist/main.js']
    : ['dist/main.js'];
  try {
    const child = await startChildServer({
      name: `example host (${key})`,
      args,
      cwd: ctx.root,
      env: {
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        DCR_CONFIG: unlimitedConfig(ctx),
        DCR_SECRET_KEY: randomBytes(32).toString('base64url'),
        LOG_LEVEL: 'warn',
        HTTP_ADAPTER: adapter,
      },
      probeUrl: `${url}/health`,
      onExit: ctx.onExit,
      stopSignal: ctx.options.profile ? 'SIGUSR2' : 'SIGTERM',
    });
    return { url, child, cleanup, databaseUrl };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

module.exports = {
  /** For other scenarios that start the same servers and send the same requests. */
  internals: { startServer, registerTokenClient, requestOf, HOST_PATHS },
  name: 'http-load',
  description: 'registration and client_credentials token endpoint under load (autocannon), example host on SQLite and PostgreSQL against a bare node:http baseline, an empty Nest controller and node-oidc-provider',
  defaults: { servers: 'bare,nest-express,nest-fastify,oidc-provider,sqlite,sqlite-fastify,postgres,postgres-fastify', endpoints: 'register,token', connections: '16,64', duration: 10, 'warmup-seconds': 2, profile: false },
  async run(ctx) {
    const servers = list(ctx.options.servers, Object.keys(SERVERS), 'servers');
    const endpoints = list(ctx.options.endpoints, ENDPOINTS, 'endpoints');
    const connectionCounts = list(ctx.options.connections, ['1', '4', '16', '32', '64', '128', '256'], 'connections').map(Number);
    // The baseline first: every other row is divided by it.
    const order = ['bare', ...servers.filter((key) => key !== 'bare')];
    const results = [];
    const startup = {};
    const baseline = {};
    for (const key of order) {
      const log = (message) => ctx.log(`[http-load ${key}] ${message}`);
      const { url, child, cleanup } = await startServer(ctx, key, log);
      startup[key] = child.startupMs;
      log(`first answer after ${child.startupMs} ms; RSS ${child.rssMiB()} MiB idle`);
      try {
        const paths = SERVERS[key].paths ?? HOST_PATHS;
        for (const endpoint of endpoints) {
          // Registered just before its runs: node-oidc-provider's in-memory store is an LRU of
          // 1,000 entries, which the registration runs would have long evicted it from.
          const authorization = endpoint === 'token' && !SERVERS[key].echo ? await registerTokenClient(url, paths) : undefined;
          for (const connections of connectionCounts) {
            const stopSampling = child.sampleRss();
            const run = await loadRun({
              url: `${url}${requestOf(endpoint, authorization, paths).path}`,
              connections,
              seconds: ctx.options.duration,
              warmupSeconds: ctx.options['warmup-seconds'],
              request: requestOf(endpoint, authorization, paths),
              serverCpuMs: child.cpuMs,
            });
            const rss = stopSampling();
            if (key === 'bare') baseline[`${endpoint}/${connections}`] = run.requestsPerSecond;
            const base = baseline[`${endpoint}/${connections}`];
            const row = {
              server: SERVERS[key].title,
              endpoint: endpoint === 'register' ? 'POST /oauth2/register' : 'POST /oauth2/token',
              connections,
              requestsPerSecond: run.requestsPerSecond,
              ratio: base ? Math.round((run.requestsPerSecond / base) * 100) / 100 : null,
              p50: run.p50,
              p99: run.p99,
              cpu: run.cpuMicrosPerRequest,
              rssMiB: rss,
              startupMs: child.startupMs,
              failed: run.non2xx + run.errors,
              total: run.total,
            };
            results.push(row);
            log(`${row.endpoint} c=${connections}: ${row.requestsPerSecond} req/s (${row.ratio}x), p50 ${row.p50} ms, p99 ${row.p99} ms, RSS ${rss} MiB${row.failed ? `, ${row.failed} FAILED` : ''}`);
          }
        }
      } finally {
        const exit = await child.stop();
        if (exit.code) log(`exited with code ${exit.code}`);
        await cleanup();
      }
    }
    return { logLevel: 'warn', durationSeconds: ctx.options.duration, startupMs: startup, results };
  },
  table: {
    columns: [
      { key: 'server', title: 'server' },
      { key: 'endpoint', title: 'endpoint' },
      { key: 'connections', title: 'conn.', align: 'right' },
      { key: 'requestsPerSecond', title: 'req/s', align: 'right' },
      { key: 'ratio', title: '× bare', align: 'right' },
      { key: 'p50', title: 'p50 ms', align: 'right' },
      { key: 'p99', title: 'p99 ms', align: 'right' },
      { key: 'cpu', title: 'server CPU µs/req', align: 'right' },
      { key: 'rssMiB', title: 'RSS MiB', align: 'right' },
      { key: 'startupMs', title: 'start-up ms', align: 'right' },
      { key: 'failed', title: 'non-2xx', align: 'right' },
    ],
  },
};
