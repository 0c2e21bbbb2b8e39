import {
  anyTrigramQuery, buildCreationTimesStatement, buildSearchStatement, ftsTrigramQuery, gramQuery, isGramPrefix, trigramsStartingWith,
} from './tech-client-search.sql';

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
    expect(sql).toContain('strpos(t.name_search, $6) <> 0');
    expect(sql).toContain('(t.created_at, t.id) < ($9, $10)');
    expect(sql).toMatch(/ORDER BY t\.created_at DESC, t\.id DESC LIMIT \$11$/);
    expect(params).toEqual(["x'; DROP TABLE tech_client; --", 'l', true, 's', 'a', '100%_\\', 1, 2, 5, 'id-5', 51]);
  });

  it('uses instr() and 0/1 booleans on SQLite, ascending keyset with >', () => {
    const { sql, params } = buildSearchStatement('sqlite', { nameContains: 'a%', locked: false }, { sort: 'displayName', descending: false, limit: 3, after: ['n', 'i'] });
    expect(sql).toContain('instr(t.name_search, ?) > 0');
    expect(sql).toContain('t.locked = ?');
    expect(sql).toContain('(t.name_search, t.id) > (?, ?)');
    expect(sql).toMatch(/ORDER BY t\.name_search ASC, t\.id ASC LIMIT \?\) ORDER BY t\.name_search ASC, t\.id ASC$/);
    expect(params).toEqual([0, 'a%', 'n', 'i', 3]);
  });

  it('starts from the trigram candidates when given', () => {
    const { sql, params } = buildSearchStatement('sqlite', { nameContains: 'abc' }, page, { candidates: [3, 1] });
    expect(sql).toContain('FROM json_each(?) AS candidate CROSS JOIN tech_client t ON t.rowid = candidate.value');
    expect(params[0]).toBe('[3,1]');
  });

  it('finds a SQLite name-search page by keys first, then reads its rows', () => {
    const { sql } = buildSearchStatement('sqlite', { nameContains: 'abc' }, page);
    expect(sql).toMatch(/^SELECT .+ FROM tech_client t WHERE t\.rowid IN \(SELECT t\.rowid FROM tech_client t WHERE .+ LIMIT \?\) ORDER BY t\.created_at DESC, t\.id DESC$/);
    expect(buildSearchStatement('sqlite', {}, page).sql).not.toContain('rowid');
    expect(buildSearchStatement('postgres', { nameContains: 'abc' }, page).sql).not.toContain('IN (SELECT');
  });

  it('reaches PostgreSQL rows through the gram index when told to, still checking the exact term', () => {
    const { sql, params } = buildSearchStatement('postgres', { nameContains: 'acme pay', label: 'l' }, page, { grams: "'acme pay':*" });
    expect(sql).toContain('WHERE t.label = $1 AND tech_client_name_grams(t.name_search) @@ $2::tsquery AND strpos(t.name_search, $3) <> 0');
    expect(params).toEqual(['l', "'acme pay':*", 'acme pay', 51]);
  });

  it('bounds the gram index to a window of creation times when given one, both bounds included', () => {
    const { sql, params } = buildSearchStatement('postgres', { nameContains: 'acme', createdFrom: 5 }, { ...page, after: [90, 'i'] }, { grams: "'acme':*", created: { from: 10, to: 80 } });
    expect(sql).toContain('WHERE tech_client_name_grams(t.name_search) @@ $1::tsquery AND t.created_at >= $2 AND t.created_at <= $3 AND strpos(t.name_search, $4) <> 0 AND t.created_at >= $5 AND (t.created_at, t.id) < ($6, $7)');
    expect(params).toEqual(["'acme':*", 10, 80, 'acme', 5, 90, 'i', 51]);
  });

  it('walks at most the given rows of the sort order, reading names from the sort index, binding in textual order', () => {
    const filter = { nameContains: 'ab', label: 'l', createdFrom: 10, createdTo: 20 };
    const sqlite = buildSearchStatement('sqlite', filter, { ...page, after: [15, 'i'] }, { walk: { rows: 100 } });
    expect(sqlite.sql).toContain('FROM (SELECT t.rowid AS walked_key, t.created_at AS walked_sort, t.id AS walked_id, t.name_search AS walked_name FROM tech_client t WHERE (t.created_at, t.id) < (?, ?) AND t.created_at >= ? AND t.created_at < ? ORDER BY t.created_at DESC, t.id DESC LIMIT ?) w CROSS JOIN tech_client t ON t.rowid = w.walked_key WHERE instr(w.walked_name, ?) > 0 AND t.label = ? ORDER BY w.walked_sort DESC, w.walked_id DESC LIMIT ?');
    expect(sqlite.params).toEqual([15, 'i', 10, 20, 100, 'ab', 'l', 51]);
    // Sorted by name, the creation window filters the walked rows instead of bounding the walk.
    const postgres = buildSearchStatement('postgres', filter, { sort: 'displayName', descending: false, limit: 3 }, { walk: { rows: 100 } });
    expect(postgres.sql).toContain('FROM tech_client t ORDER BY t.name_search ASC, t.id ASC LIMIT $1) w JOIN tech_client t ON t.id = w.walked_key WHERE strpos(w.walked_name, $2) <> 0 AND t.created_at >= $3 AND t.created_at < $4 AND t.label = $5');
    expect(postgres.params).toEqual([100, 'ab', 10, 20, 'l', 3]);
  });

  it('never selects a digest', () => {
    const { sql } = buildSearchStatement('postgres', {}, page);
    expect(sql).not.toMatch(/t\.(secret_digest|previous_secret_digest|registration_token_digest)\s*(,|FROM)/);
    expect(sql).toContain('(t.secret_digest IS NOT NULL) AS has_secret');
  });
});

