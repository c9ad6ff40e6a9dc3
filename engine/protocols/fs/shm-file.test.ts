// Files mapped MAP_SHARED by processes on different kernels, and /dev/shm as one namespace for
// the machine. The demo, shmpipe, is two separate programs: a producer that makes an object
// with shm_open (or a regular file), ftruncate and mmap, and a consumer started on its own that
// opens and maps it; they pass items through a ring guarded by a process-shared mutex and
// condition variables in it, then check the mapping against pread and pwrite, and the SIGBUS
// past the end of the object once it shrinks. It prints what it prints under qemu-riscv64
// wherever each of the two runs, with the page-ownership invariants of every process's pages
// and of every shared object checked after every protocol step.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadUserlandFiles } from '../../kernels/userland-files';
import { CommandMailbox } from '../../machine/command-mailbox';
import { LocalMachine } from '../../machine/local-machine';
import { parseScenario } from '../../machine/scenario';
import { runInWorkers } from '../../machine/worker-machine';
import { bootMachineConsole, type MachineConsole } from '../ssi/test-machine';
import { watchInvariants } from '../migration/testing/watch-invariants';

const binDir = fileURLToPath(new URL('../../../userland/bin/glibc/', import.meta.url));
const qemu = (...args: string[]) =>
  execFileSync('/usr/bin/qemu-riscv64', ['./shmpipe', ...args], { cwd: binDir, encoding: 'utf8' }).replaceAll(
    '\n',
    '\r\n',
  );

const services = (c: MachineConsole) => c.machine.kernels.map((k) => k.node.services.migration);

/** The lines of `out` that start with `prefix`. */
const linesOf = (out: string, prefix: string) => out.split('\r\n').filter((l) => l.startsWith(prefix));

/**
 * Starts `shmpipe consume NAME ITEMS` on kernel `consumer` and then `shmpipe produce NAME ITEMS`
 * on kernel `producer`, each in its own shell, and returns what each printed once both ended.
 */
function pipeAcross(c: MachineConsole, name: string, items: number, consumer: number, producer: number) {
  const from = [c.screen(0).length, c.screen(1).length];
  c.type(consumer, `shmpipe consume ${name} ${items}; echo rc=$?\r`);
  for (let i = 0; i < 5; i++) c.machine.step(); // it waits for the object to exist
  c.type(producer, `shmpipe produce ${name} ${items}; echo rc=$?\r`);
  c.waitFor(consumer, /\nrc=\d+\r\n/, from[consumer], 120e9);
  c.waitFor(producer, /\nrc=\d+\r\n/, from[producer], 120e9);
  return { consumer: c.screen(consumer).slice(from[consumer]), producer: c.screen(producer).slice(from[producer]) };
}

/** Every object left the protocol with its last mapping, and every replica with it. */
function allLetGo(c: MachineConsole): void {
  for (let i = 0; i < 20; i++) c.machine.step();
  for (const s of services(c)) {
    expect(s.pages.shm.home.objects.size).toBe(0);
    expect(s.pages.shm.replicas.replicas.size).toBe(0);
  }
}

