import { redirectUriProblem, RedirectUriPolicy } from './redirect-uri.rules';

const DEFAULT: RedirectUriPolicy = { allowHttpLoopback: true, allowPrivateUseSchemes: true, allowedSchemes: ['cursor', 'vscode', 'vscode-insiders'], implicit: false };
const problem = (uri: string, policy: Partial<RedirectUriPolicy> = {}) => redirectUriProblem(uri, { ...DEFAULT, ...policy });

describe('redirectUriProblem', () => {
  describe('https', () => {
    it.each(['https://client.example/cb', 'https://client.example:8443/cb?x=1', 'https://[::1]/cb'])('accepts %s', (uri) => {
      expect(problem(uri)).toBeUndefined();
    });

    it('refuses user information that hides the real host', () => {
      expect(problem('https://good.example@evil.example/')).toBe('must not contain user information');
      expect(problem('https://user:pass@client.example/cb')).toBe('must not contain user information');
    });
  });

  describe('http on loopback hosts (RFC 8252 §7.3)', () => {
    it.each(['http://localhost/cb', 'http://localhost:8080/cb', 'http://127.0.0.1:51004/cb', 'http://[::1]:8080/cb'])(
      'accepts %s when loopback is allowed',
      (uri) => {
        expect(problem(uri)).toBeUndefined();
      },
    );

    it('refuses http on other hosts, including look-alikes of loopback', () => {
      const reason = 'must use https (http is allowed only on loopback hosts)';
      expect(problem('http://client.example/cb')).toBe(reason);
      expect(problem('http://localhost.evil.example/cb')).toBe(reason);
      expect(problem('http://127.0.0.1.evil.example/cb')).toBe(reason);
    });

    it('refuses http loopback when it is not allowed', () => {
      expect(problem('http://localhost:8080/cb', { allowHttpLoopback: false })).toBe('must use https');
    });

    it('refuses loopback userinfo tricks', () => {
      expect(problem('http://localhost@evil.example/')).toBe('must not contain user information');
    });
  });

  describe('shape (RFC 6749 §3.1.2)', () => {
    it('refuses fragments, even an empty one', () => {
      expect(problem('https://client.example/cb#frag')).toBe('must not contain a fragment');
      expect(problem('https://client.example/cb#')).toBe('must not contain a fragment');
    });

    it('refuses white space, including padding, and backslashes', () => {
      const reason = 'must not contain white space or backslashes';
      expect(problem(' https://client.example/cb')).toBe(reason);
      expect(problem('https://client.example/cb ')).toBe(reason);
      expect(problem('https://client.example\\@evil.example/')).toBe(reason);
    });

    it('refuses empty, relative, too long and uppercase-scheme URIs', () => {
      expect(problem('')).toBe('must not be empty');
      expect(problem('/cb')).toBe('must be an absolute URI with a lowercase scheme');
      expect(problem('HTTPS://client.example/cb')).toBe('must be an absolute URI with a lowercase scheme');
      expect(problem('JavaScript:alert(1)')).toBe('must be an absolute URI with a lowercase scheme');
      expect(problem(`https://client.example/${'a'.repeat(2000)}`)).toBe('must be at most 2000 characters');
    });

    it('accepts a URI of exactly 2000 characters', () => {
      const uri = `https://client.example/${'a'.repeat(2000 - 'https://client.example/'.length)}`;
      expect(uri).toHaveLength(2000);
      expect(problem(uri)).toBeUndefined();
    });

    it.each([
      ['a user name', 'https://user@client.example/cb'],
      ['a password alone', 'https://:secret@client.example/cb'],
      ['an empty user information part', 'https://@client.example/cb'],
      ['an empty user name and password', 'https://:@client.example/cb'],
      ['user information without the slashes', 'https:user@client.example/cb'],
      ['user information on loopback http', 'http://user:pw@127.0.0.1/cb'],
    ])('refuses %s (it hides the real host)', (_case, uri) => {
      expect(problem(uri)).toBe('must not contain user information');
    });

    it.each(['https://1.2.3.4_x/cb', 'https://1._.b.c/cb'])('does not take the digits and dots of %s for an IPv4 address', (uri) => {
      expect(problem(uri)).toBe('host must be a DNS name (letters, digits and hyphens in dot-separated labels), an IPv4 address or a bracketed IPv6 address');
    });

    it('does not take an @ in the query of a private-use URI for user information', () => {
      expect(problem('com.example.app:/cb?next=https://a@b.example')).toBeUndefined();
      expect(problem('https://client.example/cb?login=a@b.example')).toBeUndefined();
    });

    it('refuses a URI the URL parser cannot read', () => {
      expect(problem('https://')).toBe('is not a valid absolute URI');
    });
  });

  describe('dangerous and private-use schemes (RFC 8252 §7.1)', () => {
    it.each(['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'vbscript:msgbox(1)', 'blob:https://a.example/x', 'about:blank', 'ws://localhost/cb'])(
      'never accepts %s, whatever the options',
      (uri) => {
        const scheme = uri.split(':')[0];
        expect(problem(uri)).toBe(`scheme "${scheme}" is never allowed`);
        expect(problem(uri, { allowedSchemes: [scheme], applicationType: 'native' })).toBe(`scheme "${scheme}" is never allowed`);
        expect(problem(uri, { allowPrivateUseSchemes: false })).toBe(`scheme "${scheme}" is never allowed`);
      },
    );

    it.each(['https2://client.example/cb', 'http-app:/cb', 'httpx:/cb'])('never accepts %s, which reads like http', (uri) => {
      expect(problem(uri, { allowedSchemes: [uri.split(':')[0]] })).toMatch(/is never allowed \(it reads like http or https\)$/);
    });

    it('refuses a single-word scheme that is not configured', () => {
      expect(problem('myapp:/cb')).toBe('scheme "myapp" is not allowed (private-use schemes must be reverse domain names, like com.example.app, or listed in allowedSchemes)');
    });

    it('accepts the configured single-word schemes of real clients (Cursor, VS Code), and only those', () => {
      expect(problem('cursor://anysphere.cursor-mcp/oauth/callback')).toBeUndefined();
      expect(problem('vscode://vscode.github-authentication/did-authenticate')).toBeUndefined();
      expect(problem('cursor://anysphere.cursor-mcp/oauth/callback', { allowedSchemes: [] })).toMatch(/^scheme "cursor" is not allowed/);
      expect(problem('myapp:/cb', { allowedSchemes: ['myapp'] })).toBeUndefined();
    });

    it('accepts a reverse-domain private-use scheme', () => {
      expect(problem('com.example.app:/cb')).toBeUndefined();
      expect(problem('com.example.app://callback')).toBeUndefined();
    });

    it('refuses private-use schemes when they are not allowed', () => {
      expect(problem('com.example.app:/cb', { allowPrivateUseSchemes: false })).toBe('scheme "com.example.app" is not allowed (use https)');
      expect(problem('cursor://anysphere.cursor-mcp/oauth/callback', { allowPrivateUseSchemes: false })).toBe('scheme "cursor" is not allowed (use https)');
    });

    it('refuses user information in a private-use URI', () => {
      expect(problem('com.example.app://user@host/cb')).toBe('must not contain user information');
    });
  });

  describe('application_type (OIDC Registration §2)', () => {
    it('refuses a private-use scheme for a web client', () => {
      expect(problem('com.example.app:/cb', { applicationType: 'web' })).toBe(
        'scheme "com.example.app" is a private-use scheme, which only native clients use (register with application_type "native")',
      );
      expect(problem('com.example.app:/cb', { applicationType: 'native' })).toBeUndefined();
    });

    it('accepts loopback http for both kinds while allowHttpLoopback is on, and for neither when off', () => {
      for (const applicationType of ['web', 'native'] as const) {
        expect(problem('http://127.0.0.1:49152/callback', { applicationType })).toBeUndefined();
        expect(problem('http://localhost:8787/callback', { applicationType })).toBeUndefined();
        expect(problem('http://127.0.0.1:49152/callback', { applicationType, allowHttpLoopback: false })).toBe('must use https');
      }
    });

    it('accepts https for a native client (a claimed https URI, RFC 8252 §7.2), but never plain http off loopback', () => {
      expect(problem('https://vscode.dev/redirect', { applicationType: 'native' })).toBeUndefined();
      expect(problem('http://client.example/cb', { applicationType: 'native' })).toBe('must use https (http is allowed only on loopback hosts)');
    });
  });

  describe('the host, exactly as a browser sends it', () => {
    it.each([
      ['http://127.1/cb', '127.0.0.1'],
      ['http://0x7f000001/cb', '127.0.0.1'],
      ['http://2130706433/cb', '127.0.0.1'],
      ['http://[0:0:0:0:0:0:0:1]/cb', '[::1]'],
      ['https://App.Example.com/cb', 'app.example.com'],
      ['https://bücher.example/cb', 'xn--bcher-kva.example'],
    ])('refuses %s, which a browser sends as %s', (uri, parsed) => {
      expect(problem(uri)).toBe(`host must be written as browsers send it ("${parsed}"): lowercase, international names as A-labels (xn--), IP addresses in dotted or bracketed form`);
    });

    it.each(['https://*.example.com/cb', 'https://a_b.example/cb', 'https://-a.example/cb', 'https://a-.example/cb', 'http://localhost./cb', 'https://a..example/cb'])('refuses %s: not a DNS name', (uri) => {
      expect(problem(uri)).toMatch(/^host must be a DNS name|^host must be written as browsers send it/);
    });

    it.each(['https://xn--bcher-kva.example/cb', 'https://a-b.example.co.uk:443/x', 'https://192.0.2.1:8443/cb', 'https://[2001:db8::1]/cb'])('accepts %s', (uri) => {
      expect(problem(uri)).toBeUndefined();
    });
  });

  describe('implicit grant (OIDC Registration §2)', () => {
    it('accepts https on a public host', () => {
      expect(problem('https://client.example/cb', { implicit: true })).toBeUndefined();
    });

    it('refuses loopback, http and private-use schemes', () => {
      expect(problem('https://localhost/cb', { implicit: true })).toBe('must not use a loopback host with the implicit grant');
      expect(problem('http://localhost/cb', { implicit: true })).toBe('must use https with the implicit grant');
      expect(problem('com.example.app:/cb', { implicit: true })).toBe('must use https with the implicit grant');
    });
  });
});
