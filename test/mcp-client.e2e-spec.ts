import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { OAuthClientProvider, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { createRemoteJWKSet, jwtVerify, JWTPayload } from 'jose';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DcrModuleOptions } from '../src/dcr';
import { DocumentServer, makeTestCertificates, startDocumentServer } from '../src/dcr/fetch/document-server.spec-helper';
import { createTestApp, profile, TestApp } from './utils/test-app';

const SCOPE = 'mcp:tools';

/** Every request of this suite, the SDK's included, stays on this machine's loopback interface. */
const loopbackFetch: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!/^127\.\d+\.\d+\.\d+$/.test(url.hostname)) throw new Error(`refused to fetch ${url.href}: not on 127.0.0.0/8`);
  return fetch(input, init);
};

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

async function freePort(): Promise<number> {
  const probe = createServer();
  const origin = await listen(probe);
  await stop(probe);
  return Number(new URL(origin).port);
}

/**
 * An MCP server (the SDK's, Streamable HTTP, stateless) protected by the example host: without a
 * valid token it answers 401 with `WWW-Authenticate` naming its RFC 9728 metadata, which names
 * the example host as authorization server. A token must verify with the host's JWKS, come from
 * its issuer, and be meant for this resource (`aud`, RFC 8707).
 */
class ProtectedMcpServer {
  readonly tokens: JWTPayload[] = [];
  private readonly server = createServer((req, res) => void this.handle(req, res).catch((error) => res.writeHead(500).end(String(error))));
  private origin = '';

  constructor(private readonly issuer: string) {}

  get url(): string {
    return `${this.origin}/mcp`;
  }

  async start(): Promise<void> {
    this.origin = await listen(this.server);
  }

  stop(): Promise<void> {
    return stop(this.server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const metadataUrl = `${this.origin}/.well-known/oauth-protected-resource/mcp`;
    if (req.url === '/.well-known/oauth-protected-resource/mcp') {
      const metadata = { resource: this.url, authorization_servers: [this.issuer], scopes_supported: [SCOPE], bearer_methods_supported: ['header'] };
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(metadata));
      return;
    }
    if (req.url !== '/mcp') return void res.writeHead(404).end();

    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const claims = bearer ? await this.verify(bearer) : undefined;
    if (!claims) {
      const challenge = `Bearer resource_metadata="${metadataUrl}"${bearer ? ', error="invalid_token"' : ''}`;
      res.writeHead(401, { 'WWW-Authenticate': challenge, 'Content-Type': 'application/json' }).end('{"error":"invalid_token"}');
      return;
    }
    this.tokens.push(claims);
    const mcp = new McpServer({ name: 'protected-e2e-server', version: '1.0.0' });
    mcp.registerTool('whoami', { description: 'The client_id of the access token' }, async () => ({ content: [{ type: 'text', text: String(claims.client_id) }] }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close().then(() => mcp.close()));
    await mcp.connect(transport);
    await transport.handleRequest(req, res);
  }

  private async verify(token: string): Promise<JWTPayload | undefined> {
    const keys = createRemoteJWKSet(new URL(`${this.issuer}/oauth2/jwks`));
    try {
      return (await jwtVerify(token, keys, { issuer: this.issuer, audience: this.url, typ: 'at+jwt' })).payload;
    } catch {
      return undefined;
    }
  }
}

/** The MCP client's side of OAuth, kept in memory; `redirectToAuthorization` only notes the URL a browser would open. */
class InMemoryOAuthProvider implements OAuthClientProvider {
  authorizationUrl?: URL;
  client?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  private verifier?: string;

  constructor(readonly redirectUrl: string, readonly clientMetadataUrl: string | undefined, readonly clientMetadata: OAuthClientMetadata) {}

  state(): string {
    return 'mcp-e2e-state';
  }
  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.client;
  }
  saveClientInformation(client: OAuthClientInformationMixed): void {
    this.client = client;
  }
  tokens(): OAuthTokens | undefined {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens): void {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL): void {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }
  codeVerifier(): string {
    if (!this.verifier) throw new Error('no code verifier saved');
    return this.verifier;
  }
}

/** The client's loopback callback (RFC 8252 §7.3): records the authorization responses it receives. */
class CallbackServer {
  readonly received: URLSearchParams[] = [];
  private readonly server = createServer((req, res) => {
    this.received.push(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams);
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('You can close this window.');
  });
  url = '';

  async start(): Promise<void> {
    this.url = `${await listen(this.server)}/callback`;
  }

  stop(): Promise<void> {
    return stop(this.server);
  }
}

/**
 * What the user's browser does with the authorization URL: opens the consent page, approves on
 * its form, and follows the redirect to the client's callback. Returns the code the callback got.
 */
async function approveInBrowser(authorizationUrl: URL, issuer: string, callback: CallbackServer): Promise<string> {
  expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(`${issuer}/oauth2/authorize`);
  const page = await loopbackFetch(authorizationUrl, { redirect: 'manual' });
  const html = await page.text();
  expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
  const formToken = /name="consent_token" value="([^"]+)"/.exec(html)?.[1];
  const cookie = page.headers.get('set-cookie')?.split(';')[0];
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  if (!formToken || !cookie || !action) throw new Error(`no consent form in: ${html.slice(0, 300)}`);

  const answer = await loopbackFetch(new URL(action, authorizationUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams({ consent_token: formToken, decision: 'approve' }),
  });
  expect(answer.status).toBe(303);
  const location = answer.headers.get('location')!;
  expect(location.startsWith(`${callback.url}?`)).toBe(true);
  await (await loopbackFetch(location)).text();
  const response = callback.received.at(-1)!;
  // RFC 6749 §4.1.2 and RFC 9207: the state the client sent, and the issuer it talked to.
  expect([response.get('state'), response.get('iss')]).toEqual(['mcp-e2e-state', issuer]);
  return response.get('code')!;
}

