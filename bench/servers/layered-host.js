'use strict';
// The example host (dist/) with layers taken away, for the layer table of the HTTP load bench:
// `LAYERS_OFF` names the layers to remove (comma-separated, or `all`), everything else is the
// example host as `node dist/main.js` starts it, built through @nestjs/testing so that a layer can
// be replaced by its provider, interceptor or module without a switch in the product itself. With
// `LAYERS_OFF` empty it is the whole host built the same way: the reference every variant is
// compared with. Started on PORT by the bench, with the environment of dist/main.js.
require('reflect-metadata');
const { join } = require('node:path');
const { Test } = require('@nestjs/testing');
const { LoggerModule, Logger } = require('nestjs-pino');

const dist = (path) => require(join(__dirname, '../../dist', path));
const { AppModule } = dist('app.module');
const { readHostConfig } = dist('example/host-config');
const { exampleHttpAdapter, httpPlatformOf } = dist('example/http-platform');
const { applyConnectionLimits, readConnectionLimits } = dist('example/connection-limits');
const { closeConnectionsAnsweredEarly } = dist('example/early-answer-close');
const { TechClientStore } = dist('dcr/persistence/tech-client.store');
const { TechClientEvents } = dist('dcr/events/tech-client-events');
const { DcrObservationInterceptor } = dist('dcr/observability/dcr-observation.interceptor');
const { AuthenticationThrottle } = dist('dcr/authentication/authentication.throttle');
const { SecretDigester } = dist('dcr/secrets/secret-digester');
const { LinearRegex } = dist('dcr/regex/linear-regex');
const { InMemoryTechClientStore } = require('./in-memory-tech-client-store');

/** Each layer: what it is, and how it is taken away. */
const LAYERS = {
  store: 'the database: TechClientStore replaced by a Map in process memory (no transaction, no flush)',
  'http-logger': "pino-http: no per-request child logger (the host's log lines are still pino's)",
  'log-context': "nestjs-pino's AsyncLocalStorage only: pino-http still makes its child logger, but the request does not run inside the store that hands it to log lines",
  audit: 'change events: no audit line, no outbox nudge (TechClientEvents.publish does nothing)',
  observation: "metrics and spans: the module's observation interceptor passes through, metrics off",
  'rate-limits': 'registration and management rate limits: not configured (the full host counts them, with limits never reached)',
  throttle: 'the authentication throttle: no read of the failure counters before each client authentication',
  'record-use': 'recordUse: last_used_at never written',
  digests: 'keyed digests: HMAC-SHA-256 of secrets and tokens replaced by the value itself',
  regex: 'the linear-time regex engine (re2js): configured patterns run on V8 RegExp instead',
};

function layersOff() {
  const named = String(process.env.LAYERS_OFF ?? '').split(',').map((layer) => layer.trim()).filter(Boolean);
  const off = new Set(named.includes('all') ? Object.keys(LAYERS) : named);
  for (const layer of off) if (!(layer in LAYERS)) throw new Error(`LAYERS_OFF: unknown layer "${layer}" (known: ${Object.keys(LAYERS).join(', ')}, all)`);
  return off;
}

/** The host's root module, with pino-http left off every route when the HTTP logger is taken away. */
function rootModule(config, off) {
  const root = AppModule.register(config);
  if (off.has('http-logger')) {
    root.imports = root.imports.map((imported) =>
      imported?.module === LoggerModule ? LoggerModule.forRoot({ pinoHttp: { level: config.logging?.level ?? 'info' }, forRoutes: [] }) : imported,
    );
  }
  return root;
}

function withoutRateLimits(config, off) {
  if (!off.has('rate-limits')) return config;
  const { rateLimit: _rateLimit, ...dcr } = config.dcr;
  return { ...config, dcr };
}

function withoutMetrics(config, off) {
  return off.has('observation') ? { ...config, dcr: { ...config.dcr, metrics: { enabled: false } } } : config;
}

async function main() {
  const off = layersOff();
  if (off.has('log-context')) {
    // The request runs outside nestjs-pino's AsyncLocalStorage (log lines lose the request id).
    require('nestjs-pino/storage').storage.run = (_store, callback) => callback();
  }
  if (off.has('regex')) {
    // V8's backtracking engine, for measurement only: the patterns of config/default.json are safe on it.
    const native = new WeakMap();
    LinearRegex.prototype.matchesWhole = function matchesWhole(value) {
      let regex = native.get(this);
      if (!regex) native.set(this, (regex = new RegExp(`^(?:${this.source})$`, 'u')));
      return regex.test(value);
    };
  }
  const config = withoutMetrics(withoutRateLimits(readHostConfig(), off), off);
  let builder = Test.createTestingModule({ imports: [rootModule(config, off)] });
  if (off.has('store')) builder = builder.overrideProvider(TechClientStore).useValue(new InMemoryTechClientStore());
  if (off.has('audit')) builder = builder.overrideProvider(TechClientEvents).useValue({ publish: async () => undefined, forOutbox: () => undefined });
  if (off.has('observation')) builder = builder.overrideInterceptor(DcrObservationInterceptor).useValue({ intercept: (_context, next) => next.handle() });
  if (off.has('throttle')) {
    builder = builder.overrideProvider(AuthenticationThrottle).useValue({
      counters: () => [],
      check: async () => ({ verdict: { allowed: true }, addressFailures: 0 }),
      recordFailure: async () => ({ allowed: true }),
      recordSuccess: async () => undefined,
    });
  }
  if (off.has('digests')) {
    builder = builder.overrideProvider(SecretDigester).useValue({
      digest: (value) => `v1:${value}`,
      matches: (value, stored) => stored === `v1:${value}`,
      digestMatches: (presented, stored) => stored === presented,
    });
  }
  const moduleRef = await builder.compile();
  const platform = httpPlatformOf(process.env.HTTP_ADAPTER);
  const adapter = exampleHttpAdapter(platform);
  const options = { bodyParser: false, bufferLogs: true };
  const app = adapter ? moduleRef.createNestApplication(adapter, options) : moduleRef.createNestApplication(options);
  if (off.has('record-use')) {
    const store = app.get(TechClientStore);
    store.recordUse = async () => undefined;
  }
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  applyConnectionLimits(app.getHttpServer(), readConnectionLimits());
  closeConnectionsAnsweredEarly(app.getHttpServer());
  await app.listen(config.port, '127.0.0.1');
}

module.exports = { LAYERS };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
