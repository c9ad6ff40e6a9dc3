// The scenario editor's form state and its two-way mapping to scenario JSON (the format
// engine/machine/scenario.ts reads). Every field holds the text a person typed, so a half-typed
// value is never lost; formToJson() writes a field that does not read as its value as that
// text, so parseScenario() rejects it too. The machine is a preset or a custom partition, over
// a uniform topology (NUMA nodes × harts per node, RAM): exactly what a scenario can say.

import {
  DEFAULT_PRESET,
  DEFAULT_TOPOLOGY,
  preset,
  PRESETS,
  type PresetName,
  type Topology,
  uniformTopology,
} from '../../engine/machine/presets';
import { PROTOCOL_FAULTS, SCENARIO_LIMITS as LIMITS, type ProtocolFault } from '../../engine/machine/scenario';
import type { MachineSpec } from '../../engine/machine/machine-spec';
import {
  commandLineText,
  hartListText,
  msText,
  readCommandLine,
  readHartList,
  readMs,
  readTypedText,
  readWhole,
  typedTextText,
} from './fields';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const ACTION_KINDS = ['start', 'kill', 'type', 'boot', 'stop', 'migrate'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** One kernel of a custom partition: its harts ("0-1") and its memory window in MiB. */
export interface KernelRow {
  harts: string;
  memoryBaseMiB: string;
  memoryMiB: string;
}

/** A program started at boot. `id` only keeps React's rows apart. */
export interface ProgramRow {
  id: number;
  kernel: string;
  command: string;
  atMs: string;
}

/** A timed action; the fields a kind does not use are kept, so switching kind back loses nothing. */
export interface ActionRow {
  id: number;
  atMs: string;
  kind: ActionKind;
  kernel: string;
  command: string;
  text: string;
  pid: string;
  signal: string;
  /** Empty: each thread moves to the next kernel. */
  to: string;
}

export interface ScenarioForm {
  name: string;
  /** What the scenario shows, for people; empty: none. */
  description: string;
  mode: 'preset' | 'custom';
  preset: PresetName;
  nodes: string;
  hartsPerNode: string;
  ramMiB: string;
  /** The synchronisation quantum in µs (engine/machine/quantum.ts); empty: the default. */
  quantumUs: string;
  /** The kernel count typed in custom mode; kernels.length once it reads as a number. */
  kernelCount: string;
  kernels: KernelRow[];
  seed: string;
  /** Empty: the default. */
  ringSlots: string;
  shells: boolean;
  /** Protocol steps switched off on purpose (engine/protocols/faults.ts), in the catalogue's order. */
  faults: ProtocolFault[];
  programs: ProgramRow[];
  actions: ActionRow[];
  /** Top-level keys the form has no field for (a newer playground's?), passed through as they were. */
  extra: JsonObject;
}

const MIB = 1 << 20;
const DEFAULT_NODES = DEFAULT_TOPOLOGY.nodes.length;
const DEFAULT_HARTS_PER_NODE = DEFAULT_TOPOLOGY.nodes[0]?.harts ?? 1;
const DEFAULT_RAM_MIB = DEFAULT_TOPOLOGY.ramBytes / MIB;
export const DEFAULT_SIGNAL = 15;

let lastRowId = 0;
/** A fresh id for a program or action row. */
export function rowId(): number {
  return ++lastRowId;
}

// ---- reading JSON (already accepted by parseScenario) ----

type Loose = { [key: string]: unknown };
const objectOf = (v: unknown): Loose => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : {});
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
const numberText = (v: unknown, fallback: number): string => String(typeof v === 'number' ? v : fallback);
const nsText = (v: unknown): string => msText(typeof v === 'number' ? v : 0);
const argvText = (v: unknown): string => commandLineText(listOf(v).map(String));
/** The top-level keys the form knows; `inputs` and `sharedAt` (a run's, not a scenario's) it drops. */
const KNOWN_KEYS = [
  'version',
  'name',
  'description',
  'machine',
  'seed',
  'ringSlots',
  'shells',
  'faults',
  'programs',
  'actions',
  'inputs',
  'sharedAt',
];

const isPreset = (v: unknown): v is PresetName => typeof v === 'string' && (PRESETS as string[]).includes(v);

