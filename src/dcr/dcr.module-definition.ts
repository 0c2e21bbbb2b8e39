import { CanActivate, ConfigurableModuleBuilder, Provider, Type } from '@nestjs/common';
import type { TechClientInterceptor } from './events/tech-client.interceptor';
import type { DcrModuleOptions } from './options/dcr-module-options.interface';
import type { MetadataProcessor } from './processors/metadata-processor';

/**
 * Options that shape the module itself, so they cannot come from an async factory.
 * @publicApi
 */
export interface DcrModuleExtras {
  /** Register the module globally. @default false */
  isGlobal?: boolean;
  /** Name of the host's TypeORM DataSource the module uses. @default "default" */
  dataSource?: string;
  /** Serve the module's controllers; `false` lets a host mount its own on the services. @default true */
  controllers?: boolean;
  /** Host processors for extension metadata, run after the built-ins in this order. @default [] */
  extraProcessors?: Type<MetadataProcessor>[];
  /** Technical client interceptors, told about every committed change. @default [] */
  interceptors?: Type<TechClientInterceptor>[];
  /** Providers that replace the module's own, e.g. `{ provide: IdentityGenerator, useClass: … }`. @default [] */
  providers?: Provider[];
  /**
   * `forRootAsync` only: registration path per server id, since routes must be known before the
   * factory runs. Checked against the options at start-up.
   * @default { default: "oauth2/register" }
   */
  registrationPaths?: Record<string, string>;
  /**
   * `forRootAsync` only: path of the admin API (`admin.path`), since routes must be known before
   * the factory runs. Checked against the options at start-up; with `admin.enabled: false` the
   * routes answer 404.
   * @default "tech-clients"
   */
  adminPath?: string;
  /**
   * The host's guard for the admin API (its own sessions, roles …), asked when a request does not
   * carry the configured `admin.token`. It is instantiated in this module: its dependencies must be
   * global or listed in `providers`. The admin's id for the audit log is read from `request.user`
   * (`id`, `sub` or `username`). Without it and without `admin.token`, the admin API refuses everyone.
   */
  adminGuard?: Type<CanActivate>;
  /**
   * Serve the admin web console at `<admin path>/console`: a page that signs in with the admin
   * token and drives the admin API (search, lock, rotate, delete, initial access tokens). It holds
   * no data of its own and is open only when the admin API is.
   * @default false
   */
  console?: boolean;
}

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<DcrModuleOptions>({ moduleName: 'Dcr' })
    .setClassMethodName('forRoot')
    .setExtras<DcrModuleExtras>(
      { isGlobal: false, dataSource: 'default', controllers: true, extraProcessors: [], interceptors: [], providers: [], adminGuard: undefined, console: false },
      (definition, extras) => ({ ...definition, global: extras.isGlobal }),
    )
    .build();
