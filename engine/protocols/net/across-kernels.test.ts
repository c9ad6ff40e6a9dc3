// The network programs with their two ends on different kernels: netecho's servers on kernel
// 0 and clients on kernel 1, over the machine's LAN, print what the same pair prints on one
// Linux host (userland/testing/net-scripts.ts, checked against qemu-riscv64 there); and rsh
// from one kernel logs into another, as Popcorn's users reached secondary kernels; loadgen
// completes every request to httpd on another kernel.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NET_SCRIPTS } from '../../../userland/testing/net-scripts';
import { runOnLan } from './testing/lan-run';

const MS = 1_000_000;

/** The lines of `screen` that `who` printed (netecho's lines say which end they are). */
function linesOf(screen: string, who: string): string[] {
  return screen
    .split(/\r?\n/)
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.startsWith(`${who}: `));
}

describe('netecho with its server on kernel 0 and its client on kernel 1', () => {
  it.each(['tcp', 'udp'] as const)(
    '%s prints what the pair prints on one Linux host',
    async (kind) => {
      const script = NET_SCRIPTS.find((n) => n.name === `netecho ${kind}-server and ${kind}-client as two processes`);
      if (!script) throw new Error(`no ${kind} script`);
      const run = await runOnLan('two-kernels', [
        { kernel: 0, command: `netecho ${kind}-server 7000`, at: 1 * MS },
        { kernel: 1, command: `netecho ${kind}-client popcorn0 7000`, at: 2 * MS },
      ]);
      const got = [
        ...linesOf(run.screens[1] ?? '', `${kind}-client`),
        ...linesOf(run.screens[0] ?? '', `${kind}-server`),
      ];
      expect(got).toEqual(script.expected);
    },
    120_000,
  );
});

describe('netecho over AF_UNIX with its ends on two kernels', () => {
  // AF_UNIX sockets of every kernel are held at the filesystem's home, where the names are; a
  // call through one moves up to a socket buffer, so netecho's 64 KiB datagrams go whole
  it.each([
    ['a path', '/tmp/echo.sock', 0, 1, 0],
    ['a path, neither end on the home', '/tmp/echo2.sock', 1, 2, 0],
    ['an abstract name', '@netecho-across', 2, 1, 1],
  ] as const)(
    'at %s prints what the pair prints on one Linux host',
    async (_what, name, server, client, nth) => {
      const what = nth === 0 ? 'a path' : 'an abstract name';
      const script = NET_SCRIPTS.find(
        (n) => n.name === `netecho unix-server and unix-client at ${what} as two processes`,
      );
      if (!script) throw new Error('no unix script');
      const run = await runOnLan('kernel-per-hart', [
        { kernel: server, command: `netecho unix-server ${name}`, at: 1 * MS },
        { kernel: client, command: `netecho unix-client ${name}`, at: 3 * MS },
      ]);
      const got = [
        ...linesOf(run.screens[client] ?? '', 'unix-client'),
        ...linesOf(run.screens[server] ?? '', 'unix-server'),
      ];
      expect(got).toEqual(script.expected);
    },
    120_000,
  );
});

describe('t-sockets on a kernel that is not the filesystem’s home', () => {
  it('prints what it prints under qemu-riscv64: its AF_UNIX paths are in the shared tree', async () => {
    const run = await runOnLan('two-kernels', [{ kernel: 1, command: 'cd /tmp && t-sockets', at: 1 * MS }]);
    const reference = spawnSync(
      'qemu-riscv64',
      [new URL('../../../userland/bin/glibc/t-sockets', import.meta.url).pathname],
      {
        encoding: 'utf8',
        cwd: mkdtempSync(join(tmpdir(), 't-sockets-')),
      },
    );
    const ours = (run.screens[1] ?? '').replace(/\r/g, '').replace(/\[program 0 ended: 0\n$/, '');
    expect(ours).toBe(reference.stdout);
  }, 120_000);
});

describe('a listening socket inherited by processes on several kernels', () => {
  it('accepts on all of them: workers moved to kernels 1, 2 and 3 each serve their share', async () => {
    const run = await runOnLan(
      'kernel-per-hart',
      [
        { kernel: 0, command: 'tcpperf preforked 7000 3 9', at: 1 * MS },
        { kernel: 2, command: 'for i in 1 2 3 4 5 6 7 8 9; do tcpperf rtt popcorn0 7000 2; done', at: 3 * MS },
      ],
      { limitNs: 20e9 },
    );
    expect((run.screens[2] ?? '').match(/rtt_us=/g)).toHaveLength(9);
    const served = [...(run.screens[0] ?? '').matchAll(/^worker (\d) on kernel (\d) served (\d)\r?$/gm)].map((m) => [
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
    ]);
    expect(served.sort()).toEqual([
      [0, 1, 3],
      [1, 2, 3],
      [2, 3, 3],
    ]);
  }, 120_000);
});

describe('rsh between kernels', () => {
  it('runs a command on another kernel, feeding it what rsh reads and bringing back what it prints', async () => {
    const run = await runOnLan(
      'kernel-per-hart',
      [
        { kernel: 2, command: 'rshd -n 2', at: 1 * MS },
        {
          kernel: 0,
          command:
            'rsh popcorn2 uname -n; echo "asked on $(uname -n)" | rsh popcorn2 \'read x; echo "$x, answered on $(uname -n)"\'',
          at: 3 * MS,
        },
      ],
      { awaited: [1] },
    );
    expect(run.screens[0]).toMatch(/^popcorn2\r?$/m);
    expect(run.screens[0]).toMatch(/^asked on popcorn0, answered on popcorn2\r?$/m);
  }, 120_000);
});

describe('loadgen between kernels', () => {
  it('completes every request to httpd on another kernel, found by name', async () => {
    const run = await runOnLan(
      'two-kernels',
      [
        {
          kernel: 0,
          command: "mkdir -p /tmp/www && echo 'hello from httpd' > /tmp/www/index.html && httpd -f -p 8080 -h /tmp/www",
          at: 1 * MS,
        },
        {
          kernel: 1,
          command:
            'until wget -q -O - http://popcorn0:8080/index.html; do sleep 0.01; done; loadgen -q -c 4 -n 50 -p /index.html popcorn0:8080',
          at: 2 * MS,
        },
      ],
      { awaited: [1], limitNs: 30e9 },
    );
    const lines = (run.screens[1] ?? '').split(/\r?\n/).filter((l) => l !== '' && !l.startsWith('[program '));
    expect(lines[0]).toBe('hello from httpd');
    expect(lines[1]).toMatch(/^conn_per_s=[\d.]+ p50_us=\d+ p99_us=\d+ ok=50 fail=0$/);
  }, 120_000);
});
