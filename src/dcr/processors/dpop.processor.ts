import { Injectable } from '@nestjs/common';
import { MetadataProcessor } from './metadata-processor';
import type { ProcessingContext } from './processing-context';

const FIELD = 'dpop_bound_access_tokens';

/**
 * RFC 9449 §5.2 `dpop_bound_access_tokens`: a boolean the client registers to say that every
 * access token it gets must be DPoP-bound. Stored and echoed; absent means false (nothing is
 * stored). `ClientAuthenticator` hands it to the host (`AuthenticatedClient.dpopBoundAccessTokens`),
 * whose token endpoint enforces it: the module never sees a DPoP proof. Any other JSON type is
 * `invalid_client_metadata`, as for every known field. Always active.
 * @publicApi
 */
export abstract class DpopProcessor extends MetadataProcessor {}

/** @publicApi */
@Injectable()
export class DefaultDpopProcessor extends DpopProcessor {
  readonly name = 'dpop';

  process(ctx: ProcessingContext): void {
    if (!ctx.has(FIELD)) return;
    const value = ctx.get(FIELD);
    if (typeof value !== 'boolean') ctx.reject(FIELD, 'must be a boolean (RFC 9449 §5.2)');
    ctx.accept(FIELD, value);
  }
}
