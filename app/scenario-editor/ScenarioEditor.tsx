// The scenario editor: a modal dialog with the scenario as a form (name, machine, seed, shells,
// programs, timed actions) and as JSON text, kept in step. Every change is checked, field by
// field and by parseScenario() itself; what is wrong is shown as text and Apply stays disabled
// until nothing is. Apply hands the scenario's JSON to onApply, which boots it.

import { useId, useMemo, useState } from 'react';
import { DEFAULT_RING_SLOTS } from '../../engine/machine/machine-layout';
import { hartCount } from '../../engine/machine/machine-spec';
import { parseScenario } from '../../engine/machine/scenario';
import { ActionFields } from './ActionFields';
import { FaultFields } from './FaultFields';
import { draftOf, judge, withJsonText, type Verdict } from './draft';
import { TextField } from './FormField';
import { MachineFields } from './MachineFields';
import { Modal } from './Modal';
import './scenario-editor.css';
import { ProgramFields } from './ProgramFields';
import { formFromJson, type JsonObject, type ScenarioForm } from './scenario-form';

interface ScenarioEditorProps {
  /** The running scenario's JSON, with the inputs recorded so far (which an edit drops). */
  initial: Record<string, unknown>;
  onApply: (json: JsonObject) => void;
  onClose: () => void;
}

type Tab = 'form' | 'json';

export function ScenarioEditor({ initial, onApply, onClose }: ScenarioEditorProps) {
  const id = useId();
  const [draft, setDraft] = useState(() => draftOf(formFromJson(initial)));
  const [tab, setTab] = useState<Tab>('form');
  const verdict = useMemo(() => judge(draft), [draft]);
  const errors = useMemo(() => new Map(verdict.fields.map((e) => [e.field, e.message])), [verdict]);
  const errorOf = (field: string) => errors.get(field);
  const edit = (change: (form: ScenarioForm) => ScenarioForm) => {
    setDraft((d) => draftOf(change(d.form)));
  };
  // what a person did (typed, asked to move); the sizes the terminals took are not theirs
  const typed = Array.isArray(initial.inputs)
    ? initial.inputs.filter((i) => !(typeof i === 'object' && i !== null && 'winsize' in i)).length
    : 0;
  const apply = () => {
    if (verdict.json) onApply(verdict.json);
  };
  return (
    <Modal labelledBy={`${id}-title`} className="scenario-editor" onClose={onClose}>
      {/* not a <form>: Enter in a field must not reboot the machine */}
      <div className="editor-frame">
        <header className="editor-header">
          <h2 id={`${id}-title`}>Edit scenario</h2>
          <button type="button" className="close-button" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <p className="editor-note">
          Apply reboots the machine with this scenario, replacing the current run.{' '}
          {typed > 0
            ? `The ${typed} input${typed === 1 ? '' : 's'} typed into the terminals in this run ${typed === 1 ? 'is' : 'are'} not kept: an edited scenario starts without recorded typing.`
            : 'Recorded typing is not kept: an edited scenario starts without it.'}
        </p>
        <div className="editor-tabs" role="tablist" aria-label="Edit as">
          <TabButton id={id} tab="form" current={tab} onSelect={setTab}>
            Form
          </TabButton>
          <TabButton id={id} tab="json" current={tab} onSelect={setTab}>
            JSON
          </TabButton>
        </div>
        <div
          className="editor-body"
          role="tabpanel"
          id={`${id}-panel-${tab}`}
          aria-labelledby={`${id}-tab-${tab}`}
          tabIndex={-1}
        >
          {tab === 'form' ? (
            <>
              {draft.jsonError !== undefined && (
                <p className="editor-stale">
                  The JSON has a mistake, so the form shows the last good version; editing the form replaces the JSON.
                </p>
              )}
              <fieldset className="editor-section">
                <legend>Scenario</legend>
                <div className="field-row">
                  <TextField
                    label="Name"
                    className="wide"
                    autoFocus
                    value={draft.form.name}
                    error={errorOf('name')}
                    onChange={(name) => {
                      edit((f) => ({ ...f, name }));
                    }}
                  />
                  <TextField
                    label="Seed"
                    className="narrow"
                    numeric
                    value={draft.form.seed}
                    error={errorOf('seed')}
                    onChange={(seed) => {
                      edit((f) => ({ ...f, seed }));
                    }}
                  />
                  <TextField
                    label="Ring slots"
                    className="narrow"
                    numeric
                    placeholder={String(DEFAULT_RING_SLOTS)}
                    value={draft.form.ringSlots}
                    error={errorOf('ringSlots')}
                    onChange={(ringSlots) => {
                      edit((f) => ({ ...f, ringSlots }));
                    }}
                  />
                  <label className="check-field">
                    <input
                      type="checkbox"
                      checked={draft.form.shells}
                      onChange={(event) => {
                        const shells = event.target.checked;
                        edit((f) => ({ ...f, shells }));
                      }}
                    />
                    Start a shell on every kernel
                  </label>
                </div>
                <TextField
                  label="Description"
                  className="wide"
                  rows={2}
                  placeholder="What this scenario shows, for people"
                  value={draft.form.description}
                  onChange={(description) => {
                    edit((f) => ({ ...f, description }));
                  }}
                />
              </fieldset>
              <MachineFields form={draft.form} errorOf={errorOf} edit={edit} />
              <ProgramFields form={draft.form} errorOf={errorOf} edit={edit} />
              <ActionFields form={draft.form} errorOf={errorOf} edit={edit} />
              <FaultFields form={draft.form} edit={edit} />
            </>
          ) : (
            <label className="json-field">
              <span>Scenario JSON</span>
              <textarea
                className="mono"
                spellCheck={false}
                value={draft.jsonText}
                aria-invalid={draft.jsonError !== undefined ? true : undefined}
                aria-describedby={`${id}-verdict`}
                data-autofocus
                onChange={(event) => {
                  const text = event.target.value;
                  setDraft((d) => withJsonText(d, text));
                }}
              />
            </label>
          )}
        </div>
        <footer className="editor-footer">
          <VerdictLine id={`${id}-verdict`} verdict={verdict} />
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={verdict.json === undefined} onClick={apply}>
            Apply
          </button>
        </footer>
      </div>
    </Modal>
  );
}

