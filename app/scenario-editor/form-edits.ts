// The scenario editor's edits that touch more than one field: switching the machine between a
// preset and a custom partition (custom starts from the preset's partition), changing the
// kernel count (which splits the harts and RAM evenly again), and the program and action rows.
// Pure functions from form to form, so the component only dispatches.

import { SCENARIO_LIMITS } from '../../engine/machine/scenario';
import { readWhole } from './fields';
import {
  evenRows,
  newAction,
  newProgram,
  presetRows,
  type ActionRow,
  type KernelRow,
  type ProgramRow,
  type ScenarioForm,
} from './scenario-form';

export function withMode(form: ScenarioForm, mode: ScenarioForm['mode']): ScenarioForm {
  if (mode === form.mode) return form;
  if (mode === 'preset') return { ...form, mode };
  const rows = presetRows(form) ?? form.kernels; // a machine that does not read yet: keep what there is
  return { ...form, mode, kernels: rows, kernelCount: String(rows.length) };
}

/** The count as typed; when it reads as a count this machine can have, the kernels split evenly. */
export function withKernelCount(form: ScenarioForm, text: string): ScenarioForm {
  const count = readWhole(text, 1, SCENARIO_LIMITS.kernels);
  const rows = count.ok ? evenRows(form, count.value) : undefined;
  return rows ? { ...form, kernelCount: text, kernels: rows } : { ...form, kernelCount: text };
}

/** Splits the harts and RAM evenly again over the kernel count (after the machine's size changed). */
export function splitEvenly(form: ScenarioForm): ScenarioForm {
  return withKernelCount(form, form.kernelCount);
}

export function withKernel(form: ScenarioForm, index: number, patch: Partial<KernelRow>): ScenarioForm {
  return { ...form, kernels: form.kernels.map((k, i) => (i === index ? { ...k, ...patch } : k)) };
}

export function withProgram(form: ScenarioForm, id: number, patch: Partial<ProgramRow>): ScenarioForm {
  return { ...form, programs: form.programs.map((p) => (p.id === id ? { ...p, ...patch } : p)) };
}

export function addProgram(form: ScenarioForm): ScenarioForm {
  return { ...form, programs: [...form.programs, newProgram()] };
}

export function removeProgram(form: ScenarioForm, id: number): ScenarioForm {
  return { ...form, programs: form.programs.filter((p) => p.id !== id) };
}

export function withAction(form: ScenarioForm, id: number, patch: Partial<ActionRow>): ScenarioForm {
  return { ...form, actions: form.actions.map((a) => (a.id === id ? { ...a, ...patch } : a)) };
}

/** A new action, at the time of the last one (actions are usually written in time order). */
export function addAction(form: ScenarioForm): ScenarioForm {
  const last = form.actions.at(-1);
  return { ...form, actions: [...form.actions, { ...newAction(), atMs: last?.atMs ?? '0' }] };
}

export function removeAction(form: ScenarioForm, id: number): ScenarioForm {
  return { ...form, actions: form.actions.filter((a) => a.id !== id) };
}
