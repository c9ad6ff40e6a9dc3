// The compact form of a scenario's recorded inputs inside a share link (scenario-url.ts). A
// person types one key every ten or more epochs, so a run's inputs are mostly one-character
// records; written out ({"epoch":1234,"kernel":0,"text":"e"}) they made most of a link. In a
// link each is an array, its epoch counted from the previous record's (small numbers):
//   [epochStep, kernel, text]        bytes typed into kernel's TTY
//   [epochStep, kernel, tid, to]     thread tid proposed for kernel `to`
//   [epochStep, kernel, 'winsize', rows, cols]   the terminal took that size
//   [epochStep, kernel, 'power', 'stop' | 'boot']  the kernel was crashed, or booted again
//   [epochStep, kernel, 'delay', from, seq, epochs]   a message in flight to kernel held back
// The inputs are coalesced first (recorded-inputs.ts). Expanding gives the scenario's own
// form back, which parseScenario() then validates like any other.

import { coalesceInputs } from './recorded-inputs';
import { ScenarioError, type RecordedInput } from './scenario';

type Compact =
  | [number, number, string]
  | [number, number, number, number]
  | [number, number, 'winsize', number, number]
  | [number, number, 'power', 'stop' | 'boot']
  | [number, number, 'delay', number, number, number];

function isRecord(v: unknown): v is RecordedInput {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  if (!Number.isSafeInteger(r.epoch) || (r.epoch as number) < 0 || !Number.isSafeInteger(r.kernel)) return false;
  if (typeof r.text === 'string') return r.migrate === undefined && r.winsize === undefined && r.delay === undefined;
  if (r.delay !== undefined) {
    const d = r.delay as Record<string, unknown> | null;
    return (
      typeof d === 'object' &&
      d !== null &&
      Number.isSafeInteger(d.from) &&
      Number.isSafeInteger(d.seq) &&
      Number.isSafeInteger(d.epochs)
    );
  }
  if (r.power !== undefined) return (r.power === 'stop' || r.power === 'boot') && r.migrate === undefined;
  if (r.winsize !== undefined) {
    const w = r.winsize as Record<string, unknown> | null;
    return typeof w === 'object' && w !== null && Number.isSafeInteger(w.rows) && Number.isSafeInteger(w.cols);
  }
  const m = r.migrate as Record<string, unknown> | null | undefined;
  return typeof m === 'object' && m !== null && Number.isSafeInteger(m.tid) && Number.isSafeInteger(m.to);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `scenario` (a scenario's JSON object) with its inputs coalesced and compact. Anything that is
 * not a list of well-formed records is left as it is, for decoding to report.
 */
export function compactInputs(scenario: unknown): unknown {
  if (!isObject(scenario) || !Array.isArray(scenario.inputs) || !scenario.inputs.every(isRecord)) return scenario;
  let epoch = 0;
  const inputs = coalesceInputs(scenario.inputs).map((r): Compact => {
    const step = r.epoch - epoch;
    epoch = r.epoch;
    if ('text' in r) return [step, r.kernel, r.text];
    if ('winsize' in r) return [step, r.kernel, 'winsize', r.winsize.rows, r.winsize.cols];
    if ('power' in r) return [step, r.kernel, 'power', r.power];
    if ('delay' in r) return [step, r.kernel, 'delay', r.delay.from, r.delay.seq, r.delay.epochs];
    return [step, r.kernel, r.migrate.tid, r.migrate.to];
  });
  return { ...scenario, inputs };
}

function expandOne(v: unknown[], i: number, epoch: number): RecordedInput {
  const [step, kernel, a, b, c, d] = v;
  const size = v.length === 5 && a === 'winsize' && typeof b === 'number' && typeof c === 'number';
  const power = v.length === 4 && a === 'power' && (b === 'stop' || b === 'boot');
  const delay =
    v.length === 6 && a === 'delay' && typeof b === 'number' && typeof c === 'number' && typeof d === 'number';
  const shaped =
    Number.isSafeInteger(step) &&
    (step as number) >= 0 &&
    typeof kernel === 'number' &&
    ((v.length === 3 && typeof a === 'string') ||
      (v.length === 4 && typeof a === 'number' && typeof b === 'number') ||
      size ||
      delay ||
      power);
  if (!shaped)
    throw new ScenarioError(
      `its scenario is not valid: inputs[${i}] must be [epoch step, kernel, text], [epoch step, kernel, tid, to], [epoch step, kernel, "winsize", rows, cols], [epoch step, kernel, "delay", from, seq, epochs] or [epoch step, kernel, "power", "stop" | "boot"]`,
    );
  const at = epoch + (step as number);
  if (size) return { epoch: at, kernel, winsize: { rows: b, cols: c } };
  if (delay) return { epoch: at, kernel, delay: { from: b, seq: c, epochs: d } };
  if (power) return { epoch: at, kernel, power: b };
  return typeof a === 'string'
    ? { epoch: at, kernel, text: a }
    : { epoch: at, kernel, migrate: { tid: a, to: b as number } };
}

/** `json` with compact inputs written out again; anything else as it is. */
export function expandInputs(json: unknown): unknown {
  if (!isObject(json) || !Array.isArray(json.inputs)) return json;
  const list: unknown[] = json.inputs;
  const compact = list.filter((v) => Array.isArray(v)).length;
  if (compact === 0) return json;
  if (compact !== list.length)
    throw new ScenarioError('its scenario is not valid: inputs mixes compact records ([...]) with full ones ({...})');
  let epoch = 0;
  const inputs = list.map((v, i) => {
    const r = expandOne(v as unknown[], i, epoch);
    epoch = r.epoch;
    return r;
  });
  return { ...json, inputs };
}
