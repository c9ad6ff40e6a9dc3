// The toolbar's preset chooser: a select of the shipped scenarios and presets, showing the one
// running. Choosing another asks first (the current run, and what was typed into it, is
// replaced), then boots it through the URL (see boot-scenario.ts).

import { useState } from 'react';
import type { BrowserMachine } from '../../engine/machine/browser/browser-machine';
import { bootScenario } from './boot-scenario';
import { CATALOGUE, entryOf, type CatalogueEntry } from './catalogue';
import { ConfirmDialog } from './ConfirmDialog';
import './scenario-editor.css';

interface PresetChooserProps {
  machine: BrowserMachine | undefined;
  onReset: () => void;
}

export function PresetChooser({ machine, onReset }: PresetChooserProps) {
  const [pending, setPending] = useState<CatalogueEntry | undefined>(undefined);
  const current = machine && entryOf(machine.scenario);
  const boot = (entry: CatalogueEntry) => {
    setPending(undefined);
    void bootScenario(entry.json, onReset);
  };
  return (
    <>
      <label className="preset-chooser">
        <span className="toolbar-label">Preset</span>
        <select
          value={current?.key ?? ''}
          title={current?.description}
          onChange={(event) => {
            const entry = CATALOGUE.find((e) => e.key === event.target.value);
            if (!entry) return;
            // with no machine (booting, or failed to) there is no run to lose
            if (machine) setPending(entry);
            else boot(entry);
          }}
        >
          {!current && (
            <option value="" disabled>
              {machine ? `custom: ${machine.scenario.name}` : 'choose…'}
            </option>
          )}
          {CATALOGUE.map((e) => (
            <option key={e.key} value={e.key} title={e.description}>
              {e.label}
            </option>
          ))}
        </select>
      </label>
      {pending && (
        <ConfirmDialog
          title="Replace this run?"
          confirmLabel={`Boot ${pending.scenario.name}`}
          onCancel={() => {
            setPending(undefined);
          }}
          onConfirm={() => {
            boot(pending);
          }}
        >
          <p>
            Booting “{pending.scenario.name}” replaces the current run: every kernel starts over and what was typed into
            the terminals is lost. Share first to keep a link to this run.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
