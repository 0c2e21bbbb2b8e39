import { OpenIdConfigurationController } from './discovery.controller';
import { exampleHostControllers } from './example-host';
import { readHostConfig } from './host-config';

describe('readHostConfig: OPENID_CONFIGURATION', () => {
  const env = { DCR_SECRET_KEY: 'k'.repeat(32), DATABASE_URL: 'sqlite::memory:' };

  it('is on by default: openid-client looks there first', () => {
    expect(readHostConfig(env).endpoints).toEqual({ openidConfiguration: true });
    expect(exampleHostControllers(readHostConfig(env).endpoints)).toContain(OpenIdConfigurationController);
  });

  it('false leaves the OpenID location unserved', () => {
    const endpoints = readHostConfig({ ...env, OPENID_CONFIGURATION: 'false' }).endpoints;
    expect(endpoints).toEqual({ openidConfiguration: false });
    expect(exampleHostControllers(endpoints)).not.toContain(OpenIdConfigurationController);
    expect(exampleHostControllers(endpoints).length).toBe(exampleHostControllers().length - 1);
  });

  it('refuses anything but true or false', () => {
    expect(() => readHostConfig({ ...env, OPENID_CONFIGURATION: 'yes' })).toThrow('OPENID_CONFIGURATION must be true or false (got "yes")');
  });
});
