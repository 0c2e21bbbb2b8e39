import type { AdminOptions } from './dcr-module-options.interface';
import { DCR_DEFAULTS } from './option-defaults';
import { IsOptionBoolean, IsOptionLongEnough, IsOptionPath, IsOptionString } from './option-rules';

/** `admin`: the technical-clients admin API. Members in the order their problems are reported. @internal */
export class AdminOptionsClass implements AdminOptions {
  @IsOptionPath()
  @IsOptionString()
  path: string = DCR_DEFAULTS.adminPath;

  /** The admin bearer token: long enough that it cannot be guessed. Absent: only `adminGuard` lets anyone in. */
  @IsOptionLongEnough(32)
  @IsOptionString()
  token?: string;

  @IsOptionBoolean()
  enabled: boolean = true;
}
