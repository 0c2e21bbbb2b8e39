import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { DcrTracer } from './dcr-tracer';

describe('DcrTracer', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  const contexts = new AsyncLocalStorageContextManager();

  beforeAll(() => {
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(contexts.enable());
  });
  afterAll(async () => {
    trace.disable();
    context.disable();
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

  it('makes a span the parent of the spans started in its work, across awaits', async () => {
    const parent = new DcrTracer().start('dcr.registration.register');
    await parent.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      trace.getTracer('db').startSpan('INSERT').end();
    });
    parent.end('created', false);
    const [child, recorded] = exporter.getFinishedSpans();
    expect(child.name).toBe('INSERT');
    expect(child.parentSpanContext?.spanId).toBe(recorded.spanContext().spanId);
  });

  it('runs the work as it is when no API is installed or no span is recording', () => {
    expect(new DcrTracer().start('dcr.x').run(() => 42)).toBe(42);
  });
});
