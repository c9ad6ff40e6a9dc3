import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EPOCH_NS as EPOCH_NS } from '../../machine/quantum';
import { KernelStates } from '../../machine/kernel-states';
import { signalProcess } from '../../kernels/signal/deliver';
import { SIGKILL } from '../../kernels/signal/signals';
import { EAGAIN, EBUSY, EINVAL } from '../../kernels/errno';
import { bootMachineConsole, must, type MachineConsole } from '../ssi/test-machine';
import { describeDistribution } from './debug-dump';
import { checkPageInvariants } from './page-invariants';
import { proposeProcess } from './round-robin';

const nodes = (c: MachineConsole) => c.machine.kernels.map((k) => k.node);
const services = (c: MachineConsole) => nodes(c).map((n) => n.services.migration);

/** Runs the invariant checker after every page-protocol step of every kernel; returns the violations. */
function watchInvariants(c: MachineConsole): string[] {
  const errors: string[] = [];
  for (const s of services(c)) {
    s.pages.onStep = (what) => {
      if (errors.length < 20) for (const e of checkPageInvariants(services(c))) errors.push(`after ${what}: ${e}`);
    };
  }
  return errors;
}

/** What every kernel holds: threads, processes, remote contexts, origin states, free frames. */
function footprint(c: MachineConsole) {
  return nodes(c).map((n) => ({
    threads: n.kernel.threads.size,
    processes: n.kernel.processes.size,
    contexts: n.services.migration.dist.contexts.size,
    origins: n.services.migration.dist.origins.size,
    freeFrames: n.kernel.frames.available,
  }));
}

/** The pid of the newest process called `comm` on `kernel`. */
function pidOf(c: MachineConsole, kernel: number, comm: string): number {
  const ps = [...c.node(kernel).kernel.processes.values()].filter((p) => p.comm === comm && p.state === 'alive');
  return must(ps[ps.length - 1], comm).pid;
}

/** Types `line` on kernel 0 and, until its prompt is back, moves `comm`'s threads on every `everyNs`. */
function commandWhileMoving(c: MachineConsole, line: string, comm: string, everyNs: number): string {
  const m = c.machine;
  const start = c.screen(0).length;
  c.type(0, `${line}\r`);
  const origin = must(services(c)[0], 'kernel 0');
  let next = m.now + everyNs;
  const limit = m.now + 2e9;
  const prompt = /\r\npopcorn0:[^\n]*\$ $/;
  while (!prompt.test(c.screen(0).slice(start))) {
    if (m.now > limit)
      throw new Error(`${line}: no prompt\n${c.screen(0).slice(start)}\n${describeDistribution(nodes(c))}`);
    m.step();
    c.waitFor(0, '', c.screen(0).length); // drains the terminals
    const p = [...c.node(0).kernel.processes.values()].find((q) => q.comm === comm && q.state === 'alive');
    if (p && m.now >= next) {
      proposeProcess(origin, p.pid);
      next = m.now + everyNs;
    }
  }
  const out = c.screen(0).slice(start);
  return out.slice(out.indexOf('\r\n') + 2, out.lastIndexOf('popcorn0:'));
}

