// Hart benchmarks: guest instructions per second of one hart interpreting real compiled
// programs with Sv39 translation on. hart.mips.int runs userland/bin/bare/bench-compute (sieve,
// CRC-32, matrix product); hart.mips.mem runs userland/bin/bare/memory-stride (12 MiB swept
// page by page, strided, pointer-chased and copied: TLB misses and page walks).

import { readFileSync } from 'node:fs';
import { wallMs, type Benchmark } from '../bench/benchmark';
import { loadBare, runBare } from './testing/bare-harness';

const binary = (name: string) => readFileSync(new URL(`../../userland/bin/bare/${name}`, import.meta.url));

/** Best of `runs` runs after one warm-up (the JIT's top tier), in millions of instructions per second. */
async function mips(image: Uint8Array, runs = 3): Promise<number> {
  await runBare(image, { translate: true });
  let best = 0;
  for (let i = 0; i < runs; i++) {
    const machine = await loadBare(image, { translate: true });
    const start = wallMs();
    const r = machine.run();
    const ms = wallMs() - start;
    if (r.exitCode !== 0) throw new Error(`benchmark program failed: ${r.stdout}${r.stderr}`);
    best = Math.max(best, Number(r.instructions) / ms / 1000);
  }
  return best;
}

export const benchmarks: Benchmark[] = [
  {
    names: ['hart.mips.int'],
    run: async () => [{ name: 'hart.mips.int', value: await mips(binary('bench-compute')), unit: 'MIPS' }],
  },
  {
    names: ['hart.mips.mem'],
    run: async () => [{ name: 'hart.mips.mem', value: await mips(binary('memory-stride')), unit: 'MIPS' }],
  },
];