function TabButton({
  id,
  tab,
  current,
  onSelect,
  children,
}: {
  id: string;
  tab: Tab;
  current: Tab;
  onSelect: (tab: Tab) => void;
  children: string;
}) {
  const selected = tab === current;
  return (
    <button
      type="button"
      role="tab"
      id={`${id}-tab-${tab}`}
      aria-selected={selected}
      aria-controls={`${id}-panel-${tab}`}
      tabIndex={selected ? 0 : -1}
      onClick={() => {
        onSelect(tab);
      }}
      onKeyDown={(event) => {
        // the tabs' arrow keys, as a tab list has: the other tab is the only one
        if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
        event.preventDefault();
        const other = tab === 'form' ? 'json' : 'form';
        onSelect(other);
        document.getElementById(`${id}-tab-${other}`)?.focus();
      }}
    >
      {children}
    </button>
  );
}

/** What stands in the way of Apply, or what Apply will boot: always as text. */
function VerdictLine({ id, verdict }: { id: string; verdict: Verdict }) {
  const first = verdict.fields[0];
  let text: string;
  if (first) {
    const more = verdict.fields.length - 1;
    text = `${first.label}: ${first.message}${more > 0 ? ` (and ${more} more)` : ''}`;
  } else if (verdict.scenario !== undefined) {
    text = `Not a valid scenario: ${verdict.scenario}`;
  } else {
    text = `Ready: ${summary(verdict.json)}`;
  }
  const bad = verdict.json === undefined;
  return (
    <p id={id} className={`editor-verdict${bad ? ' bad' : ''}`} role="status" data-testid="scenario-verdict">
      {text}
    </p>
  );
}

function summary(json: JsonObject | undefined): string {
  const s = parseScenario(JSON.stringify(json));
  const kernels = s.machine.kernels.length;
  const events = s.actions.length;
  return `${kernels} kernel${kernels === 1 ? '' : 's'} on ${hartCount(s.machine)} harts; ${events} scheduled event${events === 1 ? '' : 's'}.`;
}
