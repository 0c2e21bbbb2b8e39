import request from 'supertest';
import { TechClientEntity } from '../src/dcr';
import { foldForSearch, nameSearchOf } from '../src/dcr/persistence/name-search';
import { AS_ADMIN, ADMIN_TOKEN, seedClients, techClient } from './utils/admin';
import { createTestApp, TestApp } from './utils/test-app';

/**
 * The search answers the same on SQLite and PostgreSQL: every expectation here is computed from
 * the seeded rows in JavaScript, and the suite runs unchanged on both databases.
 */
const BASE = Date.UTC(2026, 0, 1);
const NAMES = [
  'Alpha Payments iOS', 'alpha payments web', 'ALPHA Banking', 'Müller App', 'MÜLLER Tools', 'École Numérique',
  '100% Sure_Thing', '100 Percent', 'under_score', 'underXscore', "O'Brien'; DROP TABLE tech_client; --",
  'back\\slash', 'Ｆｕｌｌwidth Name', '😀 Emoji App', 'Zeta', 'zeta', 'İstanbul Gateway',
  'Банк Müller 東京 Portal', 'Ελληνικά Payments', '東京銀行', 'Ab Qx', 'Payments Agent CLI', 'Agent CLI Payments',
];

function seedSet(): TechClientEntity[] {
  const clients: TechClientEntity[] = [];
  const all = [...NAMES, ...Array.from({ length: 40 }, (_, i) => `Client ${String(i).padStart(2, '0')}`)];
  all.forEach((name, i) => {
    clients.push(techClient({
      name,
      // Groups of three share a creation time, so the id tie-breaker is exercised.
      createdAt: BASE + Math.floor(i / 3) * 60_000,
      updatedAt: BASE + i,
      label: i % 4 === 0 ? 'team-a' : i % 4 === 1 ? 'team-b' : null,
      locked: i % 5 === 0,
      lockReason: i % 5 === 0 ? 'test' : null,
      softwareId: i % 3 === 0 ? 'sw-1' : i % 3 === 1 ? 'sw.2' : null,
      authorizationServer: i % 7 === 0 ? 'partners' : 'default',
    }));
  });
  return clients;
}

const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

function expected(clients: TechClientEntity[], keep: (c: TechClientEntity) => boolean, sort: string): string[] {
  const key = sort.replace('-', '');
  const sign = sort.startsWith('-') ? -1 : 1;
  return clients.filter(keep).sort((a, b) => {
    const primary = key === 'creationDate' ? a.createdAt - b.createdAt : bytes(nameSearchOf(a.name), nameSearchOf(b.name));
    return sign * (primary || bytes(a.id, b.id));
  }).map((c) => c.id);
}

async function allPages(t: TestApp, query: Record<string, string>, limit = 7): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const response = await request(t.http).get('/tech-clients').query({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) }).set(AS_ADMIN);
    expect(response.status).toBe(200);
    expect(response.body.data.length).toBeLessThanOrEqual(limit);
    ids.push(...response.body.data.map((resource: { id: string }) => resource.id));
    cursor = response.body.meta.page.nextCursor ?? undefined;
    if (!cursor) return ids;
    expect(response.body.data).toHaveLength(limit);
  }
  throw new Error('paging did not end');
}

