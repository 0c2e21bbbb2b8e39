import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { epochTransformer } from './epoch-transformer';

/** What a lock history entry records. @publicApi */
export type LockAction = 'lock' | 'unlock';

/**
 * One lock or unlock of a technical client (`tech_client_lock_history`): reason, actor and time.
 * Entries go with their client when it is deleted (the audit log keeps the rest).
 * @publicApi
 */
@Entity('tech_client_lock_history')
export class TechClientLockEventEntity {
  /** Grows with every entry, so it orders a client's history. */
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  id: number;

  @Column({ name: 'client_id', type: 'varchar', length: 128 })
  clientId: string;

  @Column({ type: 'varchar', length: 8 })
  action: LockAction;

  /** The lock reason; null for an unlock. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ name: 'actor_kind', type: 'varchar', length: 16 })
  actorKind: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 200, nullable: true })
  actorId: string | null;

  /** Epoch milliseconds. */
  @Column({ type: 'bigint', transformer: epochTransformer })
  at: number;
}
