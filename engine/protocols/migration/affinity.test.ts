// The machine's CPUs in the single system image: every preset shows every hart to a process
// (sched_getaffinity, glibc's counts, /sys), a thread bound to another kernel's hart moves there
// (its own call, or another thread's), a thread's mask is read and set wherever it runs, and an
// unmodified OpenMP program with OMP_PROC_BIND spreads over the kernels by itself.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { setAffinity } from '../../kernels/syscalls/sched';
import { DEFAULT_EPOCH_NS as EPOCH_NS } from '../../machine/quantum';
import { KernelStates } from '../../machine/kernel-states';
import { PRESETS } from '../../machine/presets';
import { bootMachineConsole, must } from '../ssi/test-machine';

const popcorn = (args: string[], env: string[] = []) =>
  spawnSync('node', ['bin/popcorn.mjs', 'run', ...env.flatMap((e) => ['-E', e]), ...args], { encoding: 'utf8' });

describe('the machine CPUs a process sees', () => {
  it.each(PRESETS)('%s: every hart of the machine, however it is split into kernels', async (preset) => {
    const c = await bootMachineConsole(preset);
    const last = c.machine.kernels.length - 1;
    for (const kernel of new Set([0, last])) {
      // what nproc (sched_getaffinity), sysconf and get_nprocs(_conf) (/sys) count
      expect(c.command(kernel, 't-affinity -c')).toBe('cpus online 4 configured 4 sysconf 4 affinity 4\r\n');
      expect(c.command(kernel, 'cat /sys/devices/system/cpu/online /sys/devices/system/cpu/possible')).toBe(
        '0-3\r\n0-3\r\n',
      );
      expect(c.command(kernel, 'cat /proc/stat').match(/^cpu\d+ /gm)).toEqual(['cpu0 ', 'cpu1 ', 'cpu2 ', 'cpu3 ']);
    }
    // each thread bound to one CPU by another thread runs there, on the kernel that owns it
    const out = c.command(0, 't-affinity -s');
    const owner = (cpu: number) => c.machine.kernels.findIndex((k) => k.node.kernel.params.harts.includes(cpu));
    for (let cpu = 0; cpu < 4; cpu++) expect(out).toContain(`cpu ${cpu}: kernel ${owner(cpu)} (ran on cpu ${cpu})`);
    expect(out).toContain(`main bound to cpu 3: runs on cpu 3, kernel ${owner(3)}`);
    expect(out).not.toContain(': no');
    expect(out).toContain('t-affinity: 12 checks, 0 failed');
  });

  it('leaves out the harts of a stopped kernel: fewer CPUs online, and a mask of only those is EINVAL', async () => {
    const c = await bootMachineConsole('kernel-per-hart');
    expect(c.command(0, 't-affinity -b 3')).toBe('bind to cpu 3: 0; runs on cpu 3, kernel 3\r\n');
    new KernelStates(c.machine.memory).markDead(3);
    expect(c.command(0, 't-affinity -b 3')).toBe('bind to cpu 3: Invalid argument; runs on cpu 0, kernel 0\r\n');
    expect(c.command(0, 't-affinity -b 2')).toBe('bind to cpu 2: 0; runs on cpu 2, kernel 2\r\n');
    expect(c.command(0, 't-affinity -c')).toBe('cpus online 3 configured 4 sysconf 3 affinity 3\r\n');
    expect(c.command(0, 'cat /sys/devices/system/cpu/online /sys/devices/system/cpu/cpu3/online')).toBe('0-2\r\n0\r\n');
  });

  it('keeps a bound thread on its hart of a kernel with several (the scheduler honours the mask)', async () => {
    const c = await bootMachineConsole('smp');
    expect(c.command(0, 't-affinity -b 2')).toBe('bind to cpu 2: 0; runs on cpu 2, kernel 0\r\n');
    const out = c.command(0, 't-affinity -s');
    for (let cpu = 0; cpu < 4; cpu++) expect(out).toContain(`cpu ${cpu}: kernel 0 (ran on cpu ${cpu})`);
    expect(out).toContain('t-affinity: 12 checks, 0 failed');
  });
});

