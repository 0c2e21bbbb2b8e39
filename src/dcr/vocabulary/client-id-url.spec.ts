import { clientIdUrlProblem, isUrlClientId } from './client-id-url';

describe('client ID metadata document URLs', () => {
  it.each([
    'https://app.example.com/oauth/client-metadata.json',
    'https://app.example.com/c',
    'https://app.example.com:8443/clients/1',
    'https://xn--bcher-kva.example/client',
    'https://app.example.com/client?version=2',
  ])('accepts %s', (url) => {
    expect(clientIdUrlProblem(url)).toBeUndefined();
  });

  it.each([
    ['http://app.example.com/client', 'must be an https URL'],
    ['https://app.example.com', 'must have a path'],
    ['https://app.example.com/', 'must have a path'],
    ['https://user:pass@app.example.com/client', 'must not contain user information'],
    ['https://user@app.example.com/client', 'must not contain user information'],
    ['https://app.example.com/client#x', 'must not contain a fragment'],
    ['https://app.example.com/client#', 'must not contain a fragment'],
    ['https://app.example.com/a/../client', 'must not contain "." or ".." path segments'],
    ['https://app.example.com/./client', 'must not contain "." or ".." path segments'],
    ['https://app.example.com/a/%2e%2e/client', 'must not contain "." or ".." path segments'],
    ['https://APP.example.com/client', 'must be written in canonical form ("https://app.example.com/client")'],
    ['https://app.example.com:443/client', 'must be written in canonical form ("https://app.example.com/client")'],
    ['https://bücher.example/client', 'must be written in canonical form ("https://xn--bcher-kva.example/client")'],
    ['https://app.example.com/a b', 'must be written in canonical form ("https://app.example.com/a%20b")'],
    ['https://0x7f000001/client', 'must be written in canonical form ("https://127.0.0.1/client")'],
    ['https://[::1', 'is not a valid URL'],
    [`https://app.example.com/${'a'.repeat(120)}`, 'must be at most 128 characters'],
  ])('refuses %s: %s', (url, problem) => {
    expect(clientIdUrlProblem(url)).toBe(problem);
  });

  it('tells URL ids from generated ones', () => {
    expect(isUrlClientId('https://app.example.com/c')).toBe(true);
    expect(isUrlClientId('HTTP://app.example.com/c')).toBe(true);
    expect(isUrlClientId('0b7c2a7e-6a8f-4f0a-9a6f-3b0f2e1d9c4b')).toBe(false);
  });
});
