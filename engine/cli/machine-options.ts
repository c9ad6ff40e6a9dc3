// The machine `popcorn run` and `popcorn shell` boot, from their options: a kernel alone with
// all the harts and memory (the SMP baseline, no Popcorn services), or a replicated-kernel
// machine with one kernel per NUMA node. Every option is checked here, and the machine is
// validated as a scenario's would be, so a bad one is one line and status 2, never a crash.

import { MAX_HARTS, MAX_KERNELS } from '../hw/memory-map';
import { MAX_RAM_BYTES, MIB } from '../hw/physical-memory';
import { checkRingsFit, DEFAULT_RING_SLOTS } from '../machine/machine-layout';
import { MachineSpecError, validateMachine, type MachineSpec } from '../machine/machine-spec';
import { DEFAULT_TOPOLOGY, preset, uniformTopology, type PresetName } from '../machine/presets';
import type { Scenario } from '../machine/scenario';
import { memoryMiB, UsageError, wholeNumber } from './options';

/** The largest --memory: what a wasm32 memory holds after the hardware block. */
export const MAX_MEMORY_MIB = Math.floor(MAX_RAM_BYTES / MIB);

export type MachineChoice =
  { kind: 'single'; harts: number; ramBytes: number } | { kind: 'replicated'; spec: MachineSpec; preset: PresetName };

export interface MachineOptionValues {
  harts?: string | undefined;
  kernels?: string | undefined;
  'harts-per-kernel'?: string | undefined;
  memory?: string | undefined;
}

export interface MachineDefaults {
  /** No --kernels and no --harts: a kernel alone with this many harts, or the page's machine. */
  machine: { single: number } | 'playground';
  hartsPerKernel: number;
  /** --memory when not given, in MiB, for `kernels` kernels (undefined: one kernel). */
  memoryMiB: (kernels: number | undefined) => number;
}

/** Reads --harts, --kernels, --harts-per-kernel and --memory. Throws UsageError. */
export function chooseMachine(v: MachineOptionValues, defaults: MachineDefaults): MachineChoice {
  if (v.harts !== undefined && (v.kernels !== undefined || v['harts-per-kernel'] !== undefined))
    throw new UsageError('--harts is for a kernel alone; with --kernels N, give each kernel --harts-per-kernel M');
  if (v['harts-per-kernel'] !== undefined && v.kernels === undefined)
    throw new UsageError('--harts-per-kernel M needs --kernels N');
  const memory = (kernels: number | undefined) =>
    v.memory === undefined
      ? defaults.memoryMiB(kernels)
      : memoryMiB(v.memory, 'memory', kernels === undefined ? 16 : 16 * kernels + 4, MAX_MEMORY_MIB);
  if (v.kernels === undefined && (v.harts !== undefined || defaults.machine !== 'playground')) {
    const single = defaults.machine === 'playground' ? 2 : defaults.machine.single;
    const harts = v.harts === undefined ? single : wholeNumber(v.harts, 'harts', 1, MAX_HARTS);
    return { kind: 'single', harts, ramBytes: memory(undefined) * MIB };
  }
  if (v.kernels === undefined && v.memory === undefined) return playground();
  const kernels = v.kernels === undefined ? 2 : wholeNumber(v.kernels, 'kernels', 1, MAX_KERNELS);
  const perKernel =
    v['harts-per-kernel'] === undefined
      ? defaults.hartsPerKernel
      : wholeNumber(v['harts-per-kernel'], 'harts-per-kernel', 1, MAX_HARTS);
  if (kernels * perKernel > MAX_HARTS)
    throw new UsageError(`--kernels ${kernels} x --harts-per-kernel ${perKernel} is more than ${MAX_HARTS} harts`);
  const spec =
    v.kernels === undefined
      ? preset('two-kernels', { ...DEFAULT_TOPOLOGY, ramBytes: memory(2) * MIB })
      : preset('kernel-per-node', uniformTopology(kernels, perKernel, memory(kernels) * MIB));
  return {
    kind: 'replicated',
    spec: checked(spec),
    preset: v.kernels === undefined ? 'two-kernels' : 'kernel-per-node',
  };
}

/** The machine the playground boots: two kernels of two harts on two NUMA nodes, 512 MiB. */
function playground(): MachineChoice {
  return { kind: 'replicated', spec: checked(preset('two-kernels')), preset: 'two-kernels' };
}

function checked(spec: MachineSpec): MachineSpec {
  try {
    validateMachine(spec);
    checkRingsFit(spec, DEFAULT_RING_SLOTS);
  } catch (err) {
    if (err instanceof MachineSpecError) throw new UsageError(`cannot build that machine: ${err.message}`);
    throw err;
  }
  return spec;
}

/** A scenario of the machine alone: nothing scheduled, with or without a shell on each console. */
export function machineScenario(
  name: string,
  choice: Extract<MachineChoice, { kind: 'replicated' }>,
  seed: number,
  shells: boolean,
): Scenario {
  return {
    version: 1,
    name,
    machine: choice.spec,
    preset: choice.preset,
    seed,
    ringSlots: DEFAULT_RING_SLOTS,
    shells,
    faults: [],
    actions: [],
    inputs: [],
  };
}

/** "63 MiB" */
export function mibText(bytes: number): string {
  return `${Math.floor(bytes / MIB)} MiB`;
}