describe('GET /tech-clients: search in the database', () => {
  let t: TestApp;
  let clients: TechClientEntity[];

  beforeAll(async () => {
    t = await createTestApp({ admin: { token: ADMIN_TOKEN } });
    clients = await seedClients(t, seedSet());
  });
  afterAll(() => t.close());

  describe.each(['-creationDate', 'creationDate', 'displayName', '-displayName'])('sort=%s', (sort) => {
    it('pages through every client once, in order', async () => {
      expect(await allPages(t, { sort })).toEqual(expected(clients, () => true, sort));
    });

    it('pages through a name search in order', async () => {
      expect(await allPages(t, { sort, name: 'a' }, 4)).toEqual(expected(clients, (c) => nameSearchOf(c.name).includes('a'), sort));
    });
  });

  it('defaults to newest first, 50 per page', async () => {
    const response = await request(t.http).get('/tech-clients').set(AS_ADMIN).expect(200);
    expect(response.body.meta.page).toEqual({ limit: 50, sort: '-creationDate', nextCursor: expect.any(String) });
    expect(response.body.data.map((r: { id: string }) => r.id)).toEqual(expected(clients, () => true, '-creationDate').slice(0, 50));
  });

  it.each([
    ['alpha', ['Alpha Payments iOS', 'alpha payments web', 'ALPHA Banking']],
    ['PAYMENTS', ['Alpha Payments iOS', 'alpha payments web', 'Ελληνικά Payments', 'Payments Agent CLI', 'Agent CLI Payments']],
    ['müller', ['Müller App', 'MÜLLER Tools', 'Банк Müller 東京 Portal']],
    ['ÉCOLE', ['École Numérique']],
    ['fullwidth', ['Ｆｕｌｌwidth Name']],
    ['😀 emoji', ['😀 Emoji App']],
    ['%', ['100% Sure_Thing']],
    ['100%', ['100% Sure_Thing']],
    ['_', ['100% Sure_Thing', 'under_score', "O'Brien'; DROP TABLE tech_client; --"]],
    ['r_s', ['under_score']],
    ['\\', ['back\\slash']],
    ["'; DROP TABLE", ["O'Brien'; DROP TABLE tech_client; --"]],
    ['"', []],
    ['zeta', ['Zeta', 'zeta']],
    ['gateway', ['İstanbul Gateway']],
    ['no such name', []],
    ['alpha payments', ['Alpha Payments iOS', 'alpha payments web']],
    ['payments ios', ['Alpha Payments iOS']],
    // The same words in another order are another term.
    ['ios payments', []],
    ['payments alpha', []],
    ['100% sure_', ['100% Sure_Thing']],
    // Words in order but apart do not make the term either.
    ['alpha ios', []],
    ["o'brien'; drop", ["O'Brien'; DROP TABLE tech_client; --"]],
    // One and two characters: every occurrence, anywhere in a word, from the index.
    ['q', ['Ab Qx', 'École Numérique']],
    ['qx', ['Ab Qx']],
    ['xq', []],
    ['é', ['École Numérique']],
    ['😀', ['😀 Emoji App']],
    ['東', ['Банк Müller 東京 Portal', '東京銀行']],
    ['京銀', ['東京銀行']],
    [' ', NAMES.filter((name) => name.normalize('NFKC').includes(' ')).concat(Array.from({ length: 40 }, (_, i) => `Client ${String(i).padStart(2, '0')}`))],
    // Mixed scripts, within a fragment and past it.
    ['банк müller', ['Банк Müller 東京 Portal']],
    ['müller 東京 portal', ['Банк Müller 東京 Portal']],
    ['ελληνικά pay', ['Ελληνικά Payments']],
    ['ller 東', ['Банк Müller 東京 Portal']],
    // Terms longer than a fragment, in and out of order, and at a name's ends.
    ['payments agent cli', ['Payments Agent CLI']],
    ['agent cli payments', ['Agent CLI Payments']],
    ['cli payments agent', []],
    ['agent cli', ['Payments Agent CLI', 'Agent CLI Payments']],
    ['cli agent', []],
    ['payments agent clix', []],
    [' app', ['Müller App', '😀 Emoji App']],
    ['app ', []],
    ['ments', ['Alpha Payments iOS', 'alpha payments web', 'Ελληνικά Payments', 'Payments Agent CLI', 'Agent CLI Payments']],
  ])('name=%j finds exactly %j (case-insensitive, wildcards literal)', async (term, names) => {
    const ids = await allPages(t, { name: term });
    const found = ids.map((id) => clients.find((c) => c.id === id)!.name);
    expect(found.sort()).toEqual([...names].sort());
    expect(ids).toEqual(expected(clients, (c) => nameSearchOf(c.name).includes(foldForSearch(term)), '-creationDate'));
  });

  it('the SQL-shaped name left the table alone', async () => {
    expect(await t.countClients()).toBe(clients.length);
  });

  it.each<[Record<string, string>, (c: TechClientEntity) => boolean]>([
    [{ label: 'team-a' }, (c) => c.label === 'team-a'],
    [{ locked: 'true' }, (c) => c.locked],
    [{ locked: 'false' }, (c) => !c.locked],
    [{ softwareId: 'sw.2' }, (c) => c.softwareId === 'sw.2'],
    [{ authorizationServer: 'partners' }, (c) => c.authorizationServer === 'partners'],
    [{ createdFrom: new Date(BASE + 5 * 60_000).toISOString(), createdTo: new Date(BASE + 9 * 60_000).toISOString() },
      (c) => c.createdAt >= BASE + 5 * 60_000 && c.createdAt < BASE + 9 * 60_000],
    [{ createdFrom: '2026-01-01', label: 'team-b', locked: 'false', name: 'client' },
      (c) => c.label === 'team-b' && !c.locked && nameSearchOf(c.name).includes('client')],
  ])('filters %j', async (query, keep) => {
    for (const sort of ['-creationDate', 'displayName']) {
      expect(await allPages(t, { ...query, sort }, 5)).toEqual(expected(clients, keep, sort));
    }
  });

  it('filters by exact id', async () => {
    const target = clients[10];
    const response = await request(t.http).get('/tech-clients').query({ id: target.id }).set(AS_ADMIN).expect(200);
    expect(response.body.data.map((r: { id: string }) => r.id)).toEqual([target.id]);
    const none = await request(t.http).get('/tech-clients').query({ id: target.id.toUpperCase() }).set(AS_ADMIN).expect(200);
    expect(none.body.data).toEqual([]);
  });

  it('a filter matching nothing is an empty page, not an error', async () => {
    const response = await request(t.http).get('/tech-clients').query({ label: 'nobody', name: 'zz' }).set(AS_ADMIN).expect(200);
    expect(response.body).toEqual({ meta: expect.objectContaining({ page: { limit: 50, sort: '-creationDate', nextCursor: null } }), data: [] });
  });

  it('a cursor keeps working after the rows before it are deleted', async () => {
    const first = await request(t.http).get('/tech-clients').query({ limit: '3' }).set(AS_ADMIN).expect(200);
    const seen = first.body.data.map((r: { id: string }) => r.id);
    await request(t.http).delete(`/tech-clients/${seen[2]}`).set(AS_ADMIN).expect(204);
    const next = await request(t.http).get('/tech-clients').query({ limit: '3', cursor: first.body.meta.page.nextCursor }).set(AS_ADMIN).expect(200);
    const remaining = expected(clients.filter((c) => c.id !== seen[2]), () => true, '-creationDate');
    expect(next.body.data.map((r: { id: string }) => r.id)).toEqual(remaining.slice(2, 5));
  });
});

