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

describe('readHostConfig: METRICS_TOKEN', () => {
  const env = { DCR_SECRET_KEY: 'k'.repeat(32), DATABASE_URL: 'sqlite::memory:' };

  it('is unset by default, which leaves /metrics unserved', () => {
    expect(readHostConfig(env).metrics).toEqual({ token: undefined });
    expect(readHostConfig({ ...env, METRICS_TOKEN: '' }).metrics).toEqual({ token: undefined });
  });

  it('takes a token of at least 32 characters and refuses a shorter one', () => {
    expect(readHostConfig({ ...env, METRICS_TOKEN: 'm'.repeat(32) }).metrics).toEqual({ token: 'm'.repeat(32) });
    expect(() => readHostConfig({ ...env, METRICS_TOKEN: 'short' })).toThrow('METRICS_TOKEN must be at least 32 characters');
  });
});
