import { Inject, Injectable } from '@nestjs/common';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import { TooManyRequestsError } from '../errors/dcr.error';
import type { DcrHttpRequest } from '../http/http-request';
import type { ResolvedDcrOptions, ResolvedRateLimit, ResolvedServerOptions } from '../options/resolved-options';
import { clientAddressKey, clientIp } from '../network/client-address';
import { RateLimitStore } from './rate-limit.store';

/** Which endpoint family a request counts against. @publicApi */
export type RateLimitedEndpoint = 'registration' | 'management';

/**
 * Fixed-window limits per client IP and overall, per authorization server, counted in a shared
 * store. Limits of 0 cost nothing.
 * @publicApi
 */
@Injectable()
export class RateLimiter {
  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) private readonly options: ResolvedDcrOptions,
    private readonly store: RateLimitStore,
  ) {}

  /** Counts the request; throws `TooManyRequestsError` (429) when a limit is exceeded. */
  async consume(endpoint: RateLimitedEndpoint, server: ResolvedServerOptions, request: Pick<DcrHttpRequest, 'headers' | 'socket'>): Promise<void> {
    const rule: ResolvedRateLimit = server.rateLimit[endpoint];
    if (rule.limit === 0 && rule.overallLimit === 0) return;
    const windowMs = rule.windowSeconds * 1000;
    const window = Math.floor(Date.now() / windowMs);
    const expiresAt = (window + 1) * windowMs;
    const retryAfter = (expiresAt - Date.now()) / 1000;
    const prefix = `${endpoint}:${server.id}`;
    if (rule.overallLimit > 0 && (await this.store.hit(`${prefix}:*:${window}`, expiresAt)) > rule.overallLimit) {
      throw new TooManyRequestsError(`too many ${endpoint} requests; retry after the current window`, retryAfter);
    }
    if (rule.limit > 0) {
      const subject = clientAddressKey(clientIp(request, this.options.trustedProxyHops));
      if ((await this.store.hit(`${prefix}:${subject}:${window}`, expiresAt)) > rule.limit) {
        throw new TooManyRequestsError(`too many ${endpoint} requests from this address; retry after the current window`, retryAfter);
      }
    }
  }
}
