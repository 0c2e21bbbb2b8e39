import { randomUUID } from 'node:crypto';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { TechClientEntity } from '../../src/dcr';
import type { TestApp } from './test-app';

/** The admin bearer token the admin suites configure (`admin.token`). */
export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789abcdef';
export const AS_ADMIN = { Authorization: `Bearer ${ADMIN_TOKEN}` } as const;

/** A stored client with sensible defaults; `overrides` win. */
export function techClient(overrides: Partial<TechClientEntity> = {}): TechClientEntity {
  const now = Date.now();
  return Object.assign(new TechClientEntity(), {
    id: randomUUID(),
    authorizationServer: 'default',
    name: 'DCR OAuth 2.0 Client',
    label: null,
    description: null,
    locked: false,
    lockReason: null,
    lockedAt: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
    source: 'dcr',
    softwareId: null,
    softwareVersion: null,
    tokenEndpointAuthMethod: 'client_secret_basic',
    metadata: { grant_types: ['client_credentials'] },
    secretDigest: 'v1:not-a-real-digest-000000000000000000000000',
    secretExpiresAt: 0,
    previousSecretDigest: null,
    previousSecretValidUntil: null,
    registrationTokenDigest: null,
    lastUsedAt: null,
    arrival: 'anonymous',
    vouchedBy: null,
    ...overrides,
  });
}

/** Inserts clients directly (entity listeners and database triggers run as for a registration). */
export async function seedClients(t: TestApp, clients: TechClientEntity[]): Promise<TechClientEntity[]> {
  for (let i = 0; i < clients.length; i += 500) {
    await t.dataSource.manager.insert(TechClientEntity, clients.slice(i, i + 500) as QueryDeepPartialEntity<TechClientEntity>[]);
  }
  return clients;
}
