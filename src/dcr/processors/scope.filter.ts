import { Injectable } from '@nestjs/common';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { scopeTokens } from '../vocabulary/client-vocabulary';
import { MetadataProcessor } from './metadata-processor';
import type { ProcessingContext } from './processing-context';

/**
 * `scope`: keeps the scope tokens that match one of the configured patterns and filters out the
 * rest (reference product: `"strong client-scope"` becomes `"client-scope"` when only
 * `client-scope` matches). `strict` rejects instead. A request without a scope (none, or an
 * empty string) gets the server's `defaultScope` when one is configured, recorded as `defaulted`;
 * the default was checked against the patterns at start-up, so the filter stays the ceiling.
 * @publicApi
 */
export abstract class ScopeFilter extends MetadataProcessor {}

/** @publicApi */
@Injectable()
export class PatternScopeFilter extends ScopeFilter {
  readonly name = 'scope';

  override isEnabled(server: ResolvedServerOptions): boolean {
    return server.processors.scope !== undefined;
  }

  process(ctx: ProcessingContext): void {
    const options = ctx.server.processors.scope!;
    const scope = ctx.get<string>('scope');
    // RFC 6749 §3.3: a scope has at least one token, so "" requests none (the MCP Inspector sends it).
    if (scope === undefined || scope === '') {
      if (options.defaultScope !== undefined) {
        ctx.useDefault('scope', options.defaultScope, `server default scope (${scope === undefined ? 'none requested' : 'empty scope requested'})`);
      } else if (scope === '') {
        ctx.filter('scope', 'empty');
      }
      return;
    }
    const tokens = scopeTokens(scope);
    const kept = tokens.filter((token) => options.allowed.some((pattern) => pattern.matchesWhole(token)));
    if (kept.length < tokens.length) {
      const dropped = tokens.length - kept.length;
      ctx.dropOrReject('scope', `${dropped} scope value(s) not allowed by the configured patterns`, options.strict);
    }
    if (kept.length) ctx.accept('scope', kept.join(' '));
    else ctx.filter('scope', 'no allowed scope value');
  }
}