/** The form for a scenario's JSON object. Recorded `inputs` are left out: an edited scenario starts afresh. */
export function formFromJson(json: unknown): ScenarioForm {
  const s = objectOf(json);
  const m = objectOf(s.machine ?? { preset: DEFAULT_PRESET });
  const t = objectOf(m.topology);
  const kernels = listOf(m.kernels).map((k): KernelRow => {
    const o = objectOf(k);
    return {
      harts: hartListText(listOf(o.harts).map(Number)),
      memoryBaseMiB: numberText(o.memoryBaseMiB, 0),
      memoryMiB: numberText(o.memoryMiB, 0),
    };
  });
  return {
    name: typeof s.name === 'string' ? s.name : 'untitled',
    description: typeof s.description === 'string' ? s.description : '',
    mode: m.kernels === undefined || m.preset !== undefined ? 'preset' : 'custom',
    preset: isPreset(m.preset) ? m.preset : DEFAULT_PRESET,
    nodes: numberText(t.nodes, DEFAULT_NODES),
    hartsPerNode: numberText(t.hartsPerNode, DEFAULT_HARTS_PER_NODE),
    ramMiB: numberText(t.ramMiB, DEFAULT_RAM_MIB),
    quantumUs: typeof m.quantumUs === 'number' ? String(m.quantumUs) : '',
    kernelCount: kernels.length > 0 ? String(kernels.length) : '',
    kernels,
    seed: numberText(s.seed, 1),
    ringSlots: typeof s.ringSlots === 'number' ? String(s.ringSlots) : '',
    shells: s.shells === undefined ? true : s.shells === true,
    faults: (Object.keys(PROTOCOL_FAULTS) as ProtocolFault[]).filter((f) => listOf(s.faults).includes(f)),
    programs: listOf(s.programs).map((p) => {
      const o = objectOf(p);
      return { id: rowId(), kernel: numberText(o.kernel, 0), command: argvText(o.argv), atMs: nsText(o.at) };
    }),
    actions: listOf(s.actions).map((a) => {
      const o = objectOf(a);
      return {
        ...newAction(),
        atMs: nsText(o.at),
        kind: (ACTION_KINDS as readonly unknown[]).includes(o.kind) ? (o.kind as ActionKind) : 'type',
        kernel: numberText(o.kernel, 0),
        command: argvText(o.argv),
        text: typeof o.text === 'string' ? typedTextText(o.text) : '',
        pid: typeof o.pid === 'number' ? String(o.pid) : '',
        signal: numberText(o.signal, DEFAULT_SIGNAL),
        to: typeof o.to === 'number' ? String(o.to) : '',
      };
    }),
    extra: Object.fromEntries(Object.entries(s).filter(([key]) => !KNOWN_KEYS.includes(key))) as JsonObject,
  };
}

export function newProgram(): ProgramRow {
  return { id: rowId(), kernel: '0', command: '', atMs: '0' };
}

export function newAction(): ActionRow {
  return {
    id: rowId(),
    atMs: '0',
    kind: 'type',
    kernel: '0',
    command: '',
    text: '',
    pid: '',
    signal: String(DEFAULT_SIGNAL),
    to: '',
  };
}

// ---- the machine the form describes ----

/** The topology, when the three fields read as one a scenario can hold. */
export function topologyOf(form: ScenarioForm): Topology | undefined {
  const nodes = readWhole(form.nodes, LIMITS.nodes.min, LIMITS.nodes.max);
  const harts = readWhole(form.hartsPerNode, LIMITS.hartsPerNode.min, LIMITS.hartsPerNode.max);
  const ram = readWhole(form.ramMiB, LIMITS.ramMiB.min, LIMITS.ramMiB.max);
  if (!nodes.ok || !harts.ok || !ram.ok || nodes.value * harts.value > LIMITS.harts) return undefined;
  return uniformTopology(nodes.value, harts.value, ram.value * MIB);
}

export function hartTotal(topology: Topology): number {
  return topology.nodes.reduce((n, node) => n + node.harts, 0);
}

/**
 * The machine's NUMA nodes and each kernel's harts, when the form says them clearly: enough to
 * know which quanta it accepts (quantumRange).
 */
export function placementOf(form: ScenarioForm): Pick<MachineSpec, 'nodes' | 'distance' | 'kernels'> | undefined {
  const topology = topologyOf(form);
  if (!topology) return undefined;
  if (form.mode === 'preset') return preset(form.preset, topology);
  const kernels: MachineSpec['kernels'] = [];
  for (const k of form.kernels) {
    const harts = readHartList(k.harts);
    if (!harts.ok) return undefined;
    kernels.push({ harts: harts.value, memory: { base: 0, size: 0 } });
  }
  return { ...topology, kernels };
}

/** How many kernels the form's machine has, when that is known. */
export function kernelCountOf(form: ScenarioForm): number | undefined {
  if (form.mode === 'custom') return form.kernels.length;
  const topology = topologyOf(form);
  return topology && preset(form.preset, topology).kernels.length;
}

