import type { RegistrationTier } from '../options/resolved-options';
import type { ClientArrival } from '../persistence/tech-client.entity';

/** Arrivals where someone the server trusts vouched for the client. @internal */
const VOUCHED: ReadonlySet<ClientArrival> = new Set(['admin', 'initial_access_token', 'software_statement']);

/** Whether an administrator, an initial access token or a trusted software statement vouched for the client. @internal */
export function isVouched(arrival: ClientArrival): boolean {
  return VOUCHED.has(arrival);
}

/** The registration tier of a client that arrived by RFC 7591 registration; undefined for the other arrivals. @internal */
export function tierOf(arrival: ClientArrival): RegistrationTier | undefined {
  if (arrival === 'anonymous') return 'anonymous';
  if (arrival === 'initial_access_token') return 'initialAccessToken';
  if (arrival === 'software_statement') return 'attested';
  return undefined;
}
