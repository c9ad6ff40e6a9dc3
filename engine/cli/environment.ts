// The environment of a program under `popcorn run`. It starts from a fixed one (spawn.ts's
// DEFAULT_ENV), not from the host's, so a run repeats on any host; -E VAR=VALUE sets a variable
// and -U VAR removes one, applied in the order given, as qemu-user's -E and -U.

import { DEFAULT_ENV } from '../kernels/proc/spawn';
import { UsageError } from './options';

/** What parseArgs's `tokens` gives: each option in command-line order. */
interface Token {
  kind: string;
  name?: string;
  value?: string | undefined;
}

export function environment(tokens: Token[] | undefined): string[] {
  const env = new Map<string, string>(DEFAULT_ENV.map((e) => [e.slice(0, e.indexOf('=')), e]));
  for (const t of tokens ?? []) {
    if (t.kind !== 'option' || t.value === undefined) continue;
    if (t.name === 'env') {
      const eq = t.value.indexOf('=');
      if (eq <= 0) throw new UsageError(`-E takes VAR=VALUE (got '${t.value}')`);
      env.set(t.value.slice(0, eq), t.value); // one already set keeps its place, as with setenv(3)
    } else if (t.name === 'unset') {
      if (t.value === '' || t.value.includes('=')) throw new UsageError(`-U takes a variable name (got '${t.value}')`);
      env.delete(t.value);
    }
  }
  return [...env.values()];
}
