import { consentPage, errorPage, escapeHtml } from './consent-page';

describe('consent page', () => {
  it('escapes every character that could end text or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });

  it('puts the hosts first and lets the form lead only to the redirect URI', () => {
    const page = consentPage({
      clientName: '</h1><script>x()</script>', clientId: 'https://xn--80ak6aa92e.com/client.json', byDocument: true,
      redirectUri: 'http://127.0.0.1:4000/cb', scopes: ['a"b'], formToken: 'tok', resource: 'https://mcp.example.com/',
    });
    expect(page.html).not.toContain('<script');
    expect(page.html).toContain('<dd class="host" id="client-host">xn--80ak6aa92e.com</dd>');
    expect(page.html).toContain('<dd class="host" id="redirect-host">127.0.0.1:4000</dd>');
    expect(page.html).toContain('<code>a&#34;b</code>');
    expect(page.csp).toContain("form-action 'self' http://127.0.0.1:4000;");
  });

  it('allows the scheme of an app redirect URI in form-action', () => {
    const page = consentPage({ clientName: 'App', clientId: 'id', byDocument: false, redirectUri: 'com.example.app:/oauth', scopes: [], formToken: 't' });
    expect(page.csp).toContain("form-action 'self' com.example.app:;");
    expect(page.html).toContain('com.example.app: (an application on this device)');
  });

  it('renders errors escaped, with a policy that allows no form target', () => {
    const page = errorPage(400, 'invalid_client', '<b>unknown</b>');
    expect(page.html).toContain('&#60;b&#62;unknown&#60;/b&#62;');
    expect(page.csp).toContain("form-action 'self';");
  });
});
