import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochColumn } from './epoch-column';

/**
 * An authorization code of the example host (RFC 6749 §4.1.2), kept by its SHA-256 digest so
 * that the table holds nothing a client could redeem. A redeemed code stays until it expires
 * (with a margin), so that a replay is recognised and the tokens issued from it are revoked
 * (RFC 6749 §4.1.2).
 */
@Entity('example_authorization_code')
export class AuthorizationCodeEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  digest: string;

  /** Shared by the refresh tokens issued from this code, so that they can be revoked together. */
  @Column({ name: 'grant_id', type: 'varchar', length: 64 })
  grantId: string;

  @Column({ name: 'client_id', type: 'varchar', length: 128 })
  clientId: string;

  @Column({ name: 'redirect_uri', type: 'varchar', length: 2000 })
  redirectUri: string;

  /** RFC 7636 §4.2 S256 challenge (43 characters). */
  @Column({ name: 'code_challenge', type: 'varchar', length: 128 })
  codeChallenge: string;

  /** Granted scopes, space-separated ('' for none). */
  @Column({ type: 'varchar', length: 4096 })
  scope: string;

  /** RFC 8707 resource indicator of the request, if any. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  resource: string | null;

  @Column({ name: 'expires_at', ...epochColumn })
  expiresAt: number;

  @Column({ name: 'redeemed_at', ...epochColumn, nullable: true })
  redeemedAt: number | null;
}
