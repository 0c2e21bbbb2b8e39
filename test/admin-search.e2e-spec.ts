import request from 'supertest';
import { TechClientAdminStore, TechClientEntity, TypeOrmTechClientAdminStore } from '../src/dcr';
import { NAME_SEARCH_LIMITS, NameSearchLimits } from '../src/dcr/persistence/tech-client-name-search';
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
  // Mixed scripts, and names shorter than a gram of the PostgreSQL index (eight characters).
  'Kundenportal 支付 Gateway', 'Платежи iOS', 'Zürich Café ☕', '決済', 'x', 'Ab  Cd',
];

/**
 * Every path of the name search, forced: the defaults (on this little data the first rows walked
 * fill every page), no walk (the index answers every term), and no index candidates (SQLite walks
 * the whole sort order); on PostgreSQL, windows of the creation order that hold a page or fall
 * short of one (a term of up to eight characters, newest or oldest first). Each must give the
 * same pages.
 */
const PATHS: [string, Partial<NameSearchLimits>][] = [
  ['defaults', {}],
  ['the index for every term', { sampleRows: 0, walkRows: 0 }],
  ['a walk for every term', { sampleRows: 0, walkRows: 0, candidates: 0, moreCandidates: 0 }],
  ['a walk of few rows, then the index', { sampleRows: 3, commonInSample: 1, commonInSampleWithWindows: 1, walkRows: 5, windowFromSample: 1000 }],
  ['a walk of few rows, then many candidates (SQLite)', { sampleRows: 3, commonInSample: 5, walkRows: 5, candidates: 0 }],
  ['windows of the index (PostgreSQL)', { sampleRows: 4, commonInSampleWithWindows: 1000, windowFromSample: 1, windowPages: 1.5, windows: 3 }],
  ['windows too small for a page (PostgreSQL)', { sampleRows: 6, commonInSampleWithWindows: 1000, windowFromSample: 1, windowPages: 0.05, windows: 2 }],
  ['a walk of few rows, then windows (PostgreSQL)', { sampleRows: 3, commonInSampleWithWindows: 1, walkRows: 7, windowFromSample: 1, windowPages: 1, windows: 2 }],
];

