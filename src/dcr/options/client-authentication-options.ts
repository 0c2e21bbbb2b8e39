import { Allow } from '../validation/class-validator';
import type { ClientAuthenticationOptions, MtlsOptions } from './dcr-module-options.interface';
import { DCR_DEFAULTS } from './option-defaults';
import { IsHttpUrlArray, IsOptionBoolean, IsOptionInteger, IsOptionMatching, IsOptionString, NeedsOption } from './option-rules';

/** RFC 7230 §3.2.6 token: a header name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/** The realm is written into a quoted-string of the WWW-Authenticate header (RFC 7235 §2.2). */
const REALM = /^[\x20\x21\x23-\x5B\x5D-\x7E]{1,100}$/;

const defaults = DCR_DEFAULTS.clientAuthentication;

/** `clientAuthentication.mtls`: where a TLS-terminating proxy puts the client's certificate. @internal */
export class MtlsOptionsClass implements MtlsOptions {
  @IsOptionMatching(HEADER_NAME, 'must be an HTTP header name')
  @IsOptionString()
  certificateHeader?: string;

  @NeedsOption('certificateHeader')
  @IsOptionMatching(HEADER_NAME, 'must be an HTTP header name')
  @IsOptionString()
  verifiedHeader?: string;
}

/**
 * `clientAuthentication` (module-wide). Members are declared in the order their problems are
 * reported; `mtls` is read as `MtlsOptionsClass`, with its own path.
 * @internal
 */
export class ClientAuthenticationOptionsClass implements Required<Omit<ClientAuthenticationOptions, 'mtls'>>, Pick<ClientAuthenticationOptions, 'mtls'> {
  @IsOptionMatching(REALM, 'must be 1 to 100 printable ASCII characters without " or \\')
  @IsOptionString()
  realm: string = defaults.realm;

  @IsOptionInteger(0, 1_000_000)
  maxFailures: number = defaults.maxFailures;

  @IsOptionInteger(0, 1_000_000)
  maxFailuresPerClient: number = defaults.maxFailuresPerClient;

  @IsOptionInteger(1, 86_400)
  windowSeconds: number = defaults.windowSeconds;

  @IsOptionBoolean()
  enforceRegisteredMethod: boolean = defaults.enforceRegisteredMethod;

  /** Extra `aud` values a client assertion may carry; none by default. */
  @IsHttpUrlArray()
  assertionAudiences: string[] = [];

  @IsOptionInteger(10, 3600)
  assertionMaxLifetimeSeconds: number = defaults.assertionMaxLifetimeSeconds;

  @IsOptionInteger(0, 300)
  clockSkewSeconds: number = defaults.clockSkewSeconds;

  @Allow()
  mtls?: MtlsOptions;
}
