import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { tmpdir } from 'node:os';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import request from 'supertest';
import { ADMIN_TOKEN, AS_ADMIN, seedClients, techClient } from './utils/admin';
import { HTTP_ADAPTER } from './utils/http-adapter';
import { createTestApp, profile, TestApp } from './utils/test-app';

/** Debian's Chromium (`apt-get install chromium`); CI installs it. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** The README's screenshots are refreshed with UPDATE_SCREENSHOTS=1; otherwise they go to a scratch folder. */
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(__dirname, '..', 'docs', 'screenshots') : join(tmpdir(), 'dcr-console-screenshots');
const XSS_NAME = '<img src=x onerror=alert(1)>';
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
/** The browser's own log line for an answer the test provokes (a refused token, a stale If-Match); not a script error. */
const PROVOKED = /^Failed to load resource: the server responded with a status of (401|412) /;

const suite = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM)) console.warn(`console.e2e-spec: skipped, ${CHROMIUM} is absent (apt-get install chromium)`);

suite(`admin web console in headless Chromium (${HTTP_ADAPTER})`, () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const errors: string[] = [];
  const dialogs: string[] = [];
  const clients: Record<string, { client_id: string; client_secret: string }> = {};

  async function register(name: string): Promise<{ client_id: string; client_secret: string }> {
    const response = await request(t.http).post('/oauth2/register')
      .send({ grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic', client_name: name })
      .expect(201);
    return response.body;
  }

  const tokenRequest = (clientId: string, secret: string) =>
    request(t.http).post('/oauth2/token').auth(clientId, secret).type('form').send({ grant_type: 'client_credentials' });

  function watch(target: Page): Page {
    target.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    target.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    // A request the page cancels itself (a navigation while the icon loads) is aborted, not failed.
    target.on('requestfailed', (failed) => { if (failed.failure()?.errorText !== 'net::ERR_ABORTED') errors.push(`request failed: ${failed.url()} ${failed.failure()?.errorText}`); });
    target.on('requestfinished', async (finished) => { const answer = await finished.response(); if (answer && answer.status() === 404) errors.push(`404: ${finished.url()}`); });
    target.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
    return target;
  }

  async function signIn(target: Page, token = ADMIN_TOKEN): Promise<void> {
    await target.goto(`${base}/tech-clients/console`);
    await target.getByLabel('Admin token').fill(token);
    await target.getByRole('button', { name: 'Sign in' }).click();
  }

  const banner = () => page.locator('.banner');
  const summary = () => page.locator('.results .count');

  async function searchBy(fields: Record<string, string>): Promise<void> {
    await page.getByRole('button', { name: 'Clients', exact: true }).click();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await summary().waitFor();
    for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
  }

  async function openClient(name: string): Promise<void> {
    await searchBy({ 'Name contains': name });
    await page.getByRole('button', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  }

  beforeAll(async () => {
    t = await createTestApp({ ...profile('default'), admin: { token: ADMIN_TOKEN } }, { extras: { console: true } });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const now = Date.now();
    // Older than the registered clients, so that these come first, newest first.
    await seedClients(t, Array.from({ length: 25 }, (_, i) => techClient({ name: `Batch client ${String(i + 1).padStart(2, '0')}`, label: 'batch', createdAt: now - 3_600_000 - i * 1000, updatedAt: now - 3_600_000 })));
    for (const name of ['Alpha Service', 'Beta Service', 'Gamma Service', XSS_NAME]) clients[name] = await register(name);
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = watch(await context.newPage());
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('serves the page, script and style with a strict policy, nosniff and no-store', async () => {
    const response = await page.goto(`${base}/tech-clients/console`);
    expect(response?.status()).toBe(200);
    const headers = response!.headers();
    expect(headers['content-type']).toMatch(/^text\/html/);
    expect(headers['content-security-policy']).toBe(CSP);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['cache-control']).toBe('no-store');
    for (const [asset, type] of [['app.js', /^text\/javascript/], ['app.css', /^text\/css/]] as const) {
      const answer = await request(t.http).get(`/tech-clients/console/${asset}`).expect(200);
      expect(answer.headers['content-type']).toMatch(type);
      expect(answer.headers['content-security-policy']).toBe(CSP);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['cache-control']).toBe('no-store');
    }
    // The page holds no data and no inline code: the script is a file, and it never parses markup.
    const html = (await request(t.http).get('/tech-clients/console').expect(200)).text;
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]/);
    expect((await request(t.http).get('/tech-clients/console/app.js')).text).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it('refuses a wrong admin token with a visible message', async () => {
    await signIn(page, 'not-the-admin-token');
    // The answer comes back after the click: wait for it before reading the banner.
    await banner().getByText('That admin token was refused.').waitFor();
    await expect(banner().textContent()).resolves.toBe('That admin token was refused.');
    await expect(banner().isVisible()).resolves.toBe(true);
    await expect(page.getByRole('heading', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
  });

  it('signs in, searches with filters and pages by cursor, saying "more" rather than counting', async () => {
    await signIn(page);
    await page.getByRole('heading', { level: 1, name: 'Technical clients' }).waitFor();
    await summary().waitFor();
    expect(await summary().textContent()).toBe('Page 1: 20 clients; more match.');
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(1);

    await searchBy({ 'Label (exact)': 'batch' });
    await page.getByText('Batch client 01', { exact: true }).waitFor();
    expect(await summary().textContent()).toBe('Page 1: 20 clients; more match.');
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2: 5 clients; no more.').waitFor();
    await expect(page.getByText('Batch client 25', { exact: true }).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('Page 1: 20 clients; more match.').waitFor();

    await page.getByLabel('Sort').selectOption('displayName');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForFunction("document.querySelector('tbody tr button')?.textContent === 'Batch client 01'");

    await searchBy({ 'Name contains': 'service' });
    await page.getByText('Page 1: 3 clients; no more.').waitFor();
    await page.getByLabel('Status').selectOption('true');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('No client matches.').waitFor();
  });

  it('shows a client_name made of markup as those characters and runs nothing', async () => {
    await searchBy({ 'Name contains': '<img' });
    await page.getByText('Page 1: 1 client; no more.').waitFor();
    await expect(page.getByRole('button', { name: XSS_NAME, exact: true }).textContent()).resolves.toBe(XSS_NAME);
    await openClient(XSS_NAME);
    await expect(page.locator('h1').textContent()).resolves.toBe(XSS_NAME);
    await expect(page.locator('img').count()).resolves.toBe(0);
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
  });

  it('shows a client: how it arrived, secret expiry, lock history; locks with a reason (refused at the token endpoint) and unlocks', async () => {
    const alpha = clients['Alpha Service'];
    await tokenRequest(alpha.client_id, alpha.client_secret).expect(200);
    await openClient('Alpha Service');
    const details = page.getByRole('region', { name: 'Details' });
    await expect(details.getByText('Dynamic registration (RFC 7591) · dcr').isVisible()).resolves.toBe(true);
    await expect(details.getByText('Nobody vouched for it', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(details.getByText('Never expires').isVisible()).resolves.toBe(true);
    await expect(details.getByText(alpha.client_id).isVisible()).resolves.toBe(true);
    await page.getByText('Never locked.').waitFor();

    await page.getByLabel('Reason').fill('Key found in a public repository');
    await page.getByRole('button', { name: 'Lock client' }).click();
    await page.getByText('Locked.', { exact: true }).waitFor();
    await expect(details.getByText('Key found in a public repository').isVisible()).resolves.toBe(true);
    await page.getByRole('cell', { name: 'Key found in a public repository' }).waitFor();
    const refused = await tokenRequest(alpha.client_id, alpha.client_secret);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_client');

    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('Unlocked.', { exact: true }).waitFor();
    await page.getByRole('cell', { name: 'Unlocked' }).waitFor();
    await expect(page.getByRole('cell', { name: 'admin · admin-token' }).count()).resolves.toBe(2);
    await tokenRequest(alpha.client_id, alpha.client_secret).expect(200);
  });

  it('rotates the secret, shows the new one once with a copy button, and the client authenticates with it', async () => {
    const alpha = clients['Alpha Service'];
    await page.getByLabel('Grace period (seconds, optional)').fill('60');
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByText('Secret rotated. Copy the new secret now: it is not shown again.').waitFor();
    const shown = page.getByRole('textbox', { name: 'New client secret' });
    const secret = await shown.inputValue();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(secret).not.toBe(alpha.client_secret);
    await expect(page.getByRole('button', { name: 'Copy' }).isVisible()).resolves.toBe(true);
    await tokenRequest(alpha.client_id, secret).expect(200);
    await tokenRequest(alpha.client_id, alpha.client_secret).expect(200); // within the grace period

    await page.screenshot({ path: join(SCREENSHOTS, 'console-secret-1280.png'), fullPage: true });
    await page.getByRole('button', { name: 'Done, hide it' }).click();
    expect(await page.content()).not.toContain(secret);
    clients['Alpha Service'] = { ...alpha, client_secret: secret };
  });

  it('edits the label and description with If-Match, and makes a conflicting change plain (412)', async () => {
    await page.getByLabel('Label', { exact: true }).fill('payments');
    await page.getByLabel('Description').fill('Nightly settlement batch');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();
    const details = page.getByRole('region', { name: 'Details' });
    await expect(details.getByText('payments', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(details.getByText('Nightly settlement batch').isVisible()).resolves.toBe(true);
    // The client authenticated in the previous test: its last use is shown, not "Never".
    const facts = await details.textContent();
    expect(facts).toContain('Last use');
    expect(facts).not.toMatch(/Last use(Never|Not reported by this server)/);

    // Someone else changes the client after the page read it.
    const alpha = clients['Alpha Service'];
    await request(t.http).patch(`/tech-clients/${alpha.client_id}`).set(AS_ADMIN).send({ label: 'changed-elsewhere' }).expect(200);
    await page.getByLabel('Label', { exact: true }).fill('mine');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/412 Precondition Failed/).waitFor();
    expect((await t.clientRow(alpha.client_id))!.label).toBe('changed-elsewhere');
    await page.getByRole('button', { name: 'Reload client' }).click();
    await page.getByText('Reloaded the current version.').waitFor();
    await expect(details.getByText('changed-elsewhere', { exact: true }).isVisible()).resolves.toBe(true);
  });

  it('takes screenshots at 1280 and 390 px wide', async () => {
    await page.screenshot({ path: join(SCREENSHOTS, 'console-client-1280.png'), fullPage: true });
    await page.getByRole('button', { name: '← Back to results' }).click();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByText('Page 1: 20 clients; more match.').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'console-clients-1280.png'), fullPage: true });

    const narrow = watch(await context.newPage());
    await narrow.setViewportSize({ width: 390, height: 844 });
    await signIn(narrow); // session storage belongs to one tab
    await narrow.getByText('Page 1: 20 clients; more match.').waitFor();
    expect(await narrow.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await narrow.screenshot({ path: join(SCREENSHOTS, 'console-clients-390.png') });
    await narrow.getByRole('button', { name: 'Alpha Service', exact: true }).click();
    await narrow.getByRole('heading', { level: 1, name: 'Alpha Service' }).waitFor();
    await narrow.getByRole('cell', { name: 'Key found in a public repository' }).waitFor();
    expect(await narrow.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await narrow.screenshot({ path: join(SCREENSHOTS, 'console-client-390.png') });
    await narrow.close();
  });

  it('is usable with the keyboard: every control is labelled and reachable by Tab', async () => {
    // Evaluated in the page (a string, since the tests compile without the DOM's types).
    const unlabelled = await page.evaluate<number>(
      "[...document.querySelectorAll('input, select, textarea')].filter((control) => !control.labels?.length && !control.getAttribute('aria-label')).length");
    expect(unlabelled).toBe(0);
    await page.getByRole('button', { name: 'Clear filters' }).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await expect(page.evaluate<string | null>("document.activeElement?.getAttribute('name')")).resolves.toBe('limit');
  });

  it('deletes after a confirmation that names the client', async () => {
    const beta = clients['Beta Service'];
    await openClient('Beta Service');
    await page.getByRole('button', { name: 'Delete…' }).click();
    const confirmation = page.getByRole('alertdialog');
    await expect(confirmation.textContent()).resolves.toContain('Delete the client Beta Service (' + beta.client_id + ')?');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await request(t.http).get(`/tech-clients/${beta.client_id}`).set(AS_ADMIN).expect(200);
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('button', { name: 'Delete Beta Service' }).click();
    await page.getByText('Deleted Beta Service.').waitFor();
    await request(t.http).get(`/tech-clients/${beta.client_id}`).set(AS_ADMIN).expect(404);
    await tokenRequest(beta.client_id, beta.client_secret).expect(401);
  });

  it('issues an initial access token (shown once), lists it and revokes it', async () => {
    await page.getByRole('button', { name: 'Initial access tokens' }).click();
    await page.getByText('No token issued at run time yet.').waitFor();
    await page.getByLabel('Label', { exact: true }).fill('partner onboarding');
    await page.getByLabel('Maximum uses (optional)').fill('3');
    await page.getByLabel('Grant types it allows (optional)').fill('client_credentials');
    await page.getByLabel('Scopes it allows (optional)').fill('api:read  openid');
    await page.getByRole('button', { name: 'Issue token' }).click();
    await page.getByText('Token issued. Copy it now: it is not shown again.').waitFor();
    const token = await page.getByRole('textbox', { name: 'New initial access token' }).inputValue();
    expect(token.length).toBeGreaterThanOrEqual(32);
    await page.getByRole('cell', { name: 'partner onboarding', exact: true }).waitFor();
    await expect(page.getByRole('cell', { name: '0 of 3' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-tokens-1280.png'), fullPage: true });

    const registered = await request(t.http).post('/oauth2/register').set('Authorization', `Bearer ${token}`)
      .send({ grant_types: ['client_credentials'], client_name: 'Onboarded', scope: 'api:read api:write' });
    expect(registered.status).toBe(201);
    // The profile typed in the form narrows what the token registers.
    expect(registered.body.scope).toBe('api:read');
    const widened = await request(t.http).post('/oauth2/register').set('Authorization', `Bearer ${token}`)
      .send({ grant_types: ['authorization_code'], redirect_uris: ['https://app.example/cb'], client_name: 'Wider' });
    expect(widened.status).toBe(400);

    await page.getByRole('button', { name: 'Done, hide it' }).click();
    expect(await page.content()).not.toContain(token);
    await page.getByRole('button', { name: 'Revoke token partner onboarding' }).click();
    await page.getByText('Revoked partner onboarding.').waitFor();
    await page.getByText(/^Revoked \d{4}-/).waitFor();
    const listed = await request(t.http).get('/tech-clients/initial-access-tokens').set(AS_ADMIN).expect(200);
    expect(listed.body.data[0].attributes.revokedAt).not.toBeNull();
    const refused = await request(t.http).post('/oauth2/register').set('Authorization', `Bearer ${token}`)
      .send({ grant_types: ['client_credentials'], client_name: 'Too late' });
    expect(refused.status).toBe(401);
  });

  it('signs out, forgetting the token', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
  });

  it('logged no console error and opened no dialog', () => {
    expect(errors.filter((line) => !PROVOKED.test(line))).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});

describe('admin web console off by default, and off with the admin API', () => {
  it('is not served without the console extra', async () => {
    const t = await createTestApp({ ...profile('default'), admin: { token: ADMIN_TOKEN } });
    try {
      const answer = await request(t.http).get('/tech-clients/console').set(AS_ADMIN);
      // Without the console, `console` is just a client id nobody has.
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toMatch(/json/);
    } finally {
      await t.close();
    }
  });

  it('is not served when the admin API is disabled, even with the console extra', async () => {
    const t = await createTestApp({ ...profile('default'), admin: { enabled: false, token: ADMIN_TOKEN } }, { extras: { console: true } });
    try {
      for (const path of ['', '/app.js', '/app.css', '/icon.svg']) await request(t.http).get(`/tech-clients/console${path}`).expect(404);
    } finally {
      await t.close();
    }
  });
});

/** A host guard that admits a request carrying the host's own session cookie (what a host's login would set). */
@Injectable()
class HostSessionGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: unknown }>();
    if (!/(?:^|;\s*)host-session=admin-alice(?:;|$)/.test(request.headers.cookie ?? '')) return false;
    request.user = { id: 'alice' };
    return true;
  }
}

suite(`admin web console behind the host's own sign-in (${HTTP_ADAPTER})`, () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ ...profile('default') }, { extras: { console: true, adminGuard: HostSessionGuard } });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    await seedClients(t, [techClient({ name: 'Session Service' })]);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('uses the host session instead of a token, and says so when there is none', async () => {
    const signedOut = await (await browser.newContext()).newPage();
    await signedOut.goto(`${base}/tech-clients/console`);
    await signedOut.getByRole('button', { name: "Use this site's sign-in" }).click();
    await signedOut.getByText('This site has not signed you in as an administrator.').waitFor();

    const context = await browser.newContext();
    await context.addCookies([{ name: 'host-session', value: 'admin-alice', url: base }]);
    const page = await context.newPage();
    const sent: (string | undefined)[] = [];
    page.on('request', (sentRequest) => { if (sentRequest.url().includes('/tech-clients?')) sent.push(sentRequest.headers().authorization); });
    await page.goto(`${base}/tech-clients/console`);
    await page.getByRole('button', { name: "Use this site's sign-in" }).click();
    await page.getByRole('button', { name: 'Session Service', exact: true }).waitFor();
    // No token was asked for, kept or sent.
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((header) => header === undefined)).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem('nestjs-dcr.admin-token'))).toBeNull();
  });
});
