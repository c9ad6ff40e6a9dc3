// The glibc userland under qemu-riscv64: the programs of userland/glibc/ (built by build.sh into
// userland/bin/glibc/) run under qemu-riscv64, the reference Linux, and must print exactly what
// is expected of them (testing/expected-output.ts). This checks the programs themselves; the
// kernel's differential tests run the same binaries on the playground kernel and compare with qemu.
//
// The shell's PATH search is exercised through a temporary directory of wrapper scripts, one per
// program and per BusyBox applet (testing/qemu-run.ts). The demos are in glibc-demos.test.ts;
// BusyBox's applets are tested in engine/kernels/busybox.test.ts.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPECTED } from './testing/expected-output';
import { NET_SCRIPTS, normalize } from './testing/net-scripts';
import { BIN_DIR, lines, run, scratchDir, sh, useScratch } from './testing/qemu-run';

useScratch();

const PROGRAMS = [
  'busy',
  'busybox',
  'clear',
  'counter',
  'falseshare',
  'fsbench',
  'init',
  'loadgen',
  'matmul',
  'memtouch',
  'migrate',
  'mt',
  'netecho',
  'omp',
  'pingpong',
  'primes',
  'ps',
  'pstat',
  'rsh',
  'rshd',
  'shmpipe',
  'shmring',
  'sigdemo',
  't-affinity',
  't-cputime',
  't-epoll',
  't-fifopoll',
  't-files',
  't-fork',
  't-fsshare',
  't-fsthreads',
  't-locks',
  't-malloc',
  't-printf',
  't-pthread',
  't-segv',
  't-shm',
  't-shmmove',
  't-sigaction',
  't-sigchld',
  't-signal',
  't-sockets',
  't-timers',
  'tcpperf',
  'time',
  'top',
];

