import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ClientDisconnectedError } from './client-disconnected.error';
import { DcrError, StorageUnavailableError, TemporarilyUnavailableError } from './dcr.error';
import { DcrMetrics } from '../observability/dcr-metrics';
import { databaseErrorClass } from '../observability/result-code';
import { UnavailableCauseLog } from './unavailable-cause.log';

/** One log of 503 causes per application (every filter instance of one app shares it). */
const causeLogs = new WeakMap<object, UnavailableCauseLog>();
const WITHOUT_APP = {};

/**
 * Maps every error raised on the module's routes to an OAuth error body
 * `{ error, error_description }` with `Cache-Control: no-store`. Anything unexpected is logged
 * (without the request) and answered 500 `server_error` without details; a client that went away
 * mid-body is logged at debug level. The cause of a 503 is logged at most once per 30 s per cause
 * class (see `UnavailableCauseLog`) and counted in `dcr_database_errors_total`. Writes through the application's HTTP adapter, so the answer
 * is the same on Express and Fastify.
 * @publicApi
 */
@Catch()
export class DcrExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('DcrModule');

  constructor(
    @Optional() private readonly adapterHost?: HttpAdapterHost,
    // In the module and in a host module that imports it; absent when built with `new`.
    @Optional() private readonly metrics?: DcrMetrics,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<unknown>();
    const { status, body, headers } = this.describe(exception);
    const all = { 'Cache-Control': 'no-store', Pragma: 'no-cache', ...headers };
    const adapter = this.adapterHost?.httpAdapter;
    if (adapter) {
      for (const [name, value] of Object.entries(all)) adapter.setHeader(response, name, value);
      adapter.reply(response, body, status);
      return;
    }
    // Built with `new DcrExceptionFilter()` outside DI: Express's and Fastify's responses both
    // have `header()`; the status and send methods differ.
    const reply = response as { header(name: string, value: string): unknown; status?: (code: number) => unknown; code?: (code: number) => unknown; json?: (body: object) => unknown; send(body: object): unknown };
    for (const [name, value] of Object.entries(all)) reply.header(name, value);
    if (typeof reply.code === 'function') {
      reply.code(status);
      reply.send(body);
    } else {
      reply.status!(status);
      reply.json!(body);
    }
  }

  private describe(exception: unknown): { status: number; body: object; headers: Record<string, string> } {
    // The answer reaches no one; an error line with a stack per dropped upload would let anyone
    // fill the error log.
    if (exception instanceof ClientDisconnectedError) this.logger.debug(exception.message);
    if (exception instanceof TemporarilyUnavailableError) this.causeLog().report(exception);
    if (exception instanceof StorageUnavailableError) this.metrics?.databaseError(databaseErrorClass(exception.cause));
    if (exception instanceof DcrError) {
      return {
        status: exception.status,
        body: { error: exception.error, error_description: exception.description },
        headers: exception.headers,
      };
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      // Routing and framework-level rejections (404 of an unknown route, 405, …).
      return {
        status: exception.getStatus(),
        body: { error: 'invalid_request', error_description: exception.message },
        headers: {},
      };
    }
    this.logger.error(`Unexpected error: ${(exception as Error)?.stack ?? String(exception)}`);
    return { status: 500, body: { error: 'server_error', error_description: 'Internal error' }, headers: {} };
  }

  private causeLog(): UnavailableCauseLog {
    const app = this.adapterHost ?? WITHOUT_APP;
    let log = causeLogs.get(app);
    if (!log) causeLogs.set(app, (log = new UnavailableCauseLog(this.logger)));
    return log;
  }
}