describe('thread migration', () => {
  it('moves counter round robin over the kernels as it runs, and it exits cleanly from the last', async () => {
    const c = await bootMachineConsole('two-kernels');
    const errors = watchInvariants(c);
    expect(c.command(0, 'counter -m 4 10; echo status $?')).toBe(
      'counter: 1 (kernel 0)\r\ncounter: 2 (kernel 1)\r\ncounter: 3 (kernel 0)\r\ncounter: 4 (kernel 1)\r\nstatus 0\r\n',
    );
    expect(errors).toEqual([]);
    const stats = services(c).map((s) => s.dist.stats);
    expect(stats[0]?.migrationsOut).toBe(2);
    expect(stats[1]?.migrationsIn).toBe(2);
    expect(stats[1]?.forwardedSyscalls).toBeGreaterThan(0); // its writes to the terminal went home
  });

  it('runs mt with 4 threads on 4 kernels to the exact total, the page invariants holding at every step', async () => {
    const c = await bootMachineConsole('kernel-per-hart');
    const errors = watchInvariants(c);
    const out = c.command(0, 'mt -s 4 20000');
    expect(out).toContain('mt: spreading over kernels 0,1,2,3');
    for (const k of [1, 2, 3]) expect(out).toContain(`did 20000 on kernel ${k}`);
    expect(out).toContain('mt: total 80000, expected 80000: ok');
    expect(errors).toEqual([]);
    // futexes served at the origin for the others (mutex, joins)
    expect(nodes(c)[0]?.messenger.receivedByType.get('FUTEX_REQUEST')?.count).toBeGreaterThan(0);
  });

  it('leaves no task, page or VMA anywhere once a process with threads on 3 kernels exits', async () => {
    const c = await bootMachineConsole('kernel-per-hart');
    c.command(0, 'mt 3 5000'); // the shell's own memory settles first
    const before = footprint(c);
    expect(c.command(0, 'mt -s 3 5000')).toContain('total 15000, expected 15000: ok');
    c.machine.runUntil(c.machine.now + 4 * EPOCH_NS); // the last TASK_EXIT_ORIGIN and releases land
    expect(footprint(c)).toEqual(before);
  });

  it('ping-pongs one page between two kernels and still counts right', async () => {
    const c = await bootMachineConsole('two-kernels');
    const errors = watchInvariants(c);
    const out = c.command(0, 'pingpong 50');
    expect(out).toContain('second thread on kernel 1');
    expect(out).toContain('50 rounds, count 100, expected 100: ok');
    expect(errors).toEqual([]);
    expect(services(c)[0]?.dist.stats.invalidations).toBeGreaterThan(50);
  });

  it('runs falseshare with counters in one page and padded to a page each, both exact', async () => {
    const c = await bootMachineConsole('kernel-per-hart');
    const errors = watchInvariants(c);
    const out = c.command(0, 'falseshare -b 4 3000');
    expect(out).toContain('threads on kernels 0,1,2,3');
    expect(out).toMatch(/adjacent \(one page\): total 12000, expected 12000: ok/);
    expect(out).toMatch(/padded \(a page each\): total 12000, expected 12000: ok/);
    expect(errors).toEqual([]);
  });

  it('shows where threads run and who holds the pages in /proc/popcorn/ps and pstat, on every kernel', async () => {
    const c = await bootMachineConsole('two-kernels');
    c.type(0, 'counter 1000 20 > /dev/null &\r');
    c.machine.runUntil(c.machine.now + 20 * EPOCH_NS);
    const pid = pidOf(c, 0, 'counter');
    expect(c.command(0, `migrate ${pid} 1`)).toBe(`migrate: asked 1 thread of process ${pid} to move to kernel 1\r\n`);
    c.machine.runUntil(c.machine.now + 400 * EPOCH_NS);
    const ps = c.command(1, 'cat /proc/popcorn/ps');
    expect(ps).toContain(`thread pid=${pid} tid=${pid} kernel=1 state=`);
    expect(ps).toMatch(new RegExp(`pages pid=${pid} kernel=1 held=[1-9]`));
    expect(c.command(0, `pstat ${pid}`)).toMatch(new RegExp(`process ${pid} \\(counter\\): origin kernel 0`));
    expect(c.command(0, 'cat /proc/popcorn/pages')).toMatch(
      new RegExp(`^pid=${pid} page=0x[0-9a-f]+ holders=(0,)?1 writer=`, 'm'),
    );
    expect(c.command(0, `migrate ${pid} 1`)).toBe(`migrate: ${pid} already runs on kernel 1\r\n`);
    expect(c.command(0, `kill ${pid}; echo $?`)).toBe('0\r\n');
    c.machine.runUntil(c.machine.now + 4 * EPOCH_NS);
    expect(services(c)[1]?.dist.contexts.size).toBe(0);
  });

  it('refuses bad destinations with Popcorn errors: no such kernel, a stopped one, the current one', async () => {
    const c = await bootMachineConsole('kernel-per-hart');
    c.type(0, 'counter 1000 20 > /dev/null &\r');
    c.machine.runUntil(c.machine.now + 20 * EPOCH_NS);
    const pid = pidOf(c, 0, 'counter');
    expect(c.command(0, `migrate ${pid} 9`)).toBe('migrate: no kernel 9\r\n');
    expect(c.command(0, `migrate ${pid} 0`)).toBe(`migrate: ${pid} already runs on kernel 0\r\n`);
    expect(c.command(0, 'migrate 999 1')).toBe('migrate: no such process 999\r\n');
    new KernelStates(c.machine.memory).markDead(3);
    expect(c.command(0, `migrate ${pid} 3`)).toBe('migrate: kernel 3 is offline\r\n');
    // and the process still runs where it was, fine
    expect(c.node(0).kernel.processes.get(pid)?.state).toBe('alive');
  });

  it('answers popcorn_migrate as Popcorn does: EINVAL, EBUSY, EAGAIN', async () => {
    const c = await bootMachineConsole('kernel-per-hart');
    const procs = must(services(c)[0], 'kernel 0').procs;
    expect([procs.check(9), procs.check(-1), procs.check(1.5)]).toEqual([-EINVAL, -EINVAL, -EINVAL]);
    expect(procs.check(0)).toBe(-EBUSY); // already there
    expect(procs.check(2)).toBe(0);
    new KernelStates(c.machine.memory).markDead(2);
    expect(procs.check(2)).toBe(-EAGAIN); // stopped
  });

  it('delivers signals to a migrated thread where it runs, and kills it everywhere with SIGKILL', async () => {
    const c = await bootMachineConsole('two-kernels');
    const out = commandWhileMoving(c, 'sigdemo', 'sigdemo', 300_000);
    const reference = execFileSync('qemu-riscv64', ['userland/bin/glibc/sigdemo']).toString();
    expect(out.replaceAll('\r\n', '\n')).toBe(reference);
    c.type(0, 'counter 1000 20 > /dev/null &\r');
    c.machine.runUntil(c.machine.now + 20 * EPOCH_NS);
    const pid = pidOf(c, 0, 'counter');
    c.command(0, `migrate ${pid} 1`);
    c.machine.runUntil(c.machine.now + 20 * EPOCH_NS);
    expect(c.command(1, `kill -9 ${pid}; echo $?`)).toBe('0\r\n');
    c.machine.runUntil(c.machine.now + 6 * EPOCH_NS);
    expect(c.node(0).kernel.processes.get(pid)?.state ?? 'reaped').not.toBe('alive'); // a zombie till sh reaps it
    expect(services(c).map((s) => s.dist.contexts.size + s.dist.origins.size)).toEqual([0, 0]);
  });

  it('never waits for a dead kernel: threads lost with it end their process, contexts of its processes go', async () => {
    const stopAt = 60 * EPOCH_NS;
    const c = await bootMachineConsole('two-kernels', { actions: [{ at: stopAt, kind: 'stop', kernel: 1 }] });
    c.type(0, 'counter 1000 1 > /dev/null &\r'); // kernel 0's, to move to kernel 1
    c.type(1, 'counter 1000 1 > /dev/null &\r'); // kernel 1's, to move to kernel 0
    c.machine.runUntil(c.machine.now + 10 * EPOCH_NS);
    const mine = pidOf(c, 0, 'counter');
    const theirs = pidOf(c, 1, 'counter');
    proposeProcess(must(services(c)[0], 'kernel 0'), mine, 1);
    proposeProcess(must(services(c)[1], 'kernel 1'), theirs, 0);
    c.machine.runUntil(stopAt - EPOCH_NS);
    expect(c.node(0).kernel.processes.get(mine)?.threads[0]?.away).toBe(1);
    expect(services(c)[0]?.dist.contexts.has(theirs)).toBe(true);
    c.machine.runUntil(stopAt + 4 * EPOCH_NS); // kernel 1 stops
    expect(c.node(0).kernel.processes.get(mine)?.state ?? 'reaped').not.toBe('alive');
    expect(c.node(0).kernel.log.join('\n')).toMatch(/was on kernel 1, which died; killed/);
    expect(services(c)[0]?.dist.contexts.size).toBe(0);
    expect(c.command(0, 'echo still here')).toMatch(/^still here\r\n\[1\]\+ +Killed +counter 1000 1/); // sh reaps the job
  });

  it('survives a migration racing with exit and with a fatal signal', async () => {
    const c = await bootMachineConsole('two-kernels');
    c.type(0, 'counter 1000 1 > /dev/null &\r'); // the shell's own memory for a job settles first
    c.machine.runUntil(c.machine.now + 30 * EPOCH_NS);
    c.command(0, `kill ${pidOf(c, 0, 'counter')}; wait`);
    const before = footprint(c);
    for (const race of ['exit', 'signal'] as const) {
      c.type(0, 'counter -m 1000 1 > /dev/null &\r');
      c.machine.runUntil(c.machine.now + 30 * EPOCH_NS);
      const pid = pidOf(c, 0, 'counter');
      // in one epoch: a move is asked for and the process is ended
      proposeProcess(must(services(c)[0], 'service'), pid);
      const p = must(c.node(0).kernel.processes.get(pid), 'counter');
      if (race === 'signal') signalProcess(c.node(0).kernel, p, SIGKILL, { code: 0, pid: 0, addr: 0 });
      else c.type(0, `kill ${pid}\r`);
      c.machine.runUntil(c.machine.now + 40 * EPOCH_NS);
      expect(c.node(0).kernel.processes.get(pid)?.state ?? 'gone', describeDistribution(nodes(c))).not.toBe('alive');
    }
    c.command(0, 'wait');
    c.machine.runUntil(c.machine.now + 4 * EPOCH_NS);
    const after = footprint(c);
    expect(after).toEqual(before);
  });

  it('keeps pingpong right while its threads move between kernels as its page is invalidated', async () => {
    const c = await bootMachineConsole('kernel-per-hart');
    const errors = watchInvariants(c);
    const out = commandWhileMoving(c, 'pingpong 40', 'pingpong', 350_000);
    expect(out).toContain('40 rounds, count 80, expected 80: ok');
    expect(errors).toEqual([]);
  });
});

