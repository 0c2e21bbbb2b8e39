import { InvalidRequestError } from '../errors/dcr.error';
import type { ResolvedDcrOptions } from '../options/resolved-options';
import { SearchCursorCodec } from './search-cursor.codec';
import { resolveSearch, searchCursor, TechClientSearchQuery } from './tech-client-search.query';

const cursors = new SearchCursorCodec({ secretKey: 'k'.repeat(32) } as ResolvedDcrOptions);
const resolve = (query: TechClientSearchQuery) => resolveSearch(query, cursors);
const refuses = (query: unknown, message: RegExp) => {
  expect(() => resolve(query as TechClientSearchQuery)).toThrow(InvalidRequestError);
  expect(() => resolve(query as TechClientSearchQuery)).toThrow(message);
};

describe('resolveSearch', () => {
  it('defaults to newest first, 50 per page', () => {
    expect(resolve({})).toEqual({ filter: {}, page: { sort: 'creationDate', descending: true, limit: 50 }, sort: '-creationDate' });
  });

  it('folds the name and converts dates', () => {
    const { filter } = resolve({ name: 'ÉCOLE', createdFrom: '2026-01-01', createdTo: '2026-01-01T12:00:00+01:00', locked: false });
    expect(filter).toEqual({ nameContains: 'école', createdFrom: Date.UTC(2026, 0, 1), createdTo: Date.UTC(2026, 0, 1, 11), locked: false });
  });

  it('reads a cursor of the same sort order', () => {
    const cursor = searchCursor(cursors, 'displayName', ['abc', 'id-1']);
    expect(resolve({ sort: 'displayName', cursor }).page).toEqual({ sort: 'displayName', descending: false, limit: 50, after: ['abc', 'id-1'] });
  });

  it.each([
    [{ limit: 0 }, /limit: must be an integer from 1 to 200/],
    [{ limit: 1_000_000 }, /limit/],
    [{ limit: 2.5 }, /limit/],
    [{ sort: 'secretDigest' }, /sort: must be one of/],
    [{ sort: 'name; DROP TABLE x' }, /sort/],
    [{ name: '' }, /name: must not be empty/],
    [{ name: 'a'.repeat(201) }, /name: must be at most 200/],
    [{ name: ['a', 'b'] }, /name: must be a string/],
    [{ name: 'a\u0000b' }, /control characters/],
    [{ name: 'a\ud800' }, /lone surrogate/],
    [{ id: 'x'.repeat(10_000) }, /id: must be at most 128/],
    [{ locked: 'yes' }, /locked: must be true or false/],
    [{ createdFrom: '2026-02-31' }, /createdFrom: must be an ISO 8601/],
    [{ createdFrom: '2026-01-01T10:00:00' }, /createdFrom: must be an ISO 8601/],
    [{ createdFrom: 'yesterday' }, /createdFrom/],
    [{ createdFrom: -1 }, /between 1970 and 9999/],
    [{ createdFrom: '2026-02-01', createdTo: '2026-01-01' }, /createdTo: must be later than createdFrom/],
    [{ cursor: 'garbage' }, /cursor: not a cursor/],
  ])('refuses %j', (query, message) => refuses(query, message));

  it('refuses a signed cursor of another sort order or with a malformed keyset', () => {
    refuses({ sort: 'creationDate', cursor: searchCursor(cursors, 'displayName', ['a', 'b']) }, /belongs to sort=displayName/);
    refuses({ sort: 'creationDate', cursor: cursors.encode({ s: 'creationDate', k: [-1, 'a'] }) }, /malformed/);
    refuses({ sort: 'creationDate', cursor: cursors.encode({ s: 'creationDate', k: ['1', 'a'] }) }, /malformed/);
    refuses({ sort: 'creationDate', cursor: cursors.encode({ s: 'creationDate', k: [1, ''] }) }, /malformed/);
    refuses({ sort: 'creationDate', cursor: cursors.encode(null) }, /malformed/);
  });
});