function nameSearchLimits(t: TestApp): NameSearchLimits {
  return (t.app.get(TechClientAdminStore, { strict: false }) as TypeOrmTechClientAdminStore).nameSearch.limits;
}

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
    ['PAYMENTS', ['Alpha Payments iOS', 'alpha payments web']],
    ['müller', ['Müller App', 'MÜLLER Tools']],
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
    ['gateway', ['İstanbul Gateway', 'Kundenportal 支付 Gateway']],
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
    // One and two characters, found exactly whether they match or not.
    ['x', ['underXscore', 'x']],
    ['é', ['École Numérique', 'Zürich Café ☕']],
    ['ü', ['Müller App', 'MÜLLER Tools', 'Zürich Café ☕']],
    ['😀', ['😀 Emoji App']],
    ['☕', ['Zürich Café ☕']],
    ['決', ['決済']],
    ['支付', ['Kundenportal 支付 Gateway']],
    ['qx', []],
    ['щ', []],
    [' ', NAMES.filter((name) => name.includes(' ')).concat(Array.from({ length: 40 }, (_, i) => `Client ${String(i).padStart(2, '0')}`))],
    ['  ', ['Ab  Cd']],
    ['b  c', ['Ab  Cd']],
    ['b c', []],
    ["'", ["O'Brien'; DROP TABLE tech_client; --"]],
    // Mixed scripts, in order and not.
    ['支付 gateway', ['Kundenportal 支付 Gateway']],
    ['gateway 支付', []],
    ['платежи ios', ['Платежи iOS']],
    ['ios платежи', []],
    ['zürich café ☕', ['Zürich Café ☕']],
    ['café zürich', []],
    // Longer than a gram: its windows, each checked.
    ['kundenportal 支付', ['Kundenportal 支付 Gateway']],
    ['alpha payments ios', ['Alpha Payments iOS']],
    ['alpha payments web', ['alpha payments web']],
    ['payments ios alpha', []],
    ['client 01', ['Client 01']],
    ["brien'; drop table", ["O'Brien'; DROP TABLE tech_client; --"]],
    ['\\slash', ['back\\slash']],
  ])('name=%j finds exactly %j (case-insensitive, wildcards literal), by every path', async (term, names) => {
    const limits = nameSearchLimits(t);
    try {
      for (const [path, override] of PATHS) {
        Object.assign(limits, NAME_SEARCH_LIMITS, override);
        const ids = await allPages(t, { name: term });
        const found = ids.map((id) => clients.find((c) => c.id === id)!.name);
        expect([path, found.sort()]).toEqual([path, [...names].sort()]);
        expect([path, ids]).toEqual([path, expected(clients, (c) => nameSearchOf(c.name).includes(foldForSearch(term)), '-creationDate')]);
      }
    } finally {
      Object.assign(limits, NAME_SEARCH_LIMITS);
    }
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

describe('GET /tech-clients: every path of the name search, with the other filters and every order', () => {
  let t: TestApp;
  let clients: TechClientEntity[];

  beforeAll(async () => {
    t = await createTestApp({ admin: { token: ADMIN_TOKEN } });
    clients = await seedClients(t, Array.from({ length: 600 }, (_, i) => techClient({
      name: i % 2 ? `Common Widget ${i}` : `Rare Gadget ${i}`,
      createdAt: BASE + Math.floor(i / 2) * 1000,
      label: i % 3 ? 'team-a' : null,
    })));
  });
  afterAll(() => t.close());
  afterEach(() => {
    Object.assign(nameSearchLimits(t), NAME_SEARCH_LIMITS);
  });

  const terms = ['widget', 'common widget 1', 'e', 'et 1', 'dget 59', 'gadget 20', 'rare gadget 598', 'widget 7', '1', '599', 'zz', 'w', 'common widget 9999'];

  it.each(PATHS)('by %s', async (_, override) => {
    Object.assign(nameSearchLimits(t), override);
    for (const name of terms) {
      const keep = (c: TechClientEntity) => nameSearchOf(c.name).includes(name);
      for (const sort of ['-creationDate', 'creationDate', 'displayName', '-displayName']) {
        expect([name, sort, await allPages(t, { name, sort }, 30)]).toEqual([name, sort, expected(clients, keep, sort)]);
      }
      const window = (c: TechClientEntity) => keep(c) && c.label === 'team-a' && c.createdAt >= BASE + 50_000 && c.createdAt < BASE + 250_000;
      const query = { name, label: 'team-a', createdFrom: new Date(BASE + 50_000).toISOString(), createdTo: new Date(BASE + 250_000).toISOString() };
      for (const sort of ['-creationDate', 'displayName']) {
        expect([name, sort, await allPages(t, { ...query, sort }, 20)]).toEqual([name, sort, expected(clients, window, sort)]);
      }
    }
  });

  it('keeps the name index in step when a client is renamed or deleted', async () => {
    Object.assign(nameSearchLimits(t), { sampleRows: 0, walkRows: 0 });
    const [renamed, deleted] = [clients[11], clients[13]];
    await request(t.http).patch(`/tech-clients/${renamed.id}`).set(AS_ADMIN).send({ displayName: 'Ünïque Renamed 名前' }).expect(200);
    await request(t.http).delete(`/tech-clients/${deleted.id}`).set(AS_ADMIN).expect(204);
    const ids = (name: string) => allPages(t, { name }, 50);
    expect(await ids('renamed 名')).toEqual([renamed.id]);
    expect(await ids('ünïque')).toEqual([renamed.id]);
    expect(await ids('名')).toEqual([renamed.id]);
    expect(await ids('common widget 11')).not.toContain(renamed.id);
    expect(await ids('common widget 13')).toEqual(expected(clients, (c) => c !== deleted && nameSearchOf(c.name).includes('common widget 13'), '-creationDate'));
  });

  // SQLite builds without FTS5 have no trigram index (the migration skips it); on PostgreSQL the
  // index is always created, and without it the same statements must still answer, if slowly.
  it('answers the same without the name index', async () => {
    const before = await allPages(t, { name: 'gadget 20' }, 50);
    const short = await allPages(t, { name: '9' }, 50);
    if (t.database.driver === 'postgres') {
      await t.dataSource.query('DROP INDEX ix_tech_client_name_grams');
    } else {
      for (const trigger of ['ai', 'ad', 'au']) await t.dataSource.query(`DROP TRIGGER tech_client_name_fts_${trigger}`);
      await t.dataSource.query('DROP TABLE tech_client_name_vocab');
      await t.dataSource.query('DROP TABLE tech_client_name_fts');
    }
    const other = await createTestApp({ admin: { token: ADMIN_TOKEN } }, { database: t.database });
    try {
      Object.assign(nameSearchLimits(other), { sampleRows: 0, walkRows: 0 });
      expect(await allPages(other, { name: 'gadget 20' }, 50)).toEqual(before);
      expect(await allPages(other, { name: '9' }, 50)).toEqual(short);
      expect(before).toEqual(expected(clients, (c) => nameSearchOf(c.name).includes('gadget 20'), '-creationDate'));
    } finally {
      await other.close();
    }
  });
});
