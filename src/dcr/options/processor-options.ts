import type { PatternRule, RedirectUrisOptions, SoftwareOptions } from './dcr-module-options.interface';
import { DCR_DEFAULTS } from './option-defaults';
import { IsLinearRegex, IsOptionBoolean, IsOptionInteger } from './option-rules';
import { Allow } from '../validation/class-validator';

/*
 * The metadata processors' option objects as classes. A pattern rule's defaults depend on where
 * it sits (`mandatory` differs between clientName and contacts, `strict` follows the server's),
 * so these classes leave absent members undefined and `resolveProcessors` fills them in, next
 * to the rule it builds.
 */

/** `clientName`, `contacts`, each of `uris`: a pattern on the linear-time engine. @internal */
export class PatternRuleClass implements PatternRule {
  @IsLinearRegex()
  allowed?: string;

  @IsOptionBoolean()
  mandatory?: boolean;

  @IsOptionBoolean()
  strict?: boolean;
}

/** `software`: software_id and software_version. @internal */
export class SoftwareOptionsClass implements SoftwareOptions {
  @IsLinearRegex()
  allowedIds?: string;

  @IsLinearRegex()
  allowedVersions?: string;

  @IsOptionBoolean()
  mandatory?: boolean;

  @IsOptionBoolean()
  strict?: boolean;
}

/** `redirectUris`. `allowedSchemes` has rules per entry, checked by `resolveAllowedSchemes`. @internal */
export class RedirectUrisOptionsClass implements Omit<Required<RedirectUrisOptions>, 'allowedSchemes'>, Pick<RedirectUrisOptions, 'allowedSchemes'> {
  @IsOptionBoolean()
  allowHttpLoopback: boolean = true;

  @IsOptionBoolean()
  allowPrivateUseSchemes: boolean = true;

  @Allow()
  allowedSchemes?: string[];

  @IsOptionInteger(1, 100)
  maxUris: number = DCR_DEFAULTS.maxRedirectUris;
}
