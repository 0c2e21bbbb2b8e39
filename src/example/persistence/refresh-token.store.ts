import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan } from 'typeorm';
import { newOpaqueToken, tokenDigest } from './opaque-token';
import { RefreshTokenEntity } from './refresh-token.entity';

/** Lifetime of a refresh token; each use gives a new one with a fresh lifetime. */
export const REFRESH_TOKEN_LIFETIME_MS = 14 * 24 * 3600_000;

/** What a refresh token stands for. */
export interface RefreshGrant {
  grantId: string;
  clientId: string;
  scopes: string[];
  resource?: string;
}

export type RefreshOutcome = { grant: RefreshGrant } | { refused: 'unknown' | 'expired' | 'reused' };

/**
 * Refresh tokens in the host's database, rotated on every use. Rotation is one conditional
 * UPDATE (`used_at IS NULL`), so two instances cannot both rotate one token; a used token that
 * comes back revokes every token of its grant.
 */
@Injectable()
export class RefreshTokenStore {
  constructor(private readonly dataSource: DataSource) {}

  private get tokens() {
    return this.dataSource.getRepository(RefreshTokenEntity);
  }

  async issue(grant: RefreshGrant, now = Date.now()): Promise<string> {
    const token = newOpaqueToken();
    await this.tokens.delete({ expiresAt: LessThan(now) });
    await this.tokens.insert({
      digest: tokenDigest(token),
      grantId: grant.grantId,
      clientId: grant.clientId,
      scope: grant.scopes.join(' '),
      resource: grant.resource ?? null,
      expiresAt: now + REFRESH_TOKEN_LIFETIME_MS,
      usedAt: null,
    });
    return token;
  }

  /**
   * The grant of `token` of `clientId` (another client's is unknown). A token already used
   * revokes its whole grant. Nothing is spent yet: the caller checks the request, then `spend`s.
   */
  async find(token: string, clientId: string, now = Date.now()): Promise<RefreshOutcome> {
    const row = await this.tokens.findOneBy({ digest: tokenDigest(token) });
    if (!row || row.clientId !== clientId) return { refused: 'unknown' };
    if (row.expiresAt <= now) return { refused: 'expired' };
    if (row.usedAt !== null) {
      await this.revokeGrant(row.grantId);
      return { refused: 'reused' };
    }
    return { grant: { grantId: row.grantId, clientId: row.clientId, scopes: row.scope ? row.scope.split(' ') : [], ...(row.resource !== null ? { resource: row.resource } : {}) } };
  }

  /** Marks `token` used; false (and the grant revoked) when another request used it first. */
  async spend(token: string, grantId: string, now = Date.now()): Promise<boolean> {
    const { affected } = await this.tokens.update({ digest: tokenDigest(token), usedAt: IsNull() }, { usedAt: now });
    if (affected === 1) return true;
    await this.revokeGrant(grantId);
    return false;
  }

  /** RFC 6749 §4.1.2 / RFC 9700 §4.14.2: every refresh token of a grant whose code or token was replayed. */
  async revokeGrant(grantId: string): Promise<void> {
    await this.tokens.delete({ grantId });
  }
}
