import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import type { ResolvedDcrOptions } from '../options/resolved-options';
import { DcrInstruments, dcrInstruments, DcrMetricsRegistry, PromClient } from './metric-instruments';
import { loadOptionalPeer } from './optional-peer';

/**
 * Token of the `prom-client` `Registry` the module's metrics are registered on. Provide it to keep
 * them apart: `providers: [{ provide: DCR_METRICS_REGISTRY, useValue: new Registry() }]`.
 * @default prom-client's global `register`
 * @publicApi
 */
export const DCR_METRICS_REGISTRY = 'DCR:METRICS_REGISTRY';

/** Which family of endpoints a 429 was answered on. @publicApi */
export type ThrottledEndpoint = 'registration' | 'management' | 'token';

/** How one delivery attempt of an outbox event ended. @publicApi */
export type ChangeEventDeliveryResult = 'delivered' | 'retried' | 'dead';

/**
 * The module's Prometheus metrics, when `prom-client` is installed and `metrics.enabled` is not
 * false; every method is a no-op otherwise. Labels are bounded: server ids come from the
 * configuration, the rest from fixed vocabularies; never a client id, a token or a secret.
 * @publicApi
 */
@Injectable()
export class DcrMetrics {
  private readonly instruments?: DcrInstruments;
  private readonly registry?: DcrMetricsRegistry;
  private readonly logger = new Logger('DcrModule');
  private warned = false;

  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) options: ResolvedDcrOptions,
    @Optional() @Inject(DCR_METRICS_REGISTRY) registry?: DcrMetricsRegistry | null,
  ) {
    const settings = options.metrics ?? { enabled: true, prefix: '' };
    if (!settings.enabled) return;
    const prom = loadOptionalPeer<PromClient>('prom-client');
    if (!prom) return;
    this.registry = registry ?? prom.register;
    this.instruments = dcrInstruments(prom, this.registry, settings.prefix);
  }

  /** Whether metrics are recorded (prom-client installed and metrics enabled). */
  get enabled(): boolean {
    return this.instruments !== undefined;
  }

  /** The registry's text exposition, for a host's `/metrics`; undefined when metrics are off. */
  async exposition(): Promise<{ contentType: string; text: string } | undefined> {
    if (!this.registry) return undefined;
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }

  /** `operation`: register, read, update, delete or resolve_document. */
  registration(server: string, operation: string, result: string): void {
    this.record((instruments) => instruments.registrations.inc({ server, operation, result }));
  }

  /** `result`: `success`, `throttled`, or the failure reason of the audit log line. */
  clientAuthentication(server: string, method: string, result: string): void {
    this.record((instruments) => instruments.clientAuthentications.inc({ server, method, result }));
  }

  throttled(endpoint: ThrottledEndpoint): void {
    this.record((instruments) => instruments.throttledRequests.inc({ endpoint }));
  }

  /** `quota`: max_clients, max_clients_per_software_id, max_clients_per_initial_access_token or document_clients. */
  quotaRefused(server: string, quota: string): void {
    this.record((instruments) => instruments.quotaRefusals.inc({ server, quota }));
  }

  /** `purpose`: client_id_metadata_document or jwks_uri; `result`: fetched, cached, or the refusal reason. */
  fetched(purpose: string, result: string): void {
    this.record((instruments) => instruments.fetches.inc({ purpose, result }));
  }

  /** `server` is left out for routes of no one server (the admin API). */
  requestDuration(labels: { server?: string; route: string; result: string }, seconds: number): void {
    const { server, ...rest } = labels;
    this.record((instruments) => instruments.requestDuration.observe(server === undefined ? rest : { server, ...rest }, seconds));
  }

  databaseError(errorClass: string): void {
    this.record((instruments) => instruments.databaseErrors.inc({ class: errorClass }));
  }

  /** One delivery attempt of an outbox event: `delivered`, `retried` (failed, tried again later) or `dead`. */
  changeEventDelivery(result: ChangeEventDeliveryResult): void {
    this.record((instruments) => instruments.changeEventDeliveries.inc({ result }));
  }

  /**
   * A metric must never fail the request it measures: a host metric of the same name with other
   * labels makes prom-client throw. Warned once; the metric is then not recorded.
   */
  private record(update: (instruments: DcrInstruments) => void): void {
    if (!this.instruments) return;
    try {
      update(this.instruments);
    } catch (error) {
      if (this.warned) return;
      this.warned = true;
      this.logger.warn(`a metric could not be recorded (${(error as Error)?.message}); is a metric of the same name registered with other labels? Set metrics.prefix`);
    }
  }
}
