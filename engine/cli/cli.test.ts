// The `popcorn` command as its users meet it: every test spawns the real bin/popcorn.mjs.

import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const popcorn = new URL('../../bin/popcorn.mjs', import.meta.url).pathname;
const userland = new URL('../../userland/bin/glibc/', import.meta.url).pathname;

interface Result {
  stdout: string;
  stderr: string;
  code: number;
}

function run(args: string[], stdin = '', cwd?: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [popcorn, ...args], { timeout: 60_000, cwd }, (err, stdout, stderr) => {
      resolve({ stdout, stderr, code: typeof err?.code === 'number' ? err.code : (child.exitCode ?? -1) });
    });
    child.stdin?.end(stdin);
  });
}

/** A bad command line: one line on stderr, status 2, never a stack trace. */
function expectOneLine(r: Result, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at |Error:/m);
}

describe('popcorn run', () => {
  it('runs a program from /bin with its arguments and prints nothing else', async () => {
    const r = await run(['run', '--', 'echo', 'hello', 'world']);
    expect(r).toEqual({ stdout: 'hello world\n', stderr: '', code: 0 });
  });

  it("exits with the program's status, and 128 + the signal when one killed it", async () => {
    expect((await run(['run', '--', 'sh', '-c', 'exit 3'])).code).toBe(3);
    expect((await run(['run', '--', 't-segv'])).code).toBe(128 + 11);
  });

  it("wires the host's stdin, stdout and stderr to the program", async () => {
    expect((await run(['run', '--', 'cat'], 'from stdin\n')).stdout).toBe('from stdin\n');
    const r = await run(['run', '--', 'sh', '-c', 'echo out; echo err >&2']);
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toBe('err\n');
  });

  it('reports retired instructions, syscalls, page faults and wall time with --stats', async () => {
    const r = await run(['run', '--stats', '--', 'echo', 'x']);
    expect(r.stdout).toBe('x\n');
    expect(r.stderr).toMatch(/instructions retired: \d+/);
    expect(r.stderr).toMatch(/syscalls: \d+/);
    expect(r.stderr).toMatch(/page faults: \d+/);
    expect(r.stderr).toMatch(/wall time: [\d.]+ ms/);
  });

  it('writes the run as Chrome trace-event JSON with --trace', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'popcorn-')), 'trace.json');
    expect((await run(['run', '--trace', file, '--', 'echo', 'traced'])).stdout).toBe('traced\n');
    const trace = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: Array<{ name: string; cat: string }> };
    expect(trace.traceEvents.some((e) => e.cat === 'syscall' && e.name === 'write')).toBe(true);
    expect(trace.traceEvents.some((e) => e.cat === 'run')).toBe(true);
  });

  it('runs a program on a replicated-kernel machine with --kernels', async () => {
    const r = await run(['run', '--kernels', '2', '--harts-per-kernel', '2', '--', 'sh', '-c', 'echo on-kernel-0']);
    expect(r).toEqual({ stdout: 'on-kernel-0\n', stderr: '', code: 0 });
  });

  it('explains a program it cannot run', async () => {
    const missing = await run(['run', '--', 'no-such-program']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toMatch(/no such file/);
    const notElf = await run(['run', '--', popcorn]);
    expect(notElf.code).toBe(126);
    expect(notElf.stderr).toMatch(/ENOEXEC.*\n.*not an ELF file/);
  });
});

