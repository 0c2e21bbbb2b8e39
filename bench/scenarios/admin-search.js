'use strict';
// Admin search at scale: seeds N technical clients by bulk insert (not HTTP) on SQLite (a file)
// and on PostgreSQL, then measures TechClientsService.search page by page, as the admin API
// calls it (validation, cursor, query, mapping), one request at a time.
require('reflect-metadata');
const { randomBytes, randomUUID } = require('node:crypto');
const { mkdtempSync, rmSync, statSync } = require('node:fs');
const { loadavg, tmpdir } = require('node:os');
const { join } = require('node:path');
const { clientNames } = require('../lib/client-names');
const { measure } = require('../lib/stats');
const { startThrowawayPostgres } = require('../lib/throwaway-postgres');

const SECRET_KEY = 'bench-secret-key-0123456789abcdef0123456789';
const BASE = Date.UTC(2025, 0, 1);
const YEAR_MS = 365 * 86400 * 1000;
const PAGE = 50;
const PLATFORM_WORDS = ['ios', 'android', 'web', 'cli', 'server', 'desktop'];
/**
 * One client in a hundred also carries a word of another script (after its platform), so that
 * terms in those scripts, and mixed with Latin ones, have a few hundred to a few thousand matches.
 */
const OTHER_SCRIPT_WORDS = ['Zahlungsdienst', 'Платежи', 'Πληρωμές', '支付', '決済', 'Café', 'Ödeme', 'תשלומים'];

/**
 * Memory as a database server holding a million clients would be given it: PostgreSQL's default
 * of 128 MB shared buffers is sized for the smallest machines, its own guidance is about a
 * quarter of memory, on huge pages (reserved for the run when the bench can, `--no-huge-pages`
 * to measure without). (The SQLite file is opened as the example host opens it: memory-mapped.)
 */
const SEARCH_POSTGRES = { shared_buffers: '2GB', effective_cache_size: '8GB' };

/** Column order of the bulk insert. */
const COLUMNS = ['id', 'authorization_server', 'name', 'name_search', 'label', 'description', 'locked', 'lock_reason', 'locked_at',
  'created_at', 'updated_at', 'version', 'source', 'software_id', 'software_version', 'token_endpoint_auth_method', 'metadata',
  'secret_digest', 'secret_expires_at'];

function* generateClients(count, names, nameSearchOf) {
  const { random, orgs } = names;
  for (let i = 0; i < count; i++) {
    const next = names.next();
    const { org } = next;
    let { name } = next;
    if (random() < 0.01) {
      const word = OTHER_SCRIPT_WORDS[Math.floor(random() * OTHER_SCRIPT_WORDS.length)];
      const parts = name.split(' ');
      const number = /^\d+$/.test(parts[parts.length - 1]) ? ` ${parts.pop()}` : '';
      name = `${parts.join(' ')} ${word}${number}`;
    }
    const createdAt = BASE + Math.floor((i / count) * YEAR_MS) + Math.floor(random() * 1000);
    const locked = random() < 0.01;
    const confidential = random() < 0.7;
    yield [
      randomUUID(),
      random() < 0.9 ? 'default' : 'partners',
      name,
      nameSearchOf(name),
      random() < 0.7 ? `org-${org}` : null,
      null,
      locked,
      locked ? 'Client reported to be compromised.' : null,
      locked ? createdAt + 1000 : null,
      createdAt,
      createdAt,
      1,
      'dcr',
      random() < 0.6 ? `com.example.${orgs[org].toLowerCase()}` : null,
      '1.0.0',
      confidential ? 'client_secret_basic' : 'none',
      JSON.stringify({ client_name: name, grant_types: confidential ? ['client_credentials'] : ['authorization_code'] }),
      confidential ? `v1:${randomBytes(32).toString('base64url')}` : null,
      confidential ? 0 : null,
    ];
  }
}

