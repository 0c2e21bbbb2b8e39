/**
 * One address a host name resolves to.
 * @publicApi
 */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves a host name to every address it has. Called once per network fetch; the connection
 * then goes to one of the addresses it returned, never through a second resolution.
 * @publicApi
 */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/**
 * UNSAFE options that let the fetcher reach this machine's loopback interface, for test document
 * servers only. Each one, when on, makes the host log a warning at start-up
 * (`fetchDevelopmentWarning`). Every other special-use range stays refused.
 * @publicApi
 */
export interface GuardedFetcherDevelopmentOptions {
  /**
   * UNSAFE. Allow plain `http://` when the URL host is a loopback IP literal
   * (`http://127.0.0.1:<port>/…`, `http://[::1]:<port>/…`).
   * @default false
   */
  allowHttpLoopback?: boolean;
  /**
   * UNSAFE. Allow `https://` URLs whose host is or resolves to a loopback address
   * (127.0.0.0/8, ::1).
   * @default false
   */
  allowHttpsLoopback?: boolean;
  /**
   * UNSAFE. PEM certificate(s) of a test CA, trusted in addition to Node's bundled root CAs, and
   * only for connections to a loopback address (so only with `allowHttpsLoopback`).
   * @default none
   */
  loopbackCaPem?: string | readonly string[];
}

/**
 * Options of `DefaultGuardedFetcher`, one object per fetcher (e.g. per authorization server).
 * @publicApi
 */
export interface GuardedFetcherOptions {
  /**
   * Largest body accepted, in bytes. A larger `Content-Length` is refused before the body is
   * read; a body that grows past it while streaming is aborted.
   * @default 5120 (5 KiB)
   */
  maxBytes?: number;
  /**
   * One deadline for the whole exchange, in milliseconds: DNS, connect, TLS, headers and body.
   * @default 5000
   */
  timeoutMs?: number;
  /**
   * Shortest time a document stays cached, in seconds: a smaller `max-age`, or none, is raised to
   * it. `no-store` and `no-cache` are still never cached.
   * @default 60
   */
  cacheMinSeconds?: number;
  /**
   * Longest time a document stays cached, in seconds: a larger `max-age` is lowered to it.
   * @default 3600
   */
  cacheMaxSeconds?: number;
  /**
   * How many documents the cache holds; the least recently used goes first. 0 turns caching off.
   * @default 1000
   */
  cacheMaxEntries?: number;
  /** UNSAFE loopback access for test document servers. @default all off */
  development?: GuardedFetcherDevelopmentOptions;
  /**
   * How host names are resolved. Tests inject their own.
   * @default `dns.promises.lookup(hostname, { all: true })`
   */
  resolve?: HostResolver;
  /**
   * The clock of the cache, in milliseconds since the epoch. Tests inject their own.
   * @default Date.now
   */
  now?: () => number;
}

/** The options with every default applied. @internal */
export interface ResolvedGuardedFetcherOptions {
  maxBytes: number;
  timeoutMs: number;
  cacheMinSeconds: number;
  cacheMaxSeconds: number;
  cacheMaxEntries: number;
  development: { allowHttpLoopback: boolean; allowHttpsLoopback: boolean; loopbackCaPem: readonly string[] };
  resolve?: HostResolver;
  now: () => number;
}

/** The defaults of `GuardedFetcherOptions`. @publicApi */
export const GUARDED_FETCHER_DEFAULTS = Object.freeze({
  maxBytes: 5 * 1024,
  timeoutMs: 5000,
  cacheMinSeconds: 60,
  cacheMaxSeconds: 3600,
  cacheMaxEntries: 1000,
});

/**
 * DI token of the options `DefaultGuardedFetcher` reads when Nest constructs it
 * (`{ provide: GUARDED_FETCHER_OPTIONS, useValue: {...} }`); without it, the defaults.
 * @publicApi
 */
export const GUARDED_FETCHER_OPTIONS = 'DCR:GUARDED_FETCHER_OPTIONS';

/**
 * Every problem with `options`, one line each, naming the option under `at` (e.g.
 * `authorizationServers.a.clientIdMetadataDocument.`), so a module can report them with its own.
 * @publicApi
 */
export function guardedFetcherOptionProblems(options: GuardedFetcherOptions, at = ''): string[] {
  const problems: string[] = [];
  const integer = (name: keyof typeof GUARDED_FETCHER_DEFAULTS, min: number, max: number): void => {
    const value = options[name];
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= min && value <= max)) {
      problems.push(`${at}${name} must be an integer from ${min} to ${max}`);
    }
  };
  integer('maxBytes', 1, 64 * 1024 * 1024);
  integer('timeoutMs', 1, 10 * 60 * 1000);
  integer('cacheMinSeconds', 0, 365 * 24 * 3600);
  integer('cacheMaxSeconds', 0, 365 * 24 * 3600);
  integer('cacheMaxEntries', 0, 10_000_000);
  const resolved = { ...GUARDED_FETCHER_DEFAULTS, ...withoutUndefined(options) };
  if (resolved.cacheMinSeconds > resolved.cacheMaxSeconds) {
    problems.push(`${at}cacheMinSeconds must not be greater than ${at}cacheMaxSeconds`);
  }
  const ca = options.development?.loopbackCaPem;
  if (ca !== undefined) {
    const list = typeof ca === 'string' ? [ca] : ca;
    if (!Array.isArray(list) || !list.every((pem) => typeof pem === 'string' && pem.includes('-----BEGIN CERTIFICATE-----'))) {
      problems.push(`${at}development.loopbackCaPem must be PEM certificate text`);
    } else if (!options.development?.allowHttpsLoopback) {
      problems.push(`${at}development.loopbackCaPem is used only with ${at}development.allowHttpsLoopback`);
    }
  }
  return problems;
}

/** `options` with defaults applied; the caller has checked `guardedFetcherOptionProblems`. @internal */
export function resolveGuardedFetcherOptions(options: GuardedFetcherOptions): ResolvedGuardedFetcherOptions {
  const ca = options.development?.loopbackCaPem;
  return {
    ...GUARDED_FETCHER_DEFAULTS,
    ...withoutUndefined({
      maxBytes: options.maxBytes,
      timeoutMs: options.timeoutMs,
      cacheMinSeconds: options.cacheMinSeconds,
      cacheMaxSeconds: options.cacheMaxSeconds,
      cacheMaxEntries: options.cacheMaxEntries,
    }),
    development: {
      allowHttpLoopback: options.development?.allowHttpLoopback === true,
      allowHttpsLoopback: options.development?.allowHttpsLoopback === true,
      loopbackCaPem: ca === undefined ? [] : typeof ca === 'string' ? [ca] : [...ca],
    },
    resolve: options.resolve,
    now: options.now ?? Date.now,
  };
}

/**
 * The start-up warning for `options`, or undefined when no development option is on. The host
 * (or the module) logs it once per fetcher.
 * @publicApi
 */
export function fetchDevelopmentWarning(options: GuardedFetcherOptions | undefined, at = ''): string | undefined {
  const development = options?.development;
  const on = [
    development?.allowHttpLoopback && `${at}development.allowHttpLoopback`,
    development?.allowHttpsLoopback && `${at}development.allowHttpsLoopback`,
    development?.loopbackCaPem !== undefined && `${at}development.loopbackCaPem`,
  ].filter((name): name is string => typeof name === 'string');
  if (on.length === 0) return undefined;
  return `UNSAFE development fetch options are on (${on.join(', ')}): documents may be fetched from this machine's ` +
    'loopback interface' + (development?.allowHttpLoopback ? ' over plain http' : '') +
    '. Never use them in production.';
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