describe('popcorn scenario with a share link', () => {
  it('runs to where the link was shared and says whether it reaches the same trace hash', async () => {
    const { LocalMachine } = await import('../machine/local-machine');
    const { parseScenario } = await import('../machine/scenario');
    const { encodePlainScenarioUrl, encodeScenarioUrl } = await import('../machine/scenario-url');
    const { loadUserlandFiles } = await import('../kernels/userland-files');
    const json = {
      version: 1,
      machine: { preset: 'two-kernels' },
      inputs: [{ epoch: 12, kernel: 1, text: 'echo shared\r' }],
    };
    const m = await LocalMachine.boot(parseScenario(JSON.stringify(json)), await loadUserlandFiles());
    while (m.epoch < 40) m.step();
    const link = `http://localhost:5173/${await encodeScenarioUrl({ ...json, sharedAt: { epoch: 40, hash: m.hash() } })}`;
    const same = await run(['scenario', link]);
    expect(same.stdout).toContain(`shared at epoch 40 with trace hash ${m.hash()}: the same run`);
    expect(same.code).toBe(0);
    const other = m.hash().replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const wrong = await run(['scenario', await encodeScenarioUrl({ ...json, sharedAt: { epoch: 40, hash: other } })]);
    expect(wrong.stdout).toContain('a DIFFERENT run');
    expect(wrong.code).toBe(1);
    const broken = await run(['scenario', `${link.slice(0, -9)}!`]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/the link: it has characters that base64url never uses/);
    const cut = await run(['scenario', link.slice(0, -6)]);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(
      /the link: its (compressed scenario does not decompress \(the link is cut short|base64url text is cut short)/,
    );
    // a link made before links were compressed
    const old = `http://localhost:5173/${encodePlainScenarioUrl({ ...json, sharedAt: { epoch: 40, hash: m.hash() } })}`;
    const opened = await run(['scenario', old]);
    expect(opened.stdout).toContain(`shared at epoch 40 with trace hash ${m.hash()}: the same run`);
    expect(opened.code).toBe(0);
  });
});

describe('popcorn shell', () => {
  /** Types each command once the output so far matches its prompt, then detaches with ^]. */
  function session(args: string[], steps: Array<[RegExp, string]>): Promise<Result> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [popcorn, 'shell', ...args]);
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill(), 90_000);
      const next = () => {
        const step = steps[0];
        if (step && step[0].test(stdout)) {
          steps.shift();
          child.stdin.write(step[1]);
          next();
        }
      };
      child.stdout.on('data', (b: Buffer) => {
        stdout += b.toString();
        next();
      });
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ stdout, stderr, code: code ?? -1 });
      });
    });
  }

  it("boots the playground's machine by default: two kernels with the Popcorn services", async () => {
    const r = await session(
      [],
      [
        [/popcorn0:\/\$ $/, 'sleep 1; cat /proc/popcorn/nodes\r'], // kernel 1 checks in a few epochs after the prompt
        [/1 +online +riscv64 +2-3/, 'busy > /dev/null & echo started $!\r'],
        [/started \d+\r\n/, 'migrate $! 1\r'],
        [/migrate: asked 1 thread of process \d+ to move to kernel 1/, 'pstat $!\r'],
        [/\n +\d+ +1 +[RS]/, '\x1d'],
      ],
    );
    expect(r.stdout).toMatch(/0 +online +riscv64 +0-1/);
    expect(r.stdout).toMatch(/process \d+ \(busy\): origin kernel 0, 1 thread on kernel 1/);
    expect(r.stdout).not.toMatch(/Function not implemented|No such file/);
    expect(r.stderr).toMatch(/attached to kernel 0/);
    expect(r.code).toBe(0);
  }, 120_000);

  it('boots a kernel alone only when asked, with --harts', async () => {
    const r = await session(
      ['--harts', '2'],
      [
        [/\/\$ $/, 'cat /proc/popcorn/nodes\r'],
        [/No such file/, '\x1d'],
      ],
    );
    expect(r.code).toBe(0);
  }, 120_000);
});

