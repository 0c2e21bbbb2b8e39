import { ApiProperty } from '../../openapi/swagger.decorators';
import { DocumentMetaDto, ListDocumentMetaDto } from './admin-documents.dto';

/** The event as delivered to interceptors and webhooks (no secret, token or digest). @publicApi */
export class ChangeEventDataDto {
  @ApiProperty({ enum: ['created', 'updated', 'deleted', 'locked', 'unlocked', 'secret_rotated'] })
  change: string;
  @ApiProperty()
  clientId: string;
  @ApiProperty()
  authorizationServer: string;
  @ApiProperty({ type: 'object', description: '`kind` (client, admin, system) and an optional `id`.', additionalProperties: true })
  actor: object;
  @ApiProperty({ enum: ['registration', 'management', 'admin', 'job', 'metadata_document'] })
  via: string;
  @ApiProperty({ type: 'string', format: 'date-time' })
  at: string;
}

/** Where an event of the change outbox stands. @publicApi */
export class ChangeEventAttributesDto {
  @ApiProperty({ enum: ['pending', 'delivered', 'dead'] })
  status: string;
  @ApiProperty()
  clientId: string;
  @ApiProperty({ enum: ['created', 'updated', 'deleted', 'locked', 'unlocked', 'secret_rotated'] })
  change: string;
  @ApiProperty({ type: 'integer', description: 'Delivery attempts so far.' })
  attempts: number;
  @ApiProperty({ type: 'string', format: 'date-time', description: 'Next attempt (pending events).' })
  nextAttemptAt: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'Why the last attempt failed.' })
  lastError: string | null;
  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  deliveredAt: string | null;
  @ApiProperty({ type: () => ChangeEventDataDto })
  event: ChangeEventDataDto;
}

/** @publicApi */
export class ChangeEventResourceDto {
  @ApiProperty({ enum: ['change-event'] })
  type: 'change-event';
  @ApiProperty({ description: 'The event id (a UUID), the same on every delivery.' })
  id: string;
  @ApiProperty({ type: () => ChangeEventAttributesDto })
  attributes: ChangeEventAttributesDto;
}

/** `POST <admin path>/change-events/{eventId}/retry`. @publicApi */
export class ChangeEventDocumentDto {
  @ApiProperty({ type: () => DocumentMetaDto })
  meta: DocumentMetaDto;
  @ApiProperty({ type: () => ChangeEventResourceDto })
  data: ChangeEventResourceDto;
}

/** `GET <admin path>/change-events`. @publicApi */
export class ChangeEventListDocumentDto {
  @ApiProperty({ type: () => ListDocumentMetaDto })
  meta: ListDocumentMetaDto;
  @ApiProperty({ type: () => [ChangeEventResourceDto] })
  data: ChangeEventResourceDto[];
}
