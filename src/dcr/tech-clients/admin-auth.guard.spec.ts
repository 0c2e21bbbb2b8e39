import { CanActivate, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { AdminForbiddenError } from '../errors/admin-forbidden.error';
import { AdminUnauthorizedError } from '../errors/admin-unauthorized.error';
import { NotFoundError } from '../errors/not-found.error';
import { resolveDcrOptions } from '../options/validate-options';
import { SecretDigester } from '../secrets/secret-digester';
import { AdminAuthGuard } from './admin-auth.guard';
import { DCR_ADMIN_ACTOR } from './tech-clients.constants';

const SECRET_KEY = 'unit-secret-key-0123456789abcdef0123456789';
const TOKEN = 'admin-token-0123456789abcdef0123456789';

function guard(admin: { token?: string; enabled?: boolean }, hostGuard: CanActivate | null = null): AdminAuthGuard {
  const options = resolveDcrOptions({ secretKey: SECRET_KEY, admin });
  return new AdminAuthGuard(options, new SecretDigester(options), hostGuard);
}

function context(headers: Record<string, string>, user?: unknown): { ctx: ExecutionContext; request: Record<string | symbol, unknown> } {
  const request: Record<string | symbol, unknown> = { headers, user };
  const ctx = { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
  return { ctx, request };
}

describe('AdminAuthGuard', () => {
  it('admits the configured token and records the actor', async () => {
    const { ctx, request } = context({ authorization: `Bearer ${TOKEN}` });
    await expect(guard({ token: TOKEN }).canActivate(ctx)).resolves.toBe(true);
    expect(request[DCR_ADMIN_ACTOR]).toEqual({ kind: 'admin', id: 'admin-token' });
  });

  it.each([
    ['no header', {}, false],
    ['another token', { authorization: `Bearer ${TOKEN}x` }, true],
    ['the token as Basic credentials', { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` }, true],
    ['the token without a scheme', { authorization: TOKEN }, true],
  ])('refuses %s with 401 and a Bearer challenge', async (_, headers, presented) => {
    const error = await guard({ token: TOKEN }).canActivate(context(headers).ctx).catch((e) => e);
    expect(error).toBeInstanceOf(AdminUnauthorizedError);
    expect(error.headers['WWW-Authenticate']).toMatch(/^Bearer realm="dcr-admin"/);
    expect(error.headers['WWW-Authenticate'].includes('error="invalid_token"')).toBe(presented);
  });

  it('refuses everyone when neither a token nor a host guard is configured', async () => {
    await expect(guard({}).canActivate(context({ authorization: 'Bearer anything-at-all' }).ctx)).rejects.toThrow(AdminUnauthorizedError);
  });

  it('asks the host guard, and takes the admin id from request.user', async () => {
    const host = { canActivate: jest.fn().mockReturnValue(true) };
    const { ctx, request } = context({}, { sub: 'alice' });
    await expect(guard({}, host).canActivate(ctx)).resolves.toBe(true);
    expect(request[DCR_ADMIN_ACTOR]).toEqual({ kind: 'admin', id: 'alice' });
  });

  it('turns the host guard refusals into the module error bodies', async () => {
    await expect(guard({}, { canActivate: () => false }).canActivate(context({}).ctx)).rejects.toThrow(AdminForbiddenError);
    await expect(guard({}, { canActivate: () => { throw new UnauthorizedException(); } }).canActivate(context({}).ctx))
      .rejects.toThrow(AdminUnauthorizedError);
  });

  it('answers 404 when the admin API is disabled', async () => {
    await expect(guard({ enabled: false, token: TOKEN }).canActivate(context({ authorization: `Bearer ${TOKEN}` }).ctx)).rejects.toThrow(NotFoundError);
  });
});
