import type { DcrHttpRequest } from '../../dcr/entry-points/http';
import { newOpaqueToken } from '../persistence/opaque-token';

const NAME = 'example_browser';
const VALUE = /^[A-Za-z0-9_-]{43}$/;

/**
 * A random id of the browser, in a cookie, to which each consent form is bound: a form token
 * posted from another browser (a forged cross-site post never carries the cookie: `SameSite=Lax`)
 * is refused. A real host binds the form to the user's session instead.
 */
export function browserIdOf(request: DcrHttpRequest): string | undefined {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === NAME && value !== undefined && VALUE.test(value)) return value;
  }
  return undefined;
}

/** The request's browser id, or a new one; `setCookie` is set when the cookie must be (re)sent. */
export function browserId(request: DcrHttpRequest, secure: boolean): { id: string; setCookie: string } {
  const id = browserIdOf(request) ?? newOpaqueToken();
  return { id, setCookie: `${NAME}=${id}; Path=/; Max-Age=86400; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}` };
}
