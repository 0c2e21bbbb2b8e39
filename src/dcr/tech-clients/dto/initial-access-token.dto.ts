import { Allow } from '../../validation/class-validator';
import { ApiProperty, ApiPropertyOptional } from '../../openapi/swagger.decorators';
import { IsAdminInteger, IsAdminText, MayBeAbsent } from './admin-validators';
import { DocumentMetaDto, ListDocumentMetaDto } from './admin-documents.dto';

/** What a registration with the token may get (RFC 7591 §3). @publicApi */
export class InitialAccessProfileDto {
  @ApiPropertyOptional({ type: [String], description: 'Grant types it may register; others fail the registration.' })
  grantTypes?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Scope values it may register; others are filtered out.' })
  scopes?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Auth methods it may register; others fail the registration.' })
  tokenEndpointAuthMethods?: string[];
}

/**
 * Body of `POST /tech-clients/initial-access-tokens`, validated by its decorators on the
 * module's route. `profile` is checked by the rules of a configured token's profile
 * (`resolveProfile`), so a runtime token and a configured one accept the same profiles.
 * @publicApi
 */
export class IssueInitialAccessTokenDto {
  @ApiPropertyOptional({ maxLength: 64, description: 'Required when several authorization servers are configured.' })
  @MayBeAbsent()
  @IsAdminText({ max: 64 })
  authorizationServer?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, description: 'Whom it is for; shown in lists.' })
  @MayBeAbsent()
  @IsAdminText({ max: 200, nonBlank: true })
  label?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 60, maximum: 31_536_000, description: 'Lifetime in seconds; absent: never expires.' })
  @MayBeAbsent()
  @IsAdminInteger(60, 31_536_000)
  expiresInSeconds?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1_000_000, description: 'Most registrations with it; absent: no limit.' })
  @MayBeAbsent()
  @IsAdminInteger(1, 1_000_000)
  maxUses?: number;
  @ApiPropertyOptional({ type: () => InitialAccessProfileDto })
  @Allow()
  profile?: InitialAccessProfileDto;
}

/** A runtime initial access token; never the token, except once in the answer that issued it. @publicApi */
export class InitialAccessTokenAttributesDto {
  @ApiPropertyOptional({ description: 'The bearer token: only in the answer that issued it, never again.' })
  token?: string;
  @ApiProperty()
  authorizationServer: string;
  @ApiProperty({ type: 'string', nullable: true })
  label: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  expiresAt: string | null;
  @ApiProperty({ type: 'integer', nullable: true })
  maxUses: number | null;
  @ApiProperty({ type: 'integer', description: 'Registrations made with it so far.' })
  uses: number;
  @ApiProperty({ type: () => InitialAccessProfileDto, nullable: true })
  profile: InitialAccessProfileDto | null;
  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;
  @ApiProperty({ type: 'string', nullable: true })
  createdBy: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  revokedAt: string | null;
}

/** @publicApi */
export class InitialAccessTokenResourceDto {
  @ApiProperty({ enum: ['initial-access-token'] })
  type: 'initial-access-token';
  @ApiProperty()
  id: string;
  @ApiProperty({ type: () => InitialAccessTokenAttributesDto })
  attributes: InitialAccessTokenAttributesDto;
}

/** @publicApi */
export class InitialAccessTokenDocumentDto {
  @ApiProperty({ type: () => DocumentMetaDto })
  meta: DocumentMetaDto;
  @ApiProperty({ type: () => InitialAccessTokenResourceDto })
  data: InitialAccessTokenResourceDto;
}

/** @publicApi */
export class InitialAccessTokenListDocumentDto {
  @ApiProperty({ type: () => ListDocumentMetaDto })
  meta: ListDocumentMetaDto;
  @ApiProperty({ type: () => [InitialAccessTokenResourceDto] })
  data: InitialAccessTokenResourceDto[];
}