async function seedSqlite(dataSource, rows) {
  const db = dataSource.driver.databaseConnection; // the better-sqlite3 handle
  // A cache that holds the whole database while seeding, so that each batch's commit writes the
  // pages it changed once (index entries land all over their key ranges).
  const cacheSize = db.pragma('cache_size', { simple: true });
  db.pragma('cache_size = -8000000');
  const insert = db.prepare(`INSERT INTO tech_client (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  const batch = db.transaction((values) => {
    for (const row of values) insert.run(row.map((value) => (typeof value === 'boolean' ? Number(value) : value)));
  });
  let values = [];
  for (const row of rows) {
    values.push(row);
    if (values.length === 250_000) {
      batch(values);
      values = [];
    }
  }
  if (values.length) batch(values);
  db.pragma(`cache_size = ${cacheSize}`);
}

const PG_TYPES = ['text', 'text', 'text', 'text', 'text', 'text', 'bool', 'text', 'int8', 'int8', 'int8', 'int4', 'text', 'text',
  'text', 'text', 'text', 'text', 'int8'];

async function seedPostgres(dataSource, rows) {
  const sql = `INSERT INTO tech_client (${COLUMNS.join(', ')}) SELECT * FROM unnest(${PG_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})`;
  let columns = COLUMNS.map(() => []);
  let size = 0;
  const flush = async () => {
    await dataSource.query(sql, columns);
    columns = COLUMNS.map(() => []);
    size = 0;
  };
  for (const row of rows) {
    row.forEach((value, i) => columns[i].push(value));
    if (++size === 5000) await flush();
  }
  if (size) await flush();
}

/** Keysets of clients at random depths of the default order (newest first), for deep-page cursors. */
async function deepKeysets(dataSource, postgres, count, total, random) {
  const keysets = [];
  for (let i = 0; i < count; i++) {
    const offset = Math.floor(total * (0.1 + 0.85 * random()));
    const [row] = await dataSource.query(
      `SELECT created_at, id FROM tech_client ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ${postgres ? '$1' : '?'}`,
      [offset],
    );
    keysets.push([Number(row.created_at), row.id]);
  }
  return keysets;
}

async function benchDatabase(ctx, dist, driver) {
  const { DcrModule, DCR_ENTITIES, DCR_MIGRATIONS, TechClientsService } = dist.dcr;
  const { nameSearchOf } = dist.nameSearch;
  const { NestFactory } = require('@nestjs/core');
  const { TypeOrmModule } = require('@nestjs/typeorm');
  const { DataSource } = require('typeorm');
  const log = (message) => ctx.log(`[admin-search ${driver}] ${message}`);

  let cleanup = () => undefined;
  let options;
  let hugePages; // PostgreSQL's shared memory, when the bench started the server
  if (driver === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), 'dcr-bench-'));
    cleanup = () => rmSync(folder, { recursive: true, force: true });
    // As the example host opens it (WAL, memory-mapped reads).
    options = dist.host.databaseOptions(`sqlite:${join(folder, 'bench.sqlite')}`);
  } else if (ctx.options.postgres === 'env') {
    // A database of its own on the server named by the PG* variables, dropped afterwards.
    const { Client } = require('pg');
    const server = { host: process.env.PGHOST ?? '127.0.0.1', port: Number(process.env.PGPORT ?? 5432), user: process.env.PGUSER ?? 'postgres', password: process.env.PGPASSWORD };
    const database = `dcr_bench_${randomBytes(4).toString('hex')}`;
    const admin = async (sql) => {
      const client = new Client({ ...server, database: process.env.PGDATABASE ?? 'postgres' });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    await admin(`CREATE DATABASE ${database}`);
    cleanup = () => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    options = { type: 'postgres', host: server.host, port: server.port, username: server.user, password: server.password, database };
  } else {
    log('starting a throwaway PostgreSQL cluster');
    const server = await startThrowawayPostgres(SEARCH_POSTGRES, { hugePages: ctx.options['huge-pages'] });
    log(`PostgreSQL shared memory on ${server.hugePages ? 'huge pages' : '4 kB pages'}`);
    hugePages = server.hugePages;
    ctx.onExit(server.stop);
    cleanup = () => server.stop();
    options = { type: 'postgres', host: server.host, port: server.port, username: server.username, database: server.database };
  }
  options = { ...options, entities: DCR_ENTITIES, migrations: DCR_MIGRATIONS, migrationsRun: true, synchronize: false, logging: false };

  try {
    const total = ctx.options.clients;
    const dataSource = new DataSource(options);
    await dataSource.initialize();
    const names = clientNames(7);
    const started = Date.now();
    log(`seeding ${total.toLocaleString('en')} clients by bulk insert`);
    await (driver === 'sqlite' ? seedSqlite : seedPostgres)(dataSource, generateClients(total, names, nameSearchOf));
    // As autovacuum would, soon after: statistics, and the visibility map for index-only scans.
    if (driver === 'postgres') {
      await dataSource.query('VACUUM ANALYZE');
      // What the server would have done within a few minutes: write the seeded pages out, so that
      // the measurements do not share the disk with the first checkpoint after a million inserts.
      // (CHECKPOINT needs a superuser or pg_checkpoint: on a server of the PG* variables it may be refused.)
      await dataSource.query('CHECKPOINT').catch((error) => log(`no CHECKPOINT after seeding: ${error.message}`));
    }
    const seedSeconds = Math.round((Date.now() - started) / 100) / 10;
    const size = driver === 'sqlite'
      ? statSync(options.database).size
      : Number((await dataSource.query(`SELECT pg_database_size(current_database()) AS size`))[0].size);
    log(`seeded in ${seedSeconds} s; database ${Math.round(size / 1048576)} MiB`);
    const keysets = await deepKeysets(dataSource, driver === 'postgres', 50, total, names.random);
    await dataSource.destroy();

    const host = { module: class BenchHostModule {}, imports: [TypeOrmModule.forRoot(options), DcrModule.forRoot({ secretKey: SECRET_KEY, clientSecret: {} })] };
    const app = await NestFactory.createApplicationContext(host, { logger: ['error', 'warn'] });
    try {
      const service = app.get(TechClientsService);
      const cursors = app.get(dist.SearchCursorCodec, { strict: false });
      const { searchCursor } = dist.query;
      const orgs = names.orgs;
      const pick = (list, i) => list[(i * 7919) % list.length];
      const products = names.products.map((p) => p.toLowerCase());
      const secondPages = [];
      for (const product of products) secondPages.push((await service.search({ name: product, limit: PAGE })).nextCursor);

      const cases = [
        ['first page (newest first)', () => service.search({ limit: PAGE })],
        ['deep page by cursor (10-95 % deep)', (i) => service.search({ limit: PAGE, cursor: searchCursor(cursors, '-creationDate', pick(keysets, i)) })],
        ['name contains organisation prefix (0.05-0.5 %)', (i) => service.search({ limit: PAGE, name: pick(orgs, i).slice(0, 5) })],
        ['name contains product word (~5 %)', (i) => service.search({ limit: PAGE, name: pick(products, i) })],
        ['name contains product + platform (~0.6 %)', (i) => service.search({ limit: PAGE, name: `${pick(products, i)} ${pick(PLATFORM_WORDS, i + 1)}` })],
        ['name contains, page 2 by cursor', (i) => service.search({ limit: PAGE, name: products[i % products.length], cursor: secondPages[i % products.length] })],
        ['name contains organisation + product (rare)', (i) => service.search({ limit: PAGE, name: `${pick(orgs, i).toLowerCase()} ${pick(products, i + 3)}` })],
        ['name contains platform + product, wrong order (no match)', (i) => service.search({ limit: PAGE, name: `${pick(PLATFORM_WORDS, i + 1)} ${pick(products, i)}` })],
        ['name contains product + organisation, wrong order (no match)', (i) => service.search({ limit: PAGE, name: `${pick(products, i + 3)} ${pick(orgs, i).toLowerCase()}` })],
        ['name contains platform + other-script word (mixed scripts, ~0.02 %)', (i) => service.search({ limit: PAGE, name: `${pick(PLATFORM_WORDS, i)} ${pick(OTHER_SCRIPT_WORDS, i + 1)}` })],
        ['name contains other-script word + platform, wrong order (no match)', (i) => service.search({ limit: PAGE, name: `${pick(OTHER_SCRIPT_WORDS, i + 1)} ${pick(PLATFORM_WORDS, i)}` })],
        ['one-letter term (common)', (i) => service.search({ limit: PAGE, name: pick(['a', 'k', 'z', 'q', '7'], i) })],
        ['one-letter term, other script (~0.1 %)', (i) => service.search({ limit: PAGE, name: pick(['決', 'п', 'π', 'ö', 'ת'], i) })],
        ['one-letter term matching nothing', (i) => service.search({ limit: PAGE, name: pick(['ж', 'ß', 'ø', '#', 'ñ'], i) })],
        ['two-letter term (common)', (i) => service.search({ limit: PAGE, name: pick(['ka', 'zu', 'an', 'os', '12'], i) })],
        ['two-letter term, rare (0.1-0.2 %)', (i) => service.search({ limit: PAGE, name: pick(['支付', 'пл', 'πλ', 'fé', 'öd', 'תש'], i) })],
        ['two-letter term matching nothing', (i) => service.search({ limit: PAGE, name: pick(['qx', 'xq', 'жж', '支決', 'zz'], i) })],
        ['label filter', (i) => service.search({ limit: PAGE, label: `org-${(i * 7919) % orgs.length}` })],
        ['locked=true', () => service.search({ limit: PAGE, locked: true })],
        ['created in a one-week window', (i) => service.search({ limit: PAGE, createdFrom: BASE + ((i * 7919) % 51) * 7 * 86400_000, createdTo: BASE + (((i * 7919) % 51) + 1) * 7 * 86400_000 })],
        ['sort by displayName, first page', () => service.search({ limit: PAGE, sort: 'displayName' })],
      ];
      const results = [];
      // Each round measures every case again on the same data: how much the figures move is
      // worth reading beside them on a shared machine (the load average is recorded per round).
      for (let round = 1; round <= ctx.options.rounds; round++) {
        const load = loadavg()[0].toFixed(2);
        for (const [label, task, override] of cases) {
          const { last, ...stats } = await measure(task, { warmup: ctx.options.warmup, iterations: ctx.options.iterations, ...override });
          results.push({ database: driver === 'sqlite' ? 'SQLite (file, WAL)' : 'PostgreSQL', round, load, case: label, rows: last.clients.length, ...stats });
          log(`round ${round} (load ${load}) ${label}: p50 ${stats.p50} ms, p95 ${stats.p95} ms, p99 ${stats.p99} ms, max ${stats.max} ms`);
        }
      }
      return { results, seedSeconds, databaseBytes: size, hugePages };
    } finally {
      await app.close();
    }
  } finally {
    await cleanup();
  }
}

module.exports = {
  generateClients,
  seedSqlite,
  seedPostgres,
  name: 'admin-search',
  description: 'TechClientsService.search over N stored clients: first page, deep page by cursor, name search and filters (p50/p95 per page)',
  defaults: { clients: 1_000_000, databases: 'sqlite,postgres', iterations: 200, warmup: 20, rounds: 1, postgres: 'throwaway', 'huge-pages': true },
  async run(ctx) {
    const databases = String(ctx.options.databases).split(',').filter(Boolean);
    for (const database of databases) {
      if (!['sqlite', 'postgres'].includes(database)) throw new Error(`--databases: unknown database "${database}"`);
    }
    if (!['throwaway', 'env'].includes(ctx.options.postgres)) throw new Error('--postgres must be throwaway or env');
    const dist = {
      dcr: require(join(ctx.root, 'dist/dcr')),
      SearchCursorCodec: require(join(ctx.root, 'dist/dcr/tech-clients/search-cursor.codec')).SearchCursorCodec,
      query: require(join(ctx.root, 'dist/dcr/tech-clients/tech-client-search.query')),
      nameSearch: require(join(ctx.root, 'dist/dcr/persistence/name-search')),
      host: require(join(ctx.root, 'dist/example/host-config')),
    };
    const runs = {};
    for (const driver of databases) runs[driver] = await benchDatabase(ctx, dist, driver);
    return {
      clients: ctx.options.clients,
      pageSize: PAGE,
      seeding: Object.fromEntries(Object.entries(runs).map(([driver, run]) => [driver, { seconds: run.seedSeconds, databaseBytes: run.databaseBytes, hugePages: run.hugePages }])),
      results: Object.values(runs).flatMap((run) => run.results),
    };
  },
  table: {
    columns: [
      { key: 'database', title: 'database' },
      { key: 'round', title: 'round', align: 'right' },
      { key: 'load', title: 'load (1 min)', align: 'right' },
      { key: 'case', title: 'page' },
      { key: 'rows', title: 'rows', align: 'right' },
      { key: 'p50', title: 'p50 ms', align: 'right' },
      { key: 'p95', title: 'p95 ms', align: 'right' },
      { key: 'p99', title: 'p99 ms', align: 'right' },
      { key: 'max', title: 'max ms', align: 'right' },
    ],
  },
};
