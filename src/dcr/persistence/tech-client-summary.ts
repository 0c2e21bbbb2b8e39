import type { TechClientSource, ClientArrival } from './tech-client.entity';

/**
 * A technical client as the admin API shows it: every column except secrets, tokens and their
 * digests (only whether a secret exists and when it expires). Times are epoch milliseconds except
 * `secretExpiresAt` (epoch seconds, RFC 7591's unit; 0 = never).
 * @publicApi
 */
export interface TechClientSummary {
  id: string;
  authorizationServer: string;
  name: string;
  /** `name` folded for search; the keyset of the name sort order. */
  nameSearch: string;
  label: string | null;
  description: string | null;
  locked: boolean;
  lockReason: string | null;
  lockedAt: number | null;
  createdAt: number;
  updatedAt: number;
  version: number;
  source: TechClientSource;
  softwareId: string | null;
  softwareVersion: string | null;
  tokenEndpointAuthMethod: string | null;
  /** Registered `grant_types`. */
  grantTypes: string[];
  hasSecret: boolean;
  secretExpiresAt: number | null;
  previousSecretValidUntil: number | null;
  /** Last successful client authentication (written at most once a minute); null = never. */
  lastUsedAt: number | null;
  /** How the client came to exist. */
  arrival: ClientArrival;
  /** Who vouched for it (see `TechClientEntity.vouchedBy`). */
  vouchedBy: string | null;
  /** Hosts (and private-use schemes) of its redirect URIs. */
  redirectHosts: string[];
  /** Its `client_name` and localized variants, as registered. */
  clientNames: string[];
}

/** Filters of the admin search; all given ones must hold. @publicApi */
export interface TechClientSearchFilter {
  id?: string;
  /** Substring of the display name, already folded with `foldForSearch`. */
  nameContains?: string;
  label?: string;
  locked?: boolean;
  softwareId?: string;
  authorizationServer?: string;
  /** Created at or after, epoch ms. */
  createdFrom?: number;
  /** Created before, epoch ms. */
  createdTo?: number;
}

/** Sort orders with an index behind them. @publicApi */
export type TechClientSortField = 'creationDate' | 'displayName';

/** Keyset position: the sort value and id of the last client of the previous page. @publicApi */
export type TechClientKeyset = readonly [value: number | string, id: string];

/** @publicApi */
export interface TechClientSearchPage {
  sort: TechClientSortField;
  descending: boolean;
  /** Start after this position (exclusive). */
  after?: TechClientKeyset;
  /** Rows to return at most. */
  limit: number;
}
