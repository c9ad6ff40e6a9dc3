// What the preset chooser offers: the shipped scenarios (engine/machine/scenarios/*.json) and,
// for a preset no shipped scenario boots, a bare scenario of that preset. Each entry is labelled
// with what it boots ("smp: 1 kernel on 4 harts"), read from the parsed scenario itself.

import { hartCount } from '../../engine/machine/machine-spec';
import { PRESETS } from '../../engine/machine/presets';
import { parseScenario, type Scenario } from '../../engine/machine/scenario';

export interface CatalogueEntry {
  key: string;
  label: string;
  /** The scenario's description, if it has one. */
  description: string | undefined;
  json: Record<string, unknown>;
  scenario: Scenario;
}

const files = import.meta.glob<string>('../../engine/machine/scenarios/*.json', {
  query: '?raw',
  import: 'default',
  eager: true,
});

function entry(key: string, text: string): CatalogueEntry {
  const scenario = parseScenario(text);
  const kernels = scenario.machine.kernels.length;
  const json = JSON.parse(text) as Record<string, unknown>;
  return {
    key,
    label: `${scenario.name}: ${kernels} kernel${kernels === 1 ? '' : 's'} on ${hartCount(scenario.machine)} harts`,
    description: typeof json.description === 'string' ? json.description : undefined,
    json,
    scenario,
  };
}

function build(): CatalogueEntry[] {
  const shipped = Object.entries(files).map(([path, text]) => entry(path.replace(/^.*\/|\.json$/g, ''), text));
  const covered = new Set(shipped.map((e) => e.scenario.preset));
  const bare = PRESETS.filter((p) => !covered.has(p)).map((p) =>
    entry(`preset-${p}`, JSON.stringify({ version: 1, name: p, machine: { preset: p } })),
  );
  // presets in their own order (fewest kernels first), then the rest by name; by code point, not
  // localeCompare, whose first call loads the browser's collation data while the page boots
  const rank = (e: CatalogueEntry) => (e.scenario.preset ? PRESETS.indexOf(e.scenario.preset) : PRESETS.length);
  const byLabel = (a: CatalogueEntry, b: CatalogueEntry) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
  return [...shipped, ...bare].sort((a, b) => rank(a) - rank(b) || byLabel(a, b));
}

export const CATALOGUE: readonly CatalogueEntry[] = build();

/** The entry that boots the same run as `scenario` (what was typed, and where it was shared, aside), if any. */
export function entryOf(scenario: Scenario): CatalogueEntry | undefined {
  const run = (s: Scenario) => JSON.stringify({ ...s, inputs: [], sharedAt: undefined });
  const wanted = run(scenario);
  return CATALOGUE.find((e) => run(e.scenario) === wanted);
}
