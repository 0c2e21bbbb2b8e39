import { startDocumentServer, type DocumentServer } from './document-server.spec-helper';
import { resolveGuardedFetcherOptions } from './fetch-options';
import { FetchRefusedError } from './fetch-refused.error';
import { vetFetchUrl } from './fetch-url';
import { DefaultGuardedFetcher } from './guarded-fetcher';

const production = resolveGuardedFetcherOptions({}).development;
const httpLoopback = resolveGuardedFetcherOptions({ development: { allowHttpLoopback: true } }).development;
const httpsLoopback = resolveGuardedFetcherOptions({ development: { allowHttpsLoopback: true } }).development;

function refusal(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof FetchRefusedError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('vetFetchUrl', () => {
  it.each([
    ['https://client.example/doc.json', 'client.example', false],
    ['https://CLIENT.example:8443/a/b?x=1', 'client.example', false],
    ['https://8.8.8.8/doc', '8.8.8.8', true],
    ['https://[2606:4700:4700::1111]/doc', '2606:4700:4700::1111', true],
  ])('accepts %s', (input, hostname, literal) => {
    const vetted = vetFetchUrl(input, production);
    expect({ hostname: vetted.hostname, literal: vetted.literal }).toEqual({ hostname, literal });
  });

  it.each([
    // not https, or not a URL
    ['http://client.example/doc'], ['ftp://client.example/doc'], ['file:///etc/passwd'], ['data:,{}'],
    ['javascript:alert(1)'], ['client.example/doc'], ['//client.example/doc'], ['https:client.example/doc'],
    ['https:/client.example/doc'], ['https://'], [''],
    // userinfo, even empty
    ['https://user@client.example/doc'], ['https://user:pw@client.example/doc'], ['https://@client.example/doc'],
    ['https://:@client.example/doc'],
    // hosts that WHATWG parsing turns into a dotted quad
    ['https://2130706433/doc'], ['https://0x7f000001/doc'], ['https://0X7F000001/doc'], ['https://127.1/doc'],
    ['https://127.0.1/doc'], ['https://017700000001/doc'], ['https://0177.0.0.1/doc'], ['https://0x7f.0.0.1/doc'],
    ['https://134744072/doc'], ['https://8.8.2056/doc'], ['https://%31%32%37.0.0.1/doc'], ['https://１２７.0.0.1/doc'],
    ['https://127.0.0.1./doc'], ['https://8.8.8.8./doc'], ['https://08.8.8.8/doc'],
    // what parsing would silently drop or reinterpret
    ['https://client.example\\@127.0.0.1/doc'], ['https://client.exa\tmple/doc'], ['https://client.example/do\nc'],
    [' https://client.example/doc'], ['https://client.example/doc '],
  ])('refuses %j as invalid_url', (input) => {
    expect(refusal(() => vetFetchUrl(input, production))).toBe('invalid_url');
  });

  it.each([
    ['https://127.0.0.1/doc'], ['https://10.1.2.3/doc'], ['https://169.254.169.254/latest/meta-data/'],
    ['https://192.168.1.1/doc'], ['https://100.64.0.1/doc'], ['https://0.0.0.0/doc'], ['https://255.255.255.255/doc'],
    ['https://[::1]/doc'], ['https://[::]/doc'], ['https://[::ffff:127.0.0.1]/doc'], ['https://[::ffff:8.8.8.8]/doc'],
    ['https://[::127.0.0.1]/doc'], ['https://[64:ff9b::a9fe:a9fe]/doc'], ['https://[2002:7f00:1::]/doc'],
    ['https://[2001::1]/doc'], ['https://[fe80::1]/doc'], ['https://[fd00::1]/doc'], ['https://[ff02::1]/doc'],
    ['https://[100::1]/doc'], ['https://[0:0:0:0:0:0:0:1]/doc'],
  ])('refuses %s as special_use_address', (input) => {
    expect(refusal(() => vetFetchUrl(input, production))).toBe('special_use_address');
  });

  it('allows http only to a loopback IP literal, and only with allowHttpLoopback', () => {
    expect(refusal(() => vetFetchUrl('http://127.0.0.1:8080/doc', production))).toBe('invalid_url');
    expect(refusal(() => vetFetchUrl('http://127.0.0.1:8080/doc', httpsLoopback))).toBe('invalid_url');
    expect(refusal(() => vetFetchUrl('http://127.0.0.1:8080/doc', httpLoopback))).toBeUndefined();
    expect(refusal(() => vetFetchUrl('http://[::1]:8080/doc', httpLoopback))).toBeUndefined();
    expect(refusal(() => vetFetchUrl('http://localhost:8080/doc', httpLoopback))).toBe('invalid_url');
    expect(refusal(() => vetFetchUrl('http://10.0.0.1/doc', httpLoopback))).toBe('invalid_url');
    expect(refusal(() => vetFetchUrl('http://client.example/doc', httpLoopback))).toBe('invalid_url');
    expect(refusal(() => vetFetchUrl('http://2130706433:8080/doc', httpLoopback))).toBe('invalid_url');
    // http loopback does not open https loopback, nor the reverse
    expect(refusal(() => vetFetchUrl('https://127.0.0.1:8443/doc', httpLoopback))).toBe('special_use_address');
    expect(refusal(() => vetFetchUrl('https://127.0.0.1:8443/doc', httpsLoopback))).toBeUndefined();
    expect(refusal(() => vetFetchUrl('https://[::1]:8443/doc', httpsLoopback))).toBeUndefined();
    // only loopback opens: other ranges stay refused
    expect(refusal(() => vetFetchUrl('https://10.0.0.1/doc', httpsLoopback))).toBe('special_use_address');
    expect(refusal(() => vetFetchUrl('https://[::ffff:127.0.0.1]/doc', httpsLoopback))).toBe('special_use_address');
  });
});

describe('a refused URL makes no connection', () => {
  let server: DocumentServer;
  const resolve = jest.fn(async () => [{ address: '127.0.0.1', family: 4 as const }]);
  const fetcher = new DefaultGuardedFetcher({ development: { allowHttpLoopback: true }, resolve });

  beforeAll(async () => {
    server = await startDocumentServer((_request, response) => response.end('{}'));
  });
  afterAll(() => server.close());

  it('a well-formed loopback URL does connect (the counter works)', async () => {
    await fetcher.fetch(server.url('/ok'));
    expect(server.connections).toBe(1);
    server.connections = 0;
    server.requests = 0;
  });

  beforeEach(() => resolve.mockClear());

  it.each([
    ['http://2130706433:PORT/doc', 'invalid_url'],
    ['http://0x7f000001:PORT/doc', 'invalid_url'],
    ['http://127.1:PORT/doc', 'invalid_url'],
    ['http://017700000001:PORT/doc', 'invalid_url'],
    ['http://0177.0.0.1:PORT/doc', 'invalid_url'],
    ['http://127.0.0.1.:PORT/doc', 'invalid_url'],
    ['http://%31%32%37.0.0.1:PORT/doc', 'invalid_url'],
    ['http://user@127.0.0.1:PORT/doc', 'invalid_url'],
    ['http://@127.0.0.1:PORT/doc', 'invalid_url'],
    ['http://localhost:PORT/doc', 'invalid_url'],
    ['ftp://127.0.0.1:PORT/doc', 'invalid_url'],
    ['http://evil.example\\@127.0.0.1:PORT/doc', 'invalid_url'],
    ['https://[::ffff:127.0.0.1]:PORT/doc', 'special_use_address'],
    ['https://[::ffff:7f00:1]:PORT/doc', 'special_use_address'],
    ['https://[::127.0.0.1]:PORT/doc', 'special_use_address'],
    ['https://127.0.0.1:PORT/doc', 'special_use_address'],
  ])('%s: %s, before any resolution or connection', async (template, reason) => {
    await expect(fetcher.fetch(template.replace('PORT', String(server.port)))).rejects.toMatchObject({ reason });
    expect(resolve).not.toHaveBeenCalled();
    expect(server.connections).toBe(0);
  });

  it('a name that resolves to loopback is refused after resolution, before any connection', async () => {
    await expect(fetcher.fetch(`https://localhost:${server.port}/doc`)).rejects.toMatchObject({ reason: 'special_use_address' });
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(server.connections).toBe(0);
  });
});
