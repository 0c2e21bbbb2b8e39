import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DcrError } from './dcr.error';

/**
 * Maps every error raised on the module's routes to an OAuth error body
 * `{ error, error_description }` with `Cache-Control: no-store`. Anything unexpected is logged
 * (without the request) and answered 500 `server_error` without details.
 * @publicApi
 */
@Catch()
export class DcrExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('DcrModule');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body, headers } = this.describe(exception);
    response.status(status);
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Pragma', 'no-cache');
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.json(body);
  }

  private describe(exception: unknown): { status: number; body: object; headers: Record<string, string> } {
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
}
