import 'reflect-metadata';
import { DCR_RAW_BODY_ROUTE, DcrRawBody, FASTIFY_ROUTE_CONFIG_METADATA } from './raw-body.decorator';

describe('@DcrRawBody()', () => {
  it('flags the handler in the Fastify route config, keeping a config already there', () => {
    class Routes {
      @DcrRawBody()
      plain(): void {}

      @DcrRawBody()
      // What `@RouteConfig({ rateLimit: 5 })` writes, applied first (it is written below).
      @((_target: object, _key: string | symbol, descriptor: PropertyDescriptor) => Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { rateLimit: 5 }, descriptor.value))
      configured(): void {}
    }
    expect(Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, Routes.prototype.plain)).toEqual({ [DCR_RAW_BODY_ROUTE]: true });
    expect(Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, Routes.prototype.configured)).toEqual({ rateLimit: 5, [DCR_RAW_BODY_ROUTE]: true });
  });
});
