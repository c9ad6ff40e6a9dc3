// The protocol faults part of the scenario form: a switch per fault (engine/protocols/faults.ts),
// off by default, each saying which step of which protocol it skips (and, a click away, why
// that step exists). For teaching: a run with one on goes wrong on purpose, and the page says
// so above the machine.

import { PROTOCOL_FAULTS, type ProtocolFault } from '../../engine/machine/scenario';
import type { ScenarioForm } from './scenario-form';

const FAULTS = Object.keys(PROTOCOL_FAULTS) as ProtocolFault[];

interface FaultFieldsProps {
  form: ScenarioForm;
  edit: (change: (form: ScenarioForm) => ScenarioForm) => void;
}

export function FaultFields({ form, edit }: FaultFieldsProps) {
  return (
    <fieldset className="editor-section">
      <legend>Break a protocol on purpose</legend>
      <p className="field-hint">Off unless you want to see why a step exists: the run then goes wrong or hangs.</p>
      {FAULTS.map((fault) => (
        <div key={fault} className="fault-field-row">
          <label className="check-field fault-field">
            <input
              type="checkbox"
              checked={form.faults.includes(fault)}
              onChange={(event) => {
                const on = event.target.checked;
                // kept in the catalogue's order, so that the same switches give the same JSON
                edit((f) => ({ ...f, faults: FAULTS.filter((x) => (x === fault ? on : f.faults.includes(x))) }));
              }}
            />
            <span>
              <code>{fault}</code>: {PROTOCOL_FAULTS[fault].skips}
            </span>
          </label>
          {/* outside the label: opening it must not switch the fault */}
          <details className="fault-field-why field-hint">
            <summary>Why this step exists</summary>
            {PROTOCOL_FAULTS[fault].why}
          </details>
        </div>
      ))}
    </fieldset>
  );
}