/** Connects the SDK's client; a 401 starts its OAuth flow, which ends at the authorization URL. */
async function connect(mcpUrl: string, provider: OAuthClientProvider): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: loopbackFetch });
  const client = new Client({ name: 'e2e-mcp-client', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

describe('a real MCP client (the official TypeScript SDK) against the example host', () => {
  const certificates = makeTestCertificates(['localhost']);
  let t: TestApp | undefined;
  let issuer: string;
  let mcp: ProtectedMcpServer;
  let callback: CallbackServer;
  let documents: DocumentServer | undefined;
  const clients: Client[] = [];

  /** The example host, listening on 127.0.0.1 with its issuer set to that address. */
  async function startHost(overrides: Partial<DcrModuleOptions>): Promise<void> {
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    t = await createTestApp({ ...profile('default'), issuer, ...overrides } as DcrModuleOptions);
    await t.app.listen(port, '127.0.0.1');
    mcp = new ProtectedMcpServer(issuer);
    await mcp.start();
  }

  beforeEach(async () => {
    callback = new CallbackServer();
    await callback.start();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await mcp?.stop();
    await t?.close();
    await documents?.close();
    await callback.stop();
    t = undefined;
    documents = undefined;
  });

  /** The whole flow: 401, discovery, authorization URL, consent, code, token; then `tools/list`. */
  async function authorizeAndListTools(provider: InMemoryOAuthProvider): Promise<string[]> {
    await expect(connect(mcp.url, provider)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.authorizationUrl).toBeDefined();
    const code = await approveInBrowser(provider.authorizationUrl!, issuer, callback);
    const pending = new StreamableHTTPClientTransport(new URL(mcp.url), { authProvider: provider, fetch: loopbackFetch });
    await pending.finishAuth(code);
    await pending.close();

    const { client } = await connect(mcp.url, provider);
    clients.push(client);
    const { tools } = await client.listTools();
    return tools.map((tool) => tool.name);
  }

  it('discovers the host, is identified by its client ID metadata document, completes code + PKCE through the consent form, and lists tools', async () => {
    if (!certificates) throw new Error('openssl is needed to make the test CA of the https document server');
    // The SDK takes only an https clientMetadataUrl: the document is served over TLS with a test CA.
    let documentUrl = '';
    documents = await startDocumentServer((_req, res) => {
      const document = {
        client_id: documentUrl,
        client_name: 'E2E MCP client',
        // Registered without a port: the client listens wherever it can (RFC 8252 §7.3).
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
        scope: SCOPE,
      };
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(document));
    }, certificates);
    documentUrl = documents.url('/mcp-client.json');
    expect(documentUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/mcp-client\.json$/);
    await startHost({
      // UNSAFE outside tests: fetch documents from this machine over https trusting a test CA.
      clientIdMetadataDocument: { development: { allowHttpsLoopback: true, loopbackCaPem: certificates.ca } },
    } as Partial<DcrModuleOptions>);

    const provider = new InMemoryOAuthProvider(callback.url, documentUrl, {
      client_name: 'E2E MCP client', redirect_uris: [callback.url], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none', scope: SCOPE,
    });
    expect(await authorizeAndListTools(provider)).toEqual(['whoami']);

    // CIMD, not DCR: the client_id is the document's URL, nothing was registered, and the document was fetched.
    expect(provider.client).toMatchObject({ client_id: documentUrl });
    expect(await t!.countClients()).toBe(1);
    expect(await t!.clientRow(documentUrl)).toMatchObject({ source: 'cimd' });
    expect(documents.requests).toBeGreaterThanOrEqual(1);
    expect(mcp.tokens.at(-1)).toMatchObject({ iss: issuer, aud: mcp.url, client_id: documentUrl, scope: SCOPE });
    expect(provider.saved).toMatchObject({ token_type: expect.stringMatching(/^bearer$/i), scope: SCOPE, refresh_token: expect.any(String) });

    // The access token is refused: the SDK refreshes (the refresh token rotates) and retries.
    const firstRefreshToken = provider.saved!.refresh_token;
    provider.saved = { ...provider.saved!, access_token: 'no-longer-valid' };
    const { client } = await connect(mcp.url, provider);
    clients.push(client);
    expect((await client.callTool({ name: 'whoami' })).content).toEqual([{ type: 'text', text: documentUrl }]);
    expect(provider.saved!.refresh_token).not.toBe(firstRefreshToken);
  });

  it('falls back to dynamic client registration when the host does not accept client ID metadata documents', async () => {
    await startHost({});
    const discovery = (await (await loopbackFetch(`${issuer}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(discovery).not.toHaveProperty('client_id_metadata_document_supported');
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);

    const provider = new InMemoryOAuthProvider(callback.url, 'https://127.0.0.1:1/never-fetched.json', {
      client_name: 'E2E MCP client', redirect_uris: [callback.url], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none', scope: SCOPE,
    });
    expect(await authorizeAndListTools(provider)).toEqual(['whoami']);

    const clientId = provider.client!.client_id;
    expect(clientId).not.toMatch(/^https?:/);
    expect(await t!.clientRow(clientId)).toMatchObject({ source: 'dcr' });
    expect(mcp.tokens.at(-1)).toMatchObject({ iss: issuer, aud: mcp.url, client_id: clientId, scope: SCOPE });
  });
});
