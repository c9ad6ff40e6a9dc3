// Scenarios: a versioned JSON description of a run: the machine and its partition, the
// programs to start and where, timed actions, and the inputs recorded from a person. The same
// scenario gives the same run (and trace hash) anywhere. parseScenario() validates everything
// and says exactly what is wrong, so a broken file or URL never boots a broken machine.

import { isProtocolFault, PROTOCOL_FAULTS, type ProtocolFault } from '../protocols/faults';
import { MAX_DELAY_EPOCHS } from '../protocols/messaging/delays';
import { MAX_HARTS, MAX_KERNELS } from '../hw/memory-map';
import { MIB } from '../hw/physical-memory';
import { NSIG, SIGTERM } from '../kernels/signal/signals';
import { MachineSpecError, validateMachine, type MachineSpec } from './machine-spec';
import {
  DEFAULT_PRESET,
  DEFAULT_TOPOLOGY,
  preset,
  PRESETS,
  uniformTopology,
  type PresetName,
  type Topology,
} from './presets';
import { checkRingsFit, DEFAULT_RING_SLOTS } from './machine-layout';
import { quantumProblem } from './quantum';

// the faults a scenario may switch on, for the page to list and explain
export { PROTOCOL_FAULTS, type ProtocolFault };

export const SCENARIO_VERSION = 1;

export interface ProgramStart {
  kernel: number;
  argv: string[];
  /** Virtual time to start at, ns (default 0). */
  at: number;
}

export type Action =
  | { at: number; kind: 'start'; kernel: number; argv: string[] }
  | { at: number; kind: 'kill'; kernel: number; pid: number; signal: number }
  /** Typed into the kernel's terminal: each line once due and at a prompt, none once a person typed there (scripted-typing.ts). */
  | { at: number; kind: 'type'; kernel: number; text: string }
  | { at: number; kind: 'boot'; kernel: number }
  | { at: number; kind: 'stop'; kernel: number }
  /** Moves every thread of process `pid` (of `kernel`) to kernel `to`, or each to the next kernel. */
  | { at: number; kind: 'migrate'; kernel: number; pid: number; to?: number };

/**
 * What a person did at epoch `epoch`, taken by kernel `kernel` at that epoch's start: bytes
 * typed into its TTY, a migration asked for in the UI (thread `tid` of that kernel's processes
 * proposed for kernel `to`), or, exploring, message `seq` from kernel `from`, in flight to this
 * kernel, held back `epochs` epochs (protocols/messaging/delays.ts).
 */
export type RecordedInput =
  | { epoch: number; kernel: number; text: string }
  | { epoch: number; kernel: number; migrate: { tid: number; to: number } }
  /** The terminal's window took this size (the page fitted it, or its window was resized). */
  | { epoch: number; kernel: number; winsize: WindowRows }
  | { epoch: number; kernel: number; delay: MessageDelay }
  /** The kernel was crashed from the page, or booted again (run-state.ts ScenarioKernel). */
  | { epoch: number; kernel: number; power: 'stop' | 'boot' };

/** A message in flight to the recording kernel, held back (exploration: protocols/messaging/delays.ts). */
export interface MessageDelay {
  from: number;
  seq: number;
  epochs: number;
}

export { MAX_DELAY_EPOCHS };

/** A terminal's size in character cells. */
export interface WindowRows {
  rows: number;
  cols: number;
}

/** The most rows or columns a terminal may have (winsize fields are 16 bits; no screen has more). */
export const MAX_WINDOW_CELLS = 1000;

export interface Scenario {
  version: number;
  name: string;
  machine: MachineSpec;
  /** Which preset the machine came from, if any (for display and URLs). */
  preset: PresetName | undefined;
  seed: number;
  ringSlots: number;
  /** Start init and a shell on every kernel's console. */
  shells: boolean;
  /**
   * Where a share link was taken: the epoch the run had reached and the machine's trace hash
   * there. The page replays the run to that epoch, pauses, and compares the hashes.
   */
  sharedAt?: SharedPoint | undefined;
  actions: Action[];
  inputs: RecordedInput[];
  /** Protocol steps to skip on purpose, for teaching (engine/protocols/faults.ts); none by default. */
  faults: ProtocolFault[];
}

