// The programs a scenario may start: the engine's list is the page's /bin (every committed
// userland binary but init, which is /sbin/init, and BusyBox's applets that no program of the
// playground overrides), and a command's program is looked up as a
// shell would, a bare name in /bin and a path as it is.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import applets from '../../userland/bin/busybox-applets.json' with { type: 'json' };
import { binNames, programProblem } from './programs';

const BIN = join(import.meta.dirname, '../../userland/bin/glibc');

describe('the programs a scenario may start', () => {
  it("are the page's /bin: every committed program but init, and BusyBox's applets", () => {
    const committed = readdirSync(BIN).filter((n) => n !== 'init');
    const links = applets.filter((a) => !committed.includes(a));
    expect(links).toContain('grep');
    expect(binNames()).toEqual([...committed, ...links].sort());
  });

  it('finds a bare name in /bin and a path as it is', () => {
    const paths = ['/bin/busy', '/bin/sh', '/sbin/init'];
    expect(programProblem('busy', paths)).toBeUndefined();
    expect(programProblem('/bin/sh', paths)).toBeUndefined();
    expect(programProblem('/sbin/init', paths)).toBeUndefined();
    expect(programProblem('init', paths)).toBe('init is not in /bin: the programs in /bin are busy, sh');
    expect(programProblem('nosuchprog', paths)).toBe('nosuchprog is not in /bin: the programs in /bin are busy, sh');
    expect(programProblem('/bin/nope', paths)).toBe('/bin/nope does not exist: the programs in /bin are busy, sh');
    // elsewhere is left to the kernel: a program may write the file before the scenario starts it
    expect(programProblem('/tmp/made-later', paths)).toBeUndefined();
  });
});
