import { DcrConfigurationError } from '../errors/dcr-configuration.error';
import type { DcrModuleOptions } from './dcr-module-options.interface';
import { resolveDcrOptions } from './validate-options';

const KEY = 'k'.repeat(32);

describe('options.clientAuthentication', () => {
  it('defaults to 10 failures per client and address, 100 per client, in 300 s', () => {
    expect(resolveDcrOptions({ secretKey: KEY }).clientAuthentication).toEqual({
      maxFailures: 10,
      maxFailuresPerClient: 100,
      windowSeconds: 300,
      enforceRegisteredMethod: true,
      realm: 'oauth2',
      assertionAudiences: [],
      assertionMaxLifetimeSeconds: 300,
      clockSkewSeconds: 30,
      mtls: {},
    });
  });

  it('takes every setting', () => {
    const clientAuthentication = {
      maxFailures: 3,
      maxFailuresPerClient: 0,
      windowSeconds: 60,
      enforceRegisteredMethod: false,
      realm: 'Example IAM',
      assertionAudiences: ['https://iam.example/token'],
      assertionMaxLifetimeSeconds: 120,
      clockSkewSeconds: 5,
      mtls: { certificateHeader: 'x-ssl-client-cert', verifiedHeader: 'x-ssl-client-verify' },
    };
    expect(resolveDcrOptions({ secretKey: KEY, clientAuthentication }).clientAuthentication).toEqual(clientAuthentication);
  });

  it('reads mtls.certificateHeader as Node names headers (lower case), and refuses what is no header name', () => {
    const resolved = resolveDcrOptions({ secretKey: KEY, clientAuthentication: { mtls: { certificateHeader: 'X-Client-Cert' } } });
    expect(resolved.clientAuthentication.mtls).toEqual({ certificateHeader: 'x-client-cert' });
    expect(() => resolveDcrOptions({ secretKey: KEY, clientAuthentication: { mtls: { certificateHeader: 'x client: cert' } } })).toThrow(
      'options.clientAuthentication.mtls.certificateHeader: must be an HTTP header name',
    );
    expect(() => resolveDcrOptions({ secretKey: KEY, clientAuthentication: { mtls: { verifiedHeader: 'x-verify' } } })).toThrow(
      'options.clientAuthentication.mtls.verifiedHeader: needs certificateHeader',
    );
  });

  it('is a module option, also beside authorizationServers', () => {
    const resolved = resolveDcrOptions({ secretKey: KEY, authorizationServers: { a: {} }, clientAuthentication: { maxFailures: 5 } });
    expect(resolved.clientAuthentication.maxFailures).toBe(5);
  });

  it('reports every problem at once, naming each option', () => {
    const bad = {
      secretKey: KEY,
      clientAuthentication: { maxFailures: -1, windowSeconds: 0, enforceRegisteredMethod: 'yes', realm: 'a"b', lockout: true, assertionAudiences: ['/token'], clockSkewSeconds: 3600 },
    } as unknown as DcrModuleOptions;
    let error: unknown;
    try {
      resolveDcrOptions(bad);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DcrConfigurationError);
    expect((error as DcrConfigurationError).problems).toEqual([
      'options.clientAuthentication.lockout: unknown option',
      'options.clientAuthentication.realm: must be 1 to 100 printable ASCII characters without " or \\',
      'options.clientAuthentication.maxFailures: must be an integer from 0 to 1000000',
      'options.clientAuthentication.windowSeconds: must be an integer from 1 to 86400',
      'options.clientAuthentication.enforceRegisteredMethod: must be true or false',
      'options.clientAuthentication.assertionAudiences: must be an array of absolute http(s) URLs',
      'options.clientAuthentication.clockSkewSeconds: must be an integer from 0 to 300',
    ]);
  });
});
