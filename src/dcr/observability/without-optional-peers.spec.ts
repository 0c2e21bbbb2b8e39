import type { ResolvedDcrOptions } from '../options/resolved-options';

// Neither prom-client nor @opentelemetry/api is installed.
jest.mock('./optional-peer', () => ({ loadOptionalPeer: () => undefined }));

describe('without the optional peers', () => {
  it('DcrMetrics is a no-op, with no exposition', async () => {
    const { DcrMetrics } = await import('./dcr-metrics');
    const metrics = new DcrMetrics({ metrics: { enabled: true, prefix: '' } } as ResolvedDcrOptions);
    expect(() => {
      metrics.registration('default', 'register', 'created');
      metrics.requestDuration({ server: 'default', route: 'registration.register', result: 'created' }, 0.1);
    }).not.toThrow();
    expect(metrics.enabled).toBe(false);
    expect(await metrics.exposition()).toBeUndefined();
  });

  it('DcrTracer hands out spans that do nothing but run the work', async () => {
    const { DcrTracer } = await import('./dcr-tracer');
    const span = new DcrTracer().start('dcr.registration.register', { 'dcr.server': 'default' });
    expect(span.run(() => 'done')).toBe('done');
    expect(() => {
      span.setAttributes({ 'oauth.client_id': 'c1' });
      span.end('created', false);
    }).not.toThrow();
  });
});
