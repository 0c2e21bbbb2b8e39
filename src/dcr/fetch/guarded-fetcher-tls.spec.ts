import { createServer, type AddressInfo } from 'node:net';
import { DcrConfigurationError } from '../errors/dcr-configuration.error';
import { makeTestCertificates, startDocumentServer, type DocumentServer } from './document-server.spec-helper';
import type { HostResolver, ResolvedAddress } from './fetch-options';
import { FetchRefusedError } from './fetch-refused.error';
import { DefaultGuardedFetcher } from './guarded-fetcher';

// HTTPS against a throwaway CA on 127.0.0.1, and DNS pinning through an injected resolver. Every
// resolver here answers loopback or refused ranges only, so no test can reach beyond this machine.
const certificates = makeTestCertificates(['pinned.test']);
const describeTls = certificates ? describe : describe.skip;
if (!certificates) {
  console.warn('SKIPPED: the HTTPS fetch tests need the openssl command to make a throwaway CA');
}

const DOC = '{"client_id":"https://pinned.test/doc.json"}';
const reason = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'fulfilled',
    (error: unknown) => (error instanceof FetchRefusedError ? error.reason : `other: ${String(error)}`),
  );
const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });

describeTls('DefaultGuardedFetcher over HTTPS with a test CA', () => {
  let server: DocumentServer;
  const ca = certificates?.ca ?? '';

  beforeAll(async () => {
    server = await startDocumentServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(DOC);
    }, certificates);
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    server.connections = 0;
    server.requests = 0;
    server.serverNames.length = 0;
    server.hosts.length = 0;
  });

  it('fails TLS without the extra CA, and succeeds with it', async () => {
    const without = new DefaultGuardedFetcher({ development: { allowHttpsLoopback: true } });
    expect(await reason(without.fetch(server.url()))).toBe('tls');
    expect(server.connections).toBe(1);
    expect(server.requests).toBe(0);

    const withCa = new DefaultGuardedFetcher({ development: { allowHttpsLoopback: true, loopbackCaPem: ca } });
    expect((await withCa.fetch(server.url())).body.toString()).toBe(DOC);
    expect(server.requests).toBe(1);
  });

  it('reports a connection closed during the handshake as tls', async () => {
    const hangUp = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve));
    const { port } = hangUp.address() as AddressInfo;
    const fetcher = new DefaultGuardedFetcher({ development: { allowHttpsLoopback: true, loopbackCaPem: ca } });
    try {
      expect(await reason(fetcher.fetch(`https://127.0.0.1:${port}/doc.json`))).toBe('tls');
    } finally {
      await new Promise((resolve) => hangUp.close(resolve));
    }
  });

  it('refuses https loopback without allowHttpsLoopback, before connecting', async () => {
    const httpOnly = new DefaultGuardedFetcher({ development: { allowHttpLoopback: true } });
    expect(await reason(httpOnly.fetch(server.url()))).toBe('special_use_address');
    expect(server.connections).toBe(0);
  });

  it('takes the extra CA only together with allowHttpsLoopback', () => {
    expect(() => new DefaultGuardedFetcher({ development: { loopbackCaPem: ca } })).toThrow(DcrConfigurationError);
  });

  describe('DNS resolved once, connection pinned', () => {
    const fetcher = (resolve: HostResolver): DefaultGuardedFetcher =>
      new DefaultGuardedFetcher({ resolve, development: { allowHttpsLoopback: true, loopbackCaPem: ca } });

    it('connects to the address the resolver gave, with the name as TLS server name and Host', async () => {
      // A .test name never resolves in public DNS: success proves nothing else resolved it.
      const resolve = jest.fn(async () => [v4('127.0.0.1')]);
      const url = `https://pinned.test:${server.port}/doc.json`;
      expect((await fetcher(resolve).fetch(url)).body.toString()).toBe(DOC);
      expect(resolve).toHaveBeenCalledTimes(1);
      expect(resolve).toHaveBeenCalledWith('pinned.test');
      expect(server.serverNames).toEqual(['pinned.test']);
      expect(server.hosts).toEqual([`pinned.test:${server.port}`]);
    });

    it('asks a resolver that changes its answer once per fetch, and vets each answer', async () => {
      const answers = [[v4('127.0.0.1')], [v4('10.0.0.1')], [v4('127.0.0.1')], [v4('169.254.169.254')]];
      let call = 0;
      const resolve = jest.fn(async () => answers[call++ % answers.length]);
      const shared = fetcher(resolve);
      const url = `https://pinned.test:${server.port}/doc.json`;
      expect(await reason(shared.fetch(url))).toBe('fulfilled');
      expect(resolve).toHaveBeenCalledTimes(1);
      expect(await reason(shared.fetch(url))).toBe('special_use_address');
      expect(resolve).toHaveBeenCalledTimes(2);
      expect(await reason(shared.fetch(url))).toBe('fulfilled');
      expect(await reason(shared.fetch(url))).toBe('special_use_address');
      expect(resolve).toHaveBeenCalledTimes(4);
      expect(server.requests).toBe(2);
      expect(server.connections).toBe(2);
    });

    it('checks the certificate against the name in the URL, not the address', async () => {
      const resolve = jest.fn(async () => [v4('127.0.0.1')]);
      expect(await reason(fetcher(resolve).fetch(`https://other.test:${server.port}/doc.json`))).toBe('tls');
      expect(server.requests).toBe(0);
    });

    it.each([
      ['a private address', [v4('10.1.2.3')]],
      ['the metadata address', [v4('169.254.169.254')]],
      ['loopback mixed with a private address', [v4('127.0.0.1'), v4('192.168.0.10')]],
      ['a private address listed after loopback', [v4('127.0.0.1'), { address: 'fd00::1', family: 6 as const }]],
      ['an IPv4-mapped loopback', [{ address: '::ffff:127.0.0.1', family: 6 as const }]],
      ['loopback mixed with a public address', [v4('127.0.0.1'), v4('8.8.8.8')]],
      ['a public address mixed with a private one', [v4('8.8.8.8'), v4('10.0.0.1')]],
      ['something that is not an address', [v4('not-an-ip')]],
    ])('refuses a name resolving to %s, before connecting', async (_name, addresses) => {
      const resolve = jest.fn(async () => addresses);
      expect(await reason(fetcher(resolve).fetch(`https://pinned.test:${server.port}/doc.json`))).toBe('special_use_address');
      expect(server.connections).toBe(0);
    });

    it('reports a name that does not resolve, or resolves to nothing, as dns', async () => {
      const missing = Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
      expect(await reason(fetcher(async () => { throw missing; }).fetch('https://missing.test/doc.json'))).toBe('dns');
      expect(await reason(fetcher(async () => []).fetch('https://empty.test/doc.json'))).toBe('dns');
      expect(server.connections).toBe(0);
    });
  });
});

describe('DefaultGuardedFetcher without development options', () => {
  it('refuses a public-looking name whose only address is private (no connection is possible)', async () => {
    const resolve = jest.fn(async () => [v4('10.0.0.7')]);
    const fetcher = new DefaultGuardedFetcher({ resolve });
    expect(await reason(fetcher.fetch('https://client.example/doc.json'))).toBe('special_use_address');
    expect(resolve).toHaveBeenCalledWith('client.example');
  });

  it('refuses a name resolving to loopback', async () => {
    const fetcher = new DefaultGuardedFetcher({ resolve: async () => [v4('127.0.0.1')] });
    expect(await reason(fetcher.fetch('https://localhost/doc.json'))).toBe('special_use_address');
  });
});
