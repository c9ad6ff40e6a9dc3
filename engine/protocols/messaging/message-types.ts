// Every inter-kernel message type, from the services' declared interfaces (interfaces/): the
// numbers that go on the wire (SLOT_TYPE), the names that go into traces and /proc/popcorn/stat,
// what each message and its fields mean (the inspector and the message chart show it), and the
// union of decoded messages. Popcorn's names where they exist.

import { SPECS, WIRE, type Wire } from '../interfaces';
import type { MessageSpec } from './interface';
import type { Fields, RecordOf } from './wire-types';
import { WireError } from './codec';

export { WIRE };
export type MessageTypeName = Extract<keyof Wire, string>;

/** Message numbers by name. */
export const MSG = Object.fromEntries(SPECS.map((s) => [s.name, s.type])) as {
  readonly [N in MessageTypeName]: number;
};

/** A message's fields by its name. */
export type BodyOf<N extends MessageTypeName> = Wire[N] extends { declared: infer F extends Fields }
  ? RecordOf<F>
  : never;

/** A decoded message: its name tells its fields apart. */
export type AnyMessage = { [N in MessageTypeName]: { name: N; fields: BodyOf<N> } }[MessageTypeName];

const BY_TYPE = new Map<number, MessageSpec>(SPECS.map((s) => [s.type, s]));

/** Every declared message, in number order. */
export function messageSpecs(): readonly MessageSpec[] {
  return SPECS;
}

export function messageSpec(type: number): MessageSpec | undefined {
  return BY_TYPE.get(type);
}

export function messageTypeName(type: number): string {
  return BY_TYPE.get(type)?.name ?? `TYPE_${type}`;
}

export function isKnownMessageType(type: number): boolean {
  return BY_TYPE.has(type);
}

/** Decodes any message's payload by its type; a WireError for an unknown type or a bad payload. */
export function decodeMessage(type: number, body: Uint8Array): AnyMessage {
  const spec = BY_TYPE.get(type);
  if (!spec) throw new WireError(`unknown message type ${type}`);
  return { name: spec.name, fields: spec.decode(body) } as AnyMessage;
}

/** What a message type is for, in one line ('' for an unknown type). */
export function messageDescription(type: number): string {
  return BY_TYPE.get(type)?.doc ?? '';
}
