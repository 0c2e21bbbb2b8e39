import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** True where `strace` can be run (CI installs it; see `.ci/run`). */
export function straceAvailable(): boolean {
  return spawnSync('strace', ['-V']).status === 0;
}

/**
 * A command prefix that runs a process under `strace`, writing each flush (`fsync`,
 * `fdatasync`) it makes to `file` as it happens, with the path of the file flushed (`-y`). The
 * seccomp filter stops the process only at those two calls, so it runs at nearly full speed and
 * batches as it would untraced. Counting what reached the disk tests the promise, not a setting.
 */
export function flushTracer(file: string): string[] {
  return ['strace', '-f', '--seccomp-bpf', '-y', '-e', 'trace=fsync,fdatasync', '-o', file];
}

/** Completed flushes in a `flushTracer` file of files whose path ends with `suffix` (`-wal`: SQLite's log). */
export function flushesOf(file: string, suffix: string): number {
  if (!existsSync(file)) return 0;
  const escaped = suffix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return readFileSync(file, 'utf8').match(new RegExp(`\\b(fsync|fdatasync)\\(\\d+<[^>]*${escaped}>\\)\\s*=\\s*0`, 'g'))?.length ?? 0;
}