describe('popcorn options', () => {
  it('prints help for every subcommand, and the version', async () => {
    const [runHelp, shellHelp, scenarioHelp, version] = await Promise.all([
      run(['run', '--help']),
      run(['shell', '-h']),
      run(['scenario', '--help']),
      run(['--version']),
    ]);
    expect(runHelp.stdout).toMatch(/^usage: popcorn run \[OPTIONS\] \[--\] PROGRAM/);
    expect(runHelp.stdout).toMatch(/--migrate-every TIME [^]*?the unit is required: 250us, 2ms, 1s/);
    expect(runHelp.stdout).toMatch(/-E, --env VAR=VALUE/);
    expect(shellHelp.stdout).toMatch(/^usage: popcorn shell/);
    expect(scenarioHelp.stdout).toMatch(/^usage: popcorn scenario/);
    for (const r of [runHelp, shellHelp, scenarioHelp]) expect([r.code, r.stderr]).toEqual([0, '']);
    expect(version).toEqual({ stdout: expect.stringMatching(/^popcorn \d+\.\d+\.\d+/) as string, stderr: '', code: 0 });
  }, 120_000);

  it('gives every bad option one line and status 2, never a stack trace', async () => {
    const scenario = new URL('../machine/scenarios/two-kernels.json', import.meta.url).pathname;
    const cases: Array<[string[], RegExp]> = [
      [
        ['run', '--kernels', '2', '--migrate-every', '1', '--', 'echo'],
        /--migrate-every takes a virtual time with its unit/,
      ],
      [['run', '--memory', '9000', '--', 'echo'], /--memory takes a size from 16 MiB to 4079 MiB/],
      [['run', '--kernels', 'four', '--', 'echo'], /--kernels takes a whole number/],
      [['run', '--kernels', '64', '--memory', '512', '--', 'echo'], /--memory takes a size from 1028 MiB/],
      [['run', '--bogus', '--', 'echo'], /^popcorn run: unknown option '--bogus'/],
      [['run', '--trace'], /--trace needs a value/],
      [['run', '-E', 'NOEQUALS', '--', 'echo'], /-E takes VAR=VALUE/],
      [['run', '--trace', '/no/such/dir/t.json', '--', 'echo'], /--trace \/no\/such\/dir\/t.json: ENOENT/],
      [['run', '--pcap', '/no/such/dir/t.pcap', '--', 'echo'], /--pcap \/no\/such\/dir\/t.pcap: ENOENT/],
      [['run', '--forward', '8080:0', '--', 'echo'], /--forward 8080:0: expected HOSTPORT:KERNEL:PORT/],
      [
        ['run', '--kernels', '2', '--forward', '8080:2:80', '--', 'echo'],
        /--forward kernel takes a whole number from 0 to 1/,
      ],
      [['scenario', scenario, '--workers', '2', '--pcap', 'x.pcap'], /--pcap needs the machine in one thread/],
      [['scenario', scenario, '--until', '5'], /--until takes a virtual time with its unit/],
      [['scenario', scenario, '--workers', '0'], /--workers takes a whole number/],
      [['shell', '--kernels', '2', '--kernel', '2'], /--kernel takes a whole number from 0 to 1/],
      [['frobnicate'], /unknown command 'frobnicate'/],
    ];
    for (const [args, message] of cases) expectOneLine(await run(args), message);
  }, 300_000);

  it('runs a scenario for less than an epoch, and a machine of 2 GiB', async () => {
    const scenario = new URL('../machine/scenarios/two-kernels.json', import.meta.url).pathname;
    const short = await run(['scenario', scenario, '--until', '50us']);
    expect(short.stderr).toBe('');
    expect(short.stdout).toMatch(/2 kernels, 0\.1 ms of virtual time/);
    expect(short.stdout).toMatch(/kernel 1 \(harts 2,3\): 0 processes/);
    expect(short.code).toBe(0);
    const big = await run(['run', '--kernels', '4', '--memory', '2048', '--', 'echo', 'on 2 GiB']);
    expect(big).toEqual({ stdout: 'on 2 GiB\n', stderr: '', code: 0 });
  }, 120_000);

  it('reports migrations at exit without --stats, unless --quiet', async () => {
    const [moved, quiet] = await Promise.all([
      run(['run', '--kernels', '2', '--', 'counter', '-m', '3', '1']),
      run(['run', '-q', '--kernels', '2', '--', 'counter', '-m', '3', '1']),
    ]);
    expect(moved.stdout).toBe('counter: 1 (kernel 0)\ncounter: 2 (kernel 1)\ncounter: 3 (kernel 0)\n');
    expect(moved.stderr).toBe('popcorn: 2 migrations (threads moved from one kernel to another; --stats for more)\n');
    expect(quiet.stdout).toBe(moved.stdout);
    expect(quiet.stderr).toBe('');
  }, 120_000);
});

