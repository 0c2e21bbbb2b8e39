/**
 * The few `prom-client` shapes the module uses, declared here so that no type of the optional peer
 * reaches the package's declarations.
 * @internal
 */
export interface PromLabelled {
  inc(labels: Record<string, string>, value?: number): void;
}
/** @internal */
export interface PromHistogram {
  observe(labels: Record<string, string>, value: number): void;
}
/**
 * A `prom-client` `Registry` (or anything with its methods), e.g. the host's own
 * `new Registry()`, provided under `DCR_METRICS_REGISTRY`.
 * @publicApi
 */
export interface DcrMetricsRegistry {
  getSingleMetric(name: string): unknown;
  metrics(): Promise<string>;
  readonly contentType: string;
}
/** @internal */
export interface PromClient {
  register: DcrMetricsRegistry;
  Counter: new (config: { name: string; help: string; labelNames: readonly string[]; registers: DcrMetricsRegistry[] }) => PromLabelled;
  Histogram: new (config: { name: string; help: string; labelNames: readonly string[]; buckets: number[]; registers: DcrMetricsRegistry[] }) => PromHistogram;
}

/** Request durations, in seconds: 5 ms (a cached read) to 10 s (a document fetch at its deadline). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The module's instruments, by role. @internal */
export interface DcrInstruments {
  registrations: PromLabelled;
  clientAuthentications: PromLabelled;
  throttledRequests: PromLabelled;
  quotaRefusals: PromLabelled;
  fetches: PromLabelled;
  databaseErrors: PromLabelled;
  changeEventDeliveries: PromLabelled;
  requestDuration: PromHistogram;
}

/**
 * Creates the instruments on `registry`, or takes the ones already there: several module imports
 * (or test apps) in one process share one registry, and prom-client refuses a name twice.
 * @internal
 */
export function dcrInstruments(prom: PromClient, registry: DcrMetricsRegistry, prefix: string): DcrInstruments {
  const counter = (name: string, help: string, labelNames: string[]): PromLabelled =>
    (registry.getSingleMetric(prefix + name) as PromLabelled | undefined) ?? new prom.Counter({ name: prefix + name, help, labelNames, registers: [registry] });
  const durationName = `${prefix}dcr_request_duration_seconds`;
  return {
    registrations: counter('dcr_registrations_total', 'RFC 7591/7592 requests and client ID metadata document resolutions, by server, operation and result.', ['server', 'operation', 'result']),
    clientAuthentications: counter('dcr_client_authentications_total', 'Client authentications at the token endpoint, by server, method and result (success or the failure reason).', ['server', 'method', 'result']),
    throttledRequests: counter('dcr_throttled_requests_total', 'Requests refused with 429 by a rate limit or the authentication throttle, by endpoint.', ['endpoint']),
    quotaRefusals: counter('dcr_quota_refusals_total', 'Clients refused because a quota on live clients was full, by server and quota.', ['server', 'quota']),
    fetches: counter('dcr_fetches_total', 'Guarded fetches of client documents, by purpose and result.', ['purpose', 'result']),
    databaseErrors: counter('dcr_database_errors_total', 'Database failures answered with 503, by driver error class.', ['class']),
    changeEventDeliveries: counter('dcr_change_event_deliveries_total', 'Delivery attempts of outbox change events, by result (delivered, retried, dead).', ['result']),
    requestDuration:
      (registry.getSingleMetric(durationName) as PromHistogram | undefined) ??
      new prom.Histogram({ name: durationName, help: 'Duration of the module\'s HTTP requests, by server, route and result.', labelNames: ['server', 'route', 'result'], buckets: DURATION_BUCKETS, registers: [registry] }),
  };
}