describe("a thread's mask where it goes", () => {
  it("travels with it, and is given up (as Linux's fallback) when other means take it off its CPUs", async () => {
    const c = await bootMachineConsole('kernel-per-hart');
    c.type(0, 'busy 3 > /dev/null &\r');
    c.machine.runUntil(c.machine.now + 20 * EPOCH_NS);
    const k0 = c.node(0).kernel;
    const busy = must(
      [...k0.processes.values()].find((p) => p.comm === 'busy' && p.state === 'alive'),
      'busy',
    );
    const tid = must(busy.threads[0], 'its thread').tid;
    // bound to CPU 2 from outside: it leaves for kernel 2 at its next chance, its mask with it
    expect(setAffinity(k0, must(busy.threads[0], 'its thread'), 1n << 2n, false)).toBe(0);
    c.machine.runUntil(c.machine.now + 20 * EPOCH_NS);
    const there = c.node(2).kernel.threads.get(tid);
    expect(there?.alive).toBe(true);
    expect(there?.affinity).toBe(1n << 2n);
    expect(c.command(0, `t-affinity -b 2`)).toBe('bind to cpu 2: 0; runs on cpu 2, kernel 2\r\n');
    // popcorn's own migration takes it to kernel 1, none of whose CPUs it allows: it runs there
    // with every CPU allowed again, and the kernel says so
    c.command(0, `migrate ${busy.pid} 1`);
    c.machine.runUntil(c.machine.now + 20 * EPOCH_NS);
    const moved = c.node(1).kernel.threads.get(tid);
    expect(moved?.alive).toBe(true);
    expect(moved?.affinity).toBeUndefined();
    expect(c.node(1).kernel.log.join('\n')).toMatch(new RegExp(`process ${tid} \\(busy\\) no longer affine`));
  });
});

describe('an unmodified OpenMP program', () => {
  const threadLines = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('thread '));
  const checksum = (stdout: string) => /checksum [0-9a-f]+/.exec(stdout)?.[0];

  it('starts a thread per hart of the machine and, with OMP_PROC_BIND, spreads them over the kernels', () => {
    const spread = popcorn(['--kernels', '4', '--harts-per-kernel', '1', '--', 'omp'], ['OMP_PROC_BIND=true']);
    expect(spread.status).toBe(0);
    expect(spread.stdout).toContain('omp: 4 threads\n');
    expect(threadLines(spread.stdout)).toEqual([0, 1, 2, 3].map((i) => `thread ${i}: cpu ${i}, kernel ${i}`));
    // GOMP_CPU_AFFINITY binds them as well
    const listed = popcorn(['--kernels', '4', '--harts-per-kernel', '1', '--', 'omp'], ['GOMP_CPU_AFFINITY=0-3']);
    expect(threadLines(listed.stdout)).toEqual([0, 1, 2, 3].map((i) => `thread ${i}: cpu ${i}, kernel ${i}`));
    // unbound, the four threads share kernel 0's hart
    const unbound = popcorn(['--kernels', '4', '--harts-per-kernel', '1', '--', 'omp']);
    expect(threadLines(unbound.stdout)).toEqual([0, 1, 2, 3].map((i) => `thread ${i}: cpu 0, kernel 0`));
    // the same sum on one kernel, and under qemu-riscv64 with four threads
    const alone = popcorn(['--', 'omp']);
    expect(alone.stdout).toContain('omp: 1 threads\n');
    const reference = spawnSync('qemu-riscv64', ['userland/bin/glibc/omp'], {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '4' },
    });
    expect(reference.stdout).toContain('omp: 4 threads\n');
    const sums = [spread, listed, unbound, alone, reference].map((r) => checksum(r.stdout));
    expect(new Set(sums)).toEqual(new Set([checksum(reference.stdout)]));
    expect(checksum(reference.stdout)).toBe('checksum 92de66c915ca7b1b');
  });
});
