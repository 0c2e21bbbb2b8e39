import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import { TooManyRequestsError } from '../errors/dcr.error';
import type { DcrHttpRequest } from '../http/http-request';
import type { RegistrationTier, ResolvedDcrOptions, ResolvedRateLimit, ResolvedServerOptions } from '../options/resolved-options';
import { clientAddressKey, clientIp } from '../network/client-address';
import { RateLimitStore } from './rate-limit.store';

/** What one registration is counted by within its tier. @publicApi */
export interface TierRateSubject {
  /** The client's address (after `trustedProxyHops`). */
  address?: string;
  /** Hosts of its web redirect URIs (no loopback, no private-use scheme). */
  redirectHosts: string[];
  softwareId?: string;
}

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

  /** The request's client address, after `trustedProxyHops` proxies. */
  addressOf(request: Pick<DcrHttpRequest, 'headers' | 'socket'>): string | undefined {
    return clientIp(request, this.options.trustedProxyHops);
  }

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

  /**
   * Counts a registration against its tier's limits (`tiers.<tier>.rateLimit`): the whole tier,
   * the address, each web redirect host and the `software_id`, each its own counter, so a flood
   * of one tier never takes the others' share and a vendor's shared address is not the only key.
   */
  async consumeTier(server: ResolvedServerOptions, tier: RegistrationTier, subject: TierRateSubject): Promise<void> {
    const rule = server.tiers?.[tier].rateLimit;
    if (!rule) return;
    const windowMs = rule.windowSeconds * 1000;
    const window = Math.floor(Date.now() / windowMs);
    const expiresAt = (window + 1) * windowMs;
    const prefix = `tier:${server.id}:${tier}`;
    const counters: [key: string, limit: number, what: string][] = [];
    if (rule.overall > 0) counters.push([`${prefix}:*`, rule.overall, `the ${tier} tier`]);
    if (rule.perAddress > 0) counters.push([`${prefix}:a:${clientAddressKey(subject.address)}`, rule.perAddress, `the ${tier} tier from this address`]);
    if (rule.perRedirectHost > 0) {
      for (const host of subject.redirectHosts) counters.push([`${prefix}:h:${digest(host)}`, rule.perRedirectHost, `the ${tier} tier for redirect host ${host}`]);
    }
    if (rule.perSoftwareId > 0 && subject.softwareId !== undefined) {
      counters.push([`${prefix}:s:${digest(subject.softwareId)}`, rule.perSoftwareId, `the ${tier} tier for this software_id`]);
    }
    for (const [key, limit, what] of counters) {
      if ((await this.store.hit(`${key}:${window}`, expiresAt)) > limit) {
        throw new TooManyRequestsError(`too many registrations in ${what}; retry after the current window`, (expiresAt - Date.now()) / 1000);
      }
    }
  }
}

/** Client-chosen text as a short fixed-length key part. */
function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
}
