import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { readHostConfig } from './example/host-config';

async function bootstrap(): Promise<void> {
  const config = readHostConfig();
  // The DCR routes read their own bodies with RFC 7591 limits and error answers; Nest's global
  // JSON parser would answer malformed or oversized JSON before the module could.
  const app = await NestFactory.create(AppModule.register(config), { bodyParser: false, bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  await app.listen(config.port);
  logger.log(`Listening on ${await app.getUrl()}`, 'ExampleHost');
}

void bootstrap();
