import type { Request } from 'express';

/** `scheme://host` of a request, as the client addressed it. */
export function requestBaseUrl(request: Request): string {
  return `${request.protocol}://${request.get('host')}`;
}
