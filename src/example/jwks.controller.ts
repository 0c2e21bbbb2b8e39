import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessTokenSigner } from './access-token.signer';
import { JwksDto } from './dto/jwks.dto';

/** `jwks_uri` of the example host: the public key its access tokens are signed with. */
@Controller('oauth2/jwks')
@ApiTags('Example host')
export class JwksController {
  constructor(private readonly signer: AccessTokenSigner) {}

  @Get()
  @ApiOperation({ summary: 'JWK Set of the access token signing key (RFC 7517)' })
  @ApiOkResponse({ type: JwksDto })
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): ReturnType<AccessTokenSigner['jwks']> {
    return this.signer.jwks();
  }
}
