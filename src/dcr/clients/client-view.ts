import type { TechClientEntity } from '../persistence/tech-client.entity';
import { registeredAuthMethod } from '../vocabulary/client-vocabulary';

/**
 * A stored client as given to the host: never with its secret or token digests, and with the
 * auth method it authenticates with spelled out (RFC 7591 §2 default applied).
 * @publicApi
 */
export type TechClientView = Omit<TechClientEntity, 'secretDigest' | 'previousSecretDigest' | 'registrationTokenDigest'>;

/** `client` as a `TechClientView`. @internal */
export function toClientView(client: TechClientEntity): TechClientView {
  const { secretDigest, previousSecretDigest: _previous, registrationTokenDigest: _token, ...rest } = client;
  return { ...rest, tokenEndpointAuthMethod: registeredAuthMethod({ tokenEndpointAuthMethod: client.tokenEndpointAuthMethod, hasSecret: secretDigest !== null }) };
}
