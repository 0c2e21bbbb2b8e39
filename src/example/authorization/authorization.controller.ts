import { applyDecorators, Controller, Get, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DcrExceptionFilter, getDcrOptionsToken, ResolvedDcrOptions } from '../../dcr';
import { DcrHttpRequest, DcrRawBody, readFormBody } from '../../dcr/entry-points/http';
import { ConsentDecisionDto } from '../dto/consent-decision.dto';
import { exampleIssuer, exampleServer } from '../example-issuer';
import { AuthorizationCodeStore } from '../persistence/authorization-code.store';
import { ConsentRequestStore } from '../persistence/consent-request.store';
import { AuthorizationPageError, AuthorizationRedirectError } from './authorization-errors';
import { AuthorizationRequest, AuthorizationRequestValidator } from './authorization-request';
import { redirectWith } from './authorization-response';
import { browserId, browserIdOf } from './browser-cookie';
import { consentPage, errorPage } from './consent-page';
import { sendPage, sendRedirect } from './page-response';

const QUERY = [
  ['response_type', true, 'RFC 6749 §4.1.1: must be "code".'],
  ['client_id', true, 'A registered client_id, or the https URL of a client ID metadata document.'],
  ['redirect_uri', true, 'One of the registered redirect URIs, exactly (a loopback one on any port, RFC 8252 §7.3).'],
  ['code_challenge', true, 'RFC 7636 §4.2: BASE64URL(SHA256(code_verifier)).'],
  ['code_challenge_method', true, 'Must be "S256".'],
  ['scope', false, 'RFC 6749 §3.3: space-separated; unregistered scopes are left out.'],
  ['state', false, 'Returned unchanged with the code or the error.'],
  ['resource', false, 'RFC 8707: the resource server the token is for (its aud).'],
] as const;
const ApiAuthorizationQuery = () => applyDecorators(...QUERY.map(([name, required, description]) => ApiQuery({ name, required, type: String, description })));

/**
 * The example host's authorization endpoint (RFC 6749 §4.1, authorization code with PKCE S256
 * only) and its consent page. There are no users: the consent page stands in for a signed-in
 * user's decision. The client comes from `ClientResolver`, so registered clients and client ID
 * metadata documents work alike.
 */
@Controller('oauth2/authorize')
@ApiTags('Example host')
@UseFilters(DcrExceptionFilter)
export class AuthorizationController {
  constructor(
    @Inject(getDcrOptionsToken()) private readonly options: ResolvedDcrOptions,
    private readonly validator: AuthorizationRequestValidator,
    private readonly consents: ConsentRequestStore,
    private readonly codes: AuthorizationCodeStore,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Authorization endpoint (RFC 6749 §4.1.1): shows the consent page', description: 'Errors about the client or its redirect URI are shown as a page (RFC 6749 §4.1.2.1); others are redirected to the client with error, state and iss (RFC 9207).' })
  @ApiAuthorizationQuery()
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, description: 'The consent page (HTML)' })
  @ApiResponse({ status: 302, description: 'An error sent to the client: error, error_description, state, iss' })
  @ApiResponse({ status: 400, description: 'Unknown client, or redirect URI not registered (HTML page, no redirect)' })
  async authorize(@Req() request: DcrHttpRequest, @Res() response: unknown): Promise<void> {
    const server = exampleServer(this.options);
    const issuer = exampleIssuer(server, request);
    try {
      const { request: authorization, client } = await this.validator.validate(queryOf(request), server.id);
      const browser = browserId(request, issuer.startsWith('https:'));
      const formToken = await this.consents.put(authorization, browser.id);
      const page = consentPage({
        clientName: client.name,
        clientId: client.id,
        byDocument: client.source === 'cimd',
        redirectUri: authorization.redirectUri,
        scopes: authorization.scopes,
        resource: authorization.resource,
        formToken,
      });
      sendPage(this.adapter, response, page, { 'Set-Cookie': browser.setCookie });
    } catch (error) {
      this.refuse(error, response, issuer);
    }
  }

  @Post()
  @DcrRawBody()
  @ApiOperation({ summary: "The consent page's form: issues the code (RFC 6749 §4.1.2) or access_denied" })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: ConsentDecisionDto })
  @ApiProduces('text/html')
  @ApiResponse({ status: 303, description: 'Back to the client with code, state and iss, or with error=access_denied' })
  @ApiResponse({ status: 400, description: 'No form token or no decision (HTML page)' })
  @ApiResponse({ status: 403, description: 'The form token is unknown, spent, expired or from another browser (HTML page)' })
  async decide(@Req() request: DcrHttpRequest, @Res() response: unknown): Promise<void> {
    const issuer = exampleIssuer(exampleServer(this.options), request);
    try {
      const form = await readFormBody(request, { error: (description) => new AuthorizationPageError('invalid_request', description) });
      if (form.consent_token === undefined) throw new AuthorizationPageError('invalid_request', 'the consent form token is missing');
      if (form.decision !== 'approve' && form.decision !== 'deny') throw new AuthorizationPageError('invalid_request', 'decision must be approve or deny');
      const authorization = await this.consents.take<AuthorizationRequest>(form.consent_token, browserIdOf(request));
      if (!authorization) throw new AuthorizationPageError('access_denied', 'this consent form has expired or was already used; start again from the application', 403);

      const { redirectUri, state } = authorization;
      if (form.decision === 'deny') throw new AuthorizationRedirectError(redirectUri, state, 'access_denied', 'the user denied the request');
      const code = await this.codes.issue({
        clientId: authorization.clientId,
        redirectUri,
        codeChallenge: authorization.codeChallenge,
        scopes: authorization.scopes,
        resource: authorization.resource,
      });
      sendRedirect(this.adapter, response, 303, redirectWith(redirectUri, { code, state, iss: issuer }));
    } catch (error) {
      this.refuse(error, response, issuer, 303);
    }
  }

  private get adapter() {
    return this.adapterHost.httpAdapter;
  }

  /** RFC 6749 §4.1.2.1: at the client when its redirect URI is verified, else on a page. RFC 9207: with `iss`. */
  private refuse(error: unknown, response: unknown, issuer: string, status: 302 | 303 = 302): void {
    if (error instanceof AuthorizationRedirectError) {
      const location = redirectWith(error.redirectUri, { error: error.error, error_description: error.description, state: error.state, iss: issuer });
      sendRedirect(this.adapter, response, status, location);
      return;
    }
    if (error instanceof AuthorizationPageError) {
      sendPage(this.adapter, response, errorPage(error.status, error.error, error.description));
      return;
    }
    throw error;
  }
}

/** The raw query string: parsed by `parseForm`, which refuses repeated parameters (RFC 6749 §3.1). */
function queryOf(request: DcrHttpRequest): string {
  const url = request.url ?? '';
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
}