describe('a file mapped MAP_SHARED across kernels', () => {
  it('shmpipe both on one kernel, and on the kernel that is not the home, prints what qemu prints', async () => {
    const c = await bootMachineConsole('two-kernels');
    const reference = qemu('both', '300');
    expect(c.command(0, 'shmpipe both 300; echo rc=$?')).toBe(`${reference}rc=0\r\n`);
    // on kernel 1 both processes map kernel 1's replica of the home's page cache
    expect(c.command(1, 'shmpipe both 300; echo rc=$?')).toBe(`${reference}rc=0\r\n`);
    expect(c.node(1).services.fs.client?.maps.stats.mapped).toBe(2);
  });

  it(
    'shm_open: a consumer on kernel 1 and a producer on kernel 0 exchange every item, the invariants hold at every step',
    { timeout: 240_000 },
    async () => {
      const c = await bootMachineConsole('two-kernels');
      const watch = watchInvariants(c);
      const reference = qemu('both', '500');
      const out = pipeAcross(c, 'ring', 500, 1, 0);
      expect(linesOf(out.consumer, 'shmpipe: consumer: ')).toEqual(linesOf(reference, 'shmpipe: consumer: '));
      expect(linesOf(out.producer, 'shmpipe: producer: ')).toEqual(linesOf(reference, 'shmpipe: producer: '));
      expect(out.consumer).toContain('rc=0');
      expect(out.producer).toContain('rc=0');
      expect(watch.errors).toEqual([]);
      expect(watch.steps).toBeGreaterThan(50); // the ring's page went back and forth, checked each time
      // the consumer's kernel mapped the home's object; its futex calls ran at the home
      expect(c.node(1).services.fs.client?.maps.stats.mapped).toBe(1);
      allLetGo(c);
      // /dev/shm is the home's: the object the producer unlinked is gone on both kernels
      expect(c.command(1, 'ls /dev/shm; echo rc=$?')).toBe('rc=0\r\n');
    },
  );

  it(
    'a regular file: the producer on kernel 1 and the consumer at the home, read, write and truncate recalling pages',
    { timeout: 240_000 },
    async () => {
      // the reverse: kernel 1 writes the ring and the note with pwrite (served at the home, which
      // takes kernel 1's copies back first), and its ftruncate takes the page past the new end
      const c = await bootMachineConsole('two-kernels');
      const watch = watchInvariants(c);
      const reference = qemu('both', '400');
      const out = pipeAcross(c, '/tmp/ring', 400, 0, 1);
      expect(linesOf(out.consumer, 'shmpipe: consumer: ')).toEqual(linesOf(reference, 'shmpipe: consumer: '));
      expect(linesOf(out.producer, 'shmpipe: producer: ')).toEqual(linesOf(reference, 'shmpipe: producer: '));
      expect(watch.errors).toEqual([]);
      expect(c.node(0).services.fs.home?.stats.parked).toBeGreaterThan(0); // calls waited for pages
      allLetGo(c);
    },
  );

  it('shm_open on two kernels names one object, made with mode 1777 /dev/shm at the home', async () => {
    const c = await bootMachineConsole('two-kernels');
    expect(c.command(1, 'echo from-k1 > /dev/shm/note; stat -c %a /dev/shm')).toBe('1777\r\n');
    expect(c.command(0, 'cat /dev/shm/note')).toBe('from-k1\r\n');
    expect(c.command(0, 'ls /dev/shm')).toBe(c.command(1, 'ls /dev/shm'));
    // the rest of /dev stays each kernel's own
    expect(c.command(1, '[ -c /dev/null ] && echo a device here')).toBe('a device here\r\n');
  });

  it('t-shmmove -m: a process with a file mapped shared moves, and its stores agree with pread and pwrite', async () => {
    const c = await bootMachineConsole('two-kernels');
    const watch = watchInvariants(c);
    const out = c.command(0, 't-shmmove -m');
    const reference = execFileSync('/usr/bin/qemu-riscv64', ['./t-shmmove', '-m'], { cwd: binDir, encoding: 'utf8' });
    expect(out).toBe(reference.replaceAll('\n', '\r\n'));
    expect(watch.errors).toEqual([]);
    expect(c.node(0).kernel.log.join('\n')).not.toMatch(/MAP_SHARED: its threads stay/);
    allLetGo(c); // the objects a process on kernel 1 wrote last waited for its pages, then went
  });

  it('a process on kernel 1 mapping a file of a home that stopped gets an error, never a hang', async () => {
    const c = await bootMachineConsole('two-kernels');
    // a producer with nobody to consume: it fills the ring and waits on a futex kept at the home
    const from = c.screen(1).length;
    c.type(1, 'shmpipe produce lonely 1000; echo rc=$?\r');
    for (let i = 0; i < 200; i++) c.machine.step();
    expect(c.screen(1).slice(from)).not.toMatch(/rc=/);
    const k0 = new CommandMailbox(c.machine.memory, 0);
    k0.post({ kind: 'stop' });
    c.machine.step();
    expect(c.machine.kernels[0]?.up).toBe(false);
    c.waitFor(1, /\nrc=\d+\r\n/, from, 5e9);
    // its futex call failed with EIO (glibc aborts on that): the shell has its prompt back
    expect(c.screen(1).slice(from)).toMatch(/rc=134\r\n/);
  });

  it('gives the same trace hash in one thread and with one worker per kernel', { timeout: 180_000 }, async () => {
    const text = JSON.stringify({
      version: 1,
      name: 'a /dev/shm ring across kernels',
      machine: { preset: 'two-kernels' },
      actions: [
        { at: 1_000_000, kind: 'type', kernel: 1, text: 'shmpipe consume hashed 200\r' },
        { at: 2_000_000, kind: 'type', kernel: 0, text: 'shmpipe produce hashed 200\r' },
      ],
    });
    const until = 60_000_000;
    const files = await loadUserlandFiles();
    const scenario = parseScenario(text);
    const local = await LocalMachine.boot(scenario, files);
    local.runUntil(until);
    expect(local.kernels[1]?.node.services.fs.client?.maps.stats.mapped).toBe(1);
    const workers = await runInWorkers(scenario, text, files, until);
    expect(workers.kernels.map((k) => k.hash)).toEqual(local.kernels.map((k) => k.node.kernel.tracer.hash()));
    expect(workers.hash).toBe(local.hash());
  });
});
