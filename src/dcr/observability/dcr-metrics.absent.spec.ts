import type { ResolvedDcrOptions } from '../options/resolved-options';

jest.mock('./optional-peer', () => ({ loadOptionalPeer: () => undefined }));

describe('DcrMetrics without prom-client', () => {
  it('is a no-op, with no exposition', async () => {
    const { DcrMetrics } = await import('./dcr-metrics');
    const metrics = new DcrMetrics({ metrics: { enabled: true, prefix: '' } } as ResolvedDcrOptions);
    expect(() => {
      metrics.registration('default', 'register', 'created');
      metrics.requestDuration({ server: 'default', route: 'registration.register', result: 'created' }, 0.1);
    }).not.toThrow();
    expect(metrics.enabled).toBe(false);
    expect(await metrics.exposition()).toBeUndefined();
  });
});
