import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochTransformer } from './epoch-transformer';

/**
 * One client assertion that authenticated (`private_key_jwt`): the digest of its client id and
 * `jti`, kept until the assertion expires so that it is never accepted twice, by any instance.
 * @publicApi
 */
@Entity('dcr_client_assertion_use')
export class ClientAssertionUseEntity {
  /** SHA-256 (hex) of the client id and the `jti`: neither is stored as sent. */
  @PrimaryColumn({ name: 'use_key', type: 'varchar', length: 64 })
  useKey: string;

  /** Epoch ms after which the row may be removed (the assertion's `exp` plus the clock skew). */
  @Column({ name: 'expires_at', type: 'bigint', transformer: epochTransformer })
  expiresAt: number;
}
