import { randomUUID } from 'node:crypto';
import type { DcrHttpRequest } from '../http/http-request';
import { InvalidRequestError } from '../errors/dcr.error';
import { formPairs } from '../http/form-decode';
import type { TechClientActor } from '../events/tech-client-event';
import { DCR_ADMIN_ACTOR } from './tech-clients.constants';
import type { AdminChangeContext } from './tech-clients.service';

const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;
const VERSION_TAG = /^(?:W\/)?"(\d{1,9})"$/;

/** The admin that `AdminAuthGuard` let in, and the request's correlation id. @internal */
export function adminContext(request: DcrHttpRequest, withVersion = false): AdminChangeContext {
  const actor = (request as DcrHttpRequest & { [DCR_ADMIN_ACTOR]?: TechClientActor })[DCR_ADMIN_ACTOR] ?? { kind: 'admin' };
  const header = request.headers['x-request-id'];
  const requestId = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  return { actor, requestId, ...(withVersion ? { expectedVersion: ifMatchVersion(request) } : {}) };
}

/** @internal */
export function setAdminActor(request: DcrHttpRequest, actor: TechClientActor): void {
  (request as DcrHttpRequest & { [DCR_ADMIN_ACTOR]?: TechClientActor })[DCR_ADMIN_ACTOR] = actor;
}

/** The ETag of a client version (`"3"`). @internal */
export function versionTag(version: number): string {
  return `"${version}"`;
}

/** `If-Match: "3"` → 3; absent or `*` → undefined (any version). @internal */
export function ifMatchVersion(request: DcrHttpRequest): number | undefined {
  const header = request.headers['if-match'];
  if (typeof header !== 'string' || header.trim() === '*') return undefined;
  const match = VERSION_TAG.exec(header.trim());
  if (!match) throw new InvalidRequestError('If-Match: must be one ETag of this API, such as "3"');
  return Number(match[1]);
}

/**
 * The raw query string (what follows the first `?`), parsed without any framework's coercion and
 * decoded strictly: a broken percent-escape or invalid UTF-8 is a 400, where `URLSearchParams`
 * would quietly search for U+FFFD instead.
 * @internal
 */
export function queryOf(request: DcrHttpRequest): URLSearchParams {
  const url = request.originalUrl ?? request.url ?? '';
  const start = url.indexOf('?');
  const pairs = formPairs(start === -1 ? '' : url.slice(start + 1));
  if (pairs === undefined) throw new InvalidRequestError('query string: broken percent-encoding or invalid UTF-8');
  return new URLSearchParams(pairs);
}
