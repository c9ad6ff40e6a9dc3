// `npm run bench [-- PREFIX]`: runs the benchmarks whose names start with PREFIX (all by default)
// and prints one JSON line per figure: {"name","value","unit"}. Benchmarks are wall-clock
// measurements of this host and never part of the tests.
//
// Each suite module exports `benchmarks: Benchmark[]`; add new suites to SUITES.

import type { Benchmark } from '../engine/bench/benchmark';

const SUITES: Array<() => Promise<{ benchmarks: Benchmark[] }>> = [
  () => import('../engine/hw/hart.bench'),
  () => import('../engine/kernels/kernel.bench'),
  () => import('../engine/protocols/messaging/messaging.bench'),
  () => import('../engine/machine/machine.bench'),
  () => import('../engine/protocols/migration/migration.bench'),
  () => import('../engine/protocols/migration/shm.bench'),
  () => import('../engine/protocols/fs/fs.bench'),
  () => import('../engine/protocols/net/net.bench'),
  () => import('./ui-bench/ui.bench'),
];

const prefix = process.argv[2] ?? '';
let ran = 0;
for (const load of SUITES) {
  const { benchmarks } = await load();
  for (const bench of benchmarks) {
    if (!bench.names.some((n) => n.startsWith(prefix))) continue;
    for (const figure of await bench.run()) {
      if (!figure.name.startsWith(prefix)) continue;
      console.log(JSON.stringify({ name: figure.name, value: Number(figure.value.toPrecision(4)), unit: figure.unit }));
      ran++;
    }
  }
}
if (ran === 0) {
  console.error(`no benchmark name starts with "${prefix}"`);
  process.exit(1);
}
