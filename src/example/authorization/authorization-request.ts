import { Injectable } from '@nestjs/common';
import {
  allowedScopes,
  assertGrantAllowed,
  ClientMetadataDocumentError,
  ClientResolver,
  InvalidScopeError,
  TechClientView,
  UnauthorizedClientError,
  UnknownClientError,
} from '../../dcr';
import { parseForm } from '../../dcr/entry-points/http';
import { AuthorizationPageError, AuthorizationRedirectError } from './authorization-errors';
import { pkceProblem } from './pkce';
import { matchRedirectUri, registeredRedirectUris } from './redirect-uri-match';

/** A checked authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, RFC 8707 §2). */
export interface AuthorizationRequest {
  clientId: string;
  /** As the client sent it: the token request must repeat it exactly. */
  redirectUri: string;
  state?: string;
  /** Requested scopes the client registered (RFC 6749 §3.3 lets the rest be left out). */
  scopes: string[];
  codeChallenge: string;
  resource?: string;
}

/** A query longer than this is refused (no request of ours needs more). */
const MAX_QUERY_LENGTH = 8192;

/**
 * Checks an authorization request in the order RFC 6749 §4.1.2.1 sets: first the client and the
 * redirect URI (a failure there is an `AuthorizationPageError`, never a redirect), then the rest
 * (an `AuthorizationRedirectError` back to the client, with its `state`).
 */
@Injectable()
export class AuthorizationRequestValidator {
  constructor(private readonly clients: ClientResolver) {}

  async validate(query: string, serverId: string): Promise<{ request: AuthorizationRequest; client: TechClientView }> {
    if (query.length > MAX_QUERY_LENGTH) throw new AuthorizationPageError('invalid_request', 'the request is too long');
    // RFC 6749 §3.1: parameters MUST NOT be repeated.
    const params = parseForm(query, (description) => new AuthorizationPageError('invalid_request', description.replace('request body', 'query')));

    if (params.client_id === undefined) throw new AuthorizationPageError('invalid_request', 'client_id is required');
    const client = await this.resolve(params.client_id, serverId);
    if (params.redirect_uri === undefined) throw new AuthorizationPageError('invalid_request', 'redirect_uri is required');
    if (!matchRedirectUri(params.redirect_uri, registeredRedirectUris(client.metadata))) {
      throw new AuthorizationPageError('invalid_request', 'redirect_uri is not one of the redirect URIs registered for this client');
    }

    const refuse = (error: string, description: string) => new AuthorizationRedirectError(params.redirect_uri, params.state, error, description);
    if (params.response_type === undefined) throw refuse('invalid_request', 'response_type is required');
    if (params.response_type !== 'code') throw refuse('unsupported_response_type', 'only response_type=code is supported');
    try {
      assertGrantAllowed(client, 'authorization_code');
    } catch (error) {
      if (error instanceof UnauthorizedClientError) throw refuse('unauthorized_client', error.description);
      throw error;
    }
    const pkce = pkceProblem(params.code_challenge, params.code_challenge_method);
    if (pkce) throw refuse('invalid_request', pkce);
    const scopes = this.scopes(client, params.scope, refuse);
    if (params.resource !== undefined && !isResourceIndicator(params.resource)) {
      throw refuse('invalid_target', 'resource must be an absolute URI without a fragment (RFC 8707 §2)');
    }

    return {
      client,
      request: {
        clientId: client.id,
        redirectUri: params.redirect_uri,
        ...(params.state !== undefined ? { state: params.state } : {}),
        scopes,
        codeChallenge: params.code_challenge!,
        ...(params.resource !== undefined ? { resource: params.resource } : {}),
      },
    };
  }

  private async resolve(clientId: string, serverId: string): Promise<TechClientView> {
    try {
      return await this.clients.resolve(clientId, serverId);
    } catch (error) {
      if (error instanceof UnknownClientError || error instanceof ClientMetadataDocumentError) {
        throw new AuthorizationPageError('invalid_client', error.description);
      }
      throw error;
    }
  }

  private scopes(client: TechClientView, requested: string | undefined, refuse: (error: string, description: string) => Error): string[] {
    try {
      const granted = allowedScopes(client, requested);
      if (requested !== undefined && granted.length === 0) throw new InvalidScopeError('none of the requested scopes is registered for this client');
      return granted;
    } catch (error) {
      if (error instanceof InvalidScopeError) throw refuse('invalid_scope', error.description);
      throw error;
    }
  }
}

/** RFC 8707 §2: an absolute URI, no fragment. */
function isResourceIndicator(value: string): boolean {
  if (value.length > 2000 || value.includes('#')) return false;
  try {
    new URL(value);
    return /^[a-z][a-z0-9+.-]*:/i.test(value);
  } catch {
    return false;
  }
}
