// The network programs with client and server on different kernels (the check that
// they print what they print on one kernel and under Linux): netecho's TCP and UDP
// conversations from kernel 1 to kernel 0 by name (popcorn0, from /etc/hosts), rsh to
// another kernel's rshd, and loadgen against httpd on another kernel. The expected lines are
// those of userland/testing/net-scripts.ts, which qemu-riscv64 and one kernel print.
import { describe, expect, it } from 'vitest';
import { NET_SCRIPTS } from '../../../userland/testing/net-scripts';
import { runOnLan } from './testing/lan-run';

const MS = 1_000_000;

/** What a kernel's terminal showed, as lines, without the run's own end marks. */
const shown = (screen: string | undefined) =>
  (screen ?? '')
    .replaceAll('\r', '')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('[program '));

const expectedOf = (name: string) => NET_SCRIPTS.find((s) => s.name === name)?.expected ?? [];

describe('the network programs between two kernels', () => {
  it('netecho: TCP and UDP from kernel 1 to kernel 0 print what they print on one kernel', async () => {
    const run = await runOnLan(
      'two-kernels',
      [
        {
          kernel: 0,
          command: 'netecho tcp-server 7000 > /tmp/tcp.out; netecho udp-server 7000 > /tmp/udp.out',
          at: 1 * MS,
        },
        {
          kernel: 1,
          command:
            'until grep -q listening /tmp/tcp.out 2>/dev/null; do sleep 0.01; done; netecho tcp-client popcorn0 7000; ' +
            'until grep -q listening /tmp/udp.out 2>/dev/null; do sleep 0.01; done; netecho udp-client popcorn0 7000; ' +
            'cat /tmp/tcp.out /tmp/udp.out',
          at: 2 * MS,
        },
      ],
      { limitNs: 30e9 },
    );
    const lines = shown(run.screens[1]);
    const tcp = expectedOf('netecho tcp-server and tcp-client as two processes');
    const udp = expectedOf('netecho udp-server and udp-client as two processes');
    const clientTcp = tcp.filter((l) => l.startsWith('tcp-client'));
    const clientUdp = udp.filter((l) => l.startsWith('udp-client'));
    const servers = [...tcp, ...udp].filter((l) => l.includes('-server: '));
    // Linux answers a datagram to a closed port with ICMP port unreachable (ECONNREFUSED at the
    // connected sender); the kernels' IPv4 sends no ICMP yet, so the client hears nothing
    const refusal = 'udp-client: send to a port nobody listens on, then recv: Connection refused';
    expect(clientUdp).toContain(refusal);
    const clientUdpHere = clientUdp.map((l) =>
      l === refusal ? 'udp-client: send to a port nobody listens on, then recv: no answer' : l,
    );
    expect(lines).toEqual([...clientTcp, ...clientUdpHere, ...servers]);
  }, 300_000);

  it('rsh runs a command on another kernel through its rshd, its input sent along', async () => {
    const run = await runOnLan(
      'two-kernels',
      [
        { kernel: 0, command: 'rshd -n 3 > /tmp/rshd.out', at: 1 * MS },
        {
          kernel: 1,
          command:
            'until grep -q listening /tmp/rshd.out 2>/dev/null; do sleep 0.01; done; hostname; rsh popcorn0 hostname; ' +
            `echo 'a line in' | rsh 10.0.0.1 'read x; echo "read on $(hostname): $x"'; rsh popcorn0 true; echo "status $?"`,
          at: 2 * MS,
        },
      ],
      { limitNs: 30e9 },
    );
    expect(shown(run.screens[1])).toEqual(['popcorn1', 'popcorn0', 'read on popcorn0: a line in', 'status 0']);
  }, 300_000);

  it('loadgen completes every request to httpd on another kernel', async () => {
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
    const lines = shown(run.screens[1]);
    expect(lines[0]).toBe('hello from httpd');
    expect(lines[1]).toMatch(/^conn_per_s=[\d.]+ p50_us=\d+ p99_us=\d+ ok=50 fail=0$/);
  }, 300_000);
});
