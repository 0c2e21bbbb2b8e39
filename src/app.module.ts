import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DcrModule } from './dcr';
import { DiscoveryController } from './example/discovery.controller';
import type { HostConfig } from './example/host-config';

/**
 * The example IAM host: its own TypeORM DataSource (with the module's entities and migrations),
 * the DCR module, and a discovery document. A real host keeps its own token endpoint and users.
 */
@Module({})
export class AppModule {
  static register(config: HostConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [TypeOrmModule.forRoot(config.database), DcrModule.forRoot(config.dcr)],
      controllers: [DiscoveryController],
    };
  }
}
