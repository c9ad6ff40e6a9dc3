// Checks each field of the scenario editor's form on its own terms and says, next to the
// field, what is wrong in words a person can act on ("hart 5 does not exist: the machine has
// harts 0 to 3"). parseScenario() still judges the whole scenario; this catches most mistakes
// where they were made.

import { readCommandLine, readHartList, readMs, readTypedText, readWhole, type Read } from './fields';
import { MIN_KERNEL_MEMORY } from '../../engine/machine/machine-spec';
import { DEFAULT_TOPOLOGY } from '../../engine/machine/presets';
import { SCENARIO_LIMITS as LIMITS } from '../../engine/machine/scenario';
import { DEFAULT_QUANTUM_US, MAX_QUANTUM_US, quantumRange } from '../../engine/machine/quantum';
import { programProblem } from './programs';
import { hartTotal, kernelCountOf, placementOf, topologyOf, type ActionRow, type ScenarioForm } from './scenario-form';

export interface FieldError {
  /** Which field: "seed", "kernels.1.harts", "programs.0.command", "actions.2.pid"… */
  field: string;
  /** The field as a person would name it, for a summary: "Program 1 command". */
  label: string;
  message: string;
}

const MIB = 2 ** 20;

export function validateForm(form: ScenarioForm): FieldError[] {
  const errors: FieldError[] = [];
  const check = (field: string, label: string, read: Read<unknown> | string | undefined) => {
    if (typeof read === 'string') errors.push({ field, label, message: read });
    else if (read && !read.ok) errors.push({ field, label, message: read.why });
  };

  if (form.name.trim() === '') check('name', 'Name', 'give the scenario a name');
  check('seed', 'Seed', readWhole(form.seed, LIMITS.seed.min, LIMITS.seed.max));
  if (form.ringSlots.trim() !== '') {
    const { min, max } = LIMITS.ringSlots;
    const slots = readWhole(form.ringSlots, min, max);
    const power = slots.ok && (slots.value & (slots.value - 1)) === 0;
    check('ringSlots', 'Ring slots', power ? undefined : `must be a power of two from ${min} to ${max}, or empty`);
  }

  checkMachine(form, check);

  const kernels = kernelCountOf(form);
  const kernelField = (text: string, optional = false): string | undefined => {
    if (optional && text.trim() === '') return undefined;
    const read = readWhole(text, 0, LIMITS.kernels - 1);
    if (!read.ok) return 'must be a kernel number';
    if (kernels !== undefined && read.value >= kernels)
      return `there is no kernel ${read.value} (the kernels are 0 to ${kernels - 1})`;
    return undefined;
  };

  form.programs.forEach((p, i) => {
    const label = `Program ${i + 1}`;
    check(`programs.${i}.kernel`, `${label} kernel`, kernelField(p.kernel));
    check(`programs.${i}.command`, `${label} command`, readCommand(p.command));
    check(`programs.${i}.atMs`, `${label} start time`, readMs(p.atMs));
  });
  form.actions.forEach((a, i) => {
    const label = `Action ${i + 1}`;
    check(`actions.${i}.atMs`, `${label} time`, readMs(a.atMs));
    check(`actions.${i}.kernel`, `${label} kernel`, kernelField(a.kernel));
    checkAction(a, `actions.${i}`, label, check, kernelField);
  });
  return errors;
}

type Check = (field: string, label: string, read: Read<unknown> | string | undefined) => void;

/** A command line whose program the machine has (a scenario that names another starts nothing). */
function readCommand(text: string): Read<string[]> | string | undefined {
  const argv = readCommandLine(text);
  return argv.ok ? programProblem(argv.value[0] ?? '') : argv;
}

function checkAction(
  a: ActionRow,
  at: string,
  label: string,
  check: Check,
  kernelField: (text: string, optional?: boolean) => string | undefined,
): void {
  const pid = () => {
    const read = readWhole(a.pid, 1, Number.MAX_SAFE_INTEGER);
    check(`${at}.pid`, `${label} pid`, read.ok ? undefined : 'must be a process id: a whole number, 1 or more');
  };
  switch (a.kind) {
    case 'start':
      check(`${at}.command`, `${label} command`, readCommand(a.command));
      break;
    case 'kill':
      pid();
      check(`${at}.signal`, `${label} signal`, readWhole(a.signal, LIMITS.signal.min, LIMITS.signal.max));
      break;
    case 'type':
      check(`${at}.text`, `${label} text`, readTypedText(a.text));
      break;
    case 'migrate':
      pid();
      check(`${at}.to`, `${label} destination`, kernelField(a.to, true));
      break;
    case 'boot':
    case 'stop':
      break;
  }
}

