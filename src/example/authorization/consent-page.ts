import { createHash } from 'node:crypto';

/** A server-rendered page and the Content-Security-Policy it is sent with. */
export interface HtmlPage {
  status: number;
  html: string;
  csp: string;
}

/** What the consent page shows. Every value is text chosen by someone else: all of it is escaped. */
export interface ConsentView {
  clientName: string;
  clientId: string;
  /** True when `clientId` is the URL of a client ID metadata document. */
  byDocument: boolean;
  redirectUri: string;
  scopes: string[];
  resource?: string;
  formToken: string;
}

// Inline, so the page loads nothing; allowed by its hash, so no other style (or script) runs.
const STYLE = [
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f4f5;color:#18181b}',
  'main{max-width:36rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px}',
  '.note{background:#fef9c3;padding:.5rem .75rem;border-radius:4px;font-size:.9rem}',
  '.host{font:700 1.4rem/1.3 ui-monospace,monospace;color:#1d4ed8;word-break:break-all}',
  '.uri{font-family:ui-monospace,monospace;font-size:.85rem;word-break:break-all;color:#52525b}',
  'dt{margin-top:1rem;font-weight:600}dd{margin:0}',
  'button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.75rem;margin-top:1.5rem}',
].join('');
const STYLE_SOURCE = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/** `&`, `<`, `>`, `"` and `'` as character references: safe in text and in quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The consent page. The client's name is its own claim, so the page puts first what the client
 * cannot choose: the host its `client_id` document is served from (a client ID metadata
 * document), and the host the browser will be sent to with the code.
 */
export function consentPage(view: ConsentView): HtmlPage {
  const name = escapeHtml(view.clientName);
  const identity = view.byDocument
    ? `<dt>Client identified by a document on</dt><dd class="host" id="client-host">${escapeHtml(hostOf(view.clientId))}</dd><dd class="uri">${escapeHtml(view.clientId)}</dd>`
    : `<dt>Client registered at this server</dt><dd class="uri" id="client-id">${escapeHtml(view.clientId)}</dd>`;
  const scopes = view.scopes.length ? view.scopes.map((scope) => `<code>${escapeHtml(scope)}</code>`).join(' ') : '(none)';
  const resource = view.resource ? `<dt>For the resource</dt><dd class="uri">${escapeHtml(view.resource)}</dd>` : '';
  const body = `<p class="note">This example host has no user accounts: approving here stands in for the consent of a signed-in user.</p>
<h1>Allow “${name}” to access your account?</h1>
<dl>${identity}
<dt>You will be sent back to</dt><dd class="host" id="redirect-host">${escapeHtml(hostOf(view.redirectUri))}</dd><dd class="uri">${escapeHtml(view.redirectUri)}</dd>
<dt>Scopes</dt><dd>${scopes}</dd>${resource}</dl>
<p>The name “${name}” is chosen by the client itself. Approve only if you started this sign-in and trust the hosts above.</p>
<form method="post" action="authorize">
<input type="hidden" name="consent_token" value="${escapeHtml(view.formToken)}">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`;
  return { status: 200, html: document(`Authorize ${name}`, body), csp: policy(formTarget(view.redirectUri)) };
}

/** An error shown to the user instead of being sent to a client that cannot be trusted. */
export function errorPage(status: number, error: string, description: string): HtmlPage {
  const body = `<h1>This authorization request cannot be completed</h1>
<p><code id="error">${escapeHtml(error)}</code></p>
<p id="error-description">${escapeHtml(description)}</p>
<p>You were not sent back to the application.</p>`;
  return { status, html: document('Authorization error', body), csp: policy() };
}

function document(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${title}</title><style>${STYLE}</style></head>
<body><main>
${body}
</main></body></html>
`;
}

/**
 * Nothing but the page's own style; no framing; the form may post only here, and (Chrome applies
 * `form-action` to the redirect that follows a post) lead only to the client's redirect URI.
 */
function policy(formRedirect?: string): string {
  const formAction = ["'self'", ...(formRedirect ? [formRedirect] : [])].join(' ');
  return `default-src 'none'; style-src ${STYLE_SOURCE}; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`;
}

/** The CSP source of a redirect URI: its origin, or its scheme for an app's private-use scheme or an IPv6 literal. */
function formTarget(redirectUri: string): string {
  const url = new URL(redirectUri);
  return /^https?:$/.test(url.protocol) && !url.hostname.startsWith('[') ? url.origin : url.protocol;
}

/** The host (and port) of a URL, as the browser will contact it (IDNs in their ASCII form); an app's scheme otherwise. */
function hostOf(uri: string): string {
  const url = new URL(uri);
  return url.host || `${url.protocol} (an application on this device)`;
}
