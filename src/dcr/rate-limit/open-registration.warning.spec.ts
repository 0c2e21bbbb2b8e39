import { Logger } from '@nestjs/common';
import type { DcrModuleOptions } from '../options/dcr-module-options.interface';
import { resolveDcrOptions } from '../options/validate-options';
import { OpenRegistrationWarning } from './open-registration.warning';

const SECRET_KEY = 'k'.repeat(43);
const TOKEN = { token: 't'.repeat(43) };

/** The warnings `OpenRegistrationWarning` writes at start-up for `options`. */
function warningsFor(options: Omit<DcrModuleOptions, 'secretKey'>): string[] {
  const full = { secretKey: SECRET_KEY, ...options } as DcrModuleOptions;
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  try {
    new OpenRegistrationWarning(resolveDcrOptions(full), full).onModuleInit();
    return warn.mock.calls.map(([message]) => String(message));
  } finally {
    warn.mockRestore();
  }
}

describe('OpenRegistrationWarning', () => {
  it('warns in one line naming the option when anyone may register without a rate limit', () => {
    expect(warningsFor({})).toEqual([
      'Registration at /oauth2/register is open (initialAccessToken.required is false) and has no rate limit: set rateLimit.registration.limit, or one address can register clients without bound',
    ]);
  });

  it('names the server of a several-server configuration', () => {
    expect(warningsFor({ authorizationServers: { partners: { rateLimit: { registration: { limit: 10 } } }, public: {} } })).toEqual([
      'Registration at /oauth2/public/register is open (authorizationServers.public.initialAccessToken.required is false) and has no rate limit: set authorizationServers.public.rateLimit.registration.limit, or one address can register clients without bound',
    ]);
  });

  it.each<[string, Omit<DcrModuleOptions, 'secretKey'>]>([
    ['a per-address limit', { rateLimit: { registration: { limit: 20 } } }],
    ['an overall limit', { rateLimit: { registration: { overallLimit: 1000 } } }],
    ['a required initial access token', { initialAccessToken: { required: true, tokens: [TOKEN] } }],
  ])('is silent with %s', (_case, options) => {
    expect(warningsFor(options)).toEqual([]);
  });

  it('still warns when only management is limited', () => {
    expect(warningsFor({ rateLimit: { management: { limit: 20 } } })).toHaveLength(1);
  });
});
