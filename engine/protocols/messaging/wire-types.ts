// The types a declared message's fields may have (engine/protocols/interfaces/): each is a codec
// that writes a value with a WireWriter, reads it back with a WireReader, names itself for the
// inspector, shows a value, and makes a sample value for the round-trip test. Primitives are
// here; composite ones (a thread's state, VMA lists, signal actions) are built from them with
// struct(), list() and friends where their types live (migration/wire.ts, ssi/...).
//
// Codecs are made once, at module load: encoding or decoding a message allocates no closures.

import { WireError, WireWriter, type WireReader } from './codec';
import { compileFields } from './field-compiler';

/** Makes sample values: deterministic from a seed, small or as large as a field may be. */
export class SampleGen {
  private state: number;

  constructor(
    seed: number,
    /** Sample the longest values (lists and byte strings at their largest). */
    readonly large = false,
  ) {
    this.state = seed >>> 0 || 1;
  }

  /** A number in [0, n). */
  below(n: number): number {
    // xorshift32: enough spread for test values, and the same sequence everywhere
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state % Math.max(1, n);
  }

  /** A count for a list of at most `max` items (the maximum when sampling large). */
  count(max: number): number {
    return this.large ? max : this.below(Math.min(max, 4) + 1);
  }
}

export interface Codec<T> {
  /** What the inspector calls the type ("u32", "VMA list"). */
  readonly name: string;
  write(w: WireWriter, v: T): void;
  read(r: WireReader): T;
  /** The value as the inspector shows it. */
  show(v: T): string;
  sample(g: SampleGen): T;
  /** Only as a message's last field: absent when no bytes are left. */
  readonly trailing?: boolean;
}

export type ValueOf<C> = C extends Codec<infer T> ? T : never;

const hex = (n: number) => `0x${n.toString(16)}`;

export const u8: Codec<number> = {
  name: 'u8',
  write: (w, v) => w.u8(v),
  read: (r) => r.u8(),
  show: String,
  sample: (g) => g.below(256),
};

export const bool: Codec<boolean> = {
  name: 'flag',
  write: (w, v) => w.u8(v ? 1 : 0),
  read: (r) => r.u8() === 1,
  show: (v) => (v ? 'yes' : 'no'),
  sample: (g) => g.below(2) === 1,
};

export const u32: Codec<number> = {
  name: 'u32',
  write: (w, v) => w.u32(v),
  read: (r) => r.u32(),
  show: String,
  sample: (g) => g.below(0xffffffff),
};

export const i32: Codec<number> = {
  name: 'i32',
  write: (w, v) => w.i32(v),
  read: (r) => r.i32(),
  show: String,
  sample: (g) => g.below(0xffffffff) - 0x80000000,
};

/** A number that fits 53 bits exactly (addresses, sizes, virtual times, results). */
export const f64: Codec<number> = {
  name: 'f64',
  write: (w, v) => w.f64(v),
  read: (r) => r.f64(),
  show: String,
  sample: (g) => g.below(2 ** 31) * 4096 + g.below(4096),
};

/** An address: a 53-bit number the inspector shows in hex. */
export const addr: Codec<number> = { ...f64, name: 'address', show: hex };

export const u64: Codec<bigint> = {
  name: 'u64',
  write: (w, v) => w.u64(v),
  read: (r) => r.u64(),
  show: (v) => `0x${v.toString(16)}`,
  sample: (g) => (BigInt(g.below(0xffffffff)) << 32n) | BigInt(g.below(0xffffffff)),
};

/** Bytes of any length up to `max` (sampled at `max` when large). */
export function bytes(max: number, name = 'bytes'): Codec<Uint8Array> {
  return {
    name,
    write: (w, v) => w.bytes(v),
    read: (r) => r.bytes(),
    show: (v) => `${v.length} bytes`,
    sample: (g) => Uint8Array.from({ length: g.large ? max : g.below(max + 1) }, () => g.below(256)),
  };
}

