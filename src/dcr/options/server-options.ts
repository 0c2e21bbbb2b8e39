import { Allow } from '../validation/class-validator';
import type {
  AdminOptions, ClientAuthenticationOptions, ClientIdMetadataDocumentOptions, ClientIdOptions, ClientSecretOptions, CorsOptions, DcrModuleOptions,
  DcrServerOptions, EventsOptions, GrantsOptions, InitialAccessTokenOptions, ManagementOptions, MetricsOptions, ProcessorsOptions, QuotaOptions, RateLimitOptions,
  ReapingOptions, RegistrationTiersOptions, ReservedNamesOptions, SoftwareStatementOptions,
} from './dcr-module-options.interface';
import { IsOptionBoolean, IsOptionInteger, IsOptionLongEnough, IsOptionOneOf, IsOptionPath, IsOptionString, IsOptionUrl, IsRequiredOption } from './option-rules';

/*
 * The top of the options tree as classes (see server-leaf-options.ts): one server's scalars, and
 * the module's. Every option object is a member here, so that an unknown key is refused, and is
 * read as its own class, with its own path, by `resolveDcrOptions`.
 */

/** One authorization server (`authorizationServers.<id>`, or the top level). @internal */
export class ServerOptionsClass implements DcrServerOptions {
  /** Absent: `oauth2/register` (one server) or `oauth2/<id>/register` (several). */
  @IsOptionPath()
  @IsOptionString()
  registrationPath?: string;

  @IsOptionUrl('must be an http(s) URL')
  @IsOptionString()
  issuer?: string;

  @Allow() clientId?: ClientIdOptions;
  @Allow() clientSecret?: ClientSecretOptions;
  @Allow() grants?: GrantsOptions;
  @Allow() processors?: ProcessorsOptions;

  @IsOptionBoolean()
  strict: boolean = false;

  @Allow() management?: ManagementOptions;
  @Allow() initialAccessToken?: InitialAccessTokenOptions;
  @Allow() softwareStatement?: SoftwareStatementOptions;
  @Allow() rateLimit?: RateLimitOptions;
  @Allow() quotas?: QuotaOptions;
  @Allow() reaping?: ReapingOptions;
  @Allow() cors?: CorsOptions;
  @Allow() clientIdMetadataDocument?: ClientIdMetadataDocumentOptions;

  @IsOptionOneOf(['fapi2'])
  profile?: 'fapi2';

  @Allow() tiers?: RegistrationTiersOptions;
  @Allow() reservedNames?: ReservedNamesOptions;
}

/** The module options: one server at the top level, or `authorizationServers`. @internal */
export class ModuleOptionsClass extends ServerOptionsClass implements DcrModuleOptions {
  /** The key of the secret digests: long enough that it cannot be guessed. */
  @IsOptionLongEnough(32)
  @IsOptionString()
  @IsRequiredOption('required (the key of the secret digests)')
  secretKey!: string;

  /** Read entry by entry (`ServerOptionsClass`), each under its id. */
  @Allow() authorizationServers?: Record<string, DcrServerOptions>;
  @Allow() admin?: AdminOptions;

  @IsOptionInteger(0, 10)
  trustedProxyHops: number = 0;

  @Allow() clientAuthentication?: ClientAuthenticationOptions;
  @Allow() metrics?: MetricsOptions;
  @Allow() events?: EventsOptions;
}
