import type { DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService, registerAs } from '@nestjs/config';
import type { DcrModuleExtras, DcrModuleOptions } from '../dcr';
import type { HostConfig } from './host-config';

/** Where the example host's configuration sits in `ConfigService`. */
export const HOST_CONFIG = 'host';

/**
 * The example host's `ConfigModule`, global: the `HostConfig` read and validated from the
 * environment at start-up (`readHostConfig`, every problem at once), for the factories that take
 * their options from `ConfigService` (`DcrModule.forRootAsync`). The process environment is not
 * read again: what was validated is what is served.
 */
export function exampleConfigModule(config: HostConfig): Promise<DynamicModule> {
  return ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validatePredefined: false, skipProcessEnv: true, load: [registerAs(HOST_CONFIG, () => config)] });
}

/** `useFactory` of `DcrModule.forRootAsync`: the module options of the host configuration. */
export function dcrOptionsFrom(config: ConfigService): DcrModuleOptions {
  return config.getOrThrow<HostConfig>(HOST_CONFIG).dcr;
}

/**
 * The routes `forRootAsync` must know before its factory runs (they are checked against the
 * options at start-up): the registration path of each server and the admin path the options ask
 * for, with the module's documented defaults.
 */
export function dcrRoutesOf(options: DcrModuleOptions): Pick<DcrModuleExtras, 'registrationPaths' | 'adminPath'> {
  const servers = options.authorizationServers;
  const registrationPaths = servers
    ? Object.fromEntries(Object.entries(servers).map(([id, server]) => [id, server.registrationPath ?? `oauth2/${id}/register`]))
    : { default: options.registrationPath ?? 'oauth2/register' };
  return { registrationPaths, ...(typeof options.admin?.path === 'string' && { adminPath: options.admin.path }) };
}
