import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochTransformer } from './epoch-transformer';

/**
 * A counter of failed client authentication attempts in a fixed window, shared by every
 * instance. The key is a keyed digest of what is counted (client id, or client id and address),
 * so neither appears in clear. Rows outlive their window only until the next purge.
 * @publicApi
 */
@Entity('tech_client_auth_failure')
export class AuthenticationFailureEntity {
  @PrimaryColumn({ name: 'attempt_key', type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'integer' })
  failures: number;

  /** Epoch milliseconds: the end of the counting window. */
  @Column({ name: 'expires_at', type: 'bigint', transformer: epochTransformer })
  expiresAt: number;
}
