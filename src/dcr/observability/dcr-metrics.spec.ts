import { Logger } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import type { ResolvedDcrOptions } from '../options/resolved-options';
import { DcrMetrics } from './dcr-metrics';

function options(metrics?: ResolvedDcrOptions['metrics']): ResolvedDcrOptions {
  return { metrics } as ResolvedDcrOptions;
}

async function value(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  const data = await metric?.get();
  return data?.values.find((entry) => Object.entries(labels).every(([key, label]) => entry.labels[key] === label))?.value;
}

describe('DcrMetrics', () => {
  it('counts on the given registry, with the given labels', async () => {
    const registry = new Registry();
    const metrics = new DcrMetrics(options({ enabled: true, prefix: '' }), registry);
    metrics.registration('default', 'register', 'created');
    metrics.registration('default', 'register', 'created');
    metrics.clientAuthentication('default', 'client_secret_basic', 'wrong_secret');
    metrics.throttled('token');
    metrics.quotaRefused('default', 'max_clients');
    metrics.fetched('jwks_uri', 'timeout');
    metrics.databaseError('DatabaseError');
    metrics.requestDuration({ route: 'admin.search', result: 'ok' }, 0.02);
    expect(metrics.enabled).toBe(true);
    expect(await value(registry, 'dcr_registrations_total', { server: 'default', operation: 'register', result: 'created' })).toBe(2);
    expect(await value(registry, 'dcr_client_authentications_total', { method: 'client_secret_basic', result: 'wrong_secret' })).toBe(1);
    expect(await value(registry, 'dcr_throttled_requests_total', { endpoint: 'token' })).toBe(1);
    expect(await value(registry, 'dcr_quota_refusals_total', { quota: 'max_clients' })).toBe(1);
    expect(await value(registry, 'dcr_fetches_total', { purpose: 'jwks_uri', result: 'timeout' })).toBe(1);
    expect(await value(registry, 'dcr_database_errors_total', { class: 'DatabaseError' })).toBe(1);
    const text = (await metrics.exposition())!.text;
    expect(text).toContain('dcr_request_duration_seconds_count{route="admin.search",result="ok"} 1');
    expect(text).toContain('# TYPE dcr_request_duration_seconds histogram');
  });

  it('shares the instruments of a registry with a second instance instead of failing on the name', async () => {
    const registry = new Registry();
    const first = new DcrMetrics(options({ enabled: true, prefix: '' }), registry);
    const second = new DcrMetrics(options({ enabled: true, prefix: '' }), registry);
    first.throttled('registration');
    second.throttled('registration');
    expect(await value(registry, 'dcr_throttled_requests_total', { endpoint: 'registration' })).toBe(2);
  });

  it('puts the prefix before every name', async () => {
    const registry = new Registry();
    new DcrMetrics(options({ enabled: true, prefix: 'iam_' }), registry).throttled('token');
    expect(await value(registry, 'iam_dcr_throttled_requests_total', { endpoint: 'token' })).toBe(1);
    expect(registry.getSingleMetric('dcr_throttled_requests_total')).toBeUndefined();
  });

  it('records nothing and registers nothing when disabled', async () => {
    const registry = new Registry();
    const metrics = new DcrMetrics(options({ enabled: false, prefix: '' }), registry);
    metrics.registration('default', 'register', 'created');
    expect(metrics.enabled).toBe(false);
    expect(registry.getMetricsAsArray()).toHaveLength(0);
    expect(await metrics.exposition()).toBeUndefined();
  });

  it('never throws into the request when a host metric of the same name has other labels, and warns once', async () => {
    const registry = new Registry();
    new Counter({ name: 'dcr_throttled_requests_total', help: 'the host\'s own', labelNames: ['route'], registers: [registry] });
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const metrics = new DcrMetrics(options({ enabled: true, prefix: '' }), registry);
      expect(() => {
        metrics.throttled('token');
        metrics.throttled('registration');
      }).not.toThrow();
      metrics.registration('default', 'register', 'created');
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toMatch(/metrics\.prefix/);
      expect(await value(registry, 'dcr_registrations_total', { result: 'created' })).toBe(1);
    } finally {
      warn.mockRestore();
    }
  });
});
