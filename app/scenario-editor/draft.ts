// The scenario editor's draft: the form and the JSON text, kept in step. Editing the form
// rewrites the JSON; editing the JSON, once parseScenario() accepts it, rewrites the form (and
// until then the form keeps the last good version and the JSON's error is the verdict).
// judge() says whether the draft can be applied, and what stands in the way.

import { parseScenario, ScenarioError } from '../../engine/machine/scenario';
import { validateForm, type FieldError } from './form-validation';
import { jsonText } from './json-text';
import { formFromJson, formToJson, type JsonObject, type ScenarioForm } from './scenario-form';

export interface Draft {
  form: ScenarioForm;
  jsonText: string;
  /** parseScenario's complaint about jsonText, while it has one (the form then lags behind). */
  jsonError: string | undefined;
}

export function jsonTextOf(form: ScenarioForm): string {
  return jsonText(formToJson(form));
}

export function draftOf(form: ScenarioForm): Draft {
  return { form, jsonText: jsonTextOf(form), jsonError: undefined };
}

/** The draft after the JSON text was edited: the text as typed, and the form when the text is good. */
export function withJsonText(draft: Draft, text: string): Draft {
  const problem = scenarioProblem(text);
  if (problem !== undefined) return { ...draft, jsonText: text, jsonError: problem };
  return { form: formFromJson(JSON.parse(text)), jsonText: text, jsonError: undefined };
}

/** What parseScenario says is wrong with scenario JSON text, if anything. */
export function scenarioProblem(text: string): string | undefined {
  try {
    parseScenario(text);
    return undefined;
  } catch (err) {
    if (err instanceof ScenarioError) return err.message;
    throw err;
  }
}

export interface Verdict {
  fields: FieldError[];
  /** What parseScenario says of the JSON text, or of the form's JSON. */
  scenario: string | undefined;
  /** The scenario to apply, when nothing stands in the way. */
  json: JsonObject | undefined;
}

export function judge(draft: Draft): Verdict {
  const fields = validateForm(draft.form);
  const json = formToJson(draft.form);
  const scenario = draft.jsonError ?? scenarioProblem(JSON.stringify(json));
  return { fields, scenario, json: fields.length === 0 && scenario === undefined ? json : undefined };
}
