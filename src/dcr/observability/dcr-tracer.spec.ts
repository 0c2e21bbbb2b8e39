import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { DcrTracer } from './dcr-tracer';

describe('DcrTracer', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  beforeAll(() => trace.setGlobalTracerProvider(provider));
  afterAll(async () => {
    trace.disable();
    await provider.shutdown();
  });
  beforeEach(() => exporter.reset());

  it('records a span of the nestjs-dcr tracer with its attributes and result', () => {
    const span = new DcrTracer().start('dcr.registration.register', { 'dcr.server': 'default', 'oauth.client_id': undefined });
    span.setAttributes({ 'oauth.client_id': 'c1' });
    span.end('created', false);
    const [recorded] = exporter.getFinishedSpans();
    expect(recorded.name).toBe('dcr.registration.register');
    expect(recorded.instrumentationScope.name).toBe('nestjs-dcr');
    expect(recorded.instrumentationScope.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(recorded.attributes).toEqual({ 'dcr.server': 'default', 'oauth.client_id': 'c1', 'dcr.result': 'created' });
    expect(recorded.status.code).toBe(0);
  });

  it('marks a failure with the error status and error.type', () => {
    new DcrTracer().start('dcr.client_authentication', {}, Date.now() - 50).end('wrong_secret', true);
    const [recorded] = exporter.getFinishedSpans();
    expect(recorded.status).toEqual({ code: 2, message: 'wrong_secret' });
    expect(recorded.attributes['error.type']).toBe('wrong_secret');
    expect(recorded.duration[0] * 1000 + recorded.duration[1] / 1e6).toBeGreaterThanOrEqual(40);
  });
});
