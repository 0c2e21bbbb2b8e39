import { Injectable } from '@nestjs/common';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { URI_FIELDS, UriOptionKey } from '../options/resolved-options';
import { isLanguageTag } from './language-tag';
import { MetadataProcessor } from './metadata-processor';
import type { ProcessingContext } from './processing-context';

const MAX_LENGTH = 2000;
const NOT_A_WEB_URL = 'must be an absolute http(s) URL without white space or user information';

/**
 * `client_uri`, `logo_uri`, `policy_uri`, `tos_uri` (and their language-tagged forms), one
 * pattern and mandatory flag each. A value outside the pattern is dropped (reference rule) unless
 * mandatory or strict; a value that is not an absolute http(s) URL is always rejected, whatever
 * the pattern: these URIs are shown to people on consent pages, where `javascript:` is an attack.
 * @publicApi
 */
export abstract class UriFilter extends MetadataProcessor {}

/** @publicApi */
@Injectable()
export class PatternUriFilter extends UriFilter {
  readonly name = 'uris';

  override isEnabled(server: ResolvedServerOptions): boolean {
    return server.processors.uris !== undefined;
  }

  process(ctx: ProcessingContext): void {
    const rules = ctx.server.processors.uris!;
    for (const [key, base] of Object.entries(URI_FIELDS) as [UriOptionKey, string][]) {
      const rule = rules[key];
      for (const field of ctx.localizedFields(base)) {
        const value = ctx.get<string>(field)!;
        const isBase = field === base;
        const tag = field.slice(base.length + 1);
        if (!isBase && !isLanguageTag(tag)) ctx.dropOrReject(field, `"${tag}" is not a language tag`, rule.strict);
        // Never dropped quietly: a script or data URI meant for a consent page is an attack, not a typo.
        else if (!isWebUrl(value)) ctx.reject(field, NOT_A_WEB_URL);
        else if (!rule.allowed.matchesWhole(value)) ctx.dropOrReject(field, `does not match ${rule.allowed.source}`, rule.strict || (isBase && rule.mandatory));
        else ctx.accept(field, value);
      }
      if (rule.mandatory && !ctx.has(base)) ctx.reject(base, 'required');
    }
  }
}

function isWebUrl(value: string): boolean {
  if (value.length > MAX_LENGTH || /[\s\\]/.test(value) || !/^https?:\/\//.test(value)) return false;
  try {
    const url = new URL(value);
    return url.hostname.length > 0 && !url.username && !url.password;
  } catch {
    return false;
  }
}
