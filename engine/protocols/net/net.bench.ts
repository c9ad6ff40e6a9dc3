// The network's benchmarks. Virtual-time figures come from programs that time themselves with
// CLOCK_MONOTONIC (the machine's clock), each one deterministic run on a machine in one thread:
//   net.rtt_us[.q2]            TCP round trip of 1 byte between two kernels (tcpperf rtt, mean
//                              of 1000), at the default 100 us quantum and at a 2 us one
//   net.throughput_mbps[.q2]   bulk TCP between two kernels (tcpperf bulk, 4 MiB), Mbit/s
//   net.conn_per_s.PRESET      connections a second to the machine's service address
//                              (`popcorn`), BusyBox httpd on every kernel behind the switch's
//                              balancer, loadgen -c 8 -n 200 on kernel 0 (at a 2 us quantum)
//   net.conn_p99_us.PRESET     that run's 99th-percentile latency per connection
// and one wall-clock figure:
//   net.wall_us_per_frame      host time per frame of the bulk run, less a run that sends one
//                              byte (boot and set-up cancel out): the whole path's cost, both
//                              kernels' harts running tcpperf, TCP, the switch, the rings

import type { Benchmark, Figure } from '../../bench/benchmark';
import { wallMs } from '../../bench/benchmark';
import { figures, type LanRun, runOnLan, stackOf } from './testing/lan-run';

const MS = 1_000_000;

function between(quantumUs: number | undefined, client: string) {
  return runOnLan(
    'two-kernels',
    [
      { kernel: 0, command: 'tcpperf server 7000', at: 1 * MS },
      { kernel: 1, command: client, at: 2 * MS },
    ],
    { machine: quantumUs === undefined ? {} : { quantumUs }, limitNs: 60e9 },
  );
}

function figure(run: LanRun, kernel: number, name: string): number {
  const value = figures(run, kernel).get(name);
  if (value === undefined) throw new Error(`no ${name} in:\n${run.screens[kernel] ?? ''}`);
  return value;
}

/** loadgen's -q line on kernel 0: connections a second and the 99th percentile. */
async function connectionRate(preset: string): Promise<{ rate: number; p99: number }> {
  const kernels = preset === 'smp' ? 1 : preset === 'kernel-per-hart' ? 4 : 2;
  const serve = (k: number) => ({ kernel: k, command: 'httpd -f -p 80 -h /tmp/www', at: 2 * MS });
  const run = await runOnLan(
    preset,
    [
      { kernel: 0, command: 'mkdir -p /tmp/www && echo "hello from popcorn" > /tmp/www/index.html', at: 1 * MS },
      ...Array.from({ length: kernels }, (_, k) => serve(k)),
      { kernel: 0, command: 'loadgen -q -c 8 -n 200 -p /index.html popcorn:80', at: 4 * MS },
    ],
    { machine: { quantumUs: 2 }, awaited: [kernels + 1], limitNs: 60e9 },
  );
  const line = /conn_per_s=([\d.]+) p50_us=\d+ p99_us=(\d+) ok=200 fail=0/.exec(run.screens[0] ?? '');
  if (!line) throw new Error(`loadgen on ${preset}:\n${run.screens[0] ?? ''}`);
  return { rate: Number(line[1]), p99: Number(line[2]) };
}

const PRESETS = ['smp', 'two-kernels', 'kernel-per-node', 'kernel-per-hart'];

export const benchmarks: Benchmark[] = [
  {
    names: ['net.rtt_us', 'net.rtt_us.q2'],
    async run() {
      const slow = await between(undefined, 'tcpperf rtt popcorn0 7000 1000 1');
      const fast = await between(2, 'tcpperf rtt popcorn0 7000 1000 1');
      return [
        { name: 'net.rtt_us', value: figure(slow, 1, 'rtt_us'), unit: 'us' },
        { name: 'net.rtt_us.q2', value: figure(fast, 1, 'rtt_us'), unit: 'us' },
      ];
    },
  },
  {
    names: ['net.throughput_mbps', 'net.throughput_mbps.q2', 'net.wall_us_per_frame'],
    async run() {
      const timed = async (bytes: number) => {
        const started = wallMs();
        const run = await between(undefined, `tcpperf bulk popcorn0 7000 ${bytes}`);
        const frames = stackOf(run, 0).nic.counters.rxFrames + stackOf(run, 1).nic.counters.rxFrames;
        return { run, ms: wallMs() - started, frames };
      };
      const empty = await timed(1);
      const full = await timed(4194304);
      const slow = full.run;
      const fast = await between(2, 'tcpperf bulk popcorn0 7000 4194304');
      return [
        { name: 'net.throughput_mbps', value: figure(slow, 1, 'mbps'), unit: 'Mbit/s' },
        { name: 'net.throughput_mbps.q2', value: figure(fast, 1, 'mbps'), unit: 'Mbit/s' },
        {
          name: 'net.wall_us_per_frame',
          value: ((full.ms - empty.ms) * 1000) / (full.frames - empty.frames),
          unit: 'us',
        },
      ];
    },
  },
  {
    names: PRESETS.flatMap((p) => [`net.conn_per_s.${p}`, `net.conn_p99_us.${p}`]),
    async run() {
      const out: Figure[] = [];
      for (const preset of PRESETS) {
        const { rate, p99 } = await connectionRate(preset);
        out.push({ name: `net.conn_per_s.${preset}`, value: rate, unit: '1/s' });
        out.push({ name: `net.conn_p99_us.${preset}`, value: p99, unit: 'us' });
      }
      return out;
    },
  },
];
