// MAP_SHARED memory on the replicated-kernel machine. Within one kernel it is one set of frames
// for every process that maps it (engine/kernels/mm/shared-memory.ts); across kernels an
// anonymous object is kept coherent per object by the page protocol, its home keeping each
// page's holders (shm-service.ts). These tests run the demo, shmring, whose consumer moves to
// kernel 1 while the producer stays on kernel 0: the ring with its process-shared mutex and
// condition variables, and the futex ping-pong, give what they give on one kernel (and under
// qemu-riscv64: userland/testing), with the page-ownership invariants of the process pages and
// of the shared objects checked after every protocol step.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadUserlandFiles } from '../../kernels/userland-files';
import { LocalMachine } from '../../machine/local-machine';
import { parseScenario } from '../../machine/scenario';
import { runInWorkers } from '../../machine/worker-machine';
import { bootMachineConsole, type MachineConsole } from '../ssi/test-machine';
import { watchInvariants } from './testing/watch-invariants';

const RING = 'shmring: 2000 items through a 64-slot ring: received 2000 in order, sum 1000049102481: ok';

const services = (c: MachineConsole) => c.machine.kernels.map((k) => k.node.services.migration);

describe('MAP_SHARED between processes on the machine', () => {
  it('on one kernel: the producer and the consumer exchange every item, in order', async () => {
    const c = await bootMachineConsole('smp');
    const out = c.command(0, 'shmring 2000');
    expect(out).toContain(RING);
    expect(c.command(0, 'echo $?')).toBe('0\r\n');
  });

  it(
    'on two kernels: the consumer runs on kernel 1, the result is exact, the invariants hold at every step',
    { timeout: 240_000 },
    async () => {
      const c = await bootMachineConsole('two-kernels');
      const watch = watchInvariants(c);
      const out = c.command(0, 'shmring 2000');
      expect(out).toContain('shmring: consumer on kernel 1, producer on kernel 0');
      expect(out).toContain(RING);
      expect(c.command(0, 'echo $?')).toBe('0\r\n');
      // what the consumer prints is what it prints under qemu-riscv64, where both run on one CPU
      const qemu = spawnSync('qemu-riscv64', ['userland/bin/glibc/shmring', '2000'], { encoding: 'utf8' });
      expect(qemu.stdout).toBe(`${RING}\n`);
      expect(qemu.status).toBe(0);
      const pp = c.command(0, 'shmring -p 100');
      expect(pp).toContain('shmring: consumer on kernel 1, producer on kernel 0');
      expect(pp).toContain('shmring: 100 rounds, count 200, expected 200: ok');
      expect(watch.errors).toEqual([]);
      expect(watch.steps).toBeGreaterThan(100); // the page went back and forth, checked each time
      // every object left the protocol with its last process, and every replica with it (once
      // the consumer's context at kernel 1 heard that its process ended)
      for (let i = 0; i < 20; i++) c.machine.step();
      for (const s of services(c)) {
        expect(s.pages.shm.home.objects.size).toBe(0);
        expect(s.pages.shm.replicas.replicas.size).toBe(0);
      }
    },
  );

  it(
    't-shmmove -m on two kernels prints what qemu-riscv64 prints, the invariants holding at every step',
    { timeout: 120_000 },
    async () => {
      // the child moves to kernel 1 and shares anonymous and /dev/zero memory with its parent on
      // kernel 0 (futexes, a pshared mutex), maps more after the move (the origin tells kernel 1
      // which object it is when it first touches it), forks a grandchild at home that writes it
      // and moves again; the parent then maps a file shared and moves too, its stores agreeing
      // with pread and pwrite run at its home
      const c = await bootMachineConsole('two-kernels');
      const watch = watchInvariants(c);
      const out = c.command(0, 't-shmmove -m').replaceAll('\r\n', '\n');
      const qemu = spawnSync('qemu-riscv64', ['userland/bin/glibc/t-shmmove', '-m'], { encoding: 'utf8' });
      expect(out).toBe(qemu.stdout);
      expect(c.command(0, 'echo $?')).toBe('0\r\n');
      expect(watch.errors).toEqual([]);
      const stats = services(c).map((s) => s.dist.stats);
      expect(stats[0]?.moves).toBeGreaterThanOrEqual(1);
      expect(stats[1]?.remoteFaults).toBeGreaterThan(3);
    },
  );

  it('t-shmmove -m with every thread moved round 3 kernels every 200 us prints what qemu-riscv64 prints', () => {
    // the parent, moved away by the round robin, maps a file shared: mmap of a file MAP_SHARED
    // takes it home first (its syscall row), and it moves on with the mapping
    const moved = spawnSync(
      'node',
      ['bin/popcorn.mjs', 'run', '--stats', '--kernels', '3', '--migrate-every', '200us', '--', 't-shmmove', '-m'],
      { encoding: 'utf8' },
    );
    const qemu = spawnSync('qemu-riscv64', ['userland/bin/glibc/t-shmmove', '-m'], { encoding: 'utf8' });
    expect(moved.stdout).toBe(qemu.stdout);
    expect(moved.status).toBe(0);
    expect(Number(/migrations: (\d+)/.exec(moved.stderr)?.[1])).toBeGreaterThanOrEqual(4);
  });

  it('gives the same trace hash in one thread and with one worker per kernel', { timeout: 180_000 }, async () => {
    const text = JSON.stringify({
      version: 1,
      name: 'shared memory across kernels',
      machine: { preset: 'two-kernels' },
      actions: [{ at: 1_000_000, kind: 'type', kernel: 0, text: 'shmring 300; shmring -p 100\r' }],
    });
    const until = 80_000_000;
    const files = await loadUserlandFiles();
    const scenario = parseScenario(text);
    const local = await LocalMachine.boot(scenario, files);
    local.runUntil(until);
    const stats = local.kernels.map((k) => k.node.services.migration.dist.stats);
    expect(stats[1]?.migrationsIn).toBeGreaterThanOrEqual(1); // a consumer moved
    expect(stats[1]?.remoteFaults).toBeGreaterThan(100); // the shared page went back and forth
    const workers = await runInWorkers(scenario, text, files, until);
    expect(workers.kernels.map((k) => k.hash)).toEqual(local.kernels.map((k) => k.node.kernel.tracer.hash()));
    expect(workers.hash).toBe(local.hash());
  });
});
