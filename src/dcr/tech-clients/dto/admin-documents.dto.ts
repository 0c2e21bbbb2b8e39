import { ApiProperty, ApiPropertyOptional } from '../../openapi/swagger.decorators';
import { LockEventResourceDto } from './lock-event-resource.dto';
import { TechClientResourceDto } from './tech-client-resource.dto';

/** `meta` of every admin document (reference product). @publicApi */
export class DocumentMetaDto {
  @ApiProperty({ enum: ['jsonapi.metadata.document'] })
  type: 'jsonapi.metadata.document';
  /** When the document was made, ISO 8601. */
  @ApiProperty({ type: 'string', format: 'date-time', description: 'When the document was made.' })
  timestamp: string;
}

/** Paging of a list: pass `nextCursor` as `?cursor=` for the next page; null on the last one. @publicApi */
export class PageMetaDto {
  @ApiProperty({ type: 'integer' })
  limit: number;
  /** The sort order of a search (`-creationDate`, `creationDate`, `displayName`, `-displayName`). */
  @ApiPropertyOptional({ enum: ['-creationDate', 'creationDate', 'displayName', '-displayName'], description: 'The sort order of a search.' })
  sort?: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'Pass as ?cursor= for the next page; null on the last one.' })
  nextCursor: string | null;
}

/** @publicApi */
export class ListDocumentMetaDto extends DocumentMetaDto {
  @ApiProperty({ type: () => PageMetaDto })
  page: PageMetaDto;
}

/** `GET /tech-clients`. @publicApi */
export class TechClientListDocumentDto {
  @ApiProperty({ type: () => ListDocumentMetaDto })
  meta: ListDocumentMetaDto;
  @ApiProperty({ type: () => [TechClientResourceDto] })
  data: TechClientResourceDto[];
}

/** `GET`, `PATCH /tech-clients/:id`, lock and unlock. @publicApi */
export class TechClientDocumentDto {
  @ApiProperty({ type: () => DocumentMetaDto })
  meta: DocumentMetaDto;
  @ApiProperty({ type: () => TechClientResourceDto })
  data: TechClientResourceDto;
}

/** `GET /tech-clients/:id/lock-history`, newest first. @publicApi */
export class LockHistoryDocumentDto {
  @ApiProperty({ type: () => ListDocumentMetaDto })
  meta: ListDocumentMetaDto;
  @ApiProperty({ type: () => [LockEventResourceDto] })
  data: LockEventResourceDto[];
}

/** The new secret of `POST /tech-clients/:id/secret`. Shown once: it is stored only as a digest. @publicApi */
export class RotatedSecretAttributesDto {
  @ApiProperty({ description: 'The new client secret; shown once.' })
  clientSecret: string;
  /** Epoch seconds, 0 = never (RFC 7591 `client_secret_expires_at`). */
  @ApiProperty({ type: 'integer', description: 'Epoch seconds, 0 = never (RFC 7591 client_secret_expires_at).' })
  clientSecretExpiresAt: number;
  /** ISO 8601 end of the previous secret's grace period; null when it stopped working at once. */
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: "End of the previous secret's grace period; null when it stopped working at once." })
  previousSecretValidUntil: string | null;
}

/** `data` of a rotated-secret document. @publicApi */
export class RotatedSecretResourceDto {
  @ApiProperty({ enum: ['tech-client-secret'] })
  type: 'tech-client-secret';
  @ApiProperty({ description: 'The client_id.' })
  id: string;
  @ApiProperty({ type: () => RotatedSecretAttributesDto })
  attributes: RotatedSecretAttributesDto;
}

/** @publicApi */
export class RotatedSecretDocumentDto {
  @ApiProperty({ type: () => DocumentMetaDto })
  meta: DocumentMetaDto;
  @ApiProperty({ type: () => RotatedSecretResourceDto })
  data: RotatedSecretResourceDto;
}
