import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResolvedServerOptions } from '../options/resolved-options';

/**
 * CORS for one server's registration and management endpoints. Runs before routing, so error
 * answers carry the headers too (a browser client can then read `error_description`) and a
 * preflight is answered without reaching a controller. No credentials mode: the endpoints use
 * bearer tokens, never cookies.
 * @internal
 */
export function corsMiddleware(cors: NonNullable<ResolvedServerOptions['cors']>) {
  const anyOrigin = cors.allowedOrigins.includes('*');
  // Node's own request/response: Express passes its subclasses, Fastify (middie) the raw ones.
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const origin = request.headers.origin;
    response.setHeader('Vary', 'Origin');
    const allowed = typeof origin === 'string' && (anyOrigin || cors.allowedOrigins.includes(origin));
    if (allowed) response.setHeader('Access-Control-Allow-Origin', anyOrigin ? '*' : origin);
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      if (allowed) {
        response.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE');
        response.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
        response.setHeader('Access-Control-Max-Age', String(cors.maxAgeSeconds));
      }
      response.statusCode = 204;
      response.end();
      return;
    }
    next();
  };
}
