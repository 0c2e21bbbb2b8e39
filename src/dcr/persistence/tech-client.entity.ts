import { BeforeInsert, BeforeUpdate, Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import { epochTransformer } from './epoch-transformer';
import { nameSearchOf } from './name-search';

/** Where a technical client came from. @publicApi */
export type TechClientSource = 'dcr' | 'admin' | 'cimd';

/**
 * How a client came to exist, a trust signal for consent screens: created by an administrator,
 * registered with an initial access token, registered with a trusted software statement,
 * resolved from a client ID metadata document, or registered with nothing vouching for it.
 * @publicApi
 */
export type ClientArrival = 'admin' | 'initial_access_token' | 'software_statement' | 'metadata_document' | 'anonymous';

/**
 * A technical client: the principal that owns OAuth 2.0 credentials. Times are epoch
 * milliseconds, except `secretExpiresAt` (epoch seconds, RFC 7591's unit; 0 = never). Secrets
 * and tokens are stored only as keyed digests. Indexes and constraints live in the migrations.
 * @publicApi
 */
@Entity('tech_client')
export class TechClientEntity {
  /** `client_id`: generated, immutable. */
  @PrimaryColumn({ type: 'varchar', length: 128 })
  id: string;

  @Column({ name: 'authorization_server', type: 'varchar', length: 64 })
  authorizationServer: string;

  /** Display name: the registered `client_name`, else "DCR OAuth 2.0 Client". */
  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Searchable grouping (organisation, stage). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  label: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description: string | null;

  @Column({ type: 'boolean', default: false })
  locked: boolean;

  @Column({ name: 'lock_reason', type: 'varchar', length: 500, nullable: true })
  lockReason: string | null;

  @Column({ name: 'locked_at', type: 'bigint', nullable: true, transformer: epochTransformer })
  lockedAt: number | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochTransformer })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochTransformer })
  updatedAt: number;

  /** Optimistic concurrency: every update names the version it read. */
  @VersionColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 16 })
  source: TechClientSource;

  @Column({ name: 'software_id', type: 'varchar', length: 255, nullable: true })
  softwareId: string | null;

  @Column({ name: 'software_version', type: 'varchar', length: 255, nullable: true })
  softwareVersion: string | null;

  @Column({ name: 'token_endpoint_auth_method', type: 'varchar', length: 32, nullable: true })
  tokenEndpointAuthMethod: string | null;

  /**
   * The client named no `token_endpoint_auth_method` (nor a list of methods it supports) and got
   * the RFC 7591 §2 default. `ClientAuthenticator` then accepts either secret method the server
   * allows, because client libraries that were told no method pick their own (see
   * `clientAuthentication.enforceRegisteredMethod`).
   */
  @Column({ name: 'token_endpoint_auth_method_defaulted', type: 'boolean', default: false })
  tokenEndpointAuthMethodDefaulted: boolean;

  /** Registered metadata (RFC 7591 field names) as JSON. */
  @Column({ type: 'simple-json' })
  metadata: Record<string, unknown>;

  @Column({ name: 'secret_digest', type: 'varchar', length: 100, nullable: true })
  secretDigest: string | null;

  /** Epoch seconds; 0 = never; null = no secret. */
  @Column({ name: 'secret_expires_at', type: 'bigint', nullable: true, transformer: epochTransformer })
  secretExpiresAt: number | null;

  @Column({ name: 'previous_secret_digest', type: 'varchar', length: 100, nullable: true })
  previousSecretDigest: string | null;

  @Column({ name: 'previous_secret_valid_until', type: 'bigint', nullable: true, transformer: epochTransformer })
  previousSecretValidUntil: number | null;

  @Column({ name: 'registration_token_digest', type: 'varchar', length: 100, nullable: true })
  registrationTokenDigest: string | null;

  @Column({ name: 'last_used_at', type: 'bigint', nullable: true, transformer: epochTransformer })
  lastUsedAt: number | null;

  /** How the client came to exist (see `ClientArrival`); decides its registration tier. */
  @Column({ type: 'varchar', length: 24, default: 'anonymous' })
  arrival: ClientArrival;

  /**
   * Who vouched for it: the initial access token's id, the software statement's issuer, the
   * administrator, or the origin of its metadata document; null for an anonymous client.
   */
  @Column({ name: 'vouched_by', type: 'varchar', length: 255, nullable: true })
  vouchedBy: string | null;

  /** Id of the initial access token the client registered with (quotas count per token). */
  @Column({ name: 'initial_access_token_id', type: 'varchar', length: 200, nullable: true })
  initialAccessTokenId: string | null;

  /**
   * `name` folded for the admin search (see `nameSearchOf`). Kept in step by the listeners below
   * whenever the entity is inserted or saved; code that changes `name` with a query-builder
   * UPDATE must set `name_search` to `nameSearchOf(name)` as well.
   */
  @Column({ name: 'name_search', type: 'varchar', length: 400, default: '' })
  nameSearch?: string;

  /** @internal */
  @BeforeInsert()
  @BeforeUpdate()
  protected syncNameSearch(): void {
    if (typeof this.name === 'string') this.nameSearch = nameSearchOf(this.name);
  }
}