describe('popcorn run memory', () => {
  it('gives a 4-kernel machine 1 GiB, so a program that touches 64 MiB runs as under qemu-riscv64', async () => {
    const r = await run(['run', '--kernels', '4', '--', 'memtouch', '16384']);
    expect(r).toEqual({
      stdout: 'memtouch: 16384 pages of 4096 bytes, sum ecc60f27de0a8000, 0 bad\n',
      stderr: '',
      code: 0,
    });
  });

  it('says so on stderr when a kernel kills the program for want of memory', async () => {
    const r = await run(['run', '--kernels', '4', '--memory', '256', '--', 'memtouch', '16384']);
    expect(r.code).toBe(128 + 9);
    expect(r.stderr).toMatch(/^popcorn: killed: out of memory on kernel 0, 63 MiB window: memtouch \(pid 1\)/);
  });
});

describe('popcorn run with host files and environment', () => {
  function hostDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'popcorn-files-'));
    writeFileSync(join(dir, 'notes.txt'), 'notes from the host\n');
    writeFileSync(join(dir, 'script.sh'), 'echo script got $1\ncat data/inner.txt\n');
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'inner.txt'), 'inner file\n');
    // a riscv64 program on the host: BusyBox, which runs as cat by that name
    copyFileSync(join(userland, 'busybox'), join(dir, 'cat'));
    return dir;
  }

  it('runs in the same directory, with the files its command line names, by relative path', async () => {
    const dir = hostDir();
    const [named, program, missing] = await Promise.all([
      run(['run', '--', 'cat', 'notes.txt', `${dir}/data/inner.txt`], '', dir),
      run(['run', './cat', 'notes.txt'], '', dir),
      run(['run', '--', 'sh', 'script.sh', 'one'], '', dir),
    ]);
    expect(named).toEqual({ stdout: 'notes from the host\ninner file\n', stderr: '', code: 0 });
    expect(program).toEqual({ stdout: 'notes from the host\n', stderr: '', code: 0 });
    // a file the command line does not name is not there, unless its directory is mounted
    expect(missing.stdout).toBe('script got one\n');
    expect(missing.stderr).toMatch(/data\/inner.txt'?: No such file/);
  }, 120_000);

  it('copies directories in with --mount, and says what it copied with --stats', async () => {
    const dir = hostDir();
    const [mounted, elsewhere, again] = await Promise.all([
      run(['run', '--stats', '--mount', '.', '--', 'sh', 'script.sh', 'two'], '', dir),
      run(['run', '--mount', 'data:/srv/d', '--', 'cat', '/srv/d/inner.txt'], '', dir),
      run(['run', '--stats', '--mount', '.', '--', 'sh', 'script.sh', 'two'], '', dir),
    ]);
    expect(mounted.stdout).toBe('script got two\ninner file\n');
    const digest = /host files: 4 copied in \(\d+ bytes\), sha256 ([0-9a-f]{64})/.exec(mounted.stderr)?.[1];
    expect(digest).toBeDefined();
    expect(again.stderr).toContain(`sha256 ${digest ?? ''}`);
    expect(elsewhere).toEqual({ stdout: 'inner file\n', stderr: '', code: 0 });
  }, 120_000);

  it('sets and unsets environment variables with -E and -U, in order', async () => {
    const r = await run([
      'run',
      '-E',
      'NAME=world',
      '-U',
      'HOME',
      '-E',
      'LANG=C.UTF-8',
      '--',
      'sh',
      '-c',
      'echo $NAME/$HOME/$LANG/$TERM',
    ]);
    expect(r).toEqual({ stdout: 'world//C.UTF-8/xterm-256color\n', stderr: '', code: 0 });
  });

  it('ends a writer into a closed pipe with SIGPIPE, as qemu-riscv64 does', async () => {
    const r = await new Promise<Result>((resolve) => {
      const child = spawn('bash', [
        '-c',
        `"${process.execPath}" "${popcorn}" run -- cat /dev/zero | head -c 5 | od -An -c; echo "status \${PIPESTATUS[0]}"`,
      ]);
      let stdout = '';
      child.stdout.on('data', (b: Buffer) => {
        stdout += b.toString();
      });
      child.on('close', (code) => {
        resolve({ stdout, stderr: '', code: code ?? -1 });
      });
    });
    expect(r.stdout).toMatch(/\\0 +\\0 +\\0 +\\0 +\\0\n/);
    expect(r.stdout).toMatch(/status 141\n$/);
  });
});

