import { InvalidRequestError } from '../errors/dcr.error';
import type { InitialAccessTokenRequest } from '../initial-access/initial-access-tokens.service';
import { OptionReader } from '../options/option-reader';
import { resolveProfile } from '../options/resolve-registration-access';
import { readAdminDto } from './admin-dto.reader';
import { IssueInitialAccessTokenDto } from './dto/initial-access-token.dto';

/** The body of `POST …/initial-access-tokens`, validated as `IssueInitialAccessTokenDto`. @internal */
export function parseIssueBody(body: Record<string, unknown>): InitialAccessTokenRequest {
  const { profile, ...members } = readAdminDto(IssueInitialAccessTokenDto, body, { root: 'body' });
  const request: InitialAccessTokenRequest = Object.fromEntries(Object.entries(members).filter(([, value]) => value !== undefined));
  if (profile !== undefined) {
    // The same rules as a configured token's profile.
    const read = new OptionReader();
    const resolved = resolveProfile(read, profile, 'profile');
    if (read.problems.length) throw new InvalidRequestError(read.problems.join('; '));
    request.profile = resolved;
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
