import { ApiProperty } from '@nestjs/swagger';

/** The consent page's form (application/x-www-form-urlencoded). */
export class ConsentDecisionDto {
  @ApiProperty({ description: 'The single-use token of the consent page, bound to the authorization request and to the browser (cookie).' })
  consent_token: string;

  @ApiProperty({ enum: ['approve', 'deny'], description: "The user's decision." })
  decision: 'approve' | 'deny';
}
