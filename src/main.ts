import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { readHostConfig } from './example/host-config';
import { applyConnectionLimits, readConnectionLimits } from './example/connection-limits';
import { closeConnectionsAnsweredEarly } from './example/early-answer-close';
import { exampleHttpAdapter, httpPlatformOf } from './example/http-platform';
import { serveExampleOpenApi } from './example/openapi';

async function bootstrap(): Promise<void> {
  const config = readHostConfig();
  const connections = readConnectionLimits();
  const platform = httpPlatformOf(process.env.HTTP_ADAPTER);
  // The DCR routes read their own bodies with RFC 7591 limits and error answers; Nest's global
  // JSON parser would answer malformed or oversized JSON before the module could. (On Fastify
  // the module keeps Fastify's parsers off its own routes by itself.)
  const options = { bodyParser: false, bufferLogs: true };
  const adapter = exampleHttpAdapter(platform);
  const app = adapter ? await NestFactory.create(AppModule.register(config), adapter, options) : await NestFactory.create(AppModule.register(config), options);
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  serveExampleOpenApi(app);
  // Before listen(): Node starts enforcing the timeouts when the server starts listening.
  applyConnectionLimits(app.getHttpServer(), connections);
  closeConnectionsAnsweredEarly(app.getHttpServer());
  // Fastify listens on localhost only unless told otherwise; Express on every interface.
  await (platform === 'fastify' ? app.listen(config.port, '0.0.0.0') : app.listen(config.port));
  logger.log(`Listening on ${await app.getUrl()} (${platform})`, 'ExampleHost');
}

void bootstrap();
