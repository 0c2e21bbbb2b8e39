import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, LessThan } from 'typeorm';
import { AuthorizationCodeEntity } from './authorization-code.entity';
import { newOpaqueToken, tokenDigest } from './opaque-token';

/** RFC 6749 §4.1.2: a short lifetime; 10 minutes at most, one is plenty for a redirect. */
export const AUTHORIZATION_CODE_LIFETIME_MS = 60_000;
/** How long a redeemed or expired code is kept, so that a late replay is still recognised. */
const KEPT_AFTER_EXPIRY_MS = 10 * 60_000;

/** What a code is bound to. */
export interface CodeGrant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: string[];
  resource?: string;
}

/** The outcome of redeeming a code: the grant, or why not (a replay revokes what it issued). */
export type Redemption = { grant: CodeGrant & { grantId: string } } | { refused: 'unknown' | 'expired' } | { refused: 'replayed'; grantId: string };

/**
 * Authorization codes in the host's database, so that any instance redeems what another issued.
 * Single use is one conditional UPDATE (`redeemed_at IS NULL`): of two concurrent redemptions,
 * only one changes the row.
 */
@Injectable()
export class AuthorizationCodeStore {
  constructor(private readonly dataSource: DataSource) {}

  private get codes() {
    return this.dataSource.getRepository(AuthorizationCodeEntity);
  }

  /** Stores a new code for `grant` and returns it (the table keeps only its digest). */
  async issue(grant: CodeGrant, now = Date.now()): Promise<string> {
    const code = newOpaqueToken();
    await this.codes.delete({ expiresAt: LessThan(now - KEPT_AFTER_EXPIRY_MS) });
    await this.codes.insert({
      digest: tokenDigest(code),
      grantId: randomUUID(),
      clientId: grant.clientId,
      redirectUri: grant.redirectUri,
      codeChallenge: grant.codeChallenge,
      scope: grant.scopes.join(' '),
      resource: grant.resource ?? null,
      expiresAt: now + AUTHORIZATION_CODE_LIFETIME_MS,
      redeemedAt: null,
    });
    return code;
  }

  /**
   * Marks `code` of `clientId` redeemed and returns what it was issued for (another client's
   * code is unknown, and stays unspent). The caller then checks the redirect URI and the
   * verifier: the code is spent either way, so a verifier cannot be guessed.
   */
  async redeem(code: string, clientId: string, now = Date.now()): Promise<Redemption> {
    const digest = tokenDigest(code);
    const row = await this.codes.findOneBy({ digest });
    if (!row || row.clientId !== clientId) return { refused: 'unknown' };
    if (row.redeemedAt !== null) return { refused: 'replayed', grantId: row.grantId };
    if (row.expiresAt <= now) return { refused: 'expired' };
    const { affected } = await this.codes.update({ digest, redeemedAt: IsNull() }, { redeemedAt: now });
    if (affected !== 1) return { refused: 'replayed', grantId: row.grantId };
    return {
      grant: {
        grantId: row.grantId,
        clientId: row.clientId,
        redirectUri: row.redirectUri,
        codeChallenge: row.codeChallenge,
        scopes: row.scope ? row.scope.split(' ') : [],
        ...(row.resource !== null ? { resource: row.resource } : {}),
      },
    };
  }
}
