// The timed actions part of the scenario form: one row each with its time (ms), kind and kernel,
// and the fields its kind needs (a command to start, text to type, a pid and signal to kill, a
// pid and destination to migrate), with add and remove.

import { addAction, removeAction, withAction } from './form-edits';
import { kernelOptions, SelectField, TextField } from './FormField';
import { ACTION_KINDS, kernelCountOf, type ActionKind, type ActionRow, type ScenarioForm } from './scenario-form';

/** Each kind in words; the JSON's kind name leads, so the two tabs read alike. */
const KIND_WORDS: Record<ActionKind, string> = {
  start: 'start a program',
  kill: 'kill: send a signal',
  type: 'type text',
  boot: 'boot the kernel',
  stop: 'stop the kernel',
  migrate: 'migrate a process',
};

const KINDS = ACTION_KINDS.map((k) => ({ value: k, label: KIND_WORDS[k] }));

interface ActionFieldsProps {
  form: ScenarioForm;
  errorOf: (field: string) => string | undefined;
  edit: (change: (form: ScenarioForm) => ScenarioForm) => void;
}

export function ActionFields({ form, errorOf, edit }: ActionFieldsProps) {
  const kernels = kernelCountOf(form);
  return (
    <fieldset className="editor-section">
      <legend>Timed actions</legend>
      <p className="field-hint">
        {form.actions.length === 0
          ? 'Nothing happens by itself after boot.'
          : 'Times are virtual time since boot. In text to type, \\r is Enter; also \\n, \\t, \\e (Escape), \\\\ and \\xHH. Each line waits for a prompt, and typing stops once you type into that terminal yourself.'}
      </p>
      {form.actions.map((a, i) => (
        <fieldset key={a.id} className="editor-row">
          <legend>Action {i + 1}</legend>
          <TextField
            label="At (ms)"
            className="narrow"
            numeric
            value={a.atMs}
            error={errorOf(`actions.${i}.atMs`)}
            onChange={(atMs) => {
              edit((f) => withAction(f, a.id, { atMs }));
            }}
          />
          <SelectField
            label="Kind"
            className="kind"
            value={a.kind}
            options={KINDS}
            onChange={(kind) => {
              edit((f) => withAction(f, a.id, { kind: kind as ActionKind }));
            }}
          />
          <SelectField
            label="Kernel"
            className="kernel"
            value={a.kernel}
            options={kernelOptions(kernels, a.kernel)}
            error={errorOf(`actions.${i}.kernel`)}
            onChange={(kernel) => {
              edit((f) => withAction(f, a.id, { kernel }));
            }}
          />
          <KindFields action={a} at={`actions.${i}`} kernels={kernels} errorOf={errorOf} edit={edit} />
          <button
            type="button"
            className="row-button remove"
            aria-label={`Remove action ${i + 1}`}
            onClick={() => {
              edit((f) => removeAction(f, a.id));
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
          edit(addAction);
        }}
      >
        Add action
      </button>
    </fieldset>
  );
}

interface KindFieldsProps {
  action: ActionRow;
  /** The row's field prefix, "actions.2". */
  at: string;
  kernels: number | undefined;
  errorOf: (field: string) => string | undefined;
  edit: (change: (form: ScenarioForm) => ScenarioForm) => void;
}

function KindFields({ action: a, at, kernels, errorOf, edit }: KindFieldsProps) {
  const set = (patch: Partial<ActionRow>) => {
    edit((f) => withAction(f, a.id, patch));
  };
  const pid = (
    <TextField
      label="PID"
      className="narrow"
      numeric
      value={a.pid}
      error={errorOf(`${at}.pid`)}
      onChange={(value) => {
        set({ pid: value });
      }}
    />
  );
  switch (a.kind) {
    case 'start':
      return (
        <TextField
          label="Command"
          className="wide"
          mono
          value={a.command}
          placeholder="counter 20 2"
          error={errorOf(`${at}.command`)}
          onChange={(command) => {
            set({ command });
          }}
        />
      );
    case 'type':
      return (
        <TextField
          label="Text"
          className="wide"
          mono
          value={a.text}
          placeholder="ps\r"
          error={errorOf(`${at}.text`)}
          onChange={(text) => {
            set({ text });
          }}
        />
      );
    case 'kill':
      return (
        <>
          {pid}
          <TextField
            label="Signal"
            className="narrow"
            numeric
            value={a.signal}
            hint="15 is SIGTERM, 9 SIGKILL"
            error={errorOf(`${at}.signal`)}
            onChange={(signal) => {
              set({ signal });
            }}
          />
        </>
      );
    case 'migrate':
      return (
        <>
          {pid}
          <SelectField
            label="To"
            className="kind"
            value={a.to}
            options={[
              { value: '', label: 'the next kernel, thread by thread' },
              ...kernelOptions(kernels, a.to || '0'),
            ]}
            error={errorOf(`${at}.to`)}
            onChange={(to) => {
              set({ to });
            }}
          />
        </>
      );
    case 'boot':
    case 'stop':
      return null;
  }
}
