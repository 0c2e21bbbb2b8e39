import type { ResolvedDcrOptions } from './resolved-options';

/**
 * The authorization server a host's call names, or the only one configured. A wrong or missing
 * id is the host's programming error, not a client's: a plain `Error` naming the caller.
 * @internal
 */
export function selectServerId(options: ResolvedDcrOptions, requested: string | undefined, caller: string): string {
  if (requested !== undefined) {
    if (!options.servers.has(requested)) throw new Error(`${caller}: unknown authorization server "${requested}"`);
    return requested;
  }
  if (options.servers.size !== 1) throw new Error(`${caller}: name the serverId when several authorization servers are configured`);
  return [...options.servers.keys()][0];
}
