import { ApiProperty } from '@nestjs/swagger';

/** RFC 7517 §5 JWK Set: the public keys access tokens are signed with. */
export class JwksDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true, properties: { kty: { type: 'string' }, kid: { type: 'string' }, alg: { type: 'string' }, use: { type: 'string' } } },
    description: 'RFC 7517 §5.1: an array of JWK values.',
  })
  keys: Record<string, unknown>[];
}
