import { beforeEach, describe, expect, it } from 'vitest';
import { EACCES, ENOENT } from '../errno';
import type { Kernel } from '../kernel';
import type { Thread } from '../proc/task';
import { SYS } from '../syscalls/numbers';
import { attachConsole } from './devfs';
import { expNeg, loadAverages, updateLoadAverage } from './loadavg';
import { ProcFs } from './procfs';
import { bootKernel, listDir, readLink, readText, Scratch, spawnProcess, syscall } from './test-kernel';

let k: Kernel;
let t: Thread;

beforeEach(async () => {
  k = await bootKernel();
  t = spawnProcess(k);
});

function text(path: string, who = t): string {
  const out = readText(k, who, path);
  if (typeof out === 'number') throw new Error(`${path}: ${out}`);
  return out;
}

describe('ProcFs', () => {
  it('lists the system files, the processes and self', () => {
    const other = spawnProcess(k);
    const names = listDir(k, t, '/proc') as string[];
    expect(names).toEqual(
      expect.arrayContaining(['.', '..', 'meminfo', 'cpuinfo', 'self', String(t.tid), String(other.tid)]),
    );
  });

  it('makes /proc/self lead to the caller', () => {
    const other = spawnProcess(k);
    expect(readLink(k, t, '/proc/self')).toBe(String(t.process.pid));
    expect(readLink(k, other, '/proc/self')).toBe(String(other.process.pid));
    expect(text('/proc/self/status')).toContain(`Pid:\t${t.process.pid}\n`);
    expect(readLink(k, t, '/proc/self/exe')).toBe('/bin/test');
  });

  it('writes /proc/PID/stat in Linux format, times in 100 Hz ticks', () => {
    const parent = t.process;
    const child = spawnProcess(k, parent);
    child.cpuTime = 250_000_000; // 25 ticks
    child.state = 'blocked';
    child.sleep = { interruptible: true };
    const fields = text(`/proc/${child.tid}/stat`).trim().split(' ');
    expect(fields).toHaveLength(52);
    expect(fields.slice(0, 6)).toEqual([
      String(child.tid),
      '(test)',
      'S',
      String(parent.pid),
      String(parent.pgid),
      String(parent.sid),
    ]);
    expect(fields[13]).toBe('25'); // utime
    expect(fields[19]).toBe('1'); // num_threads
    expect(Number(fields[22])).toBeGreaterThan(0); // vsize: the scratch mapping
  });

  it('names the kernel in /proc/PID/status', () => {
    const status = text(`/proc/${t.tid}/status`);
    expect(status).toMatch(/^Name:\ttest\n/);
    expect(status).toContain('State:\tR (running)\n');
    expect(status).toContain(`Tgid:\t${t.process.pid}\n`);
    expect(status).toContain('Threads:\t1\n');
    expect(status).toMatch(/VmSize:\s+256 kB\n/);
    expect(status).toContain(`Kernel:\t${k.id}\n`);
  });

  it('shows the mappings, the command line and the descriptors', () => {
    t.process.argv = ['echo', 'hi there'];
    expect(text('/proc/self/maps')).toMatch(/^00010000-00050000 rw-p 00000000 00:00 0 \n$/);
    expect(text('/proc/self/cmdline')).toBe('echo\0hi there\0');
    attachConsole(k, t.process);
    // 3 is the descriptor listing the directory, as `ls /proc/self/fd` shows on Linux
    expect(listDir(k, t, '/proc/self/fd')).toEqual(['.', '..', '0', '1', '2', '3']);
    expect(readLink(k, t, '/proc/self/fd/1')).toBe('/dev/console');
  });

  it('lets a descriptor be opened again through /proc/self/fd, pipes included', () => {
    const s = new Scratch(t);
    const fds = s.alloc(8);
    expect(syscall(k, t, SYS.pipe2, fds, 0)).toBe(0);
    const [r, w] = [t.process.um.readU32(fds) as number, t.process.um.readU32(fds + 4) as number];
    expect(readLink(k, t, `/proc/self/fd/${w}`)).toMatch(/^pipe:\[\d+\]$/);
    const again = syscall(k, t, SYS.openat, -100, s.string(`/proc/self/fd/${w}`), 1 /* O_WRONLY */, 0) as number;
    expect(again).toBeGreaterThan(w);
    syscall(k, t, SYS.write, again, s.string('x'), 1);
    const buf = s.alloc(4);
    expect(syscall(k, t, SYS.read, r, buf, 4)).toBe(1);
  });

  it('has a task directory per thread with its own stat', () => {
    const names = listDir(k, t, `/proc/${t.tid}/task`);
    expect(names).toEqual(['.', '..', String(t.tid)]);
    expect(text(`/proc/${t.tid}/task/${t.tid}/stat`)).toMatch(new RegExp(`^${t.tid} \\(test\\) R `));
  });

  it('forgets processes that are gone', () => {
    const other = spawnProcess(k);
    expect(text(`/proc/${other.tid}/comm`)).toBe('test\n');
    k.removeProcess(other.process);
    expect(readText(k, t, `/proc/${other.tid}/comm`)).toBe(-ENOENT);
  });

  it('reports memory, harts, uptime and busy time from the kernel', () => {
    expect(text('/proc/meminfo')).toMatch(/^MemTotal: +8192 kB\nMemFree: +\d+ kB\nMemAvailable: +\d+ kB\n/);
    expect(text('/proc/meminfo')).toContain('SwapTotal:             0 kB\n');
    expect(text('/proc/cpuinfo')).toBe(
      'processor\t: 0\nhart\t\t: 0\nisa\t\t: rv64imafdc_zicsr_zifencei\nmmu\t\t: sv39\n\n',
    );
    k.now = 12_345_000_000;
    (k.slots[0] as { busyNs: number }).busyNs = 2_000_000_000;
    expect(text('/proc/uptime')).toBe('12.34 10.34\n');
    expect(text('/proc/stat')).toMatch(/^cpu {2}200 0 0 1034 0 0 0 0 0 0\ncpu0 200 0 0 1034 /);
    expect(text('/proc/version')).toContain('6.1.0-popcorn');
    expect(text('/proc/mounts')).toContain('proc /proc proc');
  });

  it('counts unknown system calls by number', () => {
    k.stats.syscalls = 10;
    k.stats.unknownSyscalls.set(1000, 2);
    expect(text('/proc/popcorn_syscalls')).toBe('syscalls 10\nunknown 2\n1000 syscall_1000 2\n');
  });

  it('decays the load average toward the number of runnable threads', () => {
    expect(expNeg(0)).toBe(1);
    expect(expNeg(1)).toBeCloseTo(Math.exp(-1), 14);
    expect(expNeg(30)).toBeCloseTo(Math.exp(-30), 25);
    updateLoadAverage(k);
    k.now += 60e9; // one minute with one runnable thread
    updateLoadAverage(k);
    const [one, five] = loadAverages(k);
    expect(one).toBeCloseTo(1 - Math.exp(-1), 10);
    expect(five).toBeCloseTo(1 - Math.exp(-0.2), 10);
    expect(text('/proc/loadavg')).toBe(`0.63 0.18 0.06 1/1 ${t.tid}\n`);
  });

  it('takes new files through its registry, directories made as needed', () => {
    const procfs = new ProcFs(k);
    procfs.add('popcorn/nodes', { kind: 'file', read: (ctx) => `kernel ${ctx.kernel.id}\n` });
    k.vfs.mount(k.vfs.root, 'proc', procfs.inode);
    expect(text('/proc/popcorn/nodes')).toBe('kernel 0\n');
    expect(listDir(k, t, '/proc/popcorn')).toEqual(['.', '..', 'nodes']);
    expect(() => {
      procfs.add('popcorn/nodes', { kind: 'file', read: () => '' });
    }).toThrow(/twice/);
  });

  it('refuses writing and creating files', () => {
    const s = new Scratch(t);
    expect(syscall(k, t, SYS.openat, -100, s.string('/proc/meminfo'), 1, 0)).toBe(-EACCES);
    expect(syscall(k, t, SYS.openat, -100, s.string('/proc/new'), 0o101, 0o644)).toBe(-ENOENT);
  });
});
