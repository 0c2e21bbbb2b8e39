import { ApiProperty, ApiPropertyOptional } from '../../openapi/swagger.decorators';

/**
 * Body of `PATCH /tech-clients/:id`: the attributes to change, bare or inside a JSON:API
 * document (`{"data": {"type": "tech-client", "attributes": {…}}}`). Send `If-Match: "<version>"`
 * to change only the version you read.
 * @publicApi
 */
export class UpdateTechClientDto {
  /** 1 to 200 characters, no control characters. `name` is accepted as an alias. */
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, description: '1 to 200 characters, no control characters. `name` is accepted as an alias.' })
  displayName?: string;
  /** 1 to 200 characters; null removes it. */
  @ApiPropertyOptional({ type: 'string', nullable: true, minLength: 1, maxLength: 200, description: 'null removes it.' })
  label?: string | null;
  /** Up to 1000 characters, line breaks allowed; null removes it. */
  @ApiPropertyOptional({ type: 'string', nullable: true, maxLength: 1000, description: 'Line breaks allowed; null removes it.' })
  description?: string | null;
}

/** Body of `POST /tech-clients/:id/lock`. @publicApi */
export class LockTechClientDto {
  /** Required: 1 to 500 characters, no control characters. @example "Client reported to be hacked." */
  @ApiProperty({ minLength: 1, maxLength: 500, description: 'No control characters.', example: 'Client reported to be hacked.' })
  reason: string;
}

/** Body of `POST /tech-clients/:id/secret` (optional). @publicApi */
export class RotateSecretDto {
  /** Seconds during which the previous secret still works, 0 to 2592000 (30 days). @default 0 */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 2_592_000, default: 0, description: 'Seconds during which the previous secret still works (30 days at most).' })
  gracePeriodSeconds?: number;
}
