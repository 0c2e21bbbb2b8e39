'use strict';
// Several instances: two example-host processes (Fastify) on one PostgreSQL (fsync on), as two
// machines behind a load balancer would share it. First their throughput together against one
// instance alone (the load split evenly between the two, the same total of connections). Then
// what must hold across instances, counted after each phase in the database or from the answers:
// a registration rate limit, an initial access token's uses, a quota on live clients and the
// authentication throttle, each hit by requests alternating between the two processes.
const { randomBytes } = require('node:crypto');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startChildServer } = require('../lib/child-server');
const { freePort } = require('../lib/free-port');
const { loadRun } = require('../lib/load');
const { startThrowawayPostgres } = require('../lib/throwaway-postgres');
const httpLoad = require('./http-load');

const DURABLE_POSTGRES = { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on', max_connections: 60 };
const SECRET_KEY = randomBytes(32).toString('base64url');
const TOKEN = randomBytes(32).toString('base64url');
const CLIENT = JSON.stringify({ client_name: 'Shared Limits', grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic' });

/** config/default.json with `change` applied, in a file removed at exit. */
function configFile(ctx, folder, name, change) {
  const config = JSON.parse(readFileSync(join(ctx.root, 'config/default.json'), 'utf8'));
  delete config.rateLimit;
  const file = join(folder, `${name}.json`);
  writeFileSync(file, JSON.stringify({ ...config, ...change }));
  return file;
}

async function startHost(ctx, databaseUrl, config, name) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = await startChildServer({
    name,
    args: ['dist/main.js'],
    cwd: ctx.root,
    env: { PORT: String(port), DATABASE_URL: databaseUrl, DCR_CONFIG: config, DCR_SECRET_KEY: SECRET_KEY, LOG_LEVEL: 'error', HTTP_ADAPTER: 'fastify' },
    probeUrl: `${url}/health`,
    onExit: ctx.onExit,
  });
  return { url, child };
}

/** Two instances on `config`, started one after the other (the first runs the migrations). */
async function pair(ctx, databaseUrl, config) {
  const first = await startHost(ctx, databaseUrl, config, 'instance A');
  const second = await startHost(ctx, databaseUrl, config, 'instance B');
  return { urls: [first.url, second.url], stop: () => Promise.all([first.child.stop(), second.child.stop()]) };
}

/** `count` requests at once, alternating between the instances; the statuses, by status. */
async function alternate(urls, count, send) {
  const statuses = await Promise.all(Array.from({ length: count }, (_, index) => send(urls[index % urls.length]).then((response) => response.status)));
  return statuses.reduce((tally, status) => ({ ...tally, [status]: (tally[status] ?? 0) + 1 }), {});
}

const register = (headers = {}) => (url) => fetch(`${url}/oauth2/register`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: CLIENT });

module.exports = {
  name: 'several-instances',
  description: 'two example-host processes on one PostgreSQL: throughput together and alone, and rate limit, initial access token uses, quota and throttle held across both',
  defaults: { 'instance-connections': 32 },
  async run(ctx) {
    const folder = mkdtempSync(join(tmpdir(), 'dcr-bench-instances-'));
    ctx.onExit(() => rmSync(folder, { recursive: true, force: true }));
    const server = await startThrowawayPostgres(DURABLE_POSTGRES);
    ctx.onExit(server.stop);
    const databaseUrl = `postgres://${server.username}@${server.host}:${server.port}/${server.database}`;
    const { Client } = require('pg');
    const db = new Client({ host: server.host, port: server.port, user: server.username, database: server.database });
    const results = [];
    const row = (phase, expected, observed, holds) => {
      results.push({ phase, expected, observed, holds: holds ? 'yes' : 'NO' });
      ctx.log(`[several-instances] ${phase}: expected ${expected}, observed ${observed}${holds ? '' : ' (DOES NOT HOLD)'}`);
    };
    try {
      // Throughput: one instance with every connection, then two with half each, same run.
      const connections = ctx.options['instance-connections'];
      const open = configFile(ctx, folder, 'open', {});
      const instances = await pair(ctx, databaseUrl, open);
      await db.connect();
      const request = httpLoad.internals.requestOf('register');
      const measure = (url, share) =>
        loadRun({ url: `${url}${request.path}`, connections: share, seconds: ctx.options.duration, warmupSeconds: ctx.options['warmup-seconds'], request });
      const alone = await measure(instances.urls[0], connections);
      const together = await Promise.all(instances.urls.map((url) => measure(url, connections / 2)));
      const sum = together.reduce((total, run) => total + run.requestsPerSecond, 0);
      row(`registrations, one instance, ${connections} connections`, '', `${alone.requestsPerSecond} req/s, p99 ${alone.p99} ms, ${alone.non2xx + alone.errors} non-2xx`, alone.non2xx + alone.errors === 0);
      row(`registrations, two instances, ${connections / 2} connections each`, '', `${sum} req/s (${Math.round((sum / alone.requestsPerSecond) * 100) / 100}× one), p99 ${Math.max(...together.map((run) => run.p99))} ms`, together.every((run) => run.non2xx + run.errors === 0));
      await instances.stop();

      // A registration rate limit of 40 an hour per address: 100 registrations, both instances.
      let both = await pair(ctx, databaseUrl, configFile(ctx, folder, 'rate', { rateLimit: { registration: { limit: 40, windowSeconds: 3600 } } }));
      let tally = await alternate(both.urls, 100, register());
      row('rate limit 40/hour, 100 registrations across both', '40 × 201, 60 × 429', `${tally[201] ?? 0} × 201, ${tally[429] ?? 0} × 429`, tally[201] === 40 && tally[429] === 60);
      await both.stop();

      // An initial access token of 25 uses: 60 registrations with it, both instances.
      await db.query('DELETE FROM dcr_rate_limit');
      both = await pair(ctx, databaseUrl, configFile(ctx, folder, 'token', { initialAccessToken: { required: true, tokens: [{ id: 'shared', token: TOKEN, maxUses: 25 }] } }));
      tally = await alternate(both.urls, 60, register({ authorization: `Bearer ${TOKEN}` }));
      const [{ uses }] = (await db.query("SELECT uses FROM initial_access_token_use WHERE token_id = 'shared'")).rows;
      row('initial access token, 25 uses, 60 registrations across both', '25 × 201, 35 × 401; 25 uses counted', `${tally[201] ?? 0} × 201, ${tally[401] ?? 0} × 401; ${uses} uses counted`, tally[201] === 25 && tally[401] === 35 && Number(uses) === 25);
      await both.stop();

      // A quota of live clients: as many as there are now plus 20; 50 registrations.
      const [{ live }] = (await db.query('SELECT COUNT(*)::int AS live FROM tech_client')).rows;
      both = await pair(ctx, databaseUrl, configFile(ctx, folder, 'quota', { quotas: { maxClients: live + 20 } }));
      tally = await alternate(both.urls, 50, register());
      const [{ after }] = (await db.query('SELECT COUNT(*)::int AS after FROM tech_client')).rows;
      row(`quota of ${live + 20} live clients (${live} before), 50 registrations across both`, `20 × 201, 30 refused; ${live + 20} clients`, `${tally[201] ?? 0} × 201, ${50 - (tally[201] ?? 0)} refused; ${after} clients`, tally[201] === 20 && after === live + 20);

      // The throttle: 10 failures per client and address; 30 wrong secrets, both instances.
      const created = await (await register()(both.urls[0])).json();
      const wrong = `Basic ${Buffer.from(`${encodeURIComponent(created.client_id)}:wrong-secret`).toString('base64')}`;
      const token = (url) => fetch(`${url}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: wrong }, body: 'grant_type=client_credentials' });
      // One after another: a failure is counted before the next guess is judged.
      const statuses = [];
      for (let i = 0; i < 30; i++) statuses.push((await token(both.urls[i % 2])).status);
      const unauthorized = statuses.filter((status) => status === 401).length;
      const throttled = statuses.filter((status) => status === 429).length;
      row('throttle of 10 failures, 30 wrong secrets alternating', '10 × 401, 20 × 429', `${unauthorized} × 401, ${throttled} × 429`, unauthorized === 10 && throttled === 20);
      await both.stop();
    } finally {
      await db.end().catch(() => undefined);
      await server.stop();
    }
    return { durationSeconds: ctx.options.duration, results };
  },
  table: {
    columns: [
      { key: 'phase', title: 'phase' },
      { key: 'expected', title: 'expected' },
      { key: 'observed', title: 'observed' },
      { key: 'holds', title: 'holds' },
    ],
  },
};
