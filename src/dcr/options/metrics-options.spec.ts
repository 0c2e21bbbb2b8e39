import { TEST_SECRET_KEY } from '../testing/processing.spec-helper';
import { DcrConfigurationError } from '../errors/dcr-configuration.error';
import type { DcrModuleOptions } from './dcr-module-options.interface';
import { resolveDcrOptions } from './validate-options';

function problemsOf(metrics: unknown): readonly string[] {
  try {
    resolveDcrOptions({ secretKey: TEST_SECRET_KEY, metrics } as DcrModuleOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(DcrConfigurationError);
    return (error as DcrConfigurationError).problems;
  }
  throw new Error('no configuration error');
}

describe('options.metrics', () => {
  it('is on without a prefix by default', () => {
    expect(resolveDcrOptions({ secretKey: TEST_SECRET_KEY }).metrics).toEqual({ enabled: true, prefix: '' });
  });

  it('takes enabled and a prefix, beside several servers too', () => {
    const options = resolveDcrOptions({ secretKey: TEST_SECRET_KEY, authorizationServers: { a: {} }, metrics: { enabled: false, prefix: 'iam_' } });
    expect(options.metrics).toEqual({ enabled: false, prefix: 'iam_' });
  });

  it('refuses a prefix that would make invalid metric names, a wrong type and unknown keys', () => {
    expect(problemsOf({ prefix: 'iam-dcr' })).toEqual(['options.metrics.prefix: must match ^[a-zA-Z_:][a-zA-Z0-9_:]{0,63}$']);
    expect(problemsOf({ prefix: '1st_' })).toHaveLength(1);
    expect(problemsOf({ enabled: 'yes' })).toEqual([expect.stringContaining('options.metrics.enabled')]);
    expect(problemsOf({ registry: {} })).toEqual([expect.stringContaining('options.metrics')]);
  });
});
