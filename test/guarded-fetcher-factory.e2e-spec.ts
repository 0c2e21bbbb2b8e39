import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import {
  ClientMetadataDocumentResolver,
  DcrModuleOptions,
  FetchedDocument,
  GuardedFetcher,
  GuardedFetcherFactory,
  GuardedFetcherOptions,
  GuardedFetchOptions,
  GuardedFetchPurpose,
} from '../src/dcr';
import { createTestApp, profile, TestApp } from './utils/test-app';

const ISSUER = 'http://localhost';
const DOCUMENT_URL = 'https://tools.example/oauth/client.json';
const JWKS_URL = 'https://keys.example/jwks.json';

/** A host's own fetchers (say, through its egress proxy): here, documents served from memory. */
class InMemoryFetcherFactory extends GuardedFetcherFactory {
  readonly made: { purpose: GuardedFetchPurpose; serverId: string; maxBytes?: number }[] = [];
  readonly fetched: string[] = [];
  readonly documents = new Map<string, object>();

  create(options: GuardedFetcherOptions, purpose: GuardedFetchPurpose, serverId: string): GuardedFetcher {
    this.made.push({ purpose, serverId, maxBytes: options.maxBytes });
    const factory = this;
    return new (class extends GuardedFetcher {
      async fetch(url: string, fetchOptions: GuardedFetchOptions = {}): Promise<FetchedDocument> {
        factory.fetched.push(url);
        const body = factory.documents.get(url);
        if (!body) throw new Error(`no document at ${url}`);
        const now = Date.now();
        const document = { url, body: Buffer.from(JSON.stringify(body)), contentType: 'application/json', fetchedAt: now, expiresAt: now, fromCache: false };
        await fetchOptions.validate?.(document);
        return document;
      }
    })();
  }
}

describe('GuardedFetcherFactory: the one place a host swaps what the server fetches', () => {
  const factory = new InMemoryFetcherFactory();
  let t: TestApp;

  beforeAll(async () => {
    const base = profile('default');
    const options = {
      ...base,
      issuer: ISSUER,
      clientIdMetadataDocument: { requiredProperties: [] },
      processors: {
        ...base.processors,
        tokenEndpointAuthMethod: { allowed: ['none', 'client_secret_basic', 'private_key_jwt'] },
        jwks: {},
      },
    } as Partial<DcrModuleOptions>;
    t = await createTestApp(options, { customize: (builder) => builder.overrideProvider(GuardedFetcherFactory).useValue(factory) });
  });
  afterAll(() => t.close());

  it('makes one fetcher per server and purpose, with that purpose’s limits', () => {
    expect(factory.made).toHaveLength(2);
    expect(factory.made).toEqual(expect.arrayContaining([
      { purpose: 'jwks_uri', serverId: 'default', maxBytes: 8192 },
      { purpose: 'client_id_metadata_document', serverId: 'default', maxBytes: 5120 },
    ]));
  });

  it('resolves a client ID metadata document through the host’s fetcher', async () => {
    factory.documents.set(DOCUMENT_URL, { client_id: DOCUMENT_URL, client_name: 'Tools', redirect_uris: ['https://tools.example/callback'], token_endpoint_auth_method: 'none' });
    const client = await t.app.get(ClientMetadataDocumentResolver).resolve(DOCUMENT_URL, 'default');
    expect(client).toMatchObject({ id: DOCUMENT_URL, name: 'Tools', source: 'cimd' });
    expect(factory.fetched).toContain(DOCUMENT_URL);
  });

  it('fetches a private_key_jwt client’s jwks_uri through the host’s fetcher', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    factory.documents.set(JWKS_URL, { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] });
    const registered = await request(t.http).post('/oauth2/register')
      .send({ grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt', jwks_uri: JWKS_URL, scope: 'api:read' })
      .expect(201);
    const clientId = registered.body.client_id;
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ jti: `factory-${now}` })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(clientId).setSubject(clientId).setAudience(`${ISSUER}/oauth2/token`).setIssuedAt(now).setExpirationTime(now + 60)
      .sign(privateKey);
    await request(t.http).post('/oauth2/token').type('form')
      .send({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion })
      .expect(200);
    expect(factory.fetched).toContain(JWKS_URL);
  });
});
