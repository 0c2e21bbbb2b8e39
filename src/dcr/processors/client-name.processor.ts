import { Injectable } from '@nestjs/common';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { isLanguageTag } from './language-tag';
import { MetadataProcessor } from './metadata-processor';
import type { ProcessingContext } from './processing-context';

/** Longest name the `tech_client.name` column holds. */
export const MAX_CLIENT_NAME_LENGTH = 200;

/**
 * `client_name` and its language-tagged forms (`client_name#de-CH`, OIDC Registration §2.1).
 * Without this processor the client is shown as "DCR OAuth 2.0 Client" (reference product).
 * @publicApi
 */
export abstract class ClientNameProcessor extends MetadataProcessor {}

/** @publicApi */
@Injectable()
export class PatternClientNameProcessor extends ClientNameProcessor {
  readonly name = 'client_name';

  override isEnabled(server: ResolvedServerOptions): boolean {
    return server.processors.clientName !== undefined;
  }

  process(ctx: ProcessingContext): void {
    const rule = ctx.server.processors.clientName!;
    for (const field of ctx.localizedFields('client_name')) {
      const value = ctx.get<string>(field)!;
      const tag = field.slice('client_name#'.length);
      const isBase = field === 'client_name';
      if (!isBase && !isLanguageTag(tag)) {
        ctx.dropOrReject(field, `"${tag}" is not a language tag`, rule.strict);
      } else if (value.length > MAX_CLIENT_NAME_LENGTH || !rule.allowed.matchesWhole(value)) {
        const reason = value.length > MAX_CLIENT_NAME_LENGTH ? `longer than ${MAX_CLIENT_NAME_LENGTH} characters` : `does not match ${rule.allowed.source}`;
        ctx.dropOrReject(field, reason, rule.strict || (isBase && rule.mandatory));
      } else {
        ctx.accept(field, value);
      }
    }
    if (rule.mandatory && !ctx.has('client_name')) ctx.reject('client_name', 'required');
  }
}
