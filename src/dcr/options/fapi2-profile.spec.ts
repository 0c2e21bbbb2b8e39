import { DcrConfigurationError } from '../errors/dcr-configuration.error';
import type { DcrModuleOptions } from './dcr-module-options.interface';
import { resolveDcrOptions } from './validate-options';

const KEY = 'k'.repeat(32);

function problemsOf(options: Omit<DcrModuleOptions, 'secretKey'>): readonly string[] {
  try {
    resolveDcrOptions({ secretKey: KEY, ...options } as DcrModuleOptions);
  } catch (error) {
    if (error instanceof DcrConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

describe('profile "fapi2"', () => {
  it('alone gives the three asymmetric methods, with processors.jwks defaults', () => {
    const server = resolveDcrOptions({ secretKey: KEY, profile: 'fapi2' }).servers.get('default')!;
    expect(server.profile).toBe('fapi2');
    expect(server.processors.tokenEndpointAuthMethod?.allowed).toEqual(['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth']);
    expect(server.processors.jwks?.algorithms).toEqual(['PS256', 'ES256', 'EdDSA', 'RS256']);
    expect(server.grants.implicit).toBe(false);
  });

  it('fills the methods when processors is set without them, and keeps a narrower list', () => {
    const filled = resolveDcrOptions({ secretKey: KEY, profile: 'fapi2', processors: { tokenEndpointAuthMethod: { mandatory: true } } }).servers.get('default')!;
    expect(filled.processors.tokenEndpointAuthMethod).toMatchObject({ allowed: ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'], mandatory: true });
    const narrow = resolveDcrOptions({ secretKey: KEY, profile: 'fapi2', processors: { tokenEndpointAuthMethod: { allowed: ['tls_client_auth'] } } }).servers.get('default')!;
    expect(narrow.processors.tokenEndpointAuthMethod?.allowed).toEqual(['tls_client_auth']);
  });

  it('is refused beside options that contradict it, each named', () => {
    const problems = problemsOf({
      authorizationServers: {
        bank: {
          profile: 'fapi2',
          clientSecret: {},
          grants: { implicit: true },
          processors: { tokenEndpointAuthMethod: { allowed: ['private_key_jwt', 'client_secret_basic', 'none'] }, jwks: {} },
          clientIdMetadataDocument: {},
        },
      },
    });
    expect(problems).toEqual(expect.arrayContaining([
      'options.authorizationServers.bank.processors.tokenEndpointAuthMethod.allowed: contradicts profile "fapi2" (FAPI 2.0 Security Profile): client_secret_basic, none not allowed (only private_key_jwt, tls_client_auth, self_signed_tls_client_auth)',
      'options.authorizationServers.bank.grants.implicit: contradicts profile "fapi2" (FAPI 2.0 Security Profile): the implicit grant is not allowed',
      'options.authorizationServers.bank.clientIdMetadataDocument: contradicts profile "fapi2" (FAPI 2.0 Security Profile): its clients are public (token_endpoint_auth_method "none")',
    ]));
  });

  it('is the only preset', () => {
    expect(problemsOf({ profile: 'fapi1' as never })).toEqual(['options.profile: must be one of "fapi2"']);
  });

  it('leaves other servers alone', () => {
    const resolved = resolveDcrOptions({ secretKey: KEY, authorizationServers: { bank: { profile: 'fapi2' }, shop: {} } });
    expect(resolved.servers.get('shop')!.profile).toBeUndefined();
    expect(resolved.servers.get('shop')!.processors.tokenEndpointAuthMethod).toBeUndefined();
  });
});