/** Bytes of exactly `size` (a register file): length-prefixed on the wire like bytes(). */
export function fixedBytes(size: number, name: string): Codec<Uint8Array> {
  return { ...bytes(size, name), sample: (g) => Uint8Array.from({ length: size }, () => g.below(256)) };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789/._-é';

function sampleText(g: SampleGen, max: number): string {
  let s = '';
  for (let i = g.large ? max : g.below(max + 1); i > 0; i--) s += ALPHABET.charAt(g.below(ALPHABET.length));
  return s;
}

/** UTF-8 text of at most `max` characters (for samples; the wire takes any length). */
export function string(max = 32): Codec<string> {
  return {
    name: 'string',
    write: (w, v) => w.string(v),
    read: (r) => r.string(),
    show: (v) => JSON.stringify(v),
    sample: (g) => sampleText(g, max),
  };
}

/** A list of strings sent as one, NUL-separated (argv): never empty, one empty string at least. */
export function nulList(max = 4): Codec<string[]> {
  return {
    name: 'string list',
    write: (w, v) => w.string(v.join('\0')),
    read: (r) => r.string().split('\0'),
    show: (v) => v.map((s) => JSON.stringify(s)).join(' '),
    sample: (g) => Array.from({ length: g.count(max) + 1 }, () => sampleText(g, 12)),
  };
}

/** One of `names`, sent as its index (u8). */
export function oneOf<const T extends string>(names: readonly T[], name: string): Codec<T> {
  return {
    name,
    write: (w, v) => w.u8(names.indexOf(v)),
    read: (r) => {
      const at = r.offset;
      const v = names[r.u8()];
      if (v === undefined) throw new WireError(`no ${name} numbered ${String(names.length)} or more at byte ${at}`);
      return v;
    },
    show: (v) => v,
    sample: (g) => names[g.below(names.length)] as T,
  };
}

/** A u32 count, then the items. */
export function list<T>(item: Codec<T>, max: number, name = `${item.name} list`): Codec<T[]> {
  return {
    name,
    write: (w, v) => {
      w.u32(v.length);
      for (let i = 0; i < v.length; i++) item.write(w, v[i] as T);
    },
    read: (r) => {
      const n = r.u32();
      // every item takes a byte at least: a garbled count fails here, not after a huge allocation
      if (n > r.remaining) throw new WireError(`a list of ${n} items cannot fit the ${r.remaining} bytes left`);
      const out = new Array<T>(n);
      for (let i = 0; i < n; i++) out[i] = item.read(r);
      return out;
    },
    show: (v) => (v.length === 0 ? 'none' : v.map((x) => item.show(x)).join('; ')),
    sample: (g) => Array.from({ length: g.count(max) }, () => item.sample(g)),
  };
}

/** Exactly `n` items, no count on the wire. */
export function array<T>(item: Codec<T>, n: number, name: string): Codec<T[]> {
  return {
    name,
    write: (w, v) => {
      for (let i = 0; i < n; i++) item.write(w, v[i] as T);
    },
    read: (r) => {
      const out = new Array<T>(n);
      for (let i = 0; i < n; i++) out[i] = item.read(r);
      return out;
    },
    show: (v) => v.map((x) => item.show(x)).join('; '),
    sample: (g) => Array.from({ length: n }, () => item.sample(g)),
  };
}

/** `item` behind its byte length (u32), so a reader may skip what it does not know. */
export function sized<T>(item: Codec<T>): Codec<T> {
  return {
    name: item.name,
    write: (w, v) => {
      const at = w.length;
      w.u32(0);
      item.write(w, v);
      w.patchU32(at, w.length - at - 4);
    },
    read: (r) => {
      const n = r.u32();
      const end = r.offset + n;
      if (n > r.remaining) throw new WireError(`${item.name}: ${n} bytes announced, ${r.remaining} left`);
      const v = item.read(r);
      if (r.offset !== end) throw new WireError(`${item.name}: ${n} bytes announced, ${r.offset - end + n} read`);
      return v;
    },
    show: (v) => item.show(v),
    sample: (g) => item.sample(g),
  };
}

/** A last field that may be absent (it is when no bytes are left). */
export function optional<T>(item: Codec<T>): Codec<T | undefined> {
  return {
    name: `${item.name}, if any`,
    trailing: true,
    write: (w, v) => {
      if (v !== undefined) item.write(w, v);
    },
    read: (r) => (r.remaining > 0 ? item.read(r) : undefined),
    show: (v) => (v === undefined ? 'none' : item.show(v)),
    sample: (g) => (g.large || g.below(2) === 1 ? item.sample(g) : undefined),
  };
}

/** A declared field: its type and what it means. */
export interface Field<T = unknown> {
  readonly type: Codec<T>;
  readonly doc: string;
}

export function field<T>(type: Codec<T>, doc: string): Field<T> {
  return { type, doc };
}

export type Fields = Readonly<Record<string, Field<any>>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The record a set of fields makes. */
export type RecordOf<F extends Fields> = { -readonly [K in keyof F]: F[K] extends Field<infer T> ? T : never };

/** A field with its name, as codecs walk them (in wire order: the declaration's). */
export interface NamedField {
  readonly name: string;
  readonly type: Codec<unknown>;
  readonly doc: string;
}

export function namedFields(fields: Fields): NamedField[] {
  const out = Object.entries(fields).map(([name, f]) => ({ name, type: f.type as Codec<unknown>, doc: f.doc }));
  out.forEach((f, i) => {
    if (f.type.trailing && i !== out.length - 1) throw new Error(`field ${f.name}: an optional field must come last`);
  });
  return out;
}

/** A record of named fields, one after the other with nothing between them. */
export function struct<F extends Fields>(name: string, fields: F): Codec<RecordOf<F>> & { fields: NamedField[] } {
  const named = namedFields(fields);
  const codec = compileFields(named);
  return {
    name,
    fields: named,
    write: (w, v) => {
      codec.write(w, v);
    },
    read: (r) => codec.read(r) as RecordOf<F>,
    show: (v) => named.map((f) => `${f.name} ${f.type.show((v as Record<string, unknown>)[f.name])}`).join(', '),
    sample: (g) => {
      const out: Record<string, unknown> = {};
      for (const f of named) out[f.name] = f.type.sample(g);
      return out as RecordOf<F>;
    },
  };
}

const measuring = new WireWriter();

/** How many bytes `v` takes on the wire as a `codec` (to split lists into parts that fit). */
export function measure<T>(codec: Codec<T>, v: T): number {
  codec.write(measuring.reset(), v);
  return measuring.length;
}
