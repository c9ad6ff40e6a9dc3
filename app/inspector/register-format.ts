// How the inspector writes a thread's registers: 64-bit hex with the RISC-V ABI names, the
// float registers also as numbers (a single-precision value NaN-boxed in a 64-bit register as
// the single it is), fcsr as its rounding mode and raised flags, and which registers changed
// since the previous reading (so a stepping thread's work stands out).

import { F_NAMES, X_NAMES } from '../../engine/machine/browser/disassembly';

export interface RegisterRow {
  /** x5, f10, ... */
  name: string;
  /** t0, fa0, ... */
  abi: string;
  hex: string;
  /** The float registers' value as a number (empty for x registers). */
  value: string;
}

/** A 64-bit value as 0x and 16 hex digits, grouped in fours for reading: 0x0000_003f_ffff_eff0. */
export function hex64(v: bigint): string {
  const h = BigInt.asUintN(64, v).toString(16).padStart(16, '0');
  return `0x${h.slice(0, 4)}_${h.slice(4, 8)}_${h.slice(8, 12)}_${h.slice(12)}`;
}

/** An address (below 2^53) as hex without leading zeros past 8 digits: 0x0001_0a3c. */
export function hexAddress(a: number): string {
  const h = Math.max(0, Math.floor(a)).toString(16).padStart(8, '0');
  const groups: string[] = [];
  for (let end = h.length; end > 0; end -= 4) groups.unshift(h.slice(Math.max(0, end - 4), end));
  return `0x${groups.join('_')}`;
}

export function xRows(x: readonly bigint[]): RegisterRow[] {
  return X_NAMES.map((abi, i) => ({ name: `x${i}`, abi, hex: hex64(x[i] ?? 0n), value: '' }));
}

const buffer = new DataView(new ArrayBuffer(8));

/** A float register's bits as a number: a double, or a NaN-boxed single (upper 32 bits all ones). */
export function floatValue(bits: bigint): string {
  const v = BigInt.asUintN(64, bits);
  buffer.setBigUint64(0, v);
  if (v >> 32n === 0xffffffffn) return `${String(buffer.getFloat32(4))} (single)`;
  return String(buffer.getFloat64(0));
}

export function fRows(f: readonly bigint[]): RegisterRow[] {
  return F_NAMES.map((abi, i) => {
    const bits = f[i] ?? 0n;
    return { name: `f${i}`, abi, hex: hex64(bits), value: floatValue(bits) };
  });
}

const ROUNDING = ['rne', 'rtz', 'rdn', 'rup', 'rmm', 'reserved (5)', 'reserved (6)', 'dyn'];
const FLAGS: Array<[number, string]> = [
  [16, 'NV'],
  [8, 'DZ'],
  [4, 'OF'],
  [2, 'UF'],
  [1, 'NX'],
];

/** fcsr as "rounding rne · flags NX OF" ("no flags" when none is raised). */
export function fcsrText(fcsr: number): string {
  const flags = FLAGS.filter(([bit]) => fcsr & bit).map(([, name]) => name);
  return `rounding ${ROUNDING[(fcsr >> 5) & 7] ?? '?'} · ${flags.length > 0 ? `flags ${flags.join(' ')}` : 'no flags'}`;
}

/** Indices of the registers that differ between two readings (none when there is no earlier one). */
export function changedRegisters(before: readonly bigint[] | undefined, now: readonly bigint[]): Set<number> {
  const changed = new Set<number>();
  if (!before) return changed;
  now.forEach((v, i) => {
    if (before[i] !== v) changed.add(i);
  });
  return changed;
}
