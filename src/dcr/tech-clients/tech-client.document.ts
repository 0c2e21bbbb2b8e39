import type { ClientTrust, ClientTrustSignals } from '../trust/client-trust';
import type { TechClientLockEvent } from './tech-client-admin.store';
import type { TechClientSummary } from '../persistence/tech-client-summary';
import type {
  DocumentMetaDto,
  LockHistoryDocumentDto,
  RotatedSecretDocumentDto,
  TechClientDocumentDto,
  TechClientListDocumentDto,
} from './dto/admin-documents.dto';
import type { LockEventResourceDto } from './dto/lock-event-resource.dto';
import type { TechClientResourceDto } from './dto/tech-client-resource.dto';
import type { RotatedSecret, TechClientLockHistoryPage, TechClientSearchResult } from './tech-clients.service';

/**
 * JSON:API-style documents of the admin API, shaped like the reference product's
 * (`{"meta": {"type": "jsonapi.metadata.document", "timestamp": …}, "data": …}`). Built field by
 * field from summaries, which hold no secret or digest.
 * @internal
 */
export function listDocument(result: TechClientSearchResult, trust: ClientTrust): TechClientListDocumentDto {
  return {
    meta: { ...documentMeta(), page: { limit: result.limit, sort: result.sort, nextCursor: result.nextCursor } },
    data: result.clients.map((client) => techClientResource(client, trust.ofSummary(client))),
  };
}

/** @internal */
export function clientDocument(client: TechClientSummary, trust: ClientTrust): TechClientDocumentDto {
  return { meta: documentMeta(), data: techClientResource(client, trust.ofSummary(client)) };
}

/** @internal */
export function lockHistoryDocument(page: TechClientLockHistoryPage): LockHistoryDocumentDto {
  return {
    meta: { ...documentMeta(), page: { limit: page.limit, nextCursor: page.nextCursor } },
    data: page.events.map(lockEventResource),
  };
}

/** @internal */
export function rotatedSecretDocument(rotated: RotatedSecret): RotatedSecretDocumentDto {
  return {
    meta: documentMeta(),
    data: {
      type: 'tech-client-secret',
      id: rotated.clientId,
      attributes: {
        clientSecret: rotated.clientSecret,
        clientSecretExpiresAt: rotated.clientSecretExpiresAt,
        previousSecretValidUntil: isoOrNull(rotated.previousSecretValidUntil),
      },
    },
  };
}

/** @internal */
export function techClientResource(client: TechClientSummary, signals: ClientTrustSignals): TechClientResourceDto {
  const { clientId: _id, authorizationServer: _server, locked: _locked, ...trust } = signals;
  return {
    type: 'tech-client',
    id: client.id,
    attributes: {
      displayName: client.name,
      label: client.label,
      description: client.description,
      locked: client.locked,
      lockReason: client.lockReason,
      lockDate: isoOrNull(client.lockedAt),
      creationDate: new Date(client.createdAt).toISOString(),
      lastModified: new Date(client.updatedAt).toISOString(),
      softwareId: client.softwareId,
      softwareVersion: client.softwareVersion,
      tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
      grantTypes: client.grantTypes,
      source: client.source,
      authorizationServer: client.authorizationServer,
      hasSecret: client.hasSecret,
      secretExpiryDate: client.hasSecret && client.secretExpiresAt ? new Date(client.secretExpiresAt * 1000).toISOString() : null,
      previousSecretValidUntil: isoOrNull(client.previousSecretValidUntil),
      lastUseDate: isoOrNull(client.lastUsedAt),
      trust,
    },
    meta: { version: client.version },
  };
}

function lockEventResource(event: TechClientLockEvent): LockEventResourceDto {
  return {
    type: 'tech-client-lock-event',
    id: String(event.id),
    attributes: { action: event.action, reason: event.reason, actor: event.actor, date: new Date(event.at).toISOString() },
  };
}

function documentMeta(): DocumentMetaDto {
  return { type: 'jsonapi.metadata.document', timestamp: new Date().toISOString() };
}

function isoOrNull(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}
