import { Logger } from '@nestjs/common';
import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DCR_ENTITIES, DCR_MIGRATIONS, DcrModuleOptions } from '../dcr';
import type { AccessTokenOptions } from './access-token.signer';
import type { ExampleEndpointOptions } from './example-host';
import type { LoggingOptions } from './logging';
import type { ExampleMetricsOptions } from './metrics.controller';
import { EXAMPLE_ENTITIES, EXAMPLE_MIGRATIONS } from './persistence';
import { HostEnvironment, validateHostEnvironment } from './host-environment';
import { ClosingOnTimeoutClient } from './postgres-client';

/** Everything the example host reads from its environment. */
export interface HostConfig {
  port: number;
  dcr: DcrModuleOptions;
  database: TypeOrmModuleOptions;
  /** Access tokens of the example token endpoint (a generated key when absent). */
  tokens?: AccessTokenOptions;
  logging?: LoggingOptions;
  /** Which of the example's own endpoints are served. */
  endpoints?: ExampleEndpointOptions;
  /** `/metrics` (404 without a token). */
  metrics?: ExampleMetricsOptions;
}

/**
 * The example host's configuration from its environment (see README "The example host"): the
 * variables validated as a `HostEnvironment` (every problem at once), then `hostConfigOf`.
 */
export function readHostConfig(env: NodeJS.ProcessEnv = process.env): HostConfig {
  return hostConfigOf(validateHostEnvironment(env));
}

/** The configuration of a validated environment, with the DCR options file `DCR_CONFIG` names. */
export function hostConfigOf(env: HostEnvironment): HostConfig {
  const file = readDcrOptionsFile(env.DCR_CONFIG);
  const issuer = env.ISSUER || file.issuer || defaultIssuer(env.PORT);
  return {
    port: env.PORT,
    dcr: {
      ...file,
      ...(issuer !== undefined && { issuer }),
      secretKey: env.DCR_SECRET_KEY ?? file.secretKey ?? persistentSecretKey(),
      ...(env.DCR_ADMIN_TOKEN ? { admin: { ...file.admin, token: env.DCR_ADMIN_TOKEN } } : {}),
    } as DcrModuleOptions,
    database: databaseOptions(env.DATABASE_URL),
    tokens: { signingKey: env.TOKEN_SIGNING_KEY, audience: env.TOKEN_AUDIENCE, lifetimeSeconds: env.TOKEN_LIFETIME_SECONDS },
    logging: { level: env.LOG_LEVEL },
    endpoints: { openidConfiguration: env.OPENID_CONFIGURATION },
    metrics: { token: env.METRICS_TOKEN },
  };
}

/**
 * The JSON file of module options. Its content is validated by the module at start-up, with
 * every problem and its option path; here only that it is a JSON object.
 */
function readDcrOptionsFile(path: string): Partial<DcrModuleOptions> {
  const file = resolve(path);
  let options: unknown;
  try {
    options = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`DCR_CONFIG: cannot read ${file}: ${(error as Error).message}`);
  }
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new Error(`DCR_CONFIG: ${file} must hold a JSON object`);
  return options as Partial<DcrModuleOptions>;
}

/**
 * The host's own URL, never the request's `Host` header (which a client chooses): without
 * `ISSUER`, `http://localhost:<PORT>`. With `PORT=0` the port is not known before listening,
 * so there is none, and the module warns that it builds URIs from each request.
 */
function defaultIssuer(port: number): string | undefined {
  return port > 0 ? `http://localhost:${port}` : undefined;
}

/**
 * TypeORM options for `postgres://…` or `sqlite:<file>`: the module's tables and the example
 * host's own (consent requests, authorization codes, refresh tokens); migrations run at start,
 * never `synchronize`.
 */
