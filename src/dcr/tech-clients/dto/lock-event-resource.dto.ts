import { ApiProperty } from '../../openapi/swagger.decorators';

/** One entry of a client's lock history. @publicApi */
export class LockEventAttributesDto {
  @ApiProperty({ enum: ['lock', 'unlock'] })
  action: 'lock' | 'unlock';
  /** The lock reason; null for an unlock. */
  @ApiProperty({ type: 'string', nullable: true, description: 'The lock reason; null for an unlock.' })
  reason: string | null;
  /** Who did it: `{ "kind": "admin", "id": "…" }`. */
  @ApiProperty({ type: 'object', properties: { kind: { type: 'string', example: 'admin' }, id: { type: 'string' } }, required: ['kind'], description: 'Who did it.' })
  actor: { kind: string; id?: string };
  /** ISO 8601. */
  @ApiProperty({ type: 'string', format: 'date-time' })
  date: string;
}

/** @publicApi */
export class LockEventResourceDto {
  @ApiProperty({ enum: ['tech-client-lock-event'] })
  type: 'tech-client-lock-event';
  /** Grows with every entry. */
  @ApiProperty({ description: 'Grows with every entry.' })
  id: string;
  @ApiProperty({ type: () => LockEventAttributesDto })
  attributes: LockEventAttributesDto;
}
