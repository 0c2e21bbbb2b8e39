import { Injectable } from '@nestjs/common';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { URI_FIELDS, UriOptionKey } from '../options/resolved-options';
import { isLanguageTag } from './language-tag';
import { MetadataProcessor } from './metadata-processor';
import type { ProcessingContext } from './processing-context';

const MAX_LENGTH = 2000;

/**
 * `client_uri`, `logo_uri`, `policy_uri`, `tos_uri` (and their language-tagged forms), one
 * pattern and mandatory flag each. Whatever the pattern, only absolute http(s) URLs pass: these
 * URIs are shown to people on consent pages, where `javascript:` would be an attack.
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
        const problem = !isBase && !isLanguageTag(tag)
          ? `"${tag}" is not a language tag`
          : !isWebUrl(value)
            ? 'must be an absolute http(s) URL without white space'
            : !rule.allowed.matchesWhole(value)
              ? `does not match ${rule.allowed.source}`
              : undefined;
        if (problem) ctx.dropOrReject(field, problem, rule.strict || (isBase && rule.mandatory));
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