export function databaseOptions(url: string): TypeOrmModuleOptions {
  const entities = [...DCR_ENTITIES, ...EXAMPLE_ENTITIES];
  const migrations = [...DCR_MIGRATIONS, ...EXAMPLE_MIGRATIONS];
  const common = { entities, migrations, migrationsRun: true, synchronize: false } as const;
  if (/^postgres(ql)?:\/\//.test(url)) return { ...common, type: 'postgres', url, ...postgresTimeouts() };
  if (url.startsWith('sqlite:')) {
    const database = url.slice('sqlite:'.length);
    if (database !== ':memory:') mkdirSync(dirname(resolve(database)), { recursive: true });
    if (database === ':memory:') return { ...common, type: 'better-sqlite3', database };
    return { ...common, type: 'better-sqlite3', database, enableWAL: true, prepareDatabase: prepareSqliteFile };
  }
  throw new Error(`DATABASE_URL must start with postgres:// or sqlite: (got "${url.split(':')[0]}:…")`);
}

/**
 * Bounds on every wait for PostgreSQL, so that a database that has stopped answering (a frozen
 * server, a network that drops packets) gets a 503 with `Retry-After` within seconds instead of
 * requests piling up on the pool. Without them, pg waits as long as TCP does.
 * - `connectTimeoutMS` (pg's `connectionTimeoutMillis`): opening a connection, and waiting for a
 *   free one of the pool.
 * - `statement_timeout`: the server cancels a statement that runs too long; the connection stays
 *   usable.
 * - `query_timeout`: the client gives up on an answer that does not come (the server cannot
 *   cancel what it does not run). A little longer than the statement timeout, so that a live
 *   server cancels first.
 * - `idle_in_transaction_session_timeout`: a transaction left open by a lost client is ended.
 * - `ClosingOnTimeoutClient`: a connection whose query timed out is closed, never lent again.
 * - TCP keep-alive: a peer gone without a word is noticed.
 * A registration waits at most about connect + two query timeouts (its statement, then the
 * ROLLBACK): under 10 s with these values. See README "Durability and faults".
 */
export const POSTGRES_TIMEOUTS_MS = { connect: 2_000, statement: 2_500, query: 3_000, idleInTransaction: 10_000 } as const;

function postgresTimeouts() {
  return {
    connectTimeoutMS: POSTGRES_TIMEOUTS_MS.connect,
    extra: {
      statement_timeout: POSTGRES_TIMEOUTS_MS.statement,
      query_timeout: POSTGRES_TIMEOUTS_MS.query,
      idle_in_transaction_session_timeout: POSTGRES_TIMEOUTS_MS.idleInTransaction,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      Client: ClosingOnTimeoutClient,
    },
  };
}

/**
 * Set on each new connection, before TypeORM switches the file to WAL:
 * - `synchronous = FULL`: each COMMIT is flushed (fdatasync of the WAL) before it returns, so a
 *   201 means the client is on disk. Set explicitly, because SQLite builds such as
 *   better-sqlite3's fall back to NORMAL for a file in WAL mode when the setting was left at its
 *   default, and NORMAL flushes only at checkpoints: a power loss could take clients already
 *   answered 201. The group commit (`SqliteWriteBatch`) shares one flush among the registrations
 *   of an event-loop turn.
 * - `mmap_size`: reads of the file through a memory map rather than SQLite's own 2 MiB page
 *   cache. The admin search looks at a few thousand random rows at a million clients, and each
 *   page read through the cache is a system call and a copy (the p95 of such a page halves). The
 *   map is address space, not memory: the pages are the operating system's file cache.
 */
const SQLITE_MMAP_BYTES = 2 * 1024 ** 3; // SQLite clamps it to its build limit (just under 2 GiB)

function prepareSqliteFile(db: { pragma(source: string): unknown }): void {
  db.pragma('synchronous = FULL');
  db.pragma(`mmap_size = ${SQLITE_MMAP_BYTES}`);
}

/** A digest key kept in `data/secret.key`, made on first start. Losing it invalidates every secret. */
function persistentSecretKey(): string {
  const file = resolve('data/secret.key');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
    new Logger('ExampleHost').warn(`DCR_SECRET_KEY is not set: generated one in ${file}. Set DCR_SECRET_KEY in production and keep it out of the database.`);
  }
  return readFileSync(file, 'utf8').trim();
}