/**
 * The quantum: empty (the default), or whole µs from the machine's smallest link latency (the
 * soonest a message can arrive: a shorter quantum would only add meetings) to one time slice.
 */
function quantumField(form: ScenarioForm): string | undefined {
  if (form.quantumUs.trim() === '') return undefined;
  const placement = placementOf(form);
  const { min, max } = placement ? quantumRange(placement) : { min: 1, max: MAX_QUANTUM_US };
  const read = readWhole(form.quantumUs, min, max);
  if (read.ok) return undefined;
  const why = min > 1 ? `: no message between two of its kernels arrives in less than ${min} µs` : '';
  return `must be a whole number of µs from ${min} to ${max}${why}, or empty for ${DEFAULT_QUANTUM_US}`;
}

function checkMachine(form: ScenarioForm, check: Check): void {
  check('nodes', 'NUMA nodes', readWhole(form.nodes, LIMITS.nodes.min, LIMITS.nodes.max));
  const perNode = readWhole(form.hartsPerNode, LIMITS.hartsPerNode.min, LIMITS.hartsPerNode.max);
  const nodes = readWhole(form.nodes, LIMITS.nodes.min, LIMITS.nodes.max);
  if (perNode.ok && nodes.ok && nodes.value * perNode.value > LIMITS.harts)
    check(
      'hartsPerNode',
      'Harts per node',
      `${nodes.value} nodes of ${perNode.value} harts make ${nodes.value * perNode.value} harts; at most ${LIMITS.harts} are supported`,
    );
  else check('hartsPerNode', 'Harts per node', perNode);
  check('ramMiB', 'RAM', readWhole(form.ramMiB, LIMITS.ramMiB.min, LIMITS.ramMiB.max));
  check('quantumUs', 'Quantum', quantumField(form));
  if (form.mode === 'preset') return;

  const topology = topologyOf(form);
  const harts = topology && hartTotal(topology);
  const count = readWhole(form.kernelCount, 1, Math.min(LIMITS.kernels, harts ?? LIMITS.harts));
  if (!count.ok) check('kernelCount', 'Kernels', count);
  else if (count.value !== form.kernels.length)
    check('kernelCount', 'Kernels', `press Split evenly to make ${count.value} kernels`);

  const ramMiB = topology && topology.ramBytes / MIB;
  const messagingMiB = (topology?.messagingBytes ?? DEFAULT_TOPOLOGY.messagingBytes) / MIB;
  const minMiB = MIN_KERNEL_MEMORY / MIB;
  const maxMiB = LIMITS.memoryMiB.max;
  const owner = new Map<number, number>();
  const windows: { base: number; end: number; kernel: number }[] = [];
  form.kernels.forEach((k, i) => {
    const label = `Kernel ${i}`;
    const list = readHartList(k.harts);
    if (!list.ok) check(`kernels.${i}.harts`, `${label} harts`, list);
    else {
      const problem = list.value
        .map((h, j) => {
          if (harts !== undefined && h >= harts)
            return `hart ${h} does not exist: the machine has harts 0 to ${harts - 1}`;
          if (list.value.indexOf(h) !== j) return `names hart ${h} twice`;
          const other = owner.get(h);
          return other === undefined ? undefined : `hart ${h} is also in kernel ${other}`;
        })
        .find((why) => why !== undefined);
      check(`kernels.${i}.harts`, `${label} harts`, problem);
      for (const h of list.value) if (!owner.has(h)) owner.set(h, i);
    }
    const base = readWhole(k.memoryBaseMiB, messagingMiB, maxMiB);
    const size = readWhole(k.memoryMiB, minMiB, maxMiB);
    if (!base.ok)
      check(
        `kernels.${i}.memoryBaseMiB`,
        `${label} memory base`,
        `must be a whole number from ${messagingMiB} to ${maxMiB}: the message rings use the first ${messagingMiB} MiB`,
      );
    if (!size.ok)
      check(
        `kernels.${i}.memoryMiB`,
        `${label} memory`,
        `must be a whole number from ${minMiB} to ${maxMiB}: a kernel needs ${minMiB} MiB`,
      );
    if (!base.ok || !size.ok) return;
    const end = base.value + size.value;
    if (ramMiB !== undefined && end > ramMiB)
      check(`kernels.${i}.memoryMiB`, `${label} memory`, `ends at ${end} MiB, past the end of RAM (${ramMiB} MiB)`);
    const overlap = windows.find((w) => base.value < w.end && w.base < end);
    if (overlap)
      check(
        `kernels.${i}.memoryBaseMiB`,
        `${label} memory base`,
        `overlaps kernel ${overlap.kernel}'s memory (${overlap.base} to ${overlap.end} MiB)`,
      );
    windows.push({ base: base.value, end, kernel: i });
  });
}
