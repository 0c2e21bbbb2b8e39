import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/**
 * What the module reads of a request, common to Express's `Request` and Fastify's
 * `FastifyRequest`, so that neither platform's types are needed.
 * @publicApi
 */
export interface DcrHttpRequest {
  headers: IncomingHttpHeaders;
  /** Parsed query (both platforms parse it; the module only looks for names in it). */
  query?: unknown;
  url?: string;
  /** Express and Fastify keep the URL before any prefix stripping here. */
  originalUrl?: string;
  /** `http` or `https`, after the platform's own trust-proxy rules. */
  protocol?: string;
  socket?: { remoteAddress?: string };
  /** A body some parser of the host already read (Express `_body`, Fastify parsers). */
  body?: unknown;
  /** Fastify: the Node request underneath, whose stream carries the body. */
  raw?: IncomingMessage;
}

/**
 * The Node request whose stream carries the body: Fastify wraps it (`request.raw`), Express
 * extends it.
 * @internal
 */
export function rawRequestOf(request: DcrHttpRequest): IncomingMessage {
  return request.raw ?? (request as unknown as IncomingMessage);
}

/**
 * True when a parser of the host consumed the body before the module's reader ran: Express's
 * body-parser marks `_body`, any parser leaves the stream ended.
 * @internal
 */
export function bodyAlreadyRead(request: DcrHttpRequest): boolean {
  return Boolean((request as { _body?: boolean })._body) || rawRequestOf(request).readableEnded;
}
