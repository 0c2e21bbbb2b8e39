import type { ResolvedReservedNames } from '../options/resolved-options';
import { confusableSkeleton, resemblesReservedName } from './confusable-skeleton';

/**
 * The reserved name that one of `names` (a `client_name` and its localized variants) resembles,
 * unless the client's metadata document is served from a host the name is kept for.
 * @internal
 */
export function reservedNameResembled(reserved: ResolvedReservedNames | undefined, names: string[], documentHost?: string): string | undefined {
  if (!reserved || names.length === 0) return undefined;
  const skeletons = names.map(confusableSkeleton);
  for (const entry of reserved.names) {
    if (documentHost !== undefined && entry.documentHosts.includes(documentHost)) continue;
    if (skeletons.some((skeleton) => resemblesReservedName(skeleton, entry.skeleton))) return entry.name;
  }
  return undefined;
}
