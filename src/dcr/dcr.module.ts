import { DynamicModule, Inject, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DCR_RESOLVED_OPTIONS } from './dcr.constants';
import { ASYNC_OPTIONS_TYPE, ConfigurableModuleClass, DcrModuleExtras, OPTIONS_TYPE } from './dcr.module-definition';
import { dcrControllers, DCR_EXPORTS, dcrProviders, DcrRouting } from './dcr.providers';
import { routesOf } from './dcr.routes';
import type { DcrModuleOptions } from './options/dcr-module-options.interface';
import { DCR_DEFAULTS } from './options/option-defaults';
import type { ResolvedDcrOptions } from './options/resolved-options';
import { TechClientLockEventEntity } from './persistence/tech-client-lock-event.entity';
import { TechClientEntity } from './persistence/tech-client.entity';
import { corsMiddleware } from './registration/cors.middleware';
import { adminRouteOf } from './tech-clients/admin.routes';

/**
 * OAuth 2.0 Dynamic Client Registration for a NestJS IAM host:
 * `DcrModule.forRoot(options)` or `DcrModule.forRootAsync({ imports, inject, useFactory })`.
 * Uses the host's TypeORM DataSource; add `DCR_ENTITIES` and `DCR_MIGRATIONS` to it.
 * @publicApi
 */
@Module({})
export class DcrModule extends ConfigurableModuleClass implements NestModule {
  constructor(@Inject(DCR_RESOLVED_OPTIONS) private readonly options: ResolvedDcrOptions) {
    super();
  }

  /** CORS middleware for the servers that configure it, on their registration routes only. */
  configure(consumer: MiddlewareConsumer): void {
    for (const server of this.options.servers.values()) {
      if (!server.cors) continue;
      const path = server.registrationPath;
      consumer.apply(corsMiddleware(server.cors)).forRoutes({ path, method: RequestMethod.ALL }, { path: `${path}/:clientId`, method: RequestMethod.ALL });
    }
  }

  static override forRoot(options: typeof OPTIONS_TYPE): DynamicModule {
    const routing = { routes: routesOf(options as DcrModuleOptions), adminPath: adminRouteOf(options as DcrModuleOptions), checkRoutes: false };
    return build(super.forRoot(options), options, routing);
  }

  static override forRootAsync(options: typeof ASYNC_OPTIONS_TYPE): DynamicModule {
    const routes = options.registrationPaths ?? routesOf({} as DcrModuleOptions);
    return build(super.forRootAsync(options), options, { routes, adminPath: options.adminPath ?? DCR_DEFAULTS.adminPath, checkRoutes: true });
  }
}

function build(definition: DynamicModule, extras: DcrModuleExtras, routing: DcrRouting): DynamicModule {
  const dataSource = extras.dataSource ?? 'default';
  return {
    ...definition,
    imports: [...(definition.imports ?? []), TypeOrmModule.forFeature([TechClientEntity, TechClientLockEventEntity], dataSource)],
    controllers: dcrControllers(extras, routing),
    providers: [...(definition.providers ?? []), ...dcrProviders(extras, routing)],
    exports: DCR_EXPORTS,
  };
}
