import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochColumn } from './epoch-column';

/**
 * A refresh token of the example host, kept by its SHA-256 digest. Each use rotates it: the
 * row is marked used and a new one of the same grant is written. A used token presented again
 * revokes the whole grant (OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
 */
@Entity('example_refresh_token')
export class RefreshTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  digest: string;

  @Column({ name: 'grant_id', type: 'varchar', length: 64 })
  grantId: string;

  @Column({ name: 'client_id', type: 'varchar', length: 128 })
  clientId: string;

  @Column({ type: 'varchar', length: 4096 })
  scope: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  resource: string | null;

  @Column({ name: 'expires_at', ...epochColumn })
  expiresAt: number;

  @Column({ name: 'used_at', ...epochColumn, nullable: true })
  usedAt: number | null;
}
