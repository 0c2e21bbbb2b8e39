import { CanActivate, ExecutionContext, HttpException, Inject, Injectable } from '@nestjs/common';
import type { DcrHttpRequest } from '../http/http-request';
import { isObservable, lastValueFrom } from 'rxjs';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import { AdminForbiddenError } from '../errors/admin-forbidden.error';
import { AdminUnauthorizedError } from '../errors/admin-unauthorized.error';
import { NotFoundError } from '../errors/not-found.error';
import type { TechClientActor } from '../events/tech-client-event';
import type { ResolvedDcrOptions } from '../options/resolved-options';
import { SecretDigester } from '../secrets/secret-digester';
import { CONTROL_CHARACTERS } from '../vocabulary/client-vocabulary';
import { setAdminActor } from './admin-request.context';
import { DCR_ADMIN_HOST_GUARD } from './tech-clients.constants';

// RFC 6750 §2.1: "Bearer" 1*SP b64token.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
const CONTROL = new RegExp(CONTROL_CHARACTERS.source, 'g');

/**
 * Admits a request to the admin API when it carries the configured admin bearer token (compared
 * as keyed digests in constant time), or else when the host's guard (`adminGuard` extra) admits
 * it. With neither configured every request is refused: 401 with `WWW-Authenticate: Bearer`.
 * Only the admin token is ever compared here, so client secrets, registration access tokens and
 * initial access tokens can never pass.
 * @internal
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  private readonly enabled: boolean;
  private readonly tokenDigest?: string;

  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) options: ResolvedDcrOptions,
    private readonly digester: SecretDigester,
    @Inject(DCR_ADMIN_HOST_GUARD) private readonly hostGuard: CanActivate | null,
  ) {
    this.enabled = options.admin.enabled;
    // Only the digest stays in memory, like every other credential of the module.
    this.tokenDigest = options.admin.token === undefined ? undefined : digester.digest(options.admin.token);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // forRootAsync mounts the routes before the options are known; disabled means absent.
    if (!this.enabled) throw new NotFoundError('no such route');
    const request = context.switchToHttp().getRequest<DcrHttpRequest>();
    const authorization = request.headers.authorization;
    const bearer = typeof authorization === 'string' ? BEARER.exec(authorization.trim())?.[1] : undefined;

    if (this.tokenDigest !== undefined && bearer !== undefined && this.digester.matches(bearer, this.tokenDigest)) {
      setAdminActor(request, { kind: 'admin', id: 'admin-token' });
      return true;
    }
    if (this.hostGuard) return this.askHostGuard(context, request);
    throw authorization === undefined
      ? new AdminUnauthorizedError('admin credentials are required', false)
      : new AdminUnauthorizedError('the admin credentials were not accepted', true);
  }

  private async askHostGuard(context: ExecutionContext, request: DcrHttpRequest): Promise<boolean> {
    let admitted: boolean;
    try {
      const answer = this.hostGuard!.canActivate(context);
      admitted = Boolean(isObservable(answer) ? await lastValueFrom(answer) : await answer);
    } catch (error) {
      // Keep the module's error body for the host guard's usual refusals.
      if (error instanceof HttpException && error.getStatus() === 401) {
        throw new AdminUnauthorizedError('the admin credentials were not accepted', request.headers.authorization !== undefined);
      }
      if (error instanceof HttpException && error.getStatus() === 403) throw new AdminForbiddenError('the admin guard refused the request');
      throw error;
    }
    if (!admitted) throw new AdminForbiddenError('the admin guard refused the request');
    setAdminActor(request, { kind: 'admin', ...actorIdOf((request as DcrHttpRequest & { user?: unknown }).user) });
    return true;
  }
}

/** The admin's id from a passport-style `request.user` (`id`, `sub` or `username`), for the audit log. */
function actorIdOf(user: unknown): Pick<TechClientActor, 'id'> {
  if (user === null || typeof user !== 'object') return {};
  const record = user as Record<string, unknown>;
  for (const key of ['id', 'sub', 'username']) {
    const value = record[key];
    if (typeof value === 'string' || typeof value === 'number') {
      const id = String(value).replace(CONTROL, '').slice(0, 200);
      if (id) return { id };
    }
  }
  return {};
}
