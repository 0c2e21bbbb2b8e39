import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { finalize, Observable, tap } from 'rxjs';
import { TooManyRequestsError } from '../errors/dcr.error';
import { DcrMetrics } from './dcr-metrics';
import { DcrTracer } from './dcr-tracer';
import { failureResult } from './result-code';
import { isPlausibleClientId } from '../vocabulary/client-vocabulary';

/** Metadata key of `ObservedRoutes` (set by `DcrObserved`). @internal */
export const DCR_OBSERVED_ROUTES = 'dcr:observed-routes';

/**
 * Which of the module's route families a controller serves: `registration` (RFC 7591/7592, one
 * server) or `admin` (the admin API, no one server), and for the admin API which `resource`
 * (`tech_clients`, `initial_access_tokens`). Route names are `<family>[.<resource>].<handler>`.
 * @internal
 */
export interface ObservedRoutes {
  family: 'registration' | 'admin';
  resource?: string;
  server?: string;
}

/** The `result` of a registration route that succeeded, by handler. */
const REGISTRATION_SUCCESS: Record<string, string> = { register: 'created', read: 'ok', update: 'updated', delete: 'deleted' };

/**
 * The one place the module's own routes are measured: per request a span, the duration and the
 * result, and for the registration routes `dcr_registrations_total`; a 429 of a rate limit counts
 * as a throttled request (database errors are counted where the 503 is answered, in
 * `DcrExceptionFilter`, which the host's token endpoint uses too). The handlers stay unaware.
 * @internal
 */
@Injectable()
export class DcrObservationInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly metrics: DcrMetrics,
    private readonly tracer: DcrTracer,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const routes = this.reflector.get<ObservedRoutes | undefined>(DCR_OBSERVED_ROUTES, context.getClass());
    if (!routes || context.getType() !== 'http') return next.handle();
    const operation = snakeCase(context.getHandler().name);
    const route = [routes.family, routes.resource, operation].filter(Boolean).join('.');
    const registration = routes.family === 'registration';
    const clientId = registration ? paramOf(context, 'clientId') : undefined;
    const span = this.tracer.start(`dcr.${route}`, { 'dcr.server': routes.server, 'dcr.operation': operation, 'oauth.client_id': clientId });
    const started = process.hrtime.bigint();
    let settled = false;

    const settle = (result: string, failed: boolean) => {
      settled = true;
      span.end(result, failed);
      this.metrics.requestDuration({ server: routes.server, route, result }, Number(process.hrtime.bigint() - started) / 1e9);
      if (registration) this.metrics.registration(routes.server ?? '', operation, result);
    };

    // Nest binds the handler to the async context `handle()` is called in: spans the handler
    // starts (a database instrumentation's) become children of this one.
    return span.run(() => next.handle()).pipe(
      tap({
        next: (answer) => {
          if (settled) return;
          const issued = registration && !clientId ? clientIdOf(answer) : undefined;
          if (issued) span.setAttributes({ 'oauth.client_id': issued });
          settle(registration ? (REGISTRATION_SUCCESS[operation] ?? 'ok') : 'ok', false);
        },
        error: (error: unknown) => {
          if (settled) return;
          if (error instanceof TooManyRequestsError) this.metrics.throttled(operation === 'register' ? 'registration' : 'management');
          settle(failureResult(error), true);
        },
      }),
      // A request the client gave up on ends without an answer.
      finalize(() => {
        if (!settled) settle('cancelled', true);
      }),
    );
  }
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function paramOf(context: ExecutionContext, name: string): string | undefined {
  const value = (context.switchToHttp().getRequest<{ params?: Record<string, unknown> }>().params ?? {})[name];
  // A path segment anyone can send: only what could be a client id goes into a span.
  return typeof value === 'string' && isPlausibleClientId(value) ? value : undefined;
}

function clientIdOf(answer: unknown): string | undefined {
  const value = (answer as { client_id?: unknown } | null | undefined)?.client_id;
  return typeof value === 'string' ? value : undefined;
}
