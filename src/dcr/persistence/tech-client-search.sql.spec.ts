import { buildSearchStatement, escapeLike, ftsTrigramQuery } from './tech-client-search.sql';

describe('buildSearchStatement', () => {
  const page = { sort: 'creationDate', descending: true, limit: 51 } as const;

  it('binds every value and splices only allow-listed columns (PostgreSQL)', () => {
    const { sql, params } = buildSearchStatement('postgres', {
      id: "x'; DROP TABLE tech_client; --",
      nameContains: '100%_\\',
      label: 'l',
      locked: true,
      softwareId: 's',
      authorizationServer: 'a',
      createdFrom: 1,
      createdTo: 2,
    }, { ...page, after: [5, 'id-5'] });
    expect(sql).not.toContain('DROP');
    expect(sql).toContain('t.name_search LIKE $2');
    expect(sql).toContain('(t.created_at, t.id) < ($9, $10)');
    expect(sql).toMatch(/ORDER BY t\.created_at DESC, t\.id DESC LIMIT \$11$/);
    expect(params).toEqual(["x'; DROP TABLE tech_client; --", '%100\\%\\_\\\\%', 'l', true, 's', 'a', 1, 2, 5, 'id-5', 51]);
  });

  it('uses instr() and 0/1 booleans on SQLite, ascending keyset with >', () => {
    const { sql, params } = buildSearchStatement('sqlite', { nameContains: 'a%', locked: false }, { sort: 'displayName', descending: false, limit: 3, after: ['n', 'i'] });
    expect(sql).toContain('instr(t.name_search, ?) > 0');
    expect(sql).toContain('t.locked = ?');
    expect(sql).toContain('(t.name_search, t.id) > (?, ?)');
    expect(sql).toMatch(/ORDER BY t\.name_search ASC, t\.id ASC LIMIT \?\) ORDER BY t\.name_search ASC, t\.id ASC$/);
    expect(params).toEqual(['a%', 0, 'n', 'i', 3]);
  });

  it('starts from the trigram candidates when given', () => {
    const { sql, params } = buildSearchStatement('sqlite', { nameContains: 'abc' }, page, [3, 1]);
    expect(sql).toContain('FROM json_each(?) AS candidate CROSS JOIN tech_client t ON t.rowid = candidate.value');
    expect(params[0]).toBe('[3,1]');
  });

  it('finds a SQLite name-search page by keys first, then reads its rows', () => {
    const { sql } = buildSearchStatement('sqlite', { nameContains: 'abc' }, page);
    expect(sql).toMatch(/^SELECT .+ FROM tech_client t WHERE t\.rowid IN \(SELECT t\.rowid FROM tech_client t WHERE .+ LIMIT \?\) ORDER BY t\.created_at DESC, t\.id DESC$/);
    expect(buildSearchStatement('sqlite', {}, page).sql).not.toContain('rowid');
    expect(buildSearchStatement('postgres', { nameContains: 'abc' }, page).sql).not.toContain('IN (SELECT');
  });

  it('gives PostgreSQL the words of a multi-word term in order, and checks the exact term with strpos', () => {
    const { sql, params } = buildSearchStatement('postgres', { nameContains: 'acme pay_ments ios' }, page);
    expect(sql).toContain('t.name_search LIKE $1 AND strpos(t.name_search, $2) <> 0');
    expect(params.slice(0, 2)).toEqual(['%acme%pay\\_ments%ios%', 'acme pay_ments ios']);
  });

  it('keeps the space next to a word shorter than three characters, and double spaces, in the pattern', () => {
    const pattern = (term: string) => buildSearchStatement('postgres', { nameContains: term }, page).params[0];
    expect(pattern('client 12')).toBe('%client 12%');
    expect(pattern('ab cde fgh')).toBe('%ab cde%fgh%');
    expect(pattern('abc  def')).toBe('%abc  def%');
    expect(pattern('😀😀😀 abc')).toBe('%😀😀😀%abc%');
    expect(buildSearchStatement('postgres', { nameContains: 'client 12' }, page).sql).not.toContain('strpos');
  });

  it('never selects a digest', () => {
    const { sql } = buildSearchStatement('postgres', {}, page);
    expect(sql).not.toMatch(/t\.(secret_digest|previous_secret_digest|registration_token_digest)\s*(,|FROM)/);
    expect(sql).toContain('(t.secret_digest IS NOT NULL) AS has_secret');
  });
});

describe('ftsTrigramQuery', () => {
  it('is undefined below three characters', () => {
    expect(ftsTrigramQuery('ab')).toBeUndefined();
    expect(ftsTrigramQuery('😀😀')).toBeUndefined();
  });

  it('ANDs distinct quoted trigrams, quotes doubled', () => {
    expect(ftsTrigramQuery('aaaa')).toBe('"aaa"');
    expect(ftsTrigramQuery('a"bc')).toBe('"a""b" AND """bc"');
  });

  it('counts code points, not UTF-16 units', () => {
    expect(ftsTrigramQuery('😀ab')).toBe('"😀ab"');
  });

  it('keeps at most three trigrams: first, middle and last', () => {
    expect(ftsTrigramQuery('abcdefghijklmnop')).toBe('"abc" AND "hij" AND "nop"');
    expect(ftsTrigramQuery('abcde')).toBe('"abc" AND "bcd" AND "cde"');
  });

  it('takes the trigram across the space nearest the middle instead of the middle one', () => {
    expect(ftsTrigramQuery('ios payments')).toBe('"ios" AND "s p" AND "nts"');
    expect(ftsTrigramQuery('payments ios')).toBe('"pay" AND "s i" AND "ios"');
    expect(ftsTrigramQuery('gateway web 4')).toBe('"gat" AND "y w" AND "b 4"');
    // A space at either end or next to another space has no character on one side.
    expect(ftsTrigramQuery(' abcdefg ')).toBe('" ab" AND "cde" AND "fg "');
    expect(ftsTrigramQuery('abcd  efgh')).toBe('"abc" AND "  e" AND "fgh"');
  });
});

describe('escapeLike', () => {
  it('escapes %, _ and the escape character', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });
});
