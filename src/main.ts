import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { readHostConfig } from './example/host-config';
import { applyConnectionLimits, readConnectionLimits } from './example/connection-limits';
import { closeConnectionsAnsweredEarly } from './example/early-answer-close';
import { exampleHttpAdapter, httpPlatformOf } from './example/http-platform';
import { createHttpsListener, makeExamplePki, readHttpsPort, SAMPLE_CLIENT_DN } from './example/https-listener';
import { serveExampleOpenApi } from './example/openapi';

async function bootstrap(): Promise<void> {
  const config = readHostConfig();
  const connections = readConnectionLimits();
  const platform = httpPlatformOf(process.env.HTTP_ADAPTER);
  const httpsPort = readHttpsPort();
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
  if (httpsPort !== undefined) {
    // Mutual TLS (RFC 8705) needs the client's certificate at the token endpoint: a second,
    // HTTPS listener asks for it. Its CA and certificates are throwaway ones, made at each start.
    const pki = makeExamplePki();
    const https = createHttpsListener(app.getHttpServer(), pki);
    applyConnectionLimits(https as never, connections);
    await new Promise<void>((resolve, reject) => https.once('error', reject).listen(httpsPort, resolve));
    const port = (https.address() as { port: number }).port;
    logger.log(`Listening on https://localhost:${port} (mutual TLS: client certificates of the test CA ${pki.caCert}; sample client certificate ${pki.clientCert}, key ${pki.clientKey}, subject DN "${SAMPLE_CLIENT_DN}")`, 'ExampleHost');
  }
}

void bootstrap();
