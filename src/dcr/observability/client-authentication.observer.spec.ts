import { Registry } from 'prom-client';
import type { ResolvedDcrOptions } from '../options/resolved-options';
import { ClientAuthenticationObserver } from './client-authentication.observer';
import { DcrMetrics } from './dcr-metrics';
import type { DcrTracer } from './dcr-tracer';

describe('ClientAuthenticationObserver', () => {
  function observer() {
    const registry = new Registry();
    const spans: unknown[][] = [];
    const tracer = { start: (name: string, attributes: object, startTime: number) => ({ setAttributes: () => undefined, end: (result: string, failed: boolean) => spans.push([name, attributes, startTime, result, failed]) }) } as unknown as DcrTracer;
    const metrics = new DcrMetrics({ metrics: { enabled: true, prefix: '' } } as ResolvedDcrOptions, registry);
    return { registry, spans, observer: new ClientAuthenticationObserver(metrics, tracer) };
  }

  it('counts each outcome by server, method and result, and a throttled one as a throttled token request', async () => {
    const { registry, observer: subject } = observer();
    subject.observe({ server: 'a', method: 'client_secret_post', result: 'wrong_secret', startedAt: 1 });
    subject.observe({ server: 'a', method: 'client_secret_post', result: 'throttled', startedAt: 2 });
    subject.observe({ server: 'a', method: 'client_secret_post', result: 'success', startedAt: 3 });
    const text = await registry.metrics();
    expect(text).toContain('dcr_client_authentications_total{server="a",method="client_secret_post",result="wrong_secret"} 1');
    expect(text).toContain('dcr_client_authentications_total{server="a",method="client_secret_post",result="success"} 1');
    expect(text).toContain('dcr_throttled_requests_total{endpoint="token"} 1');
  });

  it('records a span from the start of the attempt, failed unless it succeeded', () => {
    const { spans, observer: subject } = observer();
    subject.observe({ server: 'a', method: 'none', result: 'success', startedAt: 10 });
    subject.observe({ server: 'a', method: 'private_key_jwt', result: 'unknown_client', startedAt: 20 });
    expect(spans).toEqual([
      ['dcr.client_authentication', { 'dcr.server': 'a', 'oauth.client_authentication.method': 'none' }, 10, 'success', false],
      ['dcr.client_authentication', { 'dcr.server': 'a', 'oauth.client_authentication.method': 'private_key_jwt' }, 20, 'unknown_client', true],
    ]);
  });
});
