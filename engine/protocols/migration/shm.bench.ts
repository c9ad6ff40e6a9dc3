// Shared-memory benchmark: `shmring -p` on a machine with shells, one line of MAP_SHARED memory
// handed back and forth between two processes through a shared futex, in virtual time (the
// program times the handoffs itself with CLOCK_MONOTONIC, the machine's clock):
//   shm.pingpong_us      per handoff, the child on kernel 1 and the parent on kernel 0
//                        (two-kernels): every handoff moves the page between the kernels
//                        (its home recalls or invalidates the other's copy) and wakes the
//                        other side through the futex at the object's home
//   shm.pingpong_us.k1   per handoff, both processes on one kernel (the smp preset's harts)
//   shm.file_pingpong_us per handoff between two separate programs meeting through a /dev/shm
//                        object (`shmpipe ping` on kernel 0, `shmpipe pong` on kernel 1): the
//                        page moves as above, and kernel 1's futex calls on it run at the
//                        filesystem's home, the object's home (FS_REQUEST)

import type { Benchmark } from '../../bench/benchmark';
import { bootMachineConsole } from '../ssi/test-machine';

const ROUNDS = 2000;

/** Virtual microseconds per handoff of `shmring -p` on `preset`. */
async function pingpongUs(preset: string, apart: boolean): Promise<number> {
  const c = await bootMachineConsole(preset);
  const out = c.command(0, `shmring -p ${ROUNDS}`);
  const m = /shmring: [\d.]+ ms, ([\d.]+) us per handoff/.exec(out);
  if (!m || !out.includes(`count ${2 * ROUNDS}, expected ${2 * ROUNDS}: ok`)) {
    throw new Error(`shmring -p on ${preset} did not count right:\n${out}`);
  }
  if (apart !== out.includes('shmring: consumer on kernel 1, producer on kernel 0')) {
    throw new Error(`shmring -p on ${preset}: the processes are not where they should be:\n${out}`);
  }
  return Number(m[1]);
}

/** Virtual microseconds per handoff of `shmpipe ping` on kernel 0 against `shmpipe pong` on kernel 1. */
async function filePingpongUs(): Promise<number> {
  const c = await bootMachineConsole('two-kernels');
  c.type(1, `shmpipe pong bench ${ROUNDS}\r`);
  for (let i = 0; i < 5; i++) c.machine.step(); // it waits for the object to exist
  const out = c.command(0, `shmpipe ping bench ${ROUNDS}`);
  const m = /shmpipe: [\d.]+ ms, ([\d.]+) us per handoff/.exec(out);
  if (!m || !out.includes(`count ${2 * ROUNDS}, expected ${2 * ROUNDS}: ok`)) {
    throw new Error(`shmpipe ping against pong on kernel 1 did not count right:\n${out}`);
  }
  return Number(m[1]);
}

export const benchmarks: Benchmark[] = [
  {
    names: ['shm.pingpong_us'],
    run: async () => [{ name: 'shm.pingpong_us', value: await pingpongUs('two-kernels', true), unit: 'us' }],
  },
  {
    names: ['shm.pingpong_us.k1'],
    run: async () => [{ name: 'shm.pingpong_us.k1', value: await pingpongUs('smp', false), unit: 'us' }],
  },
  {
    names: ['shm.file_pingpong_us'],
    run: async () => [{ name: 'shm.file_pingpong_us', value: await filePingpongUs(), unit: 'us' }],
  },
];
