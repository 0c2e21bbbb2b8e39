import { Injectable } from '@nestjs/common';
import { DcrMetrics } from './dcr-metrics';
import { DcrTracer } from './dcr-tracer';

/** What one client authentication came to: `success`, `throttled`, or the failure reason. @internal */
export interface ClientAuthenticationOutcome {
  server: string;
  method: string;
  result: string;
  /** When the attempt began (ms since the epoch), for the span. */
  startedAt: number;
}

/**
 * Told by `DefaultClientAuthenticator` how each attempt ended: counts it, counts a 429 as a
 * throttled token request, and records a span `dcr.client_authentication` from `startedAt` to
 * now. Never given the client id or the credentials.
 * @internal
 */
@Injectable()
export class ClientAuthenticationObserver {
  constructor(
    private readonly metrics: DcrMetrics,
    private readonly tracer: DcrTracer,
  ) {}

  observe(outcome: ClientAuthenticationOutcome): void {
    this.metrics.clientAuthentication(outcome.server, outcome.method, outcome.result);
    if (outcome.result === 'throttled') this.metrics.throttled('token');
    const attributes = { 'dcr.server': outcome.server, 'oauth.client_authentication.method': outcome.method };
    this.tracer.start('dcr.client_authentication', attributes, outcome.startedAt).end(outcome.result, outcome.result !== 'success');
  }
}
