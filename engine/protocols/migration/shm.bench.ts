// Shared-memory benchmark: `shmring -p` on a machine with shells, one line of MAP_SHARED memory
// handed back and forth between two processes through a shared futex, in virtual time (the
// program times the handoffs itself with CLOCK_MONOTONIC, the machine's clock):
//   shm.pingpong_us.k1   per handoff, both processes on one kernel (the smp preset's harts)
// The same figure between two kernels (shm.pingpong_us) waits for pages kept coherent per
// shared object: until then a process that maps shared memory is not moved (EOPNOTSUPP), so
// on two kernels shmring runs on one and would measure the same thing.

import type { Benchmark } from '../../bench/benchmark';
import { bootMachineConsole } from '../ssi/test-machine';

const ROUNDS = 2000;

/** Virtual microseconds per handoff of `shmring -p` on `preset`. */
async function pingpongUs(preset: string): Promise<number> {
  const c = await bootMachineConsole(preset);
  const out = c.command(0, `shmring -p ${ROUNDS}`);
  const m = /shmring: [\d.]+ ms, ([\d.]+) us per handoff/.exec(out);
  if (!m || !out.includes(`count ${2 * ROUNDS}, expected ${2 * ROUNDS}: ok`)) {
    throw new Error(`shmring -p on ${preset} did not count right:\n${out}`);
  }
  return Number(m[1]);
}

export const benchmarks: Benchmark[] = [
  {
    names: ['shm.pingpong_us.k1'],
    run: async () => [{ name: 'shm.pingpong_us.k1', value: await pingpongUs('smp'), unit: 'us' }],
  },
];
