// The network between kernels, end to end on a machine in one thread: real programs on
// different kernels talking TCP through the NICs and the switch, what the capture shows to
// tshark, the rings' backpressure under a bulk transfer, a kernel that stops under a
// connection, frames a bad peer might send, and the service address's balancer.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Capture } from '../../cli/capture';
import { tsharkFields } from '../../machine/testing/tshark';
import { NET_IF } from '../interfaces/net';
import { MSG } from '../messaging/message-types';
import { figures, runOnLan, stackOf } from './testing/lan-run';

const MS = 1_000_000;

describe('TCP between kernels', () => {
  it('carries 4 MiB from kernel 1 to kernel 0 whole, through 128-slot rings, the NIC interrupting once per burst', async () => {
    const run = await runOnLan(
      'two-kernels',
      [
        { kernel: 0, command: 'tcpperf server 7000', at: 1 * MS },
        { kernel: 1, command: 'tcpperf bulk popcorn0 7000 4194304', at: 2 * MS },
      ],
      { ringSlots: 128 },
    );
    expect(figures(run, 1).get('bytes')).toBe(4194304); // tcpperf prints it only after the server's "ok"
    const rx = stackOf(run, 0).nic.counters;
    expect(rx.rxFrames).toBeGreaterThan(2900); // 4 MiB in 1460-byte segments
    expect(rx.rxInterrupts).toBeLessThan(rx.rxFrames / 4);
    expect(rx.dropped.size).toBe(0);
    expect(stackOf(run, 1).nic.counters.dropped.size).toBe(0);
    // the sender waited for room in kernel 0's ring: backpressure, not loss
    const node = run.machine.kernels[1]?.node;
    expect(node?.messenger.byType.get(MSG.NET_FRAME)?.sent).toBe(stackOf(run, 1).nic.counters.txFrames);
  }, 120_000);

  it('is captured whole: tshark reads every frame, checksums good, each connection opened by SYN, SYN-ACK, ACK', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'popcorn-pcap-'));
    const file = join(dir, 'lan.pcap');
    const capture = new Capture(file);
    let tapped = false;
    await runOnLan(
      'two-kernels',
      [
        { kernel: 0, command: 'netecho tcp-server 7000', at: 1 * MS },
        { kernel: 1, command: 'netecho tcp-client popcorn0 7000', at: 2 * MS },
      ],
      {
        each: (m) => {
          if (!tapped) capture.follow(m);
          tapped = true;
        },
      },
    );
    capture.write();
    expect(capture.frames).toBeGreaterThan(20);
    const rows = tsharkFields(file, ['tcp.stream', 'tcp.flags.str', 'ip.src', 'ip.dst']);
    expect(rows.length).toBe(capture.frames);
    const streams = new Map<string, string[]>();
    for (const [stream, flags] of rows)
      streams.set(stream as string, [...(streams.get(stream as string) ?? []), flags as string]);
    expect(streams.size).toBeGreaterThanOrEqual(2); // netecho's client makes two connections, and one refused
    for (const flags of streams.values()) {
      if (flags[1]?.includes('R')) continue; // the connection to a port nobody listens on: SYN, RST
      expect(flags.slice(0, 3).map((f) => f.replace(/·/g, ''))).toEqual(['S', 'AS', 'A']);
    }
    // errors and malformed frames (warnings are expected: the windows fill, netecho resets one connection)
    expect(tsharkFields(file, ['frame.number'], '_ws.malformed || _ws.expert.severity >= 8388608')).toEqual([]);
  }, 120_000);

  it('resets a connection whose server kernel stops: the client sees ECONNRESET, not a hang', async () => {
    const run = await runOnLan(
      'two-kernels',
      [
        { kernel: 1, command: 'tcpperf server 7000', at: 1 * MS },
        { kernel: 0, command: 'tcpperf rtt popcorn1 7000 1000000', at: 2 * MS },
      ],
      { awaited: [1], actions: [{ at: 6 * MS, kind: 'stop', kernel: 1 }] },
    );
    expect(run.screens[0]).toMatch(/tcpperf: read: Connection reset by peer/);
    expect(stackOf(run, 0).counters.tcpEstabResets).toBe(1);
  }, 120_000);
});

