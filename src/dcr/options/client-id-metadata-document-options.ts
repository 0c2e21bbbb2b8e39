import { Allow } from '../validation/class-validator';
import type { ClientIdMetadataDocumentCacheOptions, ClientIdMetadataDocumentDevelopmentOptions, ClientIdMetadataDocumentOptions } from './dcr-module-options.interface';
import { IsLinearRegexList, IsOptionBoolean, IsOptionInteger, IsOptionList, NotBelowOption } from './option-rules';

const MEMBER = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * `clientIdMetadataDocument` (see server-leaf-options.ts). `cache` and `development` are read as
 * their own classes, with their own paths.
 * @internal
 */
export class ClientIdMetadataDocumentOptionsClass implements Omit<Required<ClientIdMetadataDocumentOptions>, 'allowedHosts' | 'cache' | 'development'> {
  @IsOptionBoolean()
  enabled: boolean = true;

  /** Patterns matched against the whole host name. Absent: every public host. */
  @IsLinearRegexList()
  allowedHosts?: string[];

  @IsOptionBoolean()
  redirectUrisOnDocumentHost: boolean = false;

  /** Beyond `client_id` and `redirect_uris`, which every document needs. */
  @IsOptionList({ name: 'isMetadataMemberList', notList: 'must be an array of metadata member names (lowercase, like "client_name")', allowEmpty: true, items: (member) => typeof member === 'string' && MEMBER.test(member) })
  requiredProperties: string[] = ['client_name'];

  @IsOptionInteger(0, 100_000_000)
  maxClients: number = 10_000;

  @IsOptionInteger(256, 65_536)
  maxBytes: number = 5120;

  @IsOptionInteger(100, 60_000)
  timeoutMs: number = 5000;

  @Allow()
  cache?: ClientIdMetadataDocumentCacheOptions;

  @Allow()
  development?: ClientIdMetadataDocumentDevelopmentOptions;
}

/** `clientIdMetadataDocument.cache`. @internal */
export class ClientIdMetadataDocumentCacheOptionsClass implements Required<ClientIdMetadataDocumentCacheOptions> {
  @IsOptionInteger(0, 86_400)
  minSeconds: number = 60;

  @NotBelowOption('minSeconds', (min) => `must not be below cache.minSeconds (${min})`)
  @IsOptionInteger(0, 7 * 86_400)
  maxSeconds: number = 86_400;

  @IsOptionInteger(1, 1_000_000)
  maxEntries: number = 1000;
}
