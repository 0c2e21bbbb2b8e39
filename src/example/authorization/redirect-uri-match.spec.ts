import { matchRedirectUri } from './redirect-uri-match';

const REGISTERED = ['http://127.0.0.1:33418/callback', 'http://[::1]/cb', 'http://localhost/cb?x=1', 'https://app.example.com/cb', 'com.example.app:/oauth'];

describe('matchRedirectUri', () => {
  it('matches registered URIs exactly', () => {
    for (const uri of REGISTERED) expect(matchRedirectUri(uri, REGISTERED)).toBe(uri);
  });

  it('lets a loopback redirect URI use any port (RFC 8252 §7.3), with the same host, path and query', () => {
    expect(matchRedirectUri('http://127.0.0.1:5000/callback', REGISTERED)).toBe('http://127.0.0.1:33418/callback');
    expect(matchRedirectUri('http://127.0.0.1/callback', REGISTERED)).toBe('http://127.0.0.1:33418/callback');
    expect(matchRedirectUri('http://[::1]:8080/cb', REGISTERED)).toBe('http://[::1]/cb');
    expect(matchRedirectUri('http://localhost:9/cb?x=1', REGISTERED)).toBe('http://localhost/cb?x=1');
  });

  it('matches nothing else', () => {
    for (const uri of [
      'http://127.0.0.1:5000/callback/', 'http://127.0.0.1:5000/Callback', 'http://localhost:33418/callback', 'http://127.0.0.2:33418/callback',
      'https://127.0.0.1:33418/callback', 'http://localhost:9/cb?x=2', 'http://localhost:9/cb', 'https://app.example.com:8443/cb',
      'https://app.example.com/cb/', 'https://APP.example.com/cb', 'com.example.app:/oauth/x', 'http://127.0.0.1:33418/callback#x',
    ]) {
      expect([uri, matchRedirectUri(uri, REGISTERED)]).toEqual([uri, undefined]);
    }
  });
});