/** Runs `cmd` without blocking the test's thread: its exit status and what it printed. */
function run(cmd: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

describe('popcorn run --migrate-every', () => {
  const popcorn = (args: string[]) => spawnSync('node', ['bin/popcorn.mjs', 'run', ...args], { encoding: 'utf8' });

  it.each([
    ['t-printf', 3, '250us'], // syscall-heavy: every printf is a write forwarded home
    ['t-pthread', 2, '500us'], // mutexes, condition variables, TLS, joins: futexes served at the origin
    ['t-malloc', 2, '1ms'], // 4 threads allocating: brk, mmap, mprotect, munmap at the origin (VMA_UNMAP)
    ['matmul', 4, '250us'], // compute
    ['t-signal', 4, '250us'], // handlers, masks, fork, a child signalling its migrating parent
    ['t-cputime', 4, '1ms'], // the process CPU clock never goes back and counts threads everywhere
    ['t-timers', 4, '300us'], // setitimer at the origin; its signals reach the thread where it runs
    ['t-sockets', 3, '250us'], // sockets live at the origin: every socket call of a moved thread is forwarded
    ['netecho all', 3, '1ms'], // TCP, UDP and AF_UNIX echoes, a megabyte each, while netecho moves
  ])(
    'moves %s over %i kernels every %s; it prints what qemu-riscv64 prints',
    async (program, kernels, every) => {
      // the three runs at once: on two cores the slowest (moved) sets the time, not their sum
      const [moved, still, reference] = await Promise.all([
        run('node', [
          'bin/popcorn.mjs',
          'run',
          '--stats',
          '--kernels',
          String(kernels),
          '--migrate-every',
          every,
          '--',
          ...program.split(' '),
        ]),
        run('node', ['bin/popcorn.mjs', 'run', '--', ...program.split(' ')]),
        run('qemu-riscv64', [`userland/bin/glibc/${program.split(' ')[0] ?? ''}`, ...program.split(' ').slice(1)]),
      ]);
      expect(moved.status).toBe(0);
      expect(moved.stdout).toBe(reference.stdout);
      expect(still.stdout).toBe(reference.stdout);
      const migrations = Number(/migrations: (\d+)/.exec(moved.stderr)?.[1]);
      expect(migrations).toBeGreaterThan(5);
      // whole programs, each moved thousands of times: t-malloc takes 20 to 60 s on two busy cores
    },
    180_000,
  );

  it('t-sigchld -m: a migrated parent gets its child from the forwarded wait4 though SIGCHLD interrupts it', () => {
    // the wait sleeps in the proxy at the origin; the child's SIGCHLD wakes it, the wait looks
    // again and returns the child, and the handler then runs where the parent went
    const moved = popcorn(['--stats', '--kernels', '2', '--', 't-sigchld', '-m']);
    const reference = spawnSync('qemu-riscv64', ['userland/bin/glibc/t-sigchld', '-m'], { encoding: 'utf8' });
    expect(moved.stdout).toBe(reference.stdout);
    expect(moved.status).toBe(0);
    expect(Number(/migrations: (\d+)/.exec(moved.stderr)?.[1])).toBeGreaterThan(5);
  });

  it('t-locks -m: a migrated process locks through fcntl and flock forwarded to its origin, which holds the locks', () => {
    const moved = popcorn(['--stats', '--kernels', '2', '--', 't-locks', '-m']);
    const reference = spawnSync('qemu-riscv64', ['userland/bin/glibc/t-locks', '-m'], { encoding: 'utf8' });
    expect(moved.stdout).toBe(reference.stdout);
    expect(moved.status).toBe(0);
    expect(Number(/migrations: (\d+)/.exec(moved.stderr)?.[1])).toBeGreaterThan(5);
  });

  it('rejects --migrate-every without --kernels or with a bad time', () => {
    expect(popcorn(['--migrate-every', '1ms', '--', 'primes']).stderr).toMatch(/needs --kernels N/);
    expect(popcorn(['--kernels', '2', '--migrate-every', 'soon', '--', 'primes']).status).toBe(2);
  });
});
