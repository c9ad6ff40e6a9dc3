// The synchronisation quantum: how much virtual time every kernel runs between two meetings at
// the epoch barrier, and so the soonest a message can reach another kernel. It is a parameter of
// the machine (a scenario's `machine.quantumUs`), independent of the scheduler's time slice:
// kernels still switch threads every slice, and with a shorter quantum they stop inside a
// slice at epoch ends and at the modelled arrival of each message. One source for its default
// and its rule, which the page imports without importing a kernel.

import { NS_PER_INSTRUCTION, QUANTUM_INSTRUCTIONS } from '../kernels/params';
import { LOCAL_DISTANCE } from '../kernels/topology';
import { linkLatencyNs } from '../protocols/messaging/latency';
import type { MachineSpec } from './machine-spec';

/** The scheduler's time slice in virtual ns (100 us): the longest quantum. */
export const SLICE_NS = QUANTUM_INSTRUCTIONS * NS_PER_INSTRUCTION;

/** The quantum of a machine that names none, and of every run recorded before it could be set: one slice. */
export const DEFAULT_QUANTUM_US = SLICE_NS / 1000;

/** The longest quantum: one slice (a longer one would let a kernel run past its preemption points unsynchronised). */
export const MAX_QUANTUM_US = DEFAULT_QUANTUM_US;

/** An epoch at the default quantum, in virtual ns (what runs recorded before the quantum existed count in). */
export const DEFAULT_EPOCH_NS = DEFAULT_QUANTUM_US * 1000;

/** One epoch of `spec`'s machine in virtual ns. */
export function epochNsOf(spec: Pick<MachineSpec, 'quantumUs'>): number {
  return (spec.quantumUs ?? DEFAULT_QUANTUM_US) * 1000;
}

/**
 * The smallest latency of a link between two of the machine's kernels (an empty message, the
 * distance term alone): no message can arrive sooner, so a shorter quantum would only add
 * meetings. A machine of one kernel has no link; its floor is that of two kernels on one node.
 */
export function smallestLinkLatencyNs(spec: Pick<MachineSpec, 'nodes' | 'distance' | 'kernels'>): number {
  const nodeOfHart = spec.nodes.flatMap((node, i) => Array.from({ length: node.harts }, () => i));
  const nodes = spec.kernels.map((k) => nodeOfHart[k.harts[0] ?? 0] ?? 0);
  let smallest = Infinity;
  for (let a = 0; a < nodes.length; a++)
    for (let b = 0; b < nodes.length; b++) {
      if (a === b) continue;
      const d = spec.distance[nodes[a] ?? 0]?.[nodes[b] ?? 0] ?? LOCAL_DISTANCE;
      smallest = Math.min(smallest, linkLatencyNs(d, 0));
    }
  return Number.isFinite(smallest) ? smallest : linkLatencyNs(LOCAL_DISTANCE, 0);
}

/** The quanta `spec`'s machine accepts, in whole us: from its smallest link latency (at least 1 us) to one slice. */
export function quantumRange(spec: Pick<MachineSpec, 'nodes' | 'distance' | 'kernels'>): { min: number; max: number } {
  const min = Math.min(MAX_QUANTUM_US, Math.max(1, Math.ceil(smallestLinkLatencyNs(spec) / 1000)));
  return { min, max: MAX_QUANTUM_US };
}

/** What is wrong with quantum `us` on `spec`'s machine, in words for people, or undefined if nothing. */
export function quantumProblem(
  spec: Pick<MachineSpec, 'nodes' | 'distance' | 'kernels'>,
  us: number,
): string | undefined {
  const { min, max } = quantumRange(spec);
  if (Number.isInteger(us) && us >= min && us <= max) return undefined;
  const why =
    min > 1
      ? ` (no message between two of its kernels arrives in less than ${smallestLinkLatencyNs(spec) / 1000} us)`
      : '';
  return `the quantum must be a whole number of us from ${min} to ${max}${why} (got ${us})`;
}
