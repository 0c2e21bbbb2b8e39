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

describe('readHostConfig: a bad environment', () => {
  it('is refused with every problem at once, each naming its variable', () => {
    const bad = { PORT: 'eighty', DATABASE_URL: 'mysql://x', TOKEN_LIFETIME_SECONDS: '0', OPENID_CONFIGURATION: 'yes', METRICS_TOKEN: 'short', LOG_LEVEL: 'loud' };
    expect(() => readHostConfig(bad)).toThrow(
      [
        'The environment of the example host is invalid:',
        '  - PORT must be an integer from 0 to 65535 (got "eighty")',
        '  - DATABASE_URL must start with postgres:// or sqlite: (got "mysql:…")',
        '  - TOKEN_LIFETIME_SECONDS must be an integer from 1 to 86400',
        '  - OPENID_CONFIGURATION must be true or false (got "yes")',
        '  - METRICS_TOKEN must be at least 32 characters',
        '  - LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      ].join('\n'),
    );
  });

  it('takes the documented defaults, and an empty variable as unset', () => {
    const config = readHostConfig({ DCR_SECRET_KEY: 'k'.repeat(32), DATABASE_URL: 'sqlite::memory:', PORT: '', TOKEN_LIFETIME_SECONDS: '' });
    expect([config.port, config.dcr.issuer, config.tokens, config.logging]).toEqual([3000, 'http://localhost:3000', { lifetimeSeconds: 600 }, { level: 'info' }]);
  });

  it('names DCR_CONFIG when its file cannot be read', () => {
    expect(() => readHostConfig({ DCR_SECRET_KEY: 'k'.repeat(32), DCR_CONFIG: 'config/missing.json' })).toThrow(/^DCR_CONFIG: cannot read .*missing\.json: ENOENT/);
  });
});
