import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EIO } from '../errno';
import type { RootFiles } from '../kernel';
import { spawn } from '../proc/spawn';
import { SYS } from '../syscalls/numbers';
import { runProgram } from '../testing/run-program';
import type { PendingContents } from './inode';
import { bootKernel, listDir, readText, Scratch, spawnProcess, syscall } from './test-kernel';

const glibc = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../userland/bin/glibc/${name}`, import.meta.url)));

/** Contents that count their loads and fail while `failing` is set, as a network that is down. */
function source(bytes: Uint8Array): { loads: number; failing: boolean; pending: PendingContents } {
  const s = {
    loads: 0,
    failing: false,
    pending: {
      size: bytes.length,
      load: (): Uint8Array | undefined => {
        s.loads++;
        return s.failing ? undefined : bytes.slice();
      },
    },
  };
  return s;
}

const text = (t: string) => new TextEncoder().encode(t);

describe('files whose contents load on first use', () => {
  it('are listed and stat-ed at their full size before anything loads them', async () => {
    const motd = source(text('hello, lazily\n'));
    const k = await bootKernel({ '/etc/motd': motd.pending, '/bin/ls': source(new Uint8Array(5000)).pending });
    const t = spawnProcess(k);
    const s = new Scratch(t);
    expect(listDir(k, t, '/etc')).toContain('motd');
    const buf = s.alloc(128);
    expect(syscall(k, t, SYS.newfstatat, -100, s.string('/bin/ls'), buf, 0)).toBe(0);
    expect(new DataView(s.read(buf, 128).buffer).getBigInt64(48, true)).toBe(5000n); // st_size
    expect(k.vfs.used).toBeGreaterThanOrEqual(5000 + 14); // they count against the capacity already
    expect(motd.loads).toBe(0);
    expect(readText(k, t, '/etc/motd')).toBe('hello, lazily\n');
    expect(readText(k, t, '/etc/motd')).toBe('hello, lazily\n');
    expect(motd.loads).toBe(1); // then kept
  });

  it('fail a read with EIO while their bytes cannot be had, lose nothing, and load on a later try', async () => {
    const motd = source(text('second time lucky\n'));
    motd.failing = true;
    const k = await bootKernel({ '/etc/motd': motd.pending });
    const t = spawnProcess(k);
    expect(readText(k, t, '/etc/motd')).toBe(-EIO);
    expect(k.vfs.resolve(k.vfs.root, '/etc/motd')).toMatchObject({ size: 18 });
    motd.failing = false;
    expect(readText(k, t, '/etc/motd')).toBe('second time lucky\n');
    expect(motd.loads).toBe(2);
  });

  it('refuse bytes of the wrong size (a stale copy) with EIO', async () => {
    const k = await bootKernel({ '/etc/motd': { size: 10, load: () => text('short') } });
    expect(readText(k, spawnProcess(k), '/etc/motd')).toBe(-EIO);
  });

  it('load before a write changes them', async () => {
    const motd = source(text('abc'));
    const k = await bootKernel({ '/etc/motd': motd.pending });
    const t = spawnProcess(k);
    const s = new Scratch(t);
    const O_WRONLY = 1;
    const O_APPEND = 0o2000;
    const fd = syscall(k, t, SYS.openat, -100, s.string('/etc/motd'), O_WRONLY | O_APPEND, 0) as number;
    expect(syscall(k, t, SYS.write, fd, s.string('def'), 3)).toBe(3);
    expect(readText(k, t, '/etc/motd')).toBe('abcdef');
  });

  it('run a program loaded on exec exactly as one present from boot, to the trace hash', async () => {
    const cat = glibc('busybox'); // as /bin/cat, BusyBox runs its cat
    const motd = text('the same run\n');
    const eager = await runProgram({ '/bin/cat': cat, '/etc/motd': motd }, '/bin/cat', ['cat', '/etc/motd']);
    const lazyCat = source(cat);
    const lazyMotd = source(motd);
    const lazy = await runProgram({ '/bin/cat': lazyCat.pending, '/etc/motd': lazyMotd.pending }, '/bin/cat', [
      'cat',
      '/etc/motd',
    ]);
    expect(lazy.stdout).toBe('the same run\n');
    expect([lazyCat.loads, lazyMotd.loads]).toEqual([1, 1]);
    expect(lazy.kernel.tracer.hash()).toBe(eager.kernel.tracer.hash());
  });

  it('refuse to start a program whose bytes cannot be had with EIO', async () => {
    const files: RootFiles = { '/bin/cat': { size: 1000, load: () => undefined } };
    const k = await bootKernel(files);
    expect(spawn(k, '/bin/cat', ['cat'])).toBe(-EIO);
  });
});
