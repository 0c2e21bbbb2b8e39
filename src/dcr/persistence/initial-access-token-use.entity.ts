import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochTransformer } from './epoch-transformer';

/**
 * Registrations made with one initial access token, counted in the database so that every
 * instance enforces the same `maxUses`.
 * @publicApi
 */
@Entity('initial_access_token_use')
export class InitialAccessTokenUseEntity {
  /** The grant id (never the token). */
  @PrimaryColumn({ name: 'token_id', type: 'varchar', length: 200 })
  tokenId: string;

  @Column({ type: 'integer' })
  uses: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochTransformer })
  updatedAt: number;
}
