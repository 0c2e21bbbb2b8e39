import type { AbstractHttpAdapter } from '@nestjs/core';
import type { HtmlPage } from './consent-page';

/** Sends `page` with its security headers, through the app's HTTP adapter (Express or Fastify alike). */
export function sendPage(adapter: AbstractHttpAdapter, response: unknown, page: HtmlPage, extraHeaders: Record<string, string> = {}): void {
  const headers = {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': page.csp,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    ...extraHeaders,
  };
  for (const [name, value] of Object.entries(headers)) adapter.setHeader(response, name, value);
  adapter.reply(response, page.html, page.status);
}

/** A redirect that neither caches nor leaks the URL it came from. */
export function sendRedirect(adapter: AbstractHttpAdapter, response: unknown, status: 302 | 303, location: string): void {
  adapter.setHeader(response, 'Cache-Control', 'no-store');
  adapter.setHeader(response, 'Referrer-Policy', 'no-referrer');
  adapter.redirect(response, status, location);
}
