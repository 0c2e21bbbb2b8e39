import { Type } from 'class-transformer';
import { Equals, ValidateNested } from '../../validation/class-validator';
import { ApiProperty, ApiPropertyOptional } from '../../openapi/swagger.decorators';
import { ADMIN_TEXT } from '../admin-input.rules';
import { MAX_SECRET_GRACE_SECONDS } from '../tech-clients.service';
import { IsAdminInteger, IsAdminText, IsJsonObject, IsPresent, MayBeAbsent } from './admin-validators';

/*
 * The admin API's request bodies: one class each, whose decorators are both the OpenAPI schema
 * and the validation the module runs on its own routes (`validateDto`, whitelist semantics: an
 * unknown member is refused). Rules that need more than the body (the id in the path, the
 * configured servers) stay with the readers and services.
 */

/**
 * Body of `PATCH /tech-clients/:id`: the attributes to change, bare or inside a JSON:API
 * document (`{"data": {"type": "tech-client", "attributes": {…}}}`). Send `If-Match: "<version>"`
 * to change only the version you read.
 * @publicApi
 */
export class UpdateTechClientDto {
  /** 1 to 200 characters, no control characters. `name` is accepted as an alias. */
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, description: '1 to 200 characters, no control characters. `name` is accepted as an alias.' })
  @MayBeAbsent()
  @IsAdminText(ADMIN_TEXT.displayName)
  displayName?: string;
  /** Alias of `displayName` (give one of them). */
  @MayBeAbsent()
  @IsAdminText(ADMIN_TEXT.displayName)
  name?: string;
  /** 1 to 200 characters; null removes it. */
  @ApiPropertyOptional({ type: 'string', nullable: true, minLength: 1, maxLength: 200, description: 'null removes it.' })
  @MayBeAbsent()
  @IsAdminText(ADMIN_TEXT.label, { nullable: true })
  label?: string | null;
  /** Up to 1000 characters, line breaks allowed; null removes it. */
  @ApiPropertyOptional({ type: 'string', nullable: true, maxLength: 1000, description: 'Line breaks allowed; null removes it.' })
  @MayBeAbsent()
  @IsAdminText(ADMIN_TEXT.description, { nullable: true })
  description?: string | null;
}

/** `data` of a JSON:API `PATCH /tech-clients/:id` document. @publicApi */
export class UpdateTechClientDataDto {
  @ApiPropertyOptional({ enum: ['tech-client'] })
  @MayBeAbsent()
  @Equals('tech-client', { message: 'must be "tech-client"' })
  type?: 'tech-client';
  /** When given, the id in the path. */
  @ApiPropertyOptional({ description: 'When given, the id in the path.' })
  @MayBeAbsent()
  id?: string;
  @ApiProperty({ type: () => UpdateTechClientDto })
  @IsJsonObject()
  @ValidateNested()
  @Type(() => UpdateTechClientDto)
  attributes: UpdateTechClientDto;
}

/** `PATCH /tech-clients/:id` as a JSON:API document. @publicApi */
export class UpdateTechClientDocumentDto {
  @ApiProperty({ type: () => UpdateTechClientDataDto })
  @IsJsonObject()
  @ValidateNested()
  @Type(() => UpdateTechClientDataDto)
  data: UpdateTechClientDataDto;
}

/** Body of `POST /tech-clients/:id/lock`. @publicApi */
export class LockTechClientDto {
  /** Required: 1 to 500 characters, no control characters. @example "Client reported to be hacked." */
  @ApiProperty({ minLength: 1, maxLength: 500, description: 'No control characters.', example: 'Client reported to be hacked.' })
  @IsAdminText(ADMIN_TEXT.lockReason)
  @IsPresent() // decorators run bottom-up: "required" before the text rules
  reason: string;
}

/** Body of `POST /tech-clients/:id/secret` (optional). @publicApi */
export class RotateSecretDto {
  /** Seconds during which the previous secret still works, 0 to 2592000 (30 days). @default 0 */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_SECRET_GRACE_SECONDS, default: 0, description: 'Seconds during which the previous secret still works (30 days at most).' })
  @MayBeAbsent()
  @IsAdminInteger(0, MAX_SECRET_GRACE_SECONDS)
  gracePeriodSeconds?: number;
}
