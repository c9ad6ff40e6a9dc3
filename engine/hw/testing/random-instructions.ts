// Random operands for instruction tests, from a fixed seed so every run tests the same words:
// the disassembler tests encode every base instruction with them (disasm.test.ts,
// disasm-objdump.test.ts).

import type { Operand } from '../isa/table';

/** mulberry32: a small seeded generator of integers in [0, n). */
export function seeded(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n) >>> 0;
  };
}

/** Conversions binutils only knows with rm = rne (they are exact): other modes are not instructions. */
export const EXACT_CONVERSIONS: ReadonlySet<string> = new Set(['fcvt.d.w', 'fcvt.d.wu', 'fcvt.d.s']);

/** A random value for one operand of instruction `name`. */
export function randomOperand(op: Operand, rand: (n: number) => number, name: string): number {
  switch (op) {
    case 'imm12':
    case 'simm12':
      return rand(4096) - 2048;
    case 'bimm13':
      return (rand(4096) - 2048) * 2;
    case 'jimm21':
      return (rand(1 << 20) - (1 << 19)) * 2;
    case 'imm20':
      return rand(1 << 20);
    case 'shamtd':
      return rand(64);
    case 'csr':
      return rand(4096);
    case 'rm':
      return EXACT_CONVERSIONS.has(name) ? 0 : ([0, 1, 2, 3, 4, 7][rand(6)] as number);
    case 'aqrl':
      return rand(4);
    case 'pred':
    case 'succ':
      return 1 + rand(15);
    default:
      return rand(32);
  }
}