describe('popcorn scenario', () => {
  it('ends quietly when whoever reads its output stops, as a Unix tool does', async () => {
    const r = await new Promise<Result>((resolve) => {
      const child = spawn('bash', [
        '-c',
        `"${process.execPath}" "${popcorn}" scenario engine/machine/scenarios/two-kernels.json --until 2ms | head -c 1; echo " status \${PIPESTATUS[0]}"`,
      ]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => {
        stdout += b.toString();
      });
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
      });
      child.on('close', (code) => {
        resolve({ stdout, stderr, code: code ?? -1 });
      });
    });
    expect(r.stdout).toMatch(/^s status (0|141)\n$/);
    expect(r.stderr).toBe('');
  });
});

describe('popcorn scenario with protocol faults', () => {
  it('checks the invariants as it runs and says which broke, and when', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'popcorn-faults-'));
    const file = join(dir, 'stale.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        name: 'stale-copies',
        machine: { preset: 'two-kernels' },
        faults: ['skip-write-invalidation'],
        actions: [{ at: 2_000_000, kind: 'type', kernel: 0, text: 'pingpong 20\r' }],
      }),
    );
    const r = await run(['scenario', file, '--until', '60ms']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^protocol faults on: skip-write-invalidation$/m);
    expect(r.stdout).toMatch(
      /^ {2}invariant broken: at epoch \d+: pid \d+ page [0-9a-f]+: held by kernel 1 unknown to the directory$/m,
    );
    const sound = await run(['scenario', 'engine/machine/scenarios/two-kernels.json', '--until', '5ms']);
    expect(sound.stdout).not.toMatch(/protocol faults|invariant/);
  });

  it('says when pages written at a kernel were dropped instead of flushed home (skip-dirty-flush)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'popcorn-faults-'));
    const scenario = (faults: string[]) => {
      const file = join(dir, `counter-${faults.length}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          version: 1,
          name: 'lost-writes',
          machine: { preset: 'two-kernels' },
          faults,
          actions: [{ at: 2_000_000, kind: 'type', kernel: 0, text: 'counter -m 4 1\r' }],
        }),
      );
      return file;
    };
    const r = await run(['scenario', scenario(['skip-dirty-flush']), '--until', '30ms']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^protocol faults on: skip-dirty-flush$/m);
    expect(r.stdout).toMatch(
      /^ {2}invariant broken: at epoch \d+: pid \d+ page [0-9a-f]+: the directory says kernel 1 writes it, but kernel 1 has no copy: its bytes are lost$/m,
    );
    expect(r.stdout).toMatch(/Segmentation fault/);
    // one worker per kernel, each checking its own processes from the copies the others
    // publish, finds the same at the same epochs
    const workers = await run(['scenario', scenario(['skip-dirty-flush']), '--until', '30ms', '--workers', '2']);
    const brokenLines = (out: string) => out.split('\n').filter((l) => l.includes('invariant broken'));
    expect(brokenLines(workers.stdout)).toEqual(brokenLines(r.stdout));
    const sound = await run(['scenario', scenario([]), '--until', '30ms']);
    expect(sound.stdout).not.toMatch(/protocol faults|invariant|Segmentation fault/);
    expect(sound.stdout).toMatch(/counter: 4 \(kernel 1\)/);
  });
});

describe('popcorn scenario at a shorter quantum', () => {
  it('counts a link’s epochs in its quantum and replays it to the same trace hash; a bad quantum is one line', async () => {
    const { LocalMachine } = await import('../machine/local-machine');
    const { parseScenario } = await import('../machine/scenario');
    const { encodeScenarioUrl } = await import('../machine/scenario-url');
    const { loadUserlandFiles } = await import('../kernels/userland-files');
    const json = {
      version: 1,
      machine: { preset: 'two-kernels', quantumUs: 10 },
      inputs: [{ epoch: 150, kernel: 1, text: 'echo shared\r' }],
    };
    const m = await LocalMachine.boot(parseScenario(JSON.stringify(json)), await loadUserlandFiles());
    while (m.epoch < 400) m.step(); // 4 ms: epochs of 10 us
    const link = await encodeScenarioUrl({ ...json, sharedAt: { epoch: 400, hash: m.hash() } });
    const same = await run(['scenario', link]);
    expect(same.stdout).toMatch(/4\.0 ms of virtual time .*quantum 10 us/);
    expect(same.stdout).toContain(`shared at epoch 400 with trace hash ${m.hash()}: the same run`);
    expect(same.code).toBe(0);

    const dir = mkdtempSync(join(tmpdir(), 'popcorn-quantum-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...json, machine: { preset: 'two-kernels', quantumUs: 500 } }));
    expectOneLine(
      await run(['scenario', file]),
      /machine\.quantumUs: the quantum must be a whole number of us from 2 to 100 \(no message between two of its kernels arrives in less than 2 us\) \(got 500\)$/m,
    );
  });
});

/**
 * Starts `popcorn run OPTIONS --forward PORT:0:80` with BusyBox httpd serving a page, fetches it
 * with curl on the host (trying until popcorn and httpd listen), then ends the run with ^C as a
 * person would: the page, and the run's exit status.
 */
async function fetchThroughForward(options: string[], port: number): Promise<{ page: string; status: unknown }> {
  const server = spawn(
    process.execPath,
    [
      popcorn,
      'run',
      ...options,
      '--forward',
      `${port}:0:80`,
      '--',
      'sh',
      '-c',
      'mkdir /tmp/www && echo "hello from kernel 0" > /tmp/www/index.html && httpd -f -p 80 -h /tmp/www',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const ended = new Promise((r) => {
    server.once('exit', (code) => {
      r(code);
    });
  });
  const curl = (): Promise<string> =>
    new Promise((resolve) => {
      execFile('curl', ['-s', '-m', '20', `http://127.0.0.1:${port}/index.html`], (_err, stdout) => {
        resolve(stdout);
      });
    });
  let page = '';
  for (let tries = 0; tries < 60 && page === ''; tries++) {
    page = await curl(); // refused until popcorn listens, then empty until httpd does
    if (page === '') await new Promise((r) => setTimeout(r, 500));
  }
  // ^C is SIGINT to the program (sh, which ends: 128 + 2), as at a terminal, and the run ends
  server.kill('SIGINT');
  return { page, status: await ended };
}

