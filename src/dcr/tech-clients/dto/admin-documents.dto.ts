import type { LockEventResourceDto } from './lock-event-resource.dto';
import type { TechClientResourceDto } from './tech-client-resource.dto';

/** `meta` of every admin document (reference product). @publicApi */
export class DocumentMetaDto {
  type: 'jsonapi.metadata.document';
  /** When the document was made, ISO 8601. */
  timestamp: string;
}

/** Paging of a list: pass `nextCursor` as `?cursor=` for the next page; null on the last one. @publicApi */
export class PageMetaDto {
  limit: number;
  /** The sort order of a search (`-creationDate`, `creationDate`, `displayName`, `-displayName`). */
  sort?: string;
  nextCursor: string | null;
}

/** @publicApi */
export class ListDocumentMetaDto extends DocumentMetaDto {
  page: PageMetaDto;
}

/** `GET /tech-clients`. @publicApi */
export class TechClientListDocumentDto {
  meta: ListDocumentMetaDto;
  data: TechClientResourceDto[];
}

/** `GET`, `PATCH /tech-clients/:id`, lock and unlock. @publicApi */
export class TechClientDocumentDto {
  meta: DocumentMetaDto;
  data: TechClientResourceDto;
}

/** `GET /tech-clients/:id/lock-history`, newest first. @publicApi */
export class LockHistoryDocumentDto {
  meta: ListDocumentMetaDto;
  data: LockEventResourceDto[];
}

/** The new secret of `POST /tech-clients/:id/secret`. Shown once: it is stored only as a digest. @publicApi */
export class RotatedSecretAttributesDto {
  clientSecret: string;
  /** Epoch seconds, 0 = never (RFC 7591 `client_secret_expires_at`). */
  clientSecretExpiresAt: number;
  /** ISO 8601 end of the previous secret's grace period; null when it stopped working at once. */
  previousSecretValidUntil: string | null;
}

/** @publicApi */
export class RotatedSecretDocumentDto {
  meta: DocumentMetaDto;
  data: { type: 'tech-client-secret'; id: string; attributes: RotatedSecretAttributesDto };
}
