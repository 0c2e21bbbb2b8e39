import { loadOptionalPeer } from './optional-peer';

describe('loadOptionalPeer', () => {
  it('returns the module when it is installed', () => {
    expect(loadOptionalPeer('prom-client')).toHaveProperty('Registry');
    expect(loadOptionalPeer('@opentelemetry/api')).toHaveProperty('trace');
  });

  it('returns undefined when it is not installed', () => {
    const missing = () => {
      throw Object.assign(new Error('Cannot find module'), { code: 'MODULE_NOT_FOUND' });
    };
    expect(loadOptionalPeer('prom-client', missing)).toBeUndefined();
  });

  it('rethrows any other failure of an installed peer', () => {
    const broken = () => {
      throw new SyntaxError('bad build');
    };
    expect(() => loadOptionalPeer('prom-client', broken)).toThrow('bad build');
  });
});
