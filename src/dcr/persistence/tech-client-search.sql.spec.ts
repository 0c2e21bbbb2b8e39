import {
  buildFragmentCandidatesStatement, buildFragmentCountStatement, buildFragmentPageStatement, buildSearchStatement, fragmentPageAnswers,
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
    expect(sql).toContain('strpos(t.name_search, $2) <> 0');
    expect(sql).toContain('(t.created_at, t.id) < ($9, $10)');
    expect(sql).toMatch(/ORDER BY t\.created_at DESC, t\.id DESC LIMIT \$11$/);
    expect(params).toEqual(["x'; DROP TABLE tech_client; --", '100%_\\', 'l', true, 's', 'a', 1, 2, 5, 'id-5', 51]);
  });

  it('uses instr() and 0/1 booleans on SQLite, ascending keyset with >', () => {
    const { sql, params } = buildSearchStatement('sqlite', { nameContains: 'a%', locked: false }, { sort: 'displayName', descending: false, limit: 3, after: ['n', 'i'] });
    expect(sql).toContain('instr(t.name_search, ?) > 0');
    expect(sql).toContain('t.locked = ?');
    expect(sql).toContain('(t.name_search, t.id) > (?, ?)');
    expect(sql).toMatch(/ORDER BY t\.name_search ASC, t\.id ASC LIMIT \?\) ORDER BY t\.name_search ASC, t\.id ASC$/);
    expect(params).toEqual(['a%', 0, 'n', 'i', 3]);
  });

  it('starts from the candidates when given: a CROSS JOIN on SQLite, a materialized CTE on PostgreSQL', () => {
    const sqlite = buildSearchStatement('sqlite', { nameContains: 'abcdefghijkl' }, page, ['b', 'a']);
    expect(sqlite.sql).toContain('FROM json_each(?) AS candidate CROSS JOIN tech_client t ON t.id = candidate.value');
    expect(sqlite.sql).toContain('instr(t.name_search, ?) > 0');
    expect(sqlite.params[0]).toBe('["b","a"]');
    const postgres = buildSearchStatement('postgres', { nameContains: 'abcdefghijkl' }, page, ['b', 'a']);
    expect(postgres.sql).toMatch(/^WITH candidate AS MATERIALIZED \(SELECT \* FROM tech_client WHERE id = ANY\(\$1::varchar\[\]\)\) SELECT .+ FROM candidate t WHERE strpos\(t\.name_search, \$2\) <> 0/);
    expect(postgres.params.slice(0, 2)).toEqual([['b', 'a'], 'abcdefghijkl']);
  });

  it('finds a SQLite walk by keys first, then reads its rows', () => {
    const { sql } = buildSearchStatement('sqlite', { nameContains: 'abc' }, page);
    expect(sql).toMatch(/^SELECT .+ FROM tech_client t WHERE t\.rowid IN \(SELECT t\.rowid FROM tech_client t WHERE .+ LIMIT \?\) ORDER BY t\.created_at DESC, t\.id DESC$/);
    expect(buildSearchStatement('sqlite', {}, page).sql).not.toContain('rowid');
    expect(buildSearchStatement('postgres', { nameContains: 'abc' }, page).sql).not.toContain('IN (SELECT');
  });

  it('never selects a digest', () => {
    const { sql } = buildSearchStatement('postgres', {}, page);
    expect(sql).not.toMatch(/t\.(secret_digest|previous_secret_digest|registration_token_digest)\s*(,|FROM)/);
    expect(sql).toContain('(t.secret_digest IS NOT NULL) AS has_secret');
  });
});

describe('name index statements', () => {
  const page = { sort: 'creationDate', descending: true, limit: 50 } as const;

  it('pages by the index range alone: deduplicated keys in creation order, then the rows', () => {
    const { sql, params } = buildFragmentPageStatement('postgres', { from: 'ab', to: 'ac' }, { nameContains: 'ab', createdFrom: 7 }, { ...page, after: [9, 'id-9'] });
    expect(sql).toBe(
      'SELECT ' + sql.slice(7, sql.indexOf(' FROM (')) + ' FROM (SELECT DISTINCT f.created_at, f.client_id FROM tech_client_name_fragment f'
      + ' WHERE f.fragment >= $1 AND f.fragment < $2 AND f.created_at >= $3 AND (f.created_at, f.client_id) < ($4, $5)'
      + ' ORDER BY f.created_at DESC, f.client_id DESC LIMIT $6) k JOIN tech_client t ON t.id = k.client_id ORDER BY t.created_at DESC, t.id DESC',
    );
    expect(params).toEqual(['ab', 'ac', 7, 9, 'id-9', 50]);
  });

  it('answers from the index only for the creation order and no filter but the creation time', () => {
    expect(fragmentPageAnswers({ nameContains: 'a', createdTo: 3 }, page)).toBe(true);
    expect(fragmentPageAnswers({ nameContains: 'a', label: 'x' }, page)).toBe(false);
    expect(fragmentPageAnswers({ nameContains: 'a', locked: false }, page)).toBe(false);
    expect(fragmentPageAnswers({ nameContains: 'a' }, { ...page, sort: 'displayName' })).toBe(false);
  });

  it('counts every key up to a cap in one statement', () => {
    const { sql, params } = buildFragmentCountStatement('sqlite', [{ equals: 'abcdefghij' }, { from: 'x', to: undefined }], 5001);
    expect(sql).toBe('SELECT (SELECT count(*) FROM (SELECT 1 FROM tech_client_name_fragment f WHERE f.fragment = ? LIMIT ?) s0) AS n0,'
      + ' (SELECT count(*) FROM (SELECT 1 FROM tech_client_name_fragment f WHERE f.fragment >= ? LIMIT ?) s1) AS n1');
    expect(params).toEqual(['abcdefghij', 5001, 'x', 5001]);
  });

  it('reads the candidates of one key, at most the cap', () => {
    expect(buildFragmentCandidatesStatement('postgres', { equals: "o'brien; --" }, 5001)).toEqual({
      sql: 'SELECT DISTINCT f.client_id FROM tech_client_name_fragment f WHERE f.fragment = $1 LIMIT $2',
      params: ["o'brien; --", 5001],
    });
  });
});
