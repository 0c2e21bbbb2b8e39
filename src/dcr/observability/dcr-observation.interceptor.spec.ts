import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { lastValueFrom, of, Subject, throwError } from 'rxjs';
import { InvalidClientMetadataError, TooManyRequestsError } from '../errors/dcr.error';
import type { DcrMetrics } from './dcr-metrics';
import type { DcrTracer } from './dcr-tracer';
import { DCR_OBSERVED_ROUTES, DcrObservationInterceptor, ObservedRoutes } from './dcr-observation.interceptor';

function recorder() {
  const calls: unknown[][] = [];
  const metrics = new Proxy({}, { get: (_target, name) => (...args: unknown[]) => calls.push([name, ...args]) }) as DcrMetrics;
  const spans: { name: string; attributes: Record<string, unknown>; ended?: [string, boolean] }[] = [];
  const tracer = {
    start: (name: string, attributes: Record<string, unknown>) => {
      const span: (typeof spans)[number] = { name, attributes: { ...attributes } };
      spans.push(span);
      return { setAttributes: (more: Record<string, unknown>) => Object.assign(span.attributes, more), run: <T>(work: () => T) => work(), end: (result: string, failed: boolean) => (span.ended = [result, failed]) };
    },
  } as unknown as DcrTracer;
  return { calls, spans, interceptor: new DcrObservationInterceptor(new Reflector(), metrics, tracer) };
}

function contextOf(routes: ObservedRoutes | undefined, handler: string, params: Record<string, string> = {}): ExecutionContext {
  class Controller {}
  if (routes) Reflect.defineMetadata(DCR_OBSERVED_ROUTES, routes, Controller);
  const named = { [handler]: () => undefined }[handler];
  return {
    getType: () => 'http',
    getClass: () => Controller,
    getHandler: () => named,
    switchToHttp: () => ({ getRequest: () => ({ params }) }),
  } as unknown as ExecutionContext;
}

const handled = (value: unknown): CallHandler => ({ handle: () => of(value) });
const failed = (error: unknown): CallHandler => ({ handle: () => throwError(() => error) });
const registration: ObservedRoutes = { family: 'registration', server: 'a' };

describe('DcrObservationInterceptor', () => {
  it('records a registration: created, its duration, and a span with the issued client id', async () => {
    const { calls, spans, interceptor } = recorder();
    await lastValueFrom(interceptor.intercept(contextOf(registration, 'register'), handled({ client_id: 'c1', client_secret: 's3cr3t' })));
    expect(calls).toEqual([
      ['requestDuration', { server: 'a', route: 'registration.register', result: 'created' }, expect.any(Number)],
      ['registration', 'a', 'register', 'created'],
    ]);
    expect(spans).toEqual([{ name: 'dcr.registration.register', attributes: { 'dcr.server': 'a', 'dcr.operation': 'register', 'oauth.client_id': 'c1' }, ended: ['created', false] }]);
    expect(JSON.stringify(spans)).not.toContain('s3cr3t');
  });

  it('names each registration operation success, and takes the client id of read, update and delete from the path', async () => {
    const { calls, spans, interceptor } = recorder();
    for (const [handler, result] of [['read', 'ok'], ['update', 'updated'], ['delete', 'deleted']]) {
      await lastValueFrom(interceptor.intercept(contextOf(registration, handler, { clientId: 'c2' }), handled(undefined)));
      expect(calls.pop()).toEqual(['registration', 'a', handler, result]);
    }
    expect(spans.map((span) => span.attributes['oauth.client_id'])).toEqual(['c2', 'c2', 'c2']);
  });

  it('records a failure by its result code with the error status, and rethrows it', async () => {
    const { calls, spans, interceptor } = recorder();
    const error = new InvalidClientMetadataError('redirect_uris: must be an array of strings');
    await expect(lastValueFrom(interceptor.intercept(contextOf(registration, 'register'), failed(error)))).rejects.toBe(error);
    expect(calls).toContainEqual(['registration', 'a', 'register', 'invalid_client_metadata']);
    expect(spans[0].ended).toEqual(['invalid_client_metadata', true]);
  });

  it('counts a rate-limited registration and management request as throttled, by endpoint', async () => {
    const { calls, interceptor } = recorder();
    await expect(lastValueFrom(interceptor.intercept(contextOf(registration, 'register'), failed(new TooManyRequestsError('slow', 1))))).rejects.toBeDefined();
    await expect(lastValueFrom(interceptor.intercept(contextOf(registration, 'read'), failed(new TooManyRequestsError('slow', 1))))).rejects.toBeDefined();
    expect(calls.filter((call) => call[0] === 'throttled')).toEqual([['throttled', 'registration'], ['throttled', 'management']]);
    expect(calls).toContainEqual(['registration', 'a', 'read', 'rate_limited']);
  });

  it('names admin routes by resource and snake_case handler, without a server or a registration count', async () => {
    const { calls, spans, interceptor } = recorder();
    await lastValueFrom(interceptor.intercept(contextOf({ family: 'admin', resource: 'tech_clients' }, 'rotateSecret', { id: 'c3' }), handled({ client_id: 'c3' })));
    expect(calls).toEqual([['requestDuration', { server: undefined, route: 'admin.tech_clients.rotate_secret', result: 'ok' }, expect.any(Number)]]);
    expect(spans[0].name).toBe('dcr.admin.tech_clients.rotate_secret');
    expect(spans[0].attributes['oauth.client_id']).toBeUndefined();
  });

  it('records a request abandoned before its answer as cancelled, once', () => {
    const { calls, interceptor } = recorder();
    const pending = new Subject<unknown>();
    interceptor.intercept(contextOf(registration, 'register'), { handle: () => pending }).subscribe().unsubscribe();
    expect(calls).toEqual([
      ['requestDuration', { server: 'a', route: 'registration.register', result: 'cancelled' }, expect.any(Number)],
      ['registration', 'a', 'register', 'cancelled'],
    ]);
  });

  it('leaves controllers without the metadata alone', async () => {
    const { calls, spans, interceptor } = recorder();
    await lastValueFrom(interceptor.intercept(contextOf(undefined, 'register'), handled({})));
    expect([calls, spans]).toEqual([[], []]);
  });

  it('puts no implausible client id from the path into a span', async () => {
    const { spans, interceptor } = recorder();
    await lastValueFrom(interceptor.intercept(contextOf(registration, 'read', { clientId: 'x'.repeat(10_000) }), handled(undefined)));
    expect(spans[0].attributes['oauth.client_id']).toBeUndefined();
  });
});
