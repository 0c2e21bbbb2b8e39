import type { ChangeEventPage } from '../events/change-events.service';
import type { ChangeEventRecord } from '../persistence/change-outbox.store';
import type { ChangeEventDataDto, ChangeEventDocumentDto, ChangeEventListDocumentDto, ChangeEventResourceDto } from './dto/change-event.dto';

/** One outbox event as an admin document. @internal */
export function changeEventDocument(record: ChangeEventRecord): ChangeEventDocumentDto {
  return { meta: meta(), data: resource(record) };
}

/** A page of outbox events, oldest first; `nextCursor` as `?cursor=`. @internal */
export function changeEventListDocument(page: ChangeEventPage): ChangeEventListDocumentDto {
  return { meta: { ...meta(), page: { limit: page.limit, nextCursor: page.nextCursor } }, data: page.events.map(resource) };
}

function resource(record: ChangeEventRecord): ChangeEventResourceDto {
  return {
    type: 'change-event',
    id: record.id,
    attributes: {
      status: record.status,
      clientId: record.clientId,
      change: record.change,
      attempts: record.attempts,
      nextAttemptAt: new Date(record.nextAttemptAt).toISOString(),
      lastError: record.lastError,
      createdAt: new Date(record.createdAt).toISOString(),
      deliveredAt: record.deliveredAt === null ? null : new Date(record.deliveredAt).toISOString(),
      event: { ...record.event, at: new Date(record.event.at).toISOString() } as unknown as ChangeEventDataDto,
    },
  };
}

function meta() {
  return { type: 'jsonapi.metadata.document' as const, timestamp: new Date().toISOString() };
}
