// The machine part of the scenario form: its size (NUMA nodes, harts per node, RAM) and its
// partition, a preset or custom. Custom shows a kernel count (changing it splits the harts and
// RAM evenly) and each kernel's harts and memory window; a preset shows what it makes.

import { preset, PRESETS, type PresetName } from '../../engine/machine/presets';
import { DEFAULT_QUANTUM_US, MAX_QUANTUM_US, quantumRange } from '../../engine/machine/quantum';
import { splitEvenly, withKernel, withKernelCount, withMode } from './form-edits';
import { SelectField, TextField } from './FormField';
import { placementOf, topologyOf, type ScenarioForm } from './scenario-form';

const PRESET_WORDS: Record<PresetName, string> = {
  smp: 'one kernel on every hart',
  'two-kernels': 'the harts split in two halves',
  'kernel-per-hart': 'a kernel on each hart',
  'kernel-per-node': 'a kernel on each NUMA node',
};

const PARTITIONS = [
  ...PRESETS.map((p) => ({ value: p, label: `${p}: ${PRESET_WORDS[p]}` })),
  { value: 'custom', label: 'custom: choose each kernel’s harts and memory' },
];

interface MachineFieldsProps {
  form: ScenarioForm;
  errorOf: (field: string) => string | undefined;
  edit: (change: (form: ScenarioForm) => ScenarioForm) => void;
}

export function MachineFields({ form, errorOf, edit }: MachineFieldsProps) {
  const set = (patch: Partial<ScenarioForm>) => {
    edit((f) => ({ ...f, ...patch }));
  };
  return (
    <fieldset className="editor-section">
      <legend>Machine</legend>
      <div className="field-row">
        <TextField
          label="NUMA nodes"
          className="narrow"
          numeric
          value={form.nodes}
          error={errorOf('nodes')}
          onChange={(nodes) => {
            set({ nodes });
          }}
        />
        <TextField
          label="Harts per node"
          className="narrow"
          numeric
          value={form.hartsPerNode}
          error={errorOf('hartsPerNode')}
          onChange={(hartsPerNode) => {
            set({ hartsPerNode });
          }}
        />
        <TextField
          label="RAM (MiB)"
          className="narrow"
          numeric
          value={form.ramMiB}
          error={errorOf('ramMiB')}
          onChange={(ramMiB) => {
            set({ ramMiB });
          }}
        />
        <SelectField
          label="Partition"
          className="wide"
          value={form.mode === 'custom' ? 'custom' : form.preset}
          options={PARTITIONS}
          onChange={(value) => {
            edit((f) =>
              value === 'custom' ? withMode(f, 'custom') : { ...f, mode: 'preset', preset: value as PresetName },
            );
          }}
        />
      </div>
      {form.mode === 'preset' ? (
        <PresetPreview form={form} />
      ) : (
        <CustomKernels form={form} errorOf={errorOf} edit={edit} />
      )}
      <div className="field-row">
        <TextField
          label="Quantum (µs)"
          className="narrow"
          numeric
          placeholder={String(DEFAULT_QUANTUM_US)}
          value={form.quantumUs}
          error={errorOf('quantumUs')}
          onChange={(quantumUs) => {
            set({ quantumUs });
          }}
        />
        <QuantumHint form={form} />
      </div>
    </fieldset>
  );
}

/** What the quantum is, and the quanta this machine accepts. */
function QuantumHint({ form }: { form: ScenarioForm }) {
  const placement = placementOf(form);
  const min = placement ? quantumRange(placement).min : 1;
  return (
    <p className="field-hint row-note" data-testid="quantum-hint">
      The kernels meet every quantum, and a message arrives at its modelled time but never before the next meeting.
      Shorter: costs nearer the model (1 µs per 10 NUMA distance units), a slower run. From {min} to {MAX_QUANTUM_US}{' '}
      µs; empty for {DEFAULT_QUANTUM_US}.
    </p>
  );
}

/** What the preset makes of this machine: each kernel's harts and memory. */
function PresetPreview({ form }: { form: ScenarioForm }) {
  const topology = topologyOf(form);
  if (!topology) return <p className="field-hint">Fix the machine’s size to see its kernels.</p>;
  const kernels = preset(form.preset, topology).kernels;
  return (
    <p className="field-hint" data-testid="partition-preview">
      {kernels.length} kernel{kernels.length === 1 ? '' : 's'}:{' '}
      {kernels
        .map((k, i) => `kernel ${i} on harts ${k.harts.join(',')} with ${Math.floor(k.memory.size / (1 << 20))} MiB`)
        .join('; ')}
    </p>
  );
}

function CustomKernels({ form, errorOf, edit }: MachineFieldsProps) {
  return (
    <>
      <div className="field-row">
        <TextField
          label="Kernels"
          className="narrow"
          numeric
          value={form.kernelCount}
          error={errorOf('kernelCount')}
          onChange={(count) => {
            edit((f) => withKernelCount(f, count));
          }}
        />
        <button
          type="button"
          className="row-button"
          onClick={() => {
            edit(splitEvenly);
          }}
          title="Give the kernels consecutive harts and equal shares of the RAM again"
        >
          Split evenly
        </button>
        <p className="field-hint row-note">
          A new count splits the harts and RAM evenly; then change each kernel’s harts and memory (in MiB) below.
        </p>
      </div>
      {form.kernels.map((k, i) => (
        <fieldset key={i} className="editor-row">
          <legend>Kernel {i}</legend>
          <TextField
            label="Harts"
            mono
            value={k.harts}
            error={errorOf(`kernels.${i}.harts`)}
            placeholder="0,1 or 2-3"
            onChange={(harts) => {
              edit((f) => withKernel(f, i, { harts }));
            }}
          />
          <TextField
            label="Memory base (MiB)"
            numeric
            value={k.memoryBaseMiB}
            error={errorOf(`kernels.${i}.memoryBaseMiB`)}
            onChange={(memoryBaseMiB) => {
              edit((f) => withKernel(f, i, { memoryBaseMiB }));
            }}
          />
          <TextField
            label="Memory (MiB)"
            numeric
            value={k.memoryMiB}
            error={errorOf(`kernels.${i}.memoryMiB`)}
            onChange={(memoryMiB) => {
              edit((f) => withKernel(f, i, { memoryMiB }));
            }}
          />
        </fieldset>
      ))}
    </>
  );
}
