import { Inject, Injectable } from '@nestjs/common';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import type { RegistrationTier, ResolvedDcrOptions } from '../options/resolved-options';
import type { ClientArrival, TechClientEntity } from '../persistence/tech-client.entity';
import type { TechClientSummary } from '../persistence/tech-client-summary';
import { isVouched, tierOf } from './client-arrival';
import { clientNamesOf } from '../vocabulary/client-vocabulary';
import { redirectHostsOf } from '../vocabulary/redirect-hosts';
import { reservedNameResembled } from './reserved-names';

/**
 * What a consent screen should know about a client before a user trusts it with an account.
 * @publicApi
 */
export interface ClientTrustSignals {
  clientId: string;
  authorizationServer: string;
  /** How the client came to exist. */
  arrival: ClientArrival;
  /** The registration tier it was registered in; absent for clients that did not register (admin, metadata document). */
  tier?: RegistrationTier;
  /** Initial access token id, software statement issuer, administrator, or metadata document origin; null when nothing vouched. */
  vouchedBy: string | null;
  /** An administrator, an initial access token or a trusted software statement vouched for it. */
  vouched: boolean;
  /** Hosts of its `https`/`http` redirect URIs and `scheme:` of private-use ones: where the user is sent back to. */
  redirectHosts: string[];
  /** For a client known by its metadata document: the host serving it. */
  documentHost?: string;
  /** A public client (`none`): the host must require PKCE of it. */
  publicClient: boolean;
  /**
   * The configured reserved name its `client_name` resembles (confusable spellings included),
   * when the client is not vouched for and the name is not kept for its document host. A consent
   * screen should not show such a name as if it were the real one.
   */
  resemblesReservedName?: string;
  locked: boolean;
}

/**
 * Trust signals of a client for the host's consent screen, and the admin API. Computed from the
 * stored client and the current configuration (a reserved name configured later applies to
 * clients registered before).
 * @publicApi
 */
@Injectable()
export class ClientTrust {
  constructor(@Inject(DCR_RESOLVED_OPTIONS) private readonly options: ResolvedDcrOptions) {}

  /** Signals of a stored client (from `ClientResolver`, `ClientAuthenticator` or the store). */
  of(client: TechClientEntity): ClientTrustSignals {
    return this.signals({
      clientId: client.id,
      authorizationServer: client.authorizationServer,
      arrival: client.arrival,
      vouchedBy: client.vouchedBy,
      redirectHosts: redirectHostsOf(client.metadata.redirect_uris),
      names: clientNamesOf(client.metadata),
      method: client.tokenEndpointAuthMethod,
      locked: client.locked,
    });
  }

  /** Signals of a client as the admin API lists it. */
  ofSummary(summary: TechClientSummary): ClientTrustSignals {
    return this.signals({
      clientId: summary.id,
      authorizationServer: summary.authorizationServer,
      arrival: summary.arrival,
      vouchedBy: summary.vouchedBy,
      redirectHosts: summary.redirectHosts,
      names: summary.clientNames,
      method: summary.tokenEndpointAuthMethod,
      locked: summary.locked,
    });
  }

  private signals(client: {
    clientId: string; authorizationServer: string; arrival: ClientArrival; vouchedBy: string | null;
    redirectHosts: string[]; names: string[]; method: string | null; locked: boolean;
  }): ClientTrustSignals {
    const vouched = isVouched(client.arrival);
    const tier = tierOf(client.arrival);
    const documentHost = client.arrival === 'metadata_document' ? hostOf(client.clientId) : undefined;
    const reserved = this.options.servers.get(client.authorizationServer)?.reservedNames;
    const resembles = vouched ? undefined : reservedNameResembled(reserved, client.names, documentHost);
    return {
      clientId: client.clientId,
      authorizationServer: client.authorizationServer,
      arrival: client.arrival,
      ...(tier && { tier }),
      vouchedBy: client.vouchedBy,
      vouched,
      redirectHosts: client.redirectHosts,
      ...(documentHost !== undefined && { documentHost }),
      publicClient: client.method === 'none',
      ...(resembles !== undefined && { resemblesReservedName: resembles }),
      locked: client.locked,
    };
  }
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}
