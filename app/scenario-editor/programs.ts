// What a scenario may start: the programs on the machine's disk, as the engine lists them
// (userlandPaths(), the one place to repoint when the page gets its programs another way), and
// the editor's check of a command's program, made as a shell looks one up: a bare name in /bin,
// a path as it is.

import { userlandPaths } from '../../engine/machine/browser/userland-browser';

/** The names in /bin, in order: what the editor offers. */
export function binNames(paths: readonly string[] = userlandPaths()): string[] {
  return paths.flatMap((p) => (p.startsWith('/bin/') ? [p.slice('/bin/'.length)] : [])).sort();
}

/**
 * What is wrong with starting `program` (a command's first word), if anything. Only /bin and
 * /sbin are known before the machine runs: a path elsewhere (say /tmp) may be made by then,
 * so it is left to the kernel, which says on its terminal if it cannot start it.
 */
export function programProblem(program: string, paths: readonly string[] = userlandPaths()): string | undefined {
  const offer = `the programs in /bin are ${binNames(paths).join(', ')}`;
  if (!program.includes('/'))
    return paths.includes(`/bin/${program}`) ? undefined : `${program} is not in /bin: ${offer}`;
  const known = /^\/s?bin\//.test(program);
  return !known || paths.includes(program) ? undefined : `${program} does not exist: ${offer}`;
}