describe('frames a bad peer sends', () => {
  it('are dropped and counted by what is wrong with them, and nothing else happens', async () => {
    const run = await runOnLan('two-kernels', [{ kernel: 0, command: 'true', at: 1 * MS }]);
    const stack = stackOf(run, 1);
    const garbage = [
      new Uint8Array(10),
      new Uint8Array(60), // EtherType 0: not IPv4
      Uint8Array.from({ length: 80 }, (_, i) => (i === 12 ? 0x08 : i === 13 ? 0 : i === 14 ? 0x45 : i * 7)), // an IPv4 header of nonsense
    ];
    const node = run.machine.kernels[0]?.node;
    for (const frame of garbage)
      node?.messenger.send(1, MSG.NET_FRAME, NET_IF.NET_FRAME.encode({ frame }), node.kernel.now);
    node?.messenger.send(1, MSG.NET_FRAME, Uint8Array.of(1, 2, 3), node.kernel.now); // not even a NET_FRAME body
    for (let i = 0; i < 5; i++) run.machine.step();
    expect(Object.fromEntries(stack.nic.counters.dropped), 'drops by reason').toEqual({
      'short frame': 1,
      'not IPv4': 1,
      'bad IPv4 total length': 1,
    });
    expect(run.machine.kernels[1]?.node.messenger.unhandled.some((l) => l.includes('NET_FRAME'))).toBe(true);
    expect(run.machine.kernels.every((k) => k.up)).toBe(true);
  }, 60_000);
});

describe('the service address', () => {
  it('spreads connections to `popcorn` over the kernels, each served by the kernel it reached', async () => {
    const serve = (k: number) => ({ kernel: k, command: 'tcpperf server 80 100', at: 1 * MS });
    const run = await runOnLan(
      'kernel-per-hart',
      [
        serve(0),
        serve(1),
        serve(2),
        serve(3),
        { kernel: 0, command: 'for i in 1 2 3 4 5 6 7 8 9 10 11 12; do tcpperf rtt popcorn 80 2; done', at: 3 * MS },
      ],
      { awaited: [4] },
    );
    expect((run.screens[0] ?? '').match(/rtt_us=/g)).toHaveLength(12);
    const served = [0, 1, 2, 3].map((k) => stackOf(run, k).counters.tcpPassiveOpens);
    expect(served.reduce((a, b) => a + b, 0)).toBe(12);
    expect(served.filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
  }, 120_000);
});

describe('/proc/net', () => {
  it('shows the card, the stack and the connections in Linux’s formats', async () => {
    const run = await runOnLan('two-kernels', [
      { kernel: 0, command: 'tcpperf server 7000', at: 1 * MS },
      { kernel: 1, command: 'tcpperf rtt popcorn0 7000 50', at: 2 * MS },
      {
        kernel: 0,
        command: 'sleep 0.01; cat /proc/net/tcp; grep eth0 /proc/net/dev; grep Tcp: /proc/net/snmp',
        at: 2 * MS,
      },
    ]);
    const screen = (run.screens[0] ?? '').replace(/\r/g, '');
    // the listener on 0.0.0.0:7000 (0x1B58), and the connection from 10.0.0.2, established
    expect(screen).toMatch(/^\s+0: 00000000:1B58 00000000:0000 0A /m);
    expect(screen).toMatch(/^\s+1: 0100000A:1B58 0200000A:[0-9A-F]{4} 01 /m);
    const eth0 = /^\s+eth0:((?:\s+\d+){16})$/m.exec(screen)?.[1]?.trim().split(/\s+/).map(Number) ?? [];
    expect(eth0[1]).toBeGreaterThan(50); // packets received
    expect(screen).toMatch(/^Tcp: ActiveOpens PassiveOpens/m);
    expect(screen).toMatch(/^Tcp: 0 1 0 0 /m); // kernel 0 opened none and took one
  }, 120_000);
});
