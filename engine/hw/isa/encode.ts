// A table-driven assembler for single instructions: encode('addi', { rd: 10, rs1: 10, imm12: 1 }).
// Tests use it to write guest code without a toolchain; the disassembler tests use it to check
// that decoding inverts encoding.

import { BASE_INSTRUCTIONS } from './instructions';
import type { InstructionSpec, Operand } from './table';

export type OperandValues = Partial<Record<Operand, number | bigint>>;

const byName = new Map<string, InstructionSpec>(BASE_INSTRUCTIONS.map((s) => [s.name, s]));

export function specByName(name: string): InstructionSpec {
  const spec = byName.get(name);
  if (!spec) throw new Error(`no instruction ${name}`);
  return spec;
}

function bitsOf(v: number, hi: number, lo: number): number {
  return Math.floor(v / 2 ** lo) % 2 ** (hi - lo + 1);
}

/** Places one operand's value into its instruction fields. */
export function placeOperand(op: Operand, value: number): number {
  const v = value < 0 ? value + 2 ** 32 : value; // two's complement for immediates
  switch (op) {
    case 'rd':
    case 'frd':
      return (v & 31) << 7;
    case 'rs1':
    case 'frs1':
    case 'zimm':
      return (v & 31) << 15;
    case 'rs2':
    case 'frs2':
    case 'shamtw':
      return (v & 31) << 20;
    case 'shamtd':
      return (v & 63) << 20;
    case 'frs3':
      return (v & 31) << 27;
    case 'imm12':
    case 'csr':
      return (v & 0xfff) << 20;
    case 'simm12':
      return (bitsOf(v, 11, 5) << 25) | (bitsOf(v, 4, 0) << 7);
    case 'bimm13':
      return (bitsOf(v, 12, 12) << 31) | (bitsOf(v, 10, 5) << 25) | (bitsOf(v, 4, 1) << 8) | (bitsOf(v, 11, 11) << 7);
    case 'imm20':
      return bitsOf(v, 19, 0) << 12;
    case 'jimm21':
      return (
        (bitsOf(v, 20, 20) << 31) | (bitsOf(v, 10, 1) << 21) | (bitsOf(v, 11, 11) << 20) | (bitsOf(v, 19, 12) << 12)
      );
    case 'rm':
      return (v & 7) << 12;
    case 'aqrl':
      return (v & 3) << 25;
    case 'pred':
      return (v & 15) << 24;
    case 'succ':
      return (v & 15) << 20;
    case 'cimm':
      return 0;
  }
}

/** Encodes a base instruction. Operands not given are 0, except `rm`, which defaults to dynamic (7). */
export function encode(name: string, operands: OperandValues = {}): number {
  const spec = specByName(name);
  let word = spec.match;
  for (const op of spec.operands) {
    const given = operands[op];
    const value = given === undefined ? (op === 'rm' ? 7 : 0) : Number(given);
    word |= placeOperand(op, value);
  }
  return word >>> 0;
}
