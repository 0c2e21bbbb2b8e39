import { InvalidRequestError } from '../errors/dcr.error';
import { parseUpdateBody } from '../tech-clients/admin-body.parser';
import { parseIssueBody } from '../tech-clients/initial-access-token.body';
import { parsePageParams } from '../tech-clients/search-params.parser';

const message = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('validateDto on the admin request classes', () => {
  it('names the member by its path inside a JSON:API document', () => {
    expect(message(() => parseUpdateBody({ data: { attributes: { label: 5 } } }, 'c1'))).toBe('data.attributes.label: must be a string');
    expect(message(() => parseUpdateBody({ data: { attributes: { locked: true } } }, 'c1'))).toBe('data.attributes: unknown member "locked" (allowed: displayName, name, label, description)');
    expect(message(() => parseUpdateBody({ data: { type: 'tech-client' } }, 'c1'))).toBe('data.attributes: must be a JSON object');
    expect(message(() => parseUpdateBody({ data: [] }, 'c1'))).toBe('data: must be a JSON object');
    expect(message(() => parseUpdateBody({ data: { attributes: {} }, meta: {} }, 'c1'))).toBe('body: unknown member "meta" (allowed: data)');
  });

  it('refuses a member class-transformer would skip, rather than dropping it', () => {
    expect(message(() => parseUpdateBody(JSON.parse('{"__proto__":{"admin":true}}'), 'c1'))).toBe('attributes: unknown member "__proto__" (allowed: displayName, name, label, description)');
    expect(message(() => parsePageParams(new URLSearchParams('__proto__=x')))).toBe('unknown query parameter "__proto__" (allowed: limit, cursor)');
  });

  it('reads a valid body into the request, null kept as "remove"', () => {
    expect(parseUpdateBody({ data: { type: 'tech-client', id: 'c1', attributes: { name: 'N', label: null } } }, 'c1')).toEqual({ displayName: 'N', label: null });
    expect(parseIssueBody({ label: 'ci', maxUses: 3 })).toEqual({ label: 'ci', maxUses: 3 });
  });
});