describe('buildCreationTimesStatement', () => {
  it('spans the creation times of the rows a walk from the cursor would look at', () => {
    const { sql, params } = buildCreationTimesStatement({ nameContains: 'x', label: 'l', createdTo: 50 }, { sort: 'creationDate', descending: false, limit: 5, after: [7, 'i'] }, 2000);
    expect(sql).toBe('SELECT min(s.created_at) AS earliest, max(s.created_at) AS latest, count(*) AS rows FROM (SELECT t.created_at FROM tech_client t '
      + 'WHERE (t.created_at, t.id) > ($1, $2) AND t.created_at < $3 ORDER BY t.created_at ASC, t.id ASC LIMIT $4) s');
    expect(params).toEqual([7, 'i', 50, 2000]);
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

describe('gramQuery', () => {
  it('asks for the grams that start with a term of up to eight characters', () => {
    expect(gramQuery('a')).toBe("'a':*");
    expect(gramQuery('payments')).toBe("'payments':*");
    expect(gramQuery('😀 支付')).toBe("'😀 支付':*");
  });

  it('is one prefix up to eight code points (isGramPrefix)', () => {
    expect(isGramPrefix('payments')).toBe(true);
    expect(isGramPrefix('😀😀😀😀😀😀😀😀')).toBe(true); // 16 UTF-16 units
    expect(isGramPrefix('payments ')).toBe(false);
  });

  it('quotes every lexeme: quotes doubled, backslashes escaped, operators literal', () => {
    expect(gramQuery("o'b\\ & !")).toBe("'o''b\\\\ & !':*");
  });

  it('ANDs at most four eight-character windows of a longer term: across a space, nearest the middle first; else the ends', () => {
    expect(gramQuery('abcdefghij')).toBe("'abcdefgh' & 'cdefghij'");
    expect(gramQuery('payments ios')).toBe("'yments i' & 'ments io' & 'ents ios'");
    expect(gramQuery('ios payments')).toBe("'s paymen' & 'os payme' & 'ios paym'");
    expect(gramQuery('kalomine payments ios').split(' & ')).toHaveLength(4);
  });
});

describe('trigramsStartingWith and anyTrigramQuery', () => {
  it('spans every trigram that starts with the term, compared as SQLite does (UTF-8 bytes)', () => {
    const [from, to] = trigramsStartingWith('ab');
    const bytes = (text: string) => Buffer.from(text);
    expect(from).toBe('ab');
    for (const trigram of ['ab\u0001', 'abz', 'ab\u{10FFFF}', 'ab😀', 'ab\uFFFF']) {
      expect(Buffer.compare(bytes(trigram), bytes(from))).toBe(1);
      expect(Buffer.compare(bytes(trigram), bytes(to))).toBe(-1);
    }
    expect(Buffer.compare(bytes('ac'), bytes(to))).toBe(1);
  });

  it('ORs quoted trigrams', () => {
    expect(anyTrigramQuery(['ab"', 'abc'])).toBe('"ab""" OR "abc"');
  });
});
