import { InvalidRequestError } from '../errors/dcr.error';
import type { InitialAccessTokenRequest } from '../initial-access/initial-access-tokens.service';
import { OptionReader } from '../options/option-reader';
import { resolveProfile } from '../options/resolve-registration-access';
import { allowOnly, requireInteger, requireText } from './admin-input.rules';

const MEMBERS = ['authorizationServer', 'label', 'expiresInSeconds', 'maxUses', 'profile'];

/** The body of `POST …/initial-access-tokens`, checked member by member. @internal */
export function parseIssueBody(body: Record<string, unknown>): InitialAccessTokenRequest {
  allowOnly(body, MEMBERS, 'body');
  const request: InitialAccessTokenRequest = {};
  if (body.authorizationServer !== undefined) request.authorizationServer = requireText(body.authorizationServer, 'authorizationServer', { max: 64 });
  if (body.label !== undefined) request.label = requireText(body.label, 'label', { max: 200, nonBlank: true });
  if (body.expiresInSeconds !== undefined) request.expiresInSeconds = requireInteger(body.expiresInSeconds, 'expiresInSeconds', 60, 31_536_000);
  if (body.maxUses !== undefined) request.maxUses = requireInteger(body.maxUses, 'maxUses', 1, 1_000_000);
  if (body.profile !== undefined) {
    // The same rules as a configured token's profile.
    const read = new OptionReader();
    const profile = resolveProfile(read, body.profile, 'profile');
    if (read.problems.length) throw new InvalidRequestError(read.problems.join('; '));
    request.profile = profile;
  }
  return request;
}

/** `?before=` of the token list: the `nextBefore` cursor of the previous page. @internal */
export function parseBeforeCursor(value: string | null): { createdAt: number; id: string } | undefined {
  if (value === null) return undefined;
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{1,200})$/.exec(value);
  if (!match) throw new InvalidRequestError('before: must be the nextBefore of a previous page');
  return { createdAt: Number(match[1]), id: match[2] };
}
