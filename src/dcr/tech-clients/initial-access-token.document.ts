import type { InitialAccessTokenSummary } from '../initial-access/initial-access-tokens.service';
import type { InitialAccessTokenDocumentDto, InitialAccessTokenListDocumentDto, InitialAccessTokenResourceDto } from './dto/initial-access-token.dto';

/** One runtime token; `token` only in the answer that issued it. @internal */
export function initialAccessTokenDocument(summary: InitialAccessTokenSummary, token?: string): InitialAccessTokenDocumentDto {
  return { meta: meta(), data: resource(summary, token) };
}

/** A page of runtime tokens, newest first; `nextCursor` as `?before=`. @internal */
export function initialAccessTokenListDocument(page: { tokens: InitialAccessTokenSummary[]; nextBefore?: { createdAt: number; id: string } }, limit: number): InitialAccessTokenListDocumentDto {
  const nextCursor = page.nextBefore ? `${page.nextBefore.createdAt}.${page.nextBefore.id}` : null;
  return { meta: { ...meta(), page: { limit, nextCursor } }, data: page.tokens.map((summary) => resource(summary)) };
}

function resource(summary: InitialAccessTokenSummary, token?: string): InitialAccessTokenResourceDto {
  return {
    type: 'initial-access-token',
    id: summary.id,
    attributes: {
      ...(token !== undefined && { token }),
      authorizationServer: summary.authorizationServer,
      label: summary.label,
      expiresAt: iso(summary.expiresAt),
      maxUses: summary.maxUses,
      uses: summary.uses,
      profile: summary.profile,
      createdAt: new Date(summary.createdAt).toISOString(),
      createdBy: summary.createdBy,
      revokedAt: iso(summary.revokedAt),
    },
  };
}

function meta() {
  return { type: 'jsonapi.metadata.document' as const, timestamp: new Date().toISOString() };
}

function iso(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}
