import { createServer } from 'node:http';
import { applyConnectionLimits, DEFAULT_CONNECTION_LIMITS, defaultMaxConnections, readConnectionLimits } from './connection-limits';

describe('connection limits of the example host', () => {
  it('defaults to 10 s for headers, 30 s for a request, 5 s of keep-alive, and a cap below the open-file limit', () => {
    expect(readConnectionLimits({})).toEqual({ maxConnections: DEFAULT_CONNECTION_LIMITS.maxConnections, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 });
    expect(readConnectionLimits({ HTTP_MAX_CONNECTIONS: '' })).toEqual(DEFAULT_CONNECTION_LIMITS);
  });

  it('keeps 256 descriptors for the rest of the process, caps at 10,000, and takes 1000 when the limit is unknown', () => {
    expect(defaultMaxConnections(1024)).toBe(768);
    expect(defaultMaxConnections(20_000)).toBe(10_000);
    expect(defaultMaxConnections(Infinity)).toBe(10_000);
    expect(defaultMaxConnections(200)).toBe(100);
    expect(defaultMaxConnections(undefined)).toBe(1000);
  });

  it('reads each limit from its variable', () => {
    const env = { HTTP_MAX_CONNECTIONS: '50', HTTP_HEADERS_TIMEOUT_MS: '500', HTTP_REQUEST_TIMEOUT_MS: '900', HTTP_KEEP_ALIVE_TIMEOUT_MS: '300' };
    expect(readConnectionLimits(env)).toEqual({ maxConnections: 50, headersTimeoutMs: 500, requestTimeoutMs: 900, keepAliveTimeoutMs: 300 });
  });

  it.each([
    [{ HTTP_MAX_CONNECTIONS: '0' }, 'HTTP_MAX_CONNECTIONS must be an integer from 1 to 1000000 (got "0")'],
    [{ HTTP_MAX_CONNECTIONS: '1e3' }, 'HTTP_MAX_CONNECTIONS must be an integer from 1 to 1000000 (got "1e3")'],
    [{ HTTP_HEADERS_TIMEOUT_MS: '-1' }, 'HTTP_HEADERS_TIMEOUT_MS must be an integer from 100 to 600000 (got "-1")'],
    [{ HTTP_KEEP_ALIVE_TIMEOUT_MS: '5s' }, 'HTTP_KEEP_ALIVE_TIMEOUT_MS must be an integer from 100 to 600000 (got "5s")'],
    [{ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' }, 'HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS'],
  ])('refuses %j at start', (env, message) => {
    expect(() => readConnectionLimits(env)).toThrow(message);
  });

  it('sets them on the Node server, checking the timeouts often enough to keep them', () => {
    const server = createServer();
    applyConnectionLimits(server, { maxConnections: 50, headersTimeoutMs: 1000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 300 });
    expect(server.maxConnections).toBe(50);
    expect(server.headersTimeout).toBe(1000);
    expect(server.requestTimeout).toBe(2000);
    expect(server.keepAliveTimeout).toBe(300);
    expect((server as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval).toBe(250);
    applyConnectionLimits(server, DEFAULT_CONNECTION_LIMITS);
    expect((server as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval).toBe(1000);
  });
});
