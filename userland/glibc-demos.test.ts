// The demo programs of the glibc userland (userland/glibc/) under qemu-riscv64: what they
// print where there is no migration, which is also what the playground's kernels must print
// when they do not move them.

import { describe, expect, it } from 'vitest';
import { lines, run, scratchDir, useScratch } from './testing/qemu-run';

useScratch();

const SIGDEMO = [
  '1. sigaction(SIGUSR1, SA_SIGINFO), then raise(SIGUSR1)',
  '   handler: SIGUSR1, si_code SI_TKILL (raise/tgkill)',
  '   raise returned',
  '2. kill(getpid(), SIGUSR1)',
  '   handler: SIGUSR1, si_code SI_USER (kill), si_pid is our own pid',
  '3. block SIGUSR1 with sigprocmask, raise it twice',
  '   still blocked: the handler ran 0 times; unblocking',
  '   handler: SIGUSR1, si_code SI_TKILL (raise/tgkill)',
  '   unblocked: the handler ran 1 time (standard signals do not queue)',
  "4. nesting: SIGUSR1's handler blocks SIGUSR2, raises SIGUSR2 and SIGURG",
  '   SIGUSR1 handler: start; blocking SIGUSR2, then raising SIGUSR2 and SIGURG',
  '   handler: SIGURG',
  '   SIGUSR1 handler: end (returning restores the mask, unblocking SIGUSR2)',
  '   handler: SIGUSR2',
  '5. sigsuspend: SIGUSR1 blocked, a child sends it, sigsuspend waits with it unblocked',
  '   handler: SIGUSR1, si_code SI_USER (kill), si_pid is another process',
  '   sigsuspend returned -1 with errno EINTR',
  '6. SA_RESTART: a read on an empty pipe; a child sends SIGUSR2, then writes',
  '   handler: SIGUSR2',
  "   read returned 1 byte: '!' (restarted, not EINTR)",
  '7. SIGCHLD: a child exits with status 7; sigsuspend until its SIGCHLD arrives',
  '   handler: SIGCHLD, si_code CLD_EXITED, si_status 7',
  '   waitpid: exited with 7',
  '8. default action: a child raises SIGTERM',
  '   waitpid: killed by signal 15 (SIGTERM)',
  'sigdemo: done',
];

