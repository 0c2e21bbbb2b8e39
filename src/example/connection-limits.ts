import { Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';

/**
 * How many connections the example host holds and how long it waits for each, from
 * `HTTP_MAX_CONNECTIONS`, `HTTP_HEADERS_TIMEOUT_MS`, `HTTP_REQUEST_TIMEOUT_MS` and
 * `HTTP_KEEP_ALIVE_TIMEOUT_MS` (README "The example host").
 */
export interface ConnectionLimits {
  /** Connections held at once; more are refused (closed at accept). */
  maxConnections: number;
  /** Until the end of a request's headers, counted for a connection's first request from its opening. */
  headersTimeoutMs: number;
  /** From the start of a request to the end of its body. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection waits for its next request. */
  keepAliveTimeoutMs: number;
}

/** Descriptors kept for the database files, PostgreSQL connections, logs and the accept loop. */
const RESERVED_DESCRIPTORS = 256;
/** Past this many, memory (tens of kB per connection) runs out before descriptors do. */
const MAX_DEFAULT_CONNECTIONS = 10_000;

/**
 * Defaults for a host that may face clients directly. Node's own (no cap; 60 s for headers,
 * checked every 30 s; 300 s for a body) let idle or trickling sockets pile up until the process
 * runs out of file descriptors, and then every new client, and the database file, fail. A
 * registration body is at most 64 KiB: 30 s is ample even for a slow mobile link.
 */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxConnections: defaultMaxConnections(openFileLimit()),
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
};

/**
 * The cap is there to keep descriptors for the rest of the process, not to refuse clients early:
 * a low cap would let fewer idle sockets lock everyone out until the timeouts free the slots. So
 * it is the open-file limit less a reserve (Node raises the soft limit to the hard one at start),
 * or 1000 where the limit cannot be read.
 */
export function defaultMaxConnections(openFiles: number | undefined): number {
  if (openFiles === undefined) return 1000;
  return Math.max(100, Math.min(MAX_DEFAULT_CONNECTIONS, openFiles - RESERVED_DESCRIPTORS));
}

/** The soft `RLIMIT_NOFILE` of this process (Linux), or undefined. */
function openFileLimit(): number | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((entry) => entry.startsWith('Max open files'));
    const soft = line?.split(/\s+/)[3];
    return soft === 'unlimited' ? Infinity : Number(soft) || undefined;
  } catch {
    return undefined;
  }
}

/** Reads the limits from the environment; an unusable value stops the start with the variable's name. */
export function readConnectionLimits(env: NodeJS.ProcessEnv = process.env): ConnectionLimits {
  const limits: ConnectionLimits = {
    maxConnections: integer(env, 'HTTP_MAX_CONNECTIONS', DEFAULT_CONNECTION_LIMITS.maxConnections, 1, 1_000_000),
    headersTimeoutMs: integer(env, 'HTTP_HEADERS_TIMEOUT_MS', DEFAULT_CONNECTION_LIMITS.headersTimeoutMs, 100, 600_000),
    requestTimeoutMs: integer(env, 'HTTP_REQUEST_TIMEOUT_MS', DEFAULT_CONNECTION_LIMITS.requestTimeoutMs, 100, 3_600_000),
    keepAliveTimeoutMs: integer(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', DEFAULT_CONNECTION_LIMITS.keepAliveTimeoutMs, 100, 600_000),
  };
  // Node refuses a headers timeout longer than the request timeout (the headers are part of the request).
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) throw new Error('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
  return limits;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) throw new Error(`${name} must be an integer from ${min} to ${max} (got "${value.slice(0, 20)}")`);
  return number;
}

/** At most one warning a minute about refused connections: a flood must not flood the log too. */
const DROP_WARNING_INTERVAL_MS = 60_000;

/**
 * Applies the limits to the Node server under Express or Fastify (both expose it); call before
 * `listen()`, when Node starts the timer that enforces the header and request timeouts. Fastify
 * sets its own values at creation (no request timeout, 72 s keep-alive); these replace them.
 */
export function applyConnectionLimits(server: Server, limits: ConnectionLimits): void {
  server.maxConnections = limits.maxConnections;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // Node checks both timeouts on this interval (30 s by default), so a socket could outlive its
  // timeout by that much; a quarter of the headers timeout keeps the overshoot small and the
  // check (a walk over the open connections) rare. (A createServer option, missing from the
  // Server type, but read when the server starts listening.)
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(1000, Math.max(25, Math.floor(limits.headersTimeoutMs / 4)));
  let warnedAt = -Infinity;
  let dropped = 0;
  server.on('drop', () => {
    dropped++;
    if (Date.now() - warnedAt < DROP_WARNING_INTERVAL_MS) return;
    warnedAt = Date.now();
    new Logger('ExampleHost').warn(
      `HTTP_MAX_CONNECTIONS (${limits.maxConnections}) reached: refusing new connections (${dropped} so far); idle ones close after HTTP_HEADERS_TIMEOUT_MS / HTTP_KEEP_ALIVE_TIMEOUT_MS`,
    );
  });
}
