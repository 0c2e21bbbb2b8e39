import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DcrModule } from './dcr';
import { DiscoveryController } from './example/discovery.controller';
import { HealthController } from './example/health.controller';
import { IdleConnectionCloser } from './example/idle-connection-closer';
import type { HostConfig } from './example/host-config';

/**
 * The example IAM host: its own TypeORM DataSource (with the module's entities and migrations),
 * the DCR module, a discovery document and a health check. A real host keeps its own token endpoint and users.
 */
@Module({})
export class AppModule {
  static register(config: HostConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [TypeOrmModule.forRoot(config.database), DcrModule.forRoot(config.dcr), TerminusModule.forRoot({ logger: false })],
      controllers: [DiscoveryController, HealthController],
      providers: [IdleConnectionCloser],
    };
  }
}