describe('glibc userland under qemu-riscv64', () => {
  it('has every program built', () => {
    const built = existsSync(BIN_DIR) ? readdirSync(BIN_DIR).sort() : [];
    expect(built, `run userland/build.sh`).toEqual(PROGRAMS);
  });

  describe('differential-test programs', () => {
    for (const name of Object.keys(EXPECTED)) {
      it(`${name} prints the expected lines and exits 0`, async () => {
        const r = await run(name);
        expect(r.stdout).toBe(lines(...(EXPECTED[name] ?? [])));
        expect(r.stderr).toBe('');
        expect(r.exitCode).toBe(0);
      });
    }

    it('t-segv is killed by SIGSEGV after its one line', async () => {
      const r = await run('t-segv');
      expect(r.stdout).toBe(lines('t-segv: storing through a wild pointer'));
      expect(r.signal).toBe('SIGSEGV');
    });
  });

  describe('network programs over the host’s loopback (testing/net-scripts.ts)', () => {
    // ports 47100 + 10 i (and the next: netecho's clients expect nobody there); the kernel's
    // differential test of the same scripts (engine/kernels/net-programs.test.ts) uses 47300 up
    NET_SCRIPTS.forEach((n, i) => {
      it(n.name, async () => {
        const port = 47100 + 10 * i;
        const r = await sh(`mkdir net${i} && cd net${i} || exit 1; ${n.script(port)}`);
        expect(normalize(n, r.stdout, port)).toBe(lines(...n.expected));
        expect(r.exitCode).toBe(0);
      });
    });
  });

  describe('coreutils', () => {
    it('clear writes what ncurses clear writes for an xterm, and -x keeps the scrollback', async () => {
      expect((await run('clear')).stdout).toBe('\x1b[H\x1b[2J\x1b[3J');
      expect((await run('clear', ['-x'])).stdout).toBe('\x1b[H\x1b[2J');
      const bad = await run('clear', ['-q']);
      expect(bad.stderr).toBe('usage: clear [-x]\n');
      expect(bad.exitCode).toBe(1);
    });

    it('ps and top -n 1 read /proc', async () => {
      const ps = await run('ps');
      expect(ps.stdout.split('\n')[0]).toBe('  PID  PPID STAT     TIME CMD');
      expect(ps.stdout).toMatch(/^ +1 +0 /m);
      const top = await run('top', ['-n', '1']);
      const header = top.stdout.split('\n');
      expect(header[0]).toMatch(/^top - up .*, load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d$/);
      expect(header[1]).toMatch(/^Tasks: +\d+ total, +\d+ running, +\d+ sleeping, +\d+ stopped, +\d+ zombie$/);
      expect(header[2]).toMatch(/^MiB Mem : +[\d.]+ total, +[\d.]+ free, +[\d.]+ used, +[\d.]+ buff\/cache$/);
      expect(header[4]).toBe('  PID  PPID S  %CPU  %MEM     TIME+ COMMAND');
      expect(top.stdout).not.toContain('\u001b'); // not a terminal: no escapes
      expect(top.exitCode).toBe(0);
    });
  });

  describe('sh (BusyBox’s ash, /bin/sh on the playground)', () => {
    it('runs a pipeline found through PATH and reports its status', async () => {
      const r = await sh('echo a | cat; echo $?');
      expect(r.stdout).toBe('a\n0\n');
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
    });

    it('redirects into a file, appends, reads it back, and sends errors to a file or a pipe', async () => {
      const r = await sh(
        'echo one > out.txt; echo two >> out.txt; cat < out.txt; cat missing 2> err.txt; echo status $?; ' +
          'cat missing 2>&1 | cat; echo to-stderr 1>&2',
      );
      expect(r.stdout).toBe(lines('one', 'two', 'status 1', "cat: can't open 'missing': No such file or directory"));
      expect(r.stderr).toBe('to-stderr\n');
      expect(readFileSync(join(scratchDir(), 'out.txt'), 'utf8')).toBe('one\ntwo\n');
      expect(readFileSync(join(scratchDir(), 'err.txt'), 'utf8')).toBe(
        "cat: can't open 'missing': No such file or directory\n",
      );
    });

    it('quotes, escapes and expands variables and parameters', async () => {
      const r = await sh(`x='a  b'; echo $x "$x" '$x' \\$x "\${x}c"; echo "$0|$1|$2|$#"`, 'zero', 'one', 'two words');
      expect(r.stdout).toBe(lines('a b a  b $x $x a  bc', 'zero|one|two words|2'));
    });

    it('chains with ; && || and !', async () => {
      const r = await sh('false || echo or; true && echo and; false && echo never; ! true; echo $?; ! false; echo $?');
      expect(r.stdout).toBe(lines('or', 'and', '1', '0'));
    });

    it('substitutes command output and globs file names', async () => {
      for (const name of ['g1.dat', 'g2.dat', 'g3.txt']) writeFileSync(join(scratchDir(), name), '');
      const r = await sh('echo "[$(echo inner | cat)]"; echo *.dat; echo "*.dat"; echo nomatch*');
      expect(r.stdout).toBe(lines('[inner]', 'g1.dat g2.dat', '*.dat', 'nomatch*'));
    });

    it('reports a command killed by SIGSEGV as 139', async () => {
      const r = await sh('t-segv; echo status $?');
      expect(r.stdout).toBe(lines('t-segv: storing through a wild pointer', 'status 139'));
      expect(r.stderr).toContain('Segmentation fault');
    });

    it('runs background jobs, kills and waits for them', async () => {
      const r = await sh(
        'sleep 20 & first=$!; sleep 30 & echo started; kill $first $!; wait $!; echo killed $?; wait; echo waited $?',
      );
      expect(r.stdout).toBe(lines('started', 'killed 143', 'waited 0'));
    });

    it('says when a command is not found, with status 127', async () => {
      const r = await sh('nosuch-command; echo $?');
      expect(r.stdout).toBe('127\n');
      expect(r.stderr).toBe('sh: nosuch-command: not found\n');
    });

    it('keeps exported variables for children, cd and pwd, exit N', async () => {
      const r = await sh("export GREETING=hello; sh -c 'echo $GREETING'; cd /tmp && pwd; exit 7");
      expect(r.stdout).toBe(lines('hello', '/tmp'));
      expect(r.exitCode).toBe(7);
    });

    it('runs a script file with arguments', async () => {
      writeFileSync(
        join(scratchDir(), 'script.sh'),
        '# a comment\necho "script $1"\nx=2\necho "x=$x" |\n  cat\nexit 3\n',
      );
      const r = await run('sh', ['script.sh', 'arg']);
      expect(r.stdout).toBe(lines('script arg', 'x=2'));
      expect(r.exitCode).toBe(3);
    });

    it('reads commands from stdin', async () => {
      const r = await run('sh', [], { input: 'echo from stdin\nexit 4\n' });
      expect(r.stdout).toBe(lines('from stdin'));
      expect(r.exitCode).toBe(4);
    });

    it('times a command with our time: bash’s report on stderr, to the millisecond; the command’s status', async () => {
      const r = await sh('time sleep 0.2; time -p sh -c "exit 3"; echo status $?');
      expect(r.stdout).toBe(lines('status 3'));
      const m =
        /^\nreal\t0m(\d\.\d{3})s\nuser\t0m\d\.\d{3}s\nsys\t0m\d\.\d{3}s\nreal \d+\.\d\d\nuser \d+\.\d\d\nsys \d+\.\d\d\n$/.exec(
          r.stderr,
        );
      expect(m, r.stderr).not.toBeNull();
      expect(Number(m?.[1])).toBeGreaterThanOrEqual(0.2); // sleep 0.2's real time
    });

    it('rejects a syntax error with status 2', async () => {
      const r = await sh('echo a |; echo b');
      expect(r.stderr).toBe('sh: syntax error: unexpected ";"\n');
      expect(r.exitCode).toBe(2);
    });
  });
});