describe('popcorn run --forward and --pcap', () => {
  it('lets curl on the host fetch a page from BusyBox httpd in the machine, and captures the LAN for tshark', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'popcorn-forward-'));
    const pcap = join(dir, 'lan.pcap');
    const got = await fetchThroughForward(['--kernels', '2', '--pcap', pcap], 18000 + (process.pid % 1000));
    expect(got).toEqual({ page: 'hello from kernel 0\n', status: 130 });
    const summary = await new Promise<string>((resolve) => {
      execFile(
        'tshark',
        ['-r', pcap, '-T', 'fields', '-e', 'ip.src', '-e', 'tcp.flags.str', '-Y', 'tcp.port == 80'],
        (_e, out) => {
          resolve(out);
        },
      );
    });
    const rows = summary
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(rows[0]).toEqual(['10.0.0.254', '··········S·']); // the host's SYN opens it
    expect(rows[1]).toEqual(['10.0.0.1', '·······A··S·']);
    expect(rows.some((r) => r[1]?.includes('P'))).toBe(true);
  }, 180_000);

  it("reaches a kernel alone too, whose idle clock then waits for the host rather than racing to the server's timeout", async () => {
    // before, httpd answered 408 Request Timeout: the lone kernel skipped 60 s ahead while curl's request was on its way
    const got = await fetchThroughForward([], 19000 + (process.pid % 1000));
    expect(got).toEqual({ page: 'hello from kernel 0\n', status: 130 });
  }, 180_000);
});
