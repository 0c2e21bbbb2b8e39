import { DcrConfigurationError } from '../errors/dcr-configuration.error';
import type { DcrModuleOptions } from '../options/dcr-module-options.interface';
import { DCR_DEFAULTS } from '../options/option-defaults';
import type { ResolvedDcrOptions } from '../options/resolved-options';

/** `forRoot`: the admin API's path, or undefined when `admin.enabled` is false (no routes at all). @internal */
export function adminRouteOf(options: DcrModuleOptions): string | undefined {
  const admin = options?.admin;
  if (admin?.enabled === false) return undefined;
  return trimSlashes(typeof admin?.path === 'string' ? admin.path : DCR_DEFAULTS.adminPath);
}

/** `forRootAsync`: the declared `adminPath` extra must be the path the options resolve to. @internal */
export function assertAdminPathMatches(declared: string, options: ResolvedDcrOptions): void {
  if (options.admin.enabled && trimSlashes(declared) !== options.admin.path) {
    throw new DcrConfigurationError([
      `admin.path "${options.admin.path}" differs from forRootAsync adminPath "${declared}"; declare the same path in both`,
    ]);
  }
}

function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}