/** Kernel rows giving each hart group an equal share of the RAM above the message rings, in whole MiB. */
export function rowsFor(topology: Topology, groups: number[][]): KernelRow[] {
  const messagingMiB = topology.messagingBytes / MIB;
  const share = Math.floor((topology.ramBytes / MIB - messagingMiB) / Math.max(1, groups.length));
  return groups.map((harts, i) => ({
    harts: hartListText(harts),
    memoryBaseMiB: String(messagingMiB + i * share),
    memoryMiB: String(share),
  }));
}

/** The preset's partition as custom rows: where switching to custom mode starts. */
export function presetRows(form: ScenarioForm): KernelRow[] | undefined {
  const topology = topologyOf(form);
  return (
    topology &&
    rowsFor(
      topology,
      preset(form.preset, topology).kernels.map((k) => k.harts),
    )
  );
}

/** `count` kernels over consecutive harts, as even as can be (the first ones get the extra hart). */
export function evenRows(form: ScenarioForm, count: number): KernelRow[] | undefined {
  const topology = topologyOf(form);
  if (!topology || count < 1 || count > hartTotal(topology)) return undefined;
  const total = hartTotal(topology);
  const groups: number[][] = [];
  let next = 0;
  for (let i = 0; i < count; i++) {
    const size = Math.floor(total / count) + (i < total % count ? 1 : 0);
    groups.push(Array.from({ length: size }, (_, j) => next + j));
    next += size;
  }
  return rowsFor(topology, groups);
}

// ---- writing JSON ----

/** A field's value if it reads as one, else the text itself, for parseScenario to reject with a message. */
function valueOr(read: { ok: true; value: JsonValue } | { ok: false }, text: string): JsonValue {
  return read.ok ? read.value : text;
}

const whole = (text: string): JsonValue => valueOr(readWhole(text, 0, Number.MAX_SAFE_INTEGER), text);
const ns = (text: string): JsonValue => valueOr(readMs(text), text);
const argv = (text: string): JsonValue => valueOr(readCommandLine(text), text);

function machineJson(form: ScenarioForm): JsonObject {
  const isDefault =
    form.nodes.trim() === String(DEFAULT_NODES) &&
    form.hartsPerNode.trim() === String(DEFAULT_HARTS_PER_NODE) &&
    form.ramMiB.trim() === String(DEFAULT_RAM_MIB);
  const topology: JsonObject | undefined = isDefault
    ? undefined
    : { nodes: whole(form.nodes), hartsPerNode: whole(form.hartsPerNode), ramMiB: whole(form.ramMiB) };
  const withTopology: JsonObject = topology ? { topology } : {};
  const withQuantum: JsonObject = form.quantumUs.trim() === '' ? {} : { quantumUs: whole(form.quantumUs) };
  if (form.mode === 'preset') return { preset: form.preset, ...withTopology, ...withQuantum };
  return {
    ...withTopology,
    ...withQuantum,
    kernels: form.kernels.map((k) => ({
      harts: valueOr(readHartList(k.harts), k.harts),
      memoryBaseMiB: whole(k.memoryBaseMiB),
      memoryMiB: whole(k.memoryMiB),
    })),
  };
}

function actionJson(a: ActionRow): JsonObject {
  const head = { at: ns(a.atMs), kind: a.kind, kernel: whole(a.kernel) };
  switch (a.kind) {
    case 'start':
      return { ...head, argv: argv(a.command) };
    case 'kill':
      return { ...head, pid: whole(a.pid), signal: whole(a.signal) };
    case 'type':
      return { ...head, text: valueOr(readTypedText(a.text), a.text) };
    case 'boot':
    case 'stop':
      return head;
    case 'migrate':
      return a.to.trim() === '' ? { ...head, pid: whole(a.pid) } : { ...head, pid: whole(a.pid), to: whole(a.to) };
  }
}

/** The scenario JSON the form describes (without recorded inputs); defaults are left out. */
export function formToJson(form: ScenarioForm): JsonObject {
  const json: JsonObject = { version: 1, name: form.name };
  if (form.description !== '') json.description = form.description;
  json.machine = machineJson(form);
  json.seed = whole(form.seed);
  if (form.ringSlots.trim() !== '') json.ringSlots = whole(form.ringSlots);
  if (!form.shells) json.shells = false;
  if (form.faults.length > 0) json.faults = [...form.faults];
  if (form.programs.length > 0)
    json.programs = form.programs.map((p) => ({ kernel: whole(p.kernel), argv: argv(p.command), at: ns(p.atMs) }));
  if (form.actions.length > 0) json.actions = form.actions.map(actionJson);
  return { ...json, ...form.extra };
}
