import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { DcrModule } from './dcr';
import { exampleDatabaseModule } from './example/database-module';
import { exampleHostControllers, exampleHostProviders } from './example/example-host';
import { HealthController } from './example/health.controller';
import { EXAMPLE_METRICS_OPTIONS, MetricsController } from './example/metrics.controller';
import { StorageReadiness } from './example/storage-readiness';
import { IdleConnectionCloser } from './example/idle-connection-closer';
import type { HostConfig } from './example/host-config';
import { dcrOptionsFrom, dcrRoutesOf, exampleConfigModule } from './example/host-config.module';
import { exampleLoggerModule } from './example/logging';

/**
 * The example IAM host: its own TypeORM DataSource (with the module's entities and migrations,
 * and its own), the DCR module, structured logs (pino), a discovery document, a health check, an
 * authorization endpoint with a consent page, a token endpoint (authorization code with PKCE,
 * refresh, client credentials) with its JWKS, and Prometheus metrics at `/metrics` (with
 * `METRICS_TOKEN`): a stand-in for the IAM backend's own endpoints, which would call
 * `ClientResolver` and `ClientAuthenticator` the same way.
 */
@Module({})
export class AppModule {
  static register(config: HostConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        exampleLoggerModule(config.logging),
        exampleDatabaseModule(config.database),
        exampleConfigModule(config),
        // The options come from ConfigService, as README recommends to hosts; the routes are
        // declared beside the factory because Nest mounts them before it runs. The admin web
        // console at /tech-clients/console (the admin API behind it needs DCR_ADMIN_TOKEN).
        DcrModule.forRootAsync({ imports: [ConfigModule], inject: [ConfigService], useFactory: dcrOptionsFrom, ...dcrRoutesOf(config.dcr), console: true }),
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [...exampleHostControllers(config.endpoints), HealthController, MetricsController],
      providers: [IdleConnectionCloser, StorageReadiness, ...exampleHostProviders(config.tokens), { provide: EXAMPLE_METRICS_OPTIONS, useValue: config.metrics ?? {} }],
    };
  }
}
