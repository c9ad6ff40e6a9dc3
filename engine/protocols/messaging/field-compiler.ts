// Turns a declared list of fields into straight-line code that writes and reads them, once per
// message type or struct at load: one property access and one codec call per field, and the
// record built as one object literal (one hidden class per type), as fast as the hand-written
// chains it replaces. Where code cannot be generated (a Content-Security-Policy without
// 'unsafe-eval'), the same work is done by a loop over the fields.

import type { WireReader, WireWriter } from './codec';
import type { Codec, NamedField } from './wire-types';

export interface FieldsCodec {
  write(w: WireWriter, v: Readonly<Record<string, unknown>>): void;
  read(r: WireReader): Record<string, unknown>;
}

type Types = ReadonlyArray<Codec<unknown>>;

export function compileFields(fields: readonly NamedField[]): FieldsCodec {
  const types: Types = fields.map((f) => f.type);
  const key = (f: NamedField) => JSON.stringify(f.name);
  try {
    /* eslint-disable @typescript-eslint/no-implied-eval -- generated from the declarations only */
    const write = new Function('t', 'w', 'v', fields.map((f, i) => `t[${i}].write(w, v[${key(f)}]);`).join('\n')) as (
      t: Types,
      w: WireWriter,
      v: Readonly<Record<string, unknown>>,
    ) => void;
    const read = new Function(
      't',
      'r',
      `return {${fields.map((f, i) => `${key(f)}: t[${i}].read(r)`).join(',\n')}};`,
    ) as (t: Types, r: WireReader) => Record<string, unknown>;
    /* eslint-enable @typescript-eslint/no-implied-eval */
    return {
      write: (w, v) => {
        write(types, w, v);
      },
      read: (r) => read(types, r),
    };
  } catch {
    return interpreted(fields);
  }
}

/** The same, by a loop over the fields (and the way to find which field a bad payload broke). */
export function interpreted(fields: readonly NamedField[]): FieldsCodec {
  return {
    write: (w, v) => {
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i] as NamedField;
        f.type.write(w, v[f.name]);
      }
    },
    read: (r) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i] as NamedField;
        out[f.name] = f.type.read(r);
      }
      return out;
    },
  };
}
