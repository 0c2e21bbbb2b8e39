import type { DcrHttpRequest } from './http-request';

/**
 * `scheme://host` of a request, as the client addressed it: the platform's protocol (Express and
 * Fastify both apply their trust-proxy setting to it) and the `Host` header.
 * @publicApi
 */
export function requestBaseUrl(request: DcrHttpRequest): string {
  return `${request.protocol ?? 'http'}://${request.headers.host ?? 'localhost'}`;
}
