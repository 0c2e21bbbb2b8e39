import { Allow } from '../validation/class-validator';
import type { CorsOptions, QuotaOptions, RateLimitOptions, RateLimitRule, ReapingOptions } from './dcr-module-options.interface';
import { IsOptionInteger, IsOptionList } from './option-rules';

/*
 * The abuse controls' option objects as classes (see server-leaf-options.ts): rules as
 * decorators, defaults as initial values; 0 turns a limit off.
 */

const MAX_COUNT = 1_000_000_000;

/** `rateLimit.registration` / `rateLimit.management`. @internal */
export class RateLimitRuleClass implements Required<RateLimitRule> {
  /** Requests per IP address and window. */
  @IsOptionInteger(0, MAX_COUNT)
  limit: number = 0;

  /** Requests of all addresses together per window. */
  @IsOptionInteger(0, MAX_COUNT)
  overallLimit: number = 0;

  @IsOptionInteger(1, 86_400)
  windowSeconds: number = 60;
}

/** `rateLimit`: its two rules are read as `RateLimitRuleClass`, each with its own path. @internal */
export class RateLimitOptionsClass implements RateLimitOptions {
  @Allow()
  registration?: RateLimitRule;

  @Allow()
  management?: RateLimitRule;
}

/** `quotas`: caps on live dynamically registered clients. @internal */
export class QuotaOptionsClass implements Required<QuotaOptions> {
  @IsOptionInteger(0, MAX_COUNT)
  maxClients: number = 0;

  @IsOptionInteger(0, MAX_COUNT)
  maxClientsPerSoftwareId: number = 0;

  @IsOptionInteger(0, MAX_COUNT)
  maxClientsPerInitialAccessToken: number = 0;
}

/** `reaping`: deletion of forgotten dynamically registered clients. @internal */
export class ReapingOptionsClass implements Required<ReapingOptions> {
  @IsOptionInteger(0, 36_500)
  unusedDays: number = 0;

  @IsOptionInteger(0, 36_500)
  expiredSecretDays: number = 0;

  /** How often the reaper runs: at most weekly. */
  @IsOptionInteger(1, 7 * 86_400)
  intervalSeconds: number = 3600;
}

/** `cors`: exact origins, or `*` alone. @internal */
export class CorsOptionsClass implements Required<CorsOptions> {
  @IsOptionList({
    name: 'isOriginList',
    notList: 'must be a non-empty array of origins (or ["*"])',
    required: true,
    entry: (origin) => (origin === '*' || isOrigin(origin) ? undefined : `${JSON.stringify(origin)} is not an origin (scheme://host[:port], no path)`),
    whole: (origins) => (origins.includes('*') && origins.length > 1 ? '"*" stands alone' : undefined),
  })
  allowedOrigins: string[] = [];

  @IsOptionInteger(0, 86_400)
  maxAgeSeconds: number = 600;
}

function isOrigin(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}
