import { DCR_DEFAULTS } from './option-defaults';
import type { ClientIdOptions, ClientSecretOptions, GrantsOptions, ManagementOptions, MetricsOptions } from './dcr-module-options.interface';
import { CarriesAtLeast128Bits, IsOptionBoolean, IsOptionInteger, IsOptionMatching, IsOptionOneOf, IsOptionString, NeedsOptionOn } from './option-rules';

/*
 * Option objects as classes: each public options interface, with its rules as decorators and
 * its defaults as initial values (from `DCR_DEFAULTS`, the documented ones). Read by
 * `readOptionClass`; the interfaces stay the public types of `forRoot`.
 */

/** `clientId`. @internal */
export class ClientIdOptionsClass implements Required<ClientIdOptions> {
  @IsOptionOneOf(['uuid', 'random'])
  generator: 'uuid' | 'random' = 'uuid';

  @CarriesAtLeast128Bits()
  @IsOptionInteger(1, 512)
  length: number = DCR_DEFAULTS.clientIdLength;
}

/** `clientSecret`: present, the module issues secrets. @internal */
export class ClientSecretOptionsClass implements Required<ClientSecretOptions> {
  @CarriesAtLeast128Bits()
  @IsOptionInteger(1, 512)
  length: number = DCR_DEFAULTS.clientSecretLength;

  /** 0: secrets do not expire. At most ten years. */
  @IsOptionInteger(0, 10 * 365 * 86400)
  lifetimeSeconds: number = 0;
}

/** `grants`. @internal */
export class GrantsOptionsClass implements Required<GrantsOptions> {
  @IsOptionBoolean()
  authorizationCode: boolean = true;

  @IsOptionBoolean()
  implicit: boolean = false;

  @IsOptionBoolean()
  clientCredentials: boolean = true;

  @NeedsOptionOn('authorizationCode', 'needs authorizationCode (only that grant issues refresh tokens)')
  @IsOptionBoolean()
  refreshToken: boolean = true;
}

/** `management` (RFC 7592). @internal */
export class ManagementOptionsClass implements Required<ManagementOptions> {
  @IsOptionBoolean()
  enabled: boolean = true;

  @IsOptionBoolean()
  rotateRegistrationAccessToken: boolean = false;
}

/** Prometheus metric names: the prefix must keep every name valid. */
const METRIC_PREFIX = /^[a-zA-Z_:][a-zA-Z0-9_:]{0,63}$/;

/** `metrics`. @internal */
export class MetricsOptionsClass implements MetricsOptions {
  @IsOptionBoolean()
  enabled: boolean = true;

  /** Prefix of every metric name; it must keep each a valid Prometheus name. Absent: none. */
  @IsOptionMatching(METRIC_PREFIX)
  @IsOptionString()
  prefix?: string;
}
