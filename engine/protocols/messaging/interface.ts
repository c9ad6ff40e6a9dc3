// How a service declares its messages (in the spirit of Barrelfish's .if files, in TypeScript):
// each message once, as data, with its number, a one-line description, the response(s) that
// answer it, and its fields in wire order, each with a type (wire-types.ts) and a one-line
// description. defineInterface() turns a declaration into message specs that encode and decode
// typed records; message-types.ts collects every service's into the machine's one table.
//
//   export const NODE_INFO_IF = defineInterface('node info', 'Who else is on the machine.', {
//     NODE_INFO: { number: 1, doc: 'A kernel announces itself to a peer.', fields: {
//       harts: field(list(u32, 64), 'its harts'), ... } },
//   });
//   messenger.send(to, MSG.NODE_INFO, NODE_INFO_IF.NODE_INFO.encode({ harts, ... }), now);
//   const { harts } = NODE_INFO_IF.NODE_INFO.decode(m.body);

import { WireError, WireReader, WireWriter } from './codec';
import { compileFields, interpreted, type FieldsCodec } from './field-compiler';
import { namedFields, type Fields, type NamedField, type RecordOf } from './wire-types';

export interface MessageDecl {
  /** Its number on the wire (a ring slot's type). */
  readonly number: number;
  /** What it is for, in one line (the inspector and the message chart show it). */
  readonly doc: string;
  /** The messages that answer it, when it is a request. */
  readonly responses?: readonly string[];
  readonly fields: Fields;
}

/** One service's messages by name. */
export type Declarations = Readonly<Record<string, MessageDecl>>;

/** One writer per thread (per worker): encoding is synchronous and never nested, so one buffer serves all. */
const scratch = new WireWriter();

/** A declared message: what it is, and its codec. */
export class MessageSpec<N extends string = string, F extends Fields = Fields> {
  readonly fields: readonly NamedField[];
  private readonly codec: FieldsCodec;
  /** The request this message answers, if it is a response (filled in by the table). */
  answers: string | undefined;

  constructor(
    readonly name: N,
    readonly type: number,
    readonly doc: string,
    readonly service: string,
    readonly responses: readonly string[],
    /** The fields as declared (their record type is the message's). */
    readonly declared: F,
  ) {
    this.fields = namedFields(declared);
    this.codec = compileFields(this.fields);
  }

  /** The payload of a message with these field values. */
  encode(v: RecordOf<F>): Uint8Array {
    this.codec.write(scratch.reset(), v);
    return scratch.done();
  }

  /** The field values of a payload; a WireError naming the field, if it is not one of these. */
  decode(body: Uint8Array): RecordOf<F> {
    const r = new WireReader(body);
    let v: Record<string, unknown>;
    try {
      v = this.codec.read(r);
    } catch (e) {
      if (!(e instanceof WireError) && !(e instanceof RangeError)) throw e;
      throw new WireError(
        `${this.name}: bad field ${this.failedField(body)} in a ${body.length}-byte payload: ${e.message}`,
      );
    }
    if (r.remaining !== 0) throw new WireError(`${this.name}: ${r.remaining} bytes left over after its last field`);
    return v as RecordOf<F>;
  }

  /** Which field a payload that failed to decode broke (read again, field by field). */
  private failedField(body: Uint8Array): string {
    const r = new WireReader(body);
    for (const f of this.fields) {
      try {
        interpreted([f]).read(r);
      } catch {
        return f.name;
      }
    }
    return '?';
  }
}

/** The message specs of one service, by name. */
export type Interface<D extends Declarations> = {
  readonly [N in keyof D & string]: MessageSpec<N, D[N]['fields']>;
};

/** Turns a service's declarations into its message specs. */
export function defineInterface<const D extends Declarations>(service: string, doc: string, decls: D): Interface<D> {
  const out: Record<string, MessageSpec> = {};
  for (const [name, d] of Object.entries(decls)) {
    out[name] = new MessageSpec(name, d.number, d.doc, service, d.responses ?? [], d.fields);
  }
  Object.defineProperty(out, SERVICE, { value: { service, doc }, enumerable: false });
  return out as unknown as Interface<D>;
}

const SERVICE = Symbol('service');

/** A service's name and description, as defineInterface was given them. */
export function serviceOf(i: object): { service: string; doc: string } {
  return (i as { [SERVICE]: { service: string; doc: string } })[SERVICE];
}