export interface SharedPoint {
  epoch: number;
  /** 16 hex digits (machineHash). */
  hash: string;
}

export class ScenarioError extends Error {}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function fail(why: string): never {
  throw new ScenarioError(why);
}

function object(v: Json | undefined, where: string): { [key: string]: Json } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${where} must be an object`);
  return v;
}

/**
 * The ranges a scenario's numbers must fall in (parseScenario enforces them; the page's
 * scenario editor checks its fields against the same ones). Sizes in MiB.
 */
export const SCENARIO_LIMITS = {
  nodes: { min: 1, max: 64 },
  hartsPerNode: { min: 1, max: 64 },
  /** Harts in the whole machine (MAX_HARTS). */
  harts: MAX_HARTS,
  ramMiB: { min: 32, max: 3072 },
  /** A kernel's memory window: its base and size. */
  memoryMiB: { min: 1, max: 4096 },
  /** Kernels in a partition (MAX_KERNELS): kernel numbers run from 0 to max - 1. */
  kernels: MAX_KERNELS,
  /** Slots per message ring, a power of two: a page of the coherency protocol (4 KiB) spans 70 slots. */
  ringSlots: { min: 128, max: 65536 },
  /** Signal numbers (1 to NSIG). */
  signal: { min: 1, max: NSIG },
  seed: { min: 0, max: 2 ** 31 },
} as const;

function int(v: Json | undefined, where: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    fail(`${where} must be a whole number from ${min} to ${max}`);
  return v;
}

function string(v: Json | undefined, where: string): string {
  if (typeof v !== 'string') fail(`${where} must be a string`);
  return v;
}

function strings(v: Json | undefined, where: string): string[] {
  if (!Array.isArray(v) || v.length === 0) fail(`${where} must be a non-empty list of strings`);
  return v.map((s, i) => string(s, `${where}[${i}]`));
}

function topology(v: Json | undefined): Topology {
  if (v === undefined) return DEFAULT_TOPOLOGY;
  const t = object(v, 'machine.topology');
  const nodes = int(t.nodes, 'machine.topology.nodes', SCENARIO_LIMITS.nodes.min, SCENARIO_LIMITS.nodes.max);
  const harts = int(
    t.hartsPerNode,
    'machine.topology.hartsPerNode',
    SCENARIO_LIMITS.hartsPerNode.min,
    SCENARIO_LIMITS.hartsPerNode.max,
  );
  const ramMiB = int(t.ramMiB, 'machine.topology.ramMiB', SCENARIO_LIMITS.ramMiB.min, SCENARIO_LIMITS.ramMiB.max);
  return uniformTopology(nodes, harts, ramMiB * MIB);
}

function machine(v: Json | undefined): { spec: MachineSpec; preset: PresetName | undefined } {
  const m = object(v ?? { preset: DEFAULT_PRESET }, 'machine');
  const topo = topology(m.topology);
  if (m.preset !== undefined) {
    const name = string(m.preset, 'machine.preset');
    if (!PRESETS.includes(name as PresetName))
      fail(`machine.preset must be one of ${PRESETS.join(', ')} (got "${name}")`);
    return { spec: preset(name as PresetName, topo), preset: name as PresetName };
  }
  if (!Array.isArray(m.kernels)) fail('machine needs a preset or a kernels list');
  const kernels = m.kernels.map((k, i) => {
    const o = object(k, `machine.kernels[${i}]`);
    if (!Array.isArray(o.harts)) fail(`machine.kernels[${i}].harts must be a list of hart numbers`);
    return {
      harts: o.harts.map((h, j) => int(h, `machine.kernels[${i}].harts[${j}]`, 0, SCENARIO_LIMITS.harts - 1)),
      memory: {
        base: int(o.memoryBaseMiB, `machine.kernels[${i}].memoryBaseMiB`, 0, SCENARIO_LIMITS.memoryMiB.max) * MIB,
        size:
          int(
            o.memoryMiB,
            `machine.kernels[${i}].memoryMiB`,
            SCENARIO_LIMITS.memoryMiB.min,
            SCENARIO_LIMITS.memoryMiB.max,
          ) * MIB,
      },
    };
  });
  return { spec: { ...topo, kernels }, preset: undefined };
}

/** Parses and validates scenario JSON text. Throws ScenarioError with a message for people. */
function sharedPoint(v: Json): SharedPoint {
  const o = object(v, 'sharedAt');
  const hash = string(o.hash, 'sharedAt.hash');
  if (!/^[0-9a-f]{16}$/.test(hash)) fail('sharedAt.hash must be 16 hex digits');
  return { epoch: int(o.epoch, 'sharedAt.epoch', 1), hash };
}

export function parseScenario(text: string): Scenario {
  let raw: Json;
  try {
    raw = JSON.parse(text) as Json;
  } catch (err) {
    fail(`not valid JSON: ${(err as Error).message}`);
  }
  const s = object(raw, 'the scenario');
  const version = int(s.version ?? SCENARIO_VERSION, 'version', 1, 1000);
  if (version !== SCENARIO_VERSION)
    fail(`scenario version ${version} is not supported (this playground reads version ${SCENARIO_VERSION})`);
  const { spec, preset: presetName } = machine(s.machine);
  try {
    validateMachine(spec);
  } catch (err) {
    if (err instanceof MachineSpecError) fail(`bad partition: ${err.message}`);
    throw err;
  }
  const quantum = object(s.machine ?? {}, 'machine').quantumUs;
  if (quantum !== undefined) {
    if (typeof quantum !== 'number') fail('machine.quantumUs must be a number of microseconds');
    const problem = quantumProblem(spec, quantum);
    if (problem) fail(`machine.quantumUs: ${problem}`);
    spec.quantumUs = quantum;
  }
  // a page of the coherency protocol (4 KiB) spans 70 slots: smaller rings could never carry one
  const ringSlots = int(
    s.ringSlots ?? DEFAULT_RING_SLOTS,
    'ringSlots',
    SCENARIO_LIMITS.ringSlots.min,
    SCENARIO_LIMITS.ringSlots.max,
  );
  if ((ringSlots & (ringSlots - 1)) !== 0) fail('ringSlots must be a power of two');
  try {
    checkRingsFit(spec, ringSlots);
  } catch (err) {
    if (err instanceof MachineSpecError) fail(err.message);
    throw err;
  }
  const kernels = spec.kernels.length;
  const kernelOf = (v: Json | undefined, where: string) => int(v, where, 0, kernels - 1);
  const actions: Action[] = [];
  const programs = s.programs ?? [];
  if (!Array.isArray(programs)) fail('programs must be a list');
  programs.forEach((p, i) => {
    const o = object(p, `programs[${i}]`);
    actions.push({
      at: int(o.at ?? 0, `programs[${i}].at`),
      kind: 'start',
      kernel: kernelOf(o.kernel ?? 0, `programs[${i}].kernel`),
      argv: strings(o.argv, `programs[${i}].argv`),
    });
  });
  const timed = s.actions ?? [];
  if (!Array.isArray(timed)) fail('actions must be a list');
  timed.forEach((a, i) => {
    const o = object(a, `actions[${i}]`);
    const at = int(o.at ?? 0, `actions[${i}].at`);
    const kernel = kernelOf(o.kernel ?? 0, `actions[${i}].kernel`);
    switch (o.kind) {
      case 'start':
        actions.push({ at, kind: 'start', kernel, argv: strings(o.argv, `actions[${i}].argv`) });
        break;
      case 'kill':
        actions.push({
          at,
          kind: 'kill',
          kernel,
          pid: int(o.pid, `actions[${i}].pid`, 1),
          signal: int(
            o.signal ?? SIGTERM,
            `actions[${i}].signal`,
            SCENARIO_LIMITS.signal.min,
            SCENARIO_LIMITS.signal.max,
          ),
        });
        break;
      case 'type':
        actions.push({ at, kind: 'type', kernel, text: string(o.text, `actions[${i}].text`) });
        break;
      case 'boot':
      case 'stop':
        actions.push({ at, kind: o.kind, kernel });
        break;
      case 'migrate': {
        const pid = int(o.pid, `actions[${i}].pid`, 1);
        if (o.to === undefined) actions.push({ at, kind: 'migrate', kernel, pid });
        else actions.push({ at, kind: 'migrate', kernel, pid, to: kernelOf(o.to, `actions[${i}].to`) });
        break;
      }
      default:
        fail(
          `actions[${i}].kind must be start, kill, type, boot, stop or migrate (got ${JSON.stringify(o.kind ?? null)})`,
        );
    }
  });
  actions.sort((a, b) => a.at - b.at);
  const recorded = s.inputs ?? [];
  if (!Array.isArray(recorded)) fail('inputs must be a list');
  const inputs = recorded.map((r, i): RecordedInput => {
    const o = object(r, `inputs[${i}]`);
    const epoch = int(o.epoch, `inputs[${i}].epoch`);
    const kernel = kernelOf(o.kernel ?? 0, `inputs[${i}].kernel`);
    if (o.winsize !== undefined) {
      const w = object(o.winsize, `inputs[${i}].winsize`);
      return {
        epoch,
        kernel,
        winsize: {
          rows: int(w.rows, `inputs[${i}].winsize.rows`, 1, MAX_WINDOW_CELLS),
          cols: int(w.cols, `inputs[${i}].winsize.cols`, 1, MAX_WINDOW_CELLS),
        },
      };
    }
    if (o.power !== undefined) {
      if (o.power !== 'stop' && o.power !== 'boot')
        fail(`inputs[${i}].power must be stop or boot (got ${JSON.stringify(o.power)})`);
      return { epoch, kernel, power: o.power };
    }
    if (o.delay !== undefined) {
      const d = object(o.delay, `inputs[${i}].delay`);
      const from = kernelOf(d.from, `inputs[${i}].delay.from`);
      if (from === kernel)
        fail(`inputs[${i}].delay.from must be another kernel than ${kernel}: a kernel sends itself no messages`);
      return {
        epoch,
        kernel,
        delay: {
          from,
          seq: int(d.seq, `inputs[${i}].delay.seq`, 0, 2 ** 32 - 1),
          epochs: int(d.epochs, `inputs[${i}].delay.epochs`, 1, MAX_DELAY_EPOCHS),
        },
      };
    }
    if (o.migrate === undefined) return { epoch, kernel, text: string(o.text, `inputs[${i}].text`) };
    const m = object(o.migrate, `inputs[${i}].migrate`);
    return {
      epoch,
      kernel,
      migrate: {
        tid: int(m.tid, `inputs[${i}].migrate.tid`, 1, 2 ** 31 - 1),
        to: kernelOf(m.to, `inputs[${i}].migrate.to`),
      },
    };
  });
  const faults = s.faults ?? [];
  if (!Array.isArray(faults)) fail('faults must be a list of names');
  const named = faults.map((f, i) => {
    const name = string(f, `faults[${i}]`);
    if (!isProtocolFault(name))
      fail(
        `faults[${i}]: no fault is called ${JSON.stringify(name)} (there are ${Object.keys(PROTOCOL_FAULTS).join(', ')})`,
      );
    return name;
  });
  return {
    version,
    name: typeof s.name === 'string' ? s.name : 'untitled',
    machine: spec,
    preset: presetName,
    seed: int(s.seed ?? 1, 'seed', SCENARIO_LIMITS.seed.min, SCENARIO_LIMITS.seed.max),
    ringSlots,
    shells: s.shells === undefined ? true : s.shells === true,
    sharedAt: s.sharedAt === undefined ? undefined : sharedPoint(s.sharedAt),
    actions,
    inputs,
    faults: [...new Set(named)],
  };
}
