import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import { LoggerModule } from 'nestjs-pino';

/** Logging of the example host. */
export interface LoggingOptions {
  /** pino level. @default "info" */
  level?: string;
  /** Where JSON lines go (tests capture them). @default standard output */
  stream?: Writable;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The id of a request: a sane incoming `X-Request-Id`, else a new UUID. Fastify gets the same
 * function (`genReqId`), because pino-http keeps the id a platform already gave the request.
 */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Paths pino replaces with "[redacted]". The module never logs a body, a secret or a token; this
 * list is the second line of defence for whatever else ends up in a log line.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  ...['client_secret', 'registration_access_token', 'software_statement', 'access_token', 'initial_access_token', 'token', 'secret'].flatMap(
    (field) => [field, `*.${field}`],
  ),
];

/** Whether pino at `level` writes pino-http's per-request line (logged at `info`). */
function writesRequestLines(level: string): boolean {
  return !['warn', 'error', 'fatal', 'silent'].includes(level);
}

/**
 * nestjs-pino for the example host: one JSON line per request with a request id (a sane incoming
 * `X-Request-Id`, else a new UUID), and every Nest log line written during a request carries
 * that id, the module's `DcrAudit` lines included. URLs are logged without their query string.
 */
export function exampleLoggerModule(options: LoggingOptions = {}) {
  const level = options.level ?? 'info';
  return LoggerModule.forRoot({
    pinoHttp: [
      {
        level,
        // pino-http writes its per-request line at `info`; above that level nothing of it would be
        // written, so it does not watch each response for it. Lines that are written still carry
        // the request (id, method, URL) through the request's child logger.
        autoLogging: writesRequestLines(level),
        genReqId: requestIdOf,
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        serializers: {
          req: (request: { id: string; method: string; url: string; headers: Record<string, unknown> }) => ({
            id: request.id,
            method: request.method,
            url: request.url.split('?')[0],
            headers: { authorization: request.headers.authorization, 'user-agent': request.headers['user-agent'], 'content-type': request.headers['content-type'] },
          }),
        },
      },
      ...(options.stream ? [options.stream] : []),
    ] as never,
  });
}
