import request from 'supertest';
import { createTestApp, TestApp } from './utils/test-app';

describe('several authorization servers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      authorizationServers: {
        retail: {
          clientSecret: { length: 32 },
          grants: { clientCredentials: false },
          processors: { clientName: {}, tokenEndpointAuthMethod: { allowed: ['client_secret_basic'] } },
        },
        partners: {
          registrationPath: 'partners/dcr',
          clientId: { generator: 'random', length: 40 },
          grants: { authorizationCode: false, refreshToken: false },
          clientSecret: {},
          processors: { contacts: {}, tokenEndpointAuthMethod: {} },
        },
      },
    });
  });
  afterAll(() => t.close());

  it('serves each server at its own path with its own processors and secrets policy', async () => {
    const retail = await request(t.http)
      .post('/oauth2/retail/register')
      .send({ redirect_uris: ['https://shop.example/cb'], client_name: 'Shop', contacts: ['x@y.z'] })
      .expect(201);
    expect(retail.body.client_name).toBe('Shop');
    expect(retail.body).not.toHaveProperty('contacts');
    expect(retail.body.client_secret).toHaveLength(32);

    const partner = await request(t.http)
      .post('/partners/dcr')
      .send({ grant_types: ['client_credentials'], client_name: 'Partner', contacts: ['ops@partner.example'] })
      .expect(201);
    expect(partner.body.client_id).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect(partner.body).not.toHaveProperty('client_name');
    expect(partner.body.contacts).toEqual(['ops@partner.example']);
    expect(partner.body.client_secret).toHaveLength(43);

    expect((await t.clientRow(retail.body.client_id))?.authorization_server).toBe('retail');
    expect((await t.clientRow(partner.body.client_id))?.authorization_server).toBe('partners');
  });

  it('applies each server grant policy', async () => {
    const response = await request(t.http).post('/oauth2/retail/register').send({ grant_types: ['client_credentials'] }).expect(400);
    expect(response.body.error_description).toMatch(/no supported grant type/);
    await request(t.http).post('/partners/dcr').send({ contacts: ['a@b.c'] }).expect(400);
  });

  it("refuses one server's client through another server's RFC 7592 endpoint: the same 401 on GET, PUT and DELETE", async () => {
    const retail = (await request(t.http).post('/oauth2/retail/register').send({ redirect_uris: ['https://shop.example/cb'], client_name: 'Shop' }).expect(201)).body;
    const partner = (await request(t.http).post('/partners/dcr').send({ grant_types: ['client_credentials'], contacts: ['ops@partner.example'] }).expect(201)).body;
    // Each client, with its own valid token, at the other server's endpoint; the bodies would pass that server's rules.
    const crossings = [
      { client: partner, elsewhere: `/oauth2/retail/register/${partner.client_id}`, body: { redirect_uris: ['https://shop.example/cb'], client_name: 'Taken over' } },
      { client: retail, elsewhere: `/partners/dcr/${retail.client_id}`, body: { grant_types: ['client_credentials'], contacts: ['taken@over.example'] } },
    ];
    let refused = 0;
    for (const { client, elsewhere, body } of crossings) {
      const auth = { Authorization: `Bearer ${client.registration_access_token}` };
      const answers = [
        await request(t.http).get(elsewhere).set(auth),
        await request(t.http).put(elsewhere).set(auth).send({ ...body, client_id: client.client_id }),
        await request(t.http).delete(elsewhere).set(auth),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(401);
        expect(answer.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
        expect(answer.body).toEqual({ error: 'invalid_token', error_description: 'the access token is missing, invalid or does not grant access to this client' });
        refused++;
      }
      // Untouched, and still served by its own server.
      expect(Number((await t.clientRow(client.client_id))?.version)).toBe(1);
      const own = await request(t.http).get(new URL(client.registration_client_uri).pathname).set(auth).expect(200);
      expect(own.body.client_id).toBe(client.client_id);
    }
    expect(refused).toBe(6);
  });

  it('has no endpoint for a server that is not configured', async () => {
    await request(t.http).post('/oauth2/register').send({ grant_types: ['client_credentials'] }).expect(404);
    await request(t.http).post('/oauth2/other/register').send({ grant_types: ['client_credentials'] }).expect(404);
  });
});
