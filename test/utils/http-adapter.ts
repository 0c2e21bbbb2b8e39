import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { exampleHttpAdapter, httpPlatformOf } from '../../src/example/http-platform';

/** The platform the e2e suites run on: `HTTP_ADAPTER=fastify`, else Express. */
export const HTTP_ADAPTER = httpPlatformOf(process.env.HTTP_ADAPTER);

/**
 * `moduleRef.createNestApplication(options)` on the platform of `HTTP_ADAPTER`, initialised and,
 * on Fastify, ready (supertest talks to the server without `listen()`, and Fastify only answers
 * once its plugins have loaded).
 */
export async function createHttpApp(
  moduleRef: TestingModule, options: NestApplicationOptions = {}, beforeInit?: (app: INestApplication) => void,
): Promise<INestApplication> {
  // The example host's adapter, so the suites test the settings the README recommends.
  const adapter = exampleHttpAdapter(HTTP_ADAPTER);
  const app = adapter ? moduleRef.createNestApplication(adapter, options) : moduleRef.createNestApplication(options);
  beforeInit?.(app);
  await app.init();
  if (HTTP_ADAPTER === 'fastify') await app.getHttpAdapter().getInstance().ready();
  return app;
}
