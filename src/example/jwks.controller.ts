import { Controller, Get, Header } from '@nestjs/common';
import { AccessTokenSigner } from './access-token.signer';

/** `jwks_uri` of the example host: the public key its access tokens are signed with. */
@Controller('oauth2/jwks')
export class JwksController {
  constructor(private readonly signer: AccessTokenSigner) {}

  @Get()
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): ReturnType<AccessTokenSigner['jwks']> {
    return this.signer.jwks();
  }
}
