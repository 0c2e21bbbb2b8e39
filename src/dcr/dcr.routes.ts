import { DcrConfigurationError } from './errors/dcr-configuration.error';
import type { DcrModuleOptions } from './options/dcr-module-options.interface';
import { DCR_DEFAULTS } from './options/option-defaults';
import type { ResolvedDcrOptions } from './options/resolved-options';

/** Registration path per server id, decided when the module is built. @internal */
export type DcrRoutes = Record<string, string>;

/** Routes a `forRoot` options object asks for (shapes are validated later, with everything else). @internal */
export function routesOf(options: DcrModuleOptions): DcrRoutes {
  const servers = options?.authorizationServers;
  if (servers && typeof servers === 'object') {
    return Object.fromEntries(
      Object.entries(servers).map(([id, server]) => [id, trim(server?.registrationPath ?? `oauth2/${id}/register`)]),
    );
  }
  return { [DCR_DEFAULTS.defaultServerId]: trim(options?.registrationPath ?? DCR_DEFAULTS.registrationPath) };
}

/** `forRootAsync`: the routes declared in the extras must be the ones the options resolve to. @internal */
export function assertRoutesMatch(declared: DcrRoutes, options: ResolvedDcrOptions): void {
  const problems: string[] = [];
  for (const server of options.servers.values()) {
    const path = declared[server.id];
    if (path === undefined) problems.push(`authorization server "${server.id}" has no route: list it in forRootAsync({ registrationPaths })`);
    else if (trim(path) !== server.registrationPath) {
      problems.push(`authorization server "${server.id}": registrationPath "${server.registrationPath}" differs from registrationPaths "${path}"`);
    }
  }
  for (const id of Object.keys(declared)) {
    if (!options.servers.has(id)) problems.push(`registrationPaths names "${id}", which is not a configured authorization server`);
  }
  if (problems.length) throw new DcrConfigurationError(problems);
}

function trim(path: string): string {
  return typeof path === 'string' ? path.replace(/^\/+|\/+$/g, '') : path;
}
