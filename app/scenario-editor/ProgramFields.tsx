// The programs part of the scenario form: programs started at boot, one row each (kernel,
// command line, start time in ms), with add and remove.

import { addProgram, removeProgram, withProgram } from './form-edits';
import { kernelOptions, SelectField, TextField } from './FormField';
import { kernelCountOf, type ProgramRow, type ScenarioForm } from './scenario-form';

interface ProgramFieldsProps {
  form: ScenarioForm;
  errorOf: (field: string) => string | undefined;
  edit: (change: (form: ScenarioForm) => ScenarioForm) => void;
}

export function ProgramFields({ form, errorOf, edit }: ProgramFieldsProps) {
  const kernels = kernelCountOf(form);
  const set = (id: number, patch: Partial<ProgramRow>) => {
    edit((f) => withProgram(f, id, patch));
  };
  return (
    <fieldset className="editor-section">
      <legend>Programs</legend>
      {form.programs.length === 0 && <p className="field-hint">No program starts by itself.</p>}
      {form.programs.map((p, i) => (
        <fieldset key={p.id} className="editor-row">
          <legend>Program {i + 1}</legend>
          <SelectField
            label="Kernel"
            className="kernel"
            value={p.kernel}
            options={kernelOptions(kernels, p.kernel)}
            error={errorOf(`programs.${i}.kernel`)}
            onChange={(kernel) => {
              set(p.id, { kernel });
            }}
          />
          <TextField
            label="Command"
            className="wide"
            mono
            value={p.command}
            placeholder="counter 20 2"
            error={errorOf(`programs.${i}.command`)}
            onChange={(command) => {
              set(p.id, { command });
            }}
          />
          <TextField
            label="Start at (ms)"
            className="narrow"
            numeric
            value={p.atMs}
            error={errorOf(`programs.${i}.atMs`)}
            onChange={(atMs) => {
              set(p.id, { atMs });
            }}
          />
          <button
            type="button"
            className="row-button remove"
            aria-label={`Remove program ${i + 1}`}
            onClick={() => {
              edit((f) => removeProgram(f, p.id));
            }}
          >
            Remove
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="add-button"
        onClick={() => {
          edit(addProgram);
        }}
      >
        Add program
      </button>
    </fieldset>
  );
}