describe('GET /tech-clients: name terms on either side of the candidate limit', () => {
  let t: TestApp;
  let clients: TechClientEntity[];

  beforeAll(async () => {
    t = await createTestApp({ admin: { token: ADMIN_TOKEN } });
    // "e" is in every name, twice: past NAME_CANDIDATE_LIMIT, so the search walks the sort order;
    // "widget" is in half the names: the index answers. Both must page alike.
    clients = await seedClients(t, Array.from({ length: 5_200 }, (_, i) => techClient({
      name: i % 2 ? `Common Widget ${i}` : `Rare Gadget ${i}`,
      label: i % 3 ? 'team-a' : null,
      createdAt: BASE + Math.floor(i / 2) * 1000,
    })));
  }, 60_000);
  afterAll(() => t.close());

  it.each([
    ['e', {}],
    ['widget', {}],
    ['widget 1', {}],
    ['common widget 1', {}],
    ['rare gadget 51', { label: 'team-a' }],
    ['gadget 1', { sort: 'displayName' }],
    ['e', { sort: 'creationDate', createdFrom: new Date(BASE + 1_000_000).toISOString() }],
    ['widget', { sort: 'creationDate', createdTo: new Date(BASE + 300_000).toISOString() }],
  ])('name=%j %j pages in order, every match once', async (term, query: Record<string, string>) => {
    const sort = query.sort ?? '-creationDate';
    const keep = (c: TechClientEntity) => nameSearchOf(c.name).includes(term)
      && (query.label === undefined || c.label === query.label)
      && (query.createdFrom === undefined || c.createdAt >= Date.parse(query.createdFrom))
      && (query.createdTo === undefined || c.createdAt < Date.parse(query.createdTo));
    const found = await allPages(t, { ...query, name: term }, 200);
    expect(found).toEqual(expected(clients, keep, sort));
  });

  it('follows renames and deletions: the index is written with the row', async () => {
    const [renamed, deleted] = [clients[1], clients[3]];
    await request(t.http).patch(`/tech-clients/${renamed.id}`).set(AS_ADMIN)
      .send({ displayName: 'Ωmega Renamed' }).expect(200);
    await request(t.http).delete(`/tech-clients/${deleted.id}`).set(AS_ADMIN).expect(204);
    expect(await allPages(t, { name: 'ωmega' })).toEqual([renamed.id]);
    expect(await allPages(t, { name: 'common widget 1' }, 200)).not.toContain(renamed.id);
    expect(await allPages(t, { name: 'common widget 3' }, 200)).not.toContain(deleted.id);
    const left: { n: number | string }[] = await t.dataSource.query(
      `SELECT COUNT(*) AS n FROM tech_client_name_fragment WHERE client_id IN ('${renamed.id}', '${deleted.id}') AND fragment LIKE 'common%'`,
    );
    expect(Number(left[0].n)).toBe(0);
  });
});
