// What the inspector says about a message beyond its ends and times, from its service's
// declaration (engine/protocols/interfaces/): what it is for, which request it answers or which
// responses answer it, and its fields, each with its type and description, and its value once
// a kernel published the message's body (BrowserMachine.messageBody).

import { messageSpec, WireError } from '../../engine/machine/browser/trace-events';

export interface FieldRow {
  name: string;
  /** The declared type ("u32", "VMA list"). */
  type: string;
  doc: string;
  /** The value as its type shows it ('' before the body is in). */
  value: string;
}

export interface MessageAbout {
  service: string;
  doc: string;
  /** The request it answers, if it is a response. */
  answers: string | undefined;
  /** The responses that answer it, if it is a request. */
  responses: readonly string[];
  fields: FieldRow[];
}

/** The declaration of message type `type`, its fields without values (undefined if undeclared). */
export function messageAbout(type: number): MessageAbout | undefined {
  const spec = messageSpec(type);
  if (!spec) return undefined;
  return {
    service: spec.service,
    doc: spec.doc,
    answers: spec.answers,
    responses: spec.responses,
    fields: spec.fields.map((f) => ({ name: f.name, type: f.type.name, doc: f.doc, value: '' })),
  };
}

/** The fields of a body of type `type` with their values, or why the body could not be read. */
export function decodeBody(type: number, body: Uint8Array): { fields: FieldRow[] } | { error: string } {
  const spec = messageSpec(type);
  if (!spec) return { error: `type ${type} is not declared` };
  try {
    const v = spec.decode(body) as Record<string, unknown>;
    return {
      fields: spec.fields.map((f) => ({ name: f.name, type: f.type.name, doc: f.doc, value: f.type.show(v[f.name]) })),
    };
  } catch (e) {
    if (e instanceof WireError) return { error: e.message };
    throw e;
  }
}
