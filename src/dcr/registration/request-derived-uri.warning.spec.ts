import { Logger } from '@nestjs/common';
import type { DcrModuleOptions } from '../options/dcr-module-options.interface';
import { resolveDcrOptions } from '../options/validate-options';
import { RequestDerivedUriWarning } from './request-derived-uri.warning';

/** The warnings `RequestDerivedUriWarning` writes at start-up for `options`. */
function warningsFor(options: Omit<DcrModuleOptions, 'secretKey'>): string[] {
  const full = { secretKey: 'k'.repeat(43), ...options } as DcrModuleOptions;
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  try {
    new RequestDerivedUriWarning(resolveDcrOptions(full), full).onModuleInit();
    return warn.mock.calls.map(([message]) => String(message));
  } finally {
    warn.mockRestore();
  }
}

describe('RequestDerivedUriWarning', () => {
  it('warns when management URIs would come from the Host header', () => {
    expect(warningsFor({})).toEqual([
      "The issuer is not set: registration_client_uri is built from each request's Host header, which the client chooses; set issuer to the server's own URL",
    ]);
  });

  it('names the server without an issuer among several', () => {
    expect(warningsFor({ authorizationServers: { partners: { issuer: 'https://iam.example.com' }, public: {} } })).toEqual([
      "authorizationServers.public.issuer is not set: registration_client_uri is built from each request's Host header, which the client chooses; set authorizationServers.public.issuer to the server's own URL",
    ]);
  });

  it('is silent with an issuer, or when management is off (no registration_client_uri)', () => {
    expect(warningsFor({ issuer: 'https://iam.example.com' })).toEqual([]);
    expect(warningsFor({ management: { enabled: false } })).toEqual([]);
  });
});
