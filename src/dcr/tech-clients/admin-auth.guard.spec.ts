import { CanActivate, ExecutionContext, ForbiddenException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { of } from 'rxjs';
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

  describe('edges', () => {
    const refusal = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a refusal'); }, (error: Error & { headers: Record<string, string> }) => error);

    it.each([
      ['any case of the scheme, several spaces, white space around', `  bEARER   ${TOKEN}  `],
      ['base64 padding kept', undefined],
    ])('admits the token with %s', async (_case, header) => {
      const token = header === undefined ? `${TOKEN}==` : TOKEN;
      await expect(guard({ token }).canActivate(context({ authorization: header ?? `Bearer ${token}` }).ctx)).resolves.toBe(true);
    });

    it.each([
      ['a prefix before the scheme', `xBearer ${TOKEN}`],
      ['a second word', `Bearer ${TOKEN} extra`],
      ['no space after the scheme', `Bearer${TOKEN}`],
    ])('refuses %s', async (_case, authorization) => {
      expect(await refusal(guard({ token: TOKEN }).canActivate(context({ authorization }).ctx))).toBeInstanceOf(AdminUnauthorizedError);
    });

    it('does not ask the host guard when the admin token is right, and asks it when it is wrong', async () => {
      const host = { canActivate: jest.fn().mockReturnValue(true) };
      await guard({ token: TOKEN }, host).canActivate(context({ authorization: `Bearer ${TOKEN}` }).ctx);
      expect(host.canActivate).not.toHaveBeenCalled();
      await guard({ token: TOKEN }, host).canActivate(context({ authorization: 'Bearer wrong-token' }).ctx);
      expect(host.canActivate).toHaveBeenCalledTimes(1);
    });

    it('describes each refusal', async () => {
      const missing = await refusal(guard({ token: TOKEN }).canActivate(context({}).ctx));
      expect(missing.message).toBe('admin credentials are required');
      const wrong = await refusal(guard({ token: TOKEN }).canActivate(context({ authorization: 'Bearer wrong' }).ctx));
      expect(wrong.message).toBe('the admin credentials were not accepted');
      const disabled = await refusal(guard({ enabled: false }).canActivate(context({}).ctx));
      expect(disabled.message).toBe('no such route');
      const refused = await refusal(guard({}, { canActivate: () => false }).canActivate(context({}).ctx));
      expect(refused.message).toBe('the admin guard refused the request');
    });

    it("maps the host guard's 401 with or without credentials, its 403, and lets other errors through", async () => {
      const throwing = (error: Error) => guard({}, { canActivate: () => { throw error; } });
      const without = await refusal(throwing(new UnauthorizedException()).canActivate(context({}).ctx));
      expect(without.message).toBe('the admin credentials were not accepted');
      expect(without.headers['WWW-Authenticate']).toBe('Bearer realm="dcr-admin"');
      const withCredentials = await refusal(throwing(new UnauthorizedException()).canActivate(context({ authorization: 'Basic abc' }).ctx));
      expect(withCredentials.headers['WWW-Authenticate']).toMatch(/error="invalid_token"/);
      const forbidden = await refusal(throwing(new ForbiddenException()).canActivate(context({}).ctx));
      expect(forbidden).toBeInstanceOf(AdminForbiddenError);
      expect(forbidden.message).toBe('the admin guard refused the request');
      const notFound = new NotFoundException();
      expect(await refusal(throwing(notFound).canActivate(context({}).ctx))).toBe(notFound);
      const bug = new Error('host guard bug');
      expect(await refusal(throwing(bug).canActivate(context({}).ctx))).toBe(bug);
    });

    it('accepts an Observable answer from the host guard', async () => {
      await expect(guard({}, { canActivate: () => of(true) }).canActivate(context({}).ctx)).resolves.toBe(true);
      expect(await refusal(guard({}, { canActivate: () => of(false) }).canActivate(context({}).ctx))).toBeInstanceOf(AdminForbiddenError);
    });

    it.each([
      ['id first', { id: 7, sub: 'alice', username: 'al' }, { kind: 'admin', id: '7' }],
      ['sub when there is no id', { sub: 'alice', username: 'al' }, { kind: 'admin', id: 'alice' }],
      ['username last', { username: 'al' }, { kind: 'admin', id: 'al' }],
      ['skipping an id that is not a string or number', { id: { nested: true }, username: 'al' }, { kind: 'admin', id: 'al' }],
      ['skipping an id that is only control characters', { id: '\u0000\u2028', sub: 'alice' }, { kind: 'admin', id: 'alice' }],
      ['without control characters, at most 200 characters', { id: `a\u0007b${'c'.repeat(300)}` }, { kind: 'admin', id: `ab${'c'.repeat(198)}` }],
      ['no id from a user that is not an object', 'alice', { kind: 'admin' }],
      ['no id without a user', null, { kind: 'admin' }],
      ['no id from a user without one', { name: 'Alice' }, { kind: 'admin' }],
    ])('records the host-admitted admin: %s', async (_case, user, actor) => {
      const { ctx, request } = context({}, user);
      await guard({}, { canActivate: () => true }).canActivate(ctx);
      expect(request[DCR_ADMIN_ACTOR]).toEqual(actor);
    });
  });
});
