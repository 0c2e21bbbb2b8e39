import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';

const INDICATORS: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: { type: 'object', properties: { status: { type: 'string', enum: ['up', 'down'] } } },
  example: { database: { status: 'up' } },
};

/** `@nestjs/terminus` health check result. */
export class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'] })
  status: 'ok' | 'error';

  @ApiProperty({ ...INDICATORS, description: 'Indicators that are up.' } as ApiPropertyOptions)
  info: Record<string, unknown>;

  @ApiProperty({ ...INDICATORS, description: 'Indicators that are down.' } as ApiPropertyOptions)
  error: Record<string, unknown>;

  @ApiProperty({ ...INDICATORS, description: 'Every indicator.' } as ApiPropertyOptions)
  details: Record<string, unknown>;
}
