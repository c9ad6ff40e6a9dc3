// BusyBox on every preset of the machine: the course's applet list (kernels/testing/
// busybox-course.ts), each script typed at the shell of the machine's last kernel, prints what
// it prints under qemu-riscv64; and on every machine of several kernels a pipeline whose
// processes run on different kernels (its stages moved with `migrate` while the first one
// sleeps) prints what it prints on one.

import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../machine/presets';
import { COURSE } from '../../kernels/testing/busybox-course';
import { useBusyboxUnderQemu, type QemuRun } from '../../kernels/testing/busybox-qemu';
import { bootMachineConsole } from './test-machine';

const underQemu = useBusyboxUnderQemu();
const references = new Map<string, Promise<QemuRun>>();
const reference = (script: string) => {
  let run = references.get(script);
  if (!run) references.set(script, (run = underQemu(script)));
  return run;
};

// each script is a file of the root filesystem; those that read stdin are for busybox.test.ts
const scripts = COURSE.filter((c) => c.stdin === undefined);
const files = Object.fromEntries(scripts.map((c, i) => [`/course/${i}.sh`, new TextEncoder().encode(`${c.script}\n`)]));
const crlf = (text: string) => text.replaceAll('\r\n', '\n');
/** How many of 1..n have a 7 among their digits: what `seq n | grep 7 | wc -l` counts. */
const sevens = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1)).filter((s) => s.includes('7')).length;

describe.each(PRESETS)('BusyBox on the %s preset', (preset) => {
  it('runs every course script at the last kernel’s shell as under qemu-riscv64', async () => {
    const c = await bootMachineConsole(preset, {}, files);
    const last = c.machine.kernels.length - 1;
    for (const [i, course] of scripts.entries()) {
      // not on the terminal: less and more would page, and the reference ran without one (nor
      // kept stderr, where ash says which of its children a signal ended)
      const out = c.command(
        last,
        `mkdir /tmp/w${i} && cd /tmp/w${i} && busybox ash /course/${i}.sh </dev/null 2>/dev/null | cat`,
      );
      expect(crlf(out), course.name).toBe((await reference(course.script)).stdout);
    }
  }, 300_000);

  it('runs a pipeline whose stages are on different kernels', async () => {
    const c = await bootMachineConsole(preset);
    const last = c.machine.kernels.length - 1;
    if (last === 0) return; // one kernel: nowhere to move a stage to
    c.command(0, "ash -c '(sleep 1; seq 3000) | grep 7 | wc -l' &");
    // the background ash starts its pipeline a little after the prompt is back
    const pidOf = (comm: string) => {
      for (let epoch = 0; epoch < 1000; epoch++) {
        const p = [...c.node(0).kernel.processes.values()].find((p) => p.comm === comm && p.state === 'alive');
        if (p) return p.pid;
        c.machine.step();
      }
      throw new Error(`${comm} never started on kernel 0`);
    };
    const grep = pidOf('grep');
    const wc = pidOf('wc');
    c.command(0, `migrate ${grep} 1`);
    c.command(0, `migrate ${wc} ${last}`);
    // each moves when it next runs: once seq's numbers come, a second after it started
    const seen = { grep: false, wc: false };
    for (let epoch = 0; epoch < 20_000 && !(seen.grep && seen.wc); epoch++) {
      c.machine.step();
      seen.grep ||= c.node(1).kernel.threads.has(grep);
      seen.wc ||= c.node(last).kernel.threads.has(wc);
    }
    expect(seen, 'grep ran on kernel 1, wc on the last kernel').toEqual({ grep: true, wc: true });
    c.waitFor(0, new RegExp(`\\b${sevens(3000)}\r\n`), 0, 10e9);
  }, 300_000);
});
