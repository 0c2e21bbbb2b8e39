import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochColumn } from './epoch-column';

/**
 * An authorization request waiting for the user's decision on the consent page. The page's
 * form carries a random token whose digest is the key: the request's parameters stay here, so
 * the form cannot change them, and the row is deleted when the form is posted, so a token works
 * once. `browser_digest` binds it to the cookie set with the page.
 */
@Entity('example_consent_request')
export class ConsentRequestEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  digest: string;

  @Column({ name: 'browser_digest', type: 'varchar', length: 64 })
  browserDigest: string;

  /** The validated authorization request (JSON). */
  @Column({ type: 'varchar', length: 12000 })
  request: string;

  @Column({ name: 'expires_at', ...epochColumn })
  expiresAt: number;
}