describe('demos', () => {
  it('sigdemo tells its story in order', async () => {
    const r = await run('sigdemo');
    expect(r.stdout).toBe(lines(...SIGDEMO));
    expect(r.exitCode).toBe(0);
  });

  it('busy says where it runs, counts primes for SECONDS and stops', async () => {
    const r = await run('busy', ['0.3']);
    const out = r.stdout.split('\n');
    expect(out[0]).toBe('busy: on kernel ?'); // qemu has no kernels to tell apart
    expect(out.at(-2)).toMatch(/^busy: \d+ primes, done$/);
    expect(r.exitCode).toBe(0);
    expect((await run('busy', ['x', 'y'])).exitCode).toBe(2);
  });

  it('counter prints COUNT numbered lines', async () => {
    const r = await run('counter', ['3', '0']);
    expect(r.stdout).toBe(lines('counter: 1', 'counter: 2', 'counter: 3'));
    expect(r.exitCode).toBe(0);
  });

  it('mt counts exactly under a mutex', async () => {
    const r = await run('mt', ['3', '1000']);
    expect(r.stdout).toBe(
      lines(
        'mt: 3 threads x 1000 increments',
        'mt: thread 0 did 1000',
        'mt: thread 1 did 1000',
        'mt: thread 2 did 1000',
        'mt: total 3000, expected 3000: ok',
      ),
    );
    expect(r.exitCode).toBe(0);
  });

  it('matmul gives the same checksum for any thread count', async () => {
    const one = await run('matmul', ['48', '1']);
    const five = await run('matmul', ['48', '5']);
    expect(one.stdout).toBe(lines('matmul: 48x48, threads 1: checksum 442062.0, weighted 21463629.0'));
    expect(five.stdout).toBe(one.stdout.replace('threads 1', 'threads 5'));
  });

  // Under qemu there is no migration (the popcorn system calls fail with ENOSYS): the migration
  // options and programs must still give the unmigrated results, with one note on stderr.
  it('counter -m prints the plain lines where it cannot migrate', async () => {
    const r = await run('counter', ['-m', '3', '0']);
    expect(r.stdout).toBe(lines('counter: 1', 'counter: 2', 'counter: 3'));
    expect(r.stderr).toBe('counter: no migration here; staying put\n');
    expect(r.exitCode).toBe(0);
  });

  it('mt -s counts exactly and prints what mt prints where it cannot migrate', async () => {
    const plain = await run('mt', ['3', '1000']);
    const spread = await run('mt', ['-s', '3', '1000']);
    expect(spread.stdout).toBe(plain.stdout);
    expect(spread.stderr).toBe('mt: no migration here; the threads stay put\n');
    expect(spread.exitCode).toBe(0);
  });

  it('pingpong counts every handoff and times them', async () => {
    const r = await run('pingpong', ['300']);
    const [count, time, ...rest] = r.stdout.split('\n');
    expect(count).toBe('pingpong: 300 rounds, count 600, expected 600: ok');
    expect(time).toMatch(/^pingpong: \d+\.\d{3} ms, \d+\.\d{3} us per handoff$/);
    expect(rest).toEqual(['']);
    expect(r.stderr).toBe('pingpong: no migration here; both threads run on this kernel\n');
    expect(r.exitCode).toBe(0);
    expect((await run('pingpong', ['0'])).exitCode).toBe(2);
  });

  it('shmpipe: a producer and a consumer started apart meet through shm_open (or a file) and agree', async () => {
    const SHMPIPE = [
      'shmpipe: consumer: 1000 items received in order, sum 499653341763: ok',
      "shmpipe: producer: the consumer's sum, read with pread: 499653341763: ok",
      'shmpipe: consumer: the producer\'s note, written with pwrite: "so long": ok',
      'shmpipe: consumer: past the end of the shrunk object: SIGBUS: ok',
      'shmpipe: producer: done',
    ];
    const both = await run('shmpipe', ['both']);
    expect(both.stdout).toBe(lines(...SHMPIPE));
    expect(both.exitCode).toBe(0);
    // two programs, the consumer started first (it waits for the object), then the producer
    for (const name of ['qring', `${scratchDir()}/ring`]) {
      const consumer = run('shmpipe', ['consume', name, '1000']);
      const producer = await run('shmpipe', ['produce', name, '1000']);
      const c = await consumer;
      expect(c.stdout).toBe(lines(...SHMPIPE.filter((l) => l.includes('consumer:'))));
      expect(producer.stdout).toBe(lines(...SHMPIPE.filter((l) => l.includes('producer:'))));
      expect([c.exitCode, producer.exitCode]).toEqual([0, 0]);
    }
    expect((await run('shmpipe', ['produce'])).exitCode).toBe(2);
  });

  it('shmring passes every item through the shared ring in order, and hands the line back and forth', async () => {
    const ring = await run('shmring', ['3000']);
    expect(ring.stdout).toBe(
      'shmring: 3000 items through a 64-slot ring: received 3000 in order, sum 1499187282140: ok\n',
    );
    expect(ring.stderr).toBe('shmring: no migration here; both processes run on this kernel\n');
    expect(ring.exitCode).toBe(0);
    const pp = await run('shmring', ['-p', '300']);
    const [count, time, ...rest] = pp.stdout.split('\n');
    expect(count).toBe('shmring: 300 rounds, count 600, expected 600: ok');
    expect(time).toMatch(/^shmring: \d+\.\d{3} ms, \d+\.\d{3} us per handoff$/);
    expect(rest).toEqual(['']);
    expect(pp.exitCode).toBe(0);
    expect((await run('shmring', ['-p', '0'])).exitCode).toBe(2);
  });

  it('falseshare totals every counter, adjacent and padded', async () => {
    const r = await run('falseshare', ['-b', '3', '20000']);
    const out = r.stdout.split('\n');
    expect(out[0]).toBe('falseshare: 3 threads x 20000 increments');
    expect(out[1]).toMatch(/^falseshare: adjacent \(one page\): total 60000, expected 60000: ok, \d+\.\d{3} ms$/);
    expect(out[2]).toMatch(/^falseshare: padded \(a page each\): total 60000, expected 60000: ok, \d+\.\d{3} ms$/);
    expect(out.length).toBe(4);
    expect(r.exitCode).toBe(0);
    const padded = await run('falseshare', ['-p', '2', '1000']);
    expect(padded.stdout).toMatch(/\nfalseshare: padded \(a page each\): total 2000, expected 2000: ok, [\d.]+ ms\n$/);
  });

  it('migrate and pstat say clearly that there is no migration', async () => {
    const migrate = await run('migrate', ['1', '1']);
    expect(migrate.stderr).toBe('migrate: no migration on this kernel (Function not implemented)\n');
    expect(migrate.exitCode).toBe(1);
    expect((await run('migrate', ['1', '-1'])).stderr).toBe('migrate: no kernel -1\n');
    expect((await run('migrate', ['1'])).stderr).toBe('usage: migrate PID KERNEL\n');
    const pstat = await run('pstat');
    expect(pstat.stderr).toBe(
      'pstat: cannot read /proc/popcorn/ps: No such file or directory (no migration on this machine?)\n',
    );
    expect(pstat.exitCode).toBe(1);
    expect((await run('pstat', ['x'])).exitCode).toBe(2);
  });

  it('memtouch reads back every page', async () => {
    const r = await run('memtouch', ['64']);
    expect(r.stdout).toBe(lines('memtouch: 64 pages of 4096 bytes, sum 0af40ca8f4c0b580, 0 bad'));
    expect(r.exitCode).toBe(0);
  });
});
