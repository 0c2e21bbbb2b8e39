import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { InitialAccessProfile } from '../options/dcr-module-options.interface';
import { epochTransformer } from './epoch-transformer';

/**
 * An initial access token issued through the admin API at run time (beside the configured ones):
 * only its keyed digest is stored; the token itself was shown once, to its creator.
 * @publicApi
 */
@Entity('dcr_initial_access_token')
export class InitialAccessTokenEntity {
  /** Stable name, as for configured tokens: use counts and clients refer to it. */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  id: string;

  @Column({ name: 'authorization_server', type: 'varchar', length: 64 })
  authorizationServer: string;

  @Index('ux_dcr_initial_access_token_digest', { unique: true })
  @Column({ type: 'varchar', length: 128 })
  digest: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  label: string | null;

  /** Epoch ms; null = never. */
  @Column({ name: 'expires_at', type: 'bigint', nullable: true, transformer: epochTransformer })
  expiresAt: number | null;

  @Column({ name: 'max_uses', type: 'integer', nullable: true })
  maxUses: number | null;

  @Column({ type: 'simple-json', nullable: true })
  profile: InitialAccessProfile | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochTransformer })
  createdAt: number;

  @Column({ name: 'created_by', type: 'varchar', length: 200, nullable: true })
  createdBy: string | null;

  /** Epoch ms; null while the token is valid. */
  @Column({ name: 'revoked_at', type: 'bigint', nullable: true, transformer: epochTransformer })
  revokedAt: number | null;
}
