import { Injectable } from '@nestjs/common';
import { loadOptionalPeer } from './optional-peer';

/** Span attribute values the module sets: short codes and ids, never a secret, a token or a body. @internal */
export type DcrSpanAttributes = Record<string, string | number | boolean | undefined>;

/** A started span; `end` sets the result and, for a failure, the error status. @internal */
export interface DcrSpan {
  setAttributes(attributes: DcrSpanAttributes): void;
  /** Runs `work` with this span as the active one, so spans started within are its children. */
  run<T>(work: () => T): T;
  /** `failed`: the result is an error code, recorded as `error.type` with the span status ERROR. */
  end(result: string, failed: boolean): void;
}

/** The slice of `@opentelemetry/api` used here, declared so no type of the optional peer reaches the declarations. */
interface OtelSpan {
  setAttributes(attributes: Record<string, string | number | boolean>): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  end(): void;
}
interface OtelApi {
  trace: {
    getTracer(name: string, version?: string): { startSpan(name: string, options?: { attributes?: Record<string, string | number | boolean>; startTime?: number }): OtelSpan };
    setSpan(context: unknown, span: OtelSpan): unknown;
  };
  context: { active(): unknown; with<T>(context: unknown, work: () => T): T };
  SpanStatusCode: { ERROR: number };
}

const NO_SPAN: DcrSpan = { setAttributes: () => undefined, run: (work) => work(), end: () => undefined };

/**
 * OpenTelemetry spans of the module, through `@opentelemetry/api` when it is installed: the tracer
 * `nestjs-dcr`, which records nothing until the host registers an SDK (a `TracerProvider`).
 * Without the API installed every span is a no-op. Attribute names follow the OpenTelemetry style
 * (`oauth.client_id`, `error.type`, `dcr.*` for the module's own).
 * @internal
 */
@Injectable()
export class DcrTracer {
  private readonly api = loadOptionalPeer<OtelApi>('@opentelemetry/api');

  /** `startTime`: ms since the epoch, for a span opened after the fact. */
  start(name: string, attributes: DcrSpanAttributes = {}, startTime?: number): DcrSpan {
    if (!this.api) return NO_SPAN;
    // The tracer is looked up per span: a provider the host registers after start-up is used.
    const span = this.api.trace.getTracer('nestjs-dcr', PACKAGE_VERSION).startSpan(name, { attributes: defined(attributes), startTime });
    const { context, trace, SpanStatusCode } = this.api;
    const errorCode = SpanStatusCode.ERROR;
    return {
      setAttributes: (more) => span.setAttributes(defined(more)),
      run: (work) => context.with(trace.setSpan(context.active(), span), work),
      end: (result, failed) => {
        span.setAttributes({ 'dcr.result': result, ...(failed ? { 'error.type': result } : {}) });
        if (failed) span.setStatus({ code: errorCode, message: result });
        span.end();
      },
    };
  }
}

function defined(attributes: DcrSpanAttributes): Record<string, string | number | boolean> {
  return Object.fromEntries(Object.entries(attributes).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined));
}

/** The package's version, for the tracer's instrumentation scope (the same path from `src` and `dist`). */
const PACKAGE_VERSION: string | undefined = (() => {
  try {
    return (require('../../../package.json') as { version?: string }).version;
  } catch {
    return undefined;
  }
})();
