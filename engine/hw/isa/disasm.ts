// The disassembler: one instruction's bits to text in GNU objdump's `-M no-aliases` style
// (`addi a0,a1,-5`, `ld a0,8(sp)`, `amoadd.d.aqrl a0,a2,(a1)`, `fadd.s fa0,fa1,fa2,rtz`).
// It is driven by the instruction table: lookup() finds the spec and its operand list says what
// to print. Compressed instructions print their own mnemonic with the operands of the 32-bit
// instruction they expand to; the expansion is the hart's (pass its `expandCompressed` export).
//
//   disassemble(0x00a50513)                          -> { text: 'addi a0,a0,10', length: 4, name: 'addi' }
//   disassemble(0x0505, { expand: wasm.expandCompressed }) -> { text: 'c.addi a0,a0,1', length: 2, ... }
//
// Branch and jump targets print as an absolute hex address when `pc` is given (as objdump
// does), else relative to the instruction, `.+8`. Unknown bits print as `.word`/`.half`.

import { BASE_INSTRUCTIONS, COMPRESSED_INSTRUCTIONS } from './instructions';
import { lookup, type InstructionSpec } from './table';

export interface DisasmOptions {
  /** 16-bit instruction -> its 32-bit expansion, 0 when illegal (the hart's expandCompressed). */
  expand?: (h: number) => number;
  /** Address of the instruction, to print branch and jump targets as addresses. */
  pc?: bigint;
}

export interface Disassembly {
  text: string;
  length: 2 | 4;
  /** The table's name for the instruction (`c.addi`, `fcvt.w.s`), or `.word`/`.half`. */
  name: string;
}

export const X_NAMES: readonly string[] = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
]; // prettier-ignore

export const F_NAMES: readonly string[] = [
  'ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7', 'fs0', 'fs1', 'fa0', 'fa1', 'fa2', 'fa3', 'fa4', 'fa5',
  'fa6', 'fa7', 'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7', 'fs8', 'fs9', 'fs10', 'fs11', 'ft8', 'ft9', 'ft10', 'ft11',
]; // prettier-ignore

/** The CSRs a user-mode RV64GC program can name; others print as hex. */
export const CSR_NAMES: ReadonlyMap<number, string> = new Map([
  [0x001, 'fflags'],
  [0x002, 'frm'],
  [0x003, 'fcsr'],
  [0xc00, 'cycle'],
  [0xc01, 'time'],
  [0xc02, 'instret'],
]);

/** Rounding modes by `rm` value; 5 and 6 are reserved, 7 (dyn) is not printed. */
export const ROUNDING_MODES: readonly string[] = ['rne', 'rtz', 'rdn', 'rup', 'rmm', 'unknown', 'unknown', 'dyn'];

/** Conversions that are always exact: binutils assembles them with rm = 0 and prints no rm. */
const EXACT_CONVERSIONS = new Set(['fcvt.d.w', 'fcvt.d.wu', 'fcvt.d.s']);

/** Major opcodes whose `imm12` is a displacement: loads, FP loads, jalr print `imm(rs1)`. */
const DISPLACEMENT_OPCODES = new Set([0x03, 0x07, 0x67]);

const FENCE_TSO = 0x8330000f;

/** Sign-extends the low `width` bits of `v`. */
function sext(v: number, width: number): number {
  const shift = 32 - width;
  return (v << shift) >> shift;
}

/** Reads one operand's value from an instruction (the inverse of encode.ts's placeOperand). */
export function operandValue(op: InstructionSpec['operands'][number], w: number): number {
  switch (op) {
    case 'rd':
    case 'frd':
      return (w >>> 7) & 31;
    case 'rs1':
    case 'frs1':
    case 'zimm':
      return (w >>> 15) & 31;
    case 'rs2':
    case 'frs2':
    case 'shamtw':
      return (w >>> 20) & 31;
    case 'shamtd':
      return (w >>> 20) & 63;
    case 'frs3':
      return (w >>> 27) & 31;
    case 'imm12':
      return w >> 20;
    case 'csr':
      return (w >>> 20) & 0xfff;
    case 'simm12':
      return ((w >> 25) << 5) | ((w >>> 7) & 31);
    case 'bimm13':
      return sext(
        (((w >>> 31) & 1) << 12) | (((w >>> 7) & 1) << 11) | (((w >>> 25) & 0x3f) << 5) | (((w >>> 8) & 15) << 1),
        13,
      );
    case 'imm20':
      return (w >>> 12) & 0xfffff;
    case 'jimm21':
      return sext(
        (((w >>> 31) & 1) << 20) | (((w >>> 12) & 0xff) << 12) | (((w >>> 20) & 1) << 11) | (((w >>> 21) & 0x3ff) << 1),
        21,
      );
    case 'rm':
      return (w >>> 12) & 7;
    case 'aqrl':
      return (w >>> 25) & 3;
    case 'pred':
      return (w >>> 24) & 15;
    case 'succ':
      return (w >>> 20) & 15;
    case 'cimm':
      return 0;
  }
}

function hex(v: number | bigint): string {
  return '0x' + v.toString(16);
}

function fenceSet(v: number): string {
  if (v === 0) return 'unknown';
  return ['i', 'o', 'r', 'w'].filter((_, i) => (v & (8 >> i)) !== 0).join('');
}

function target(offset: number, pc: bigint | undefined): string {
  if (pc === undefined) return offset < 0 ? `.${offset}` : `.+${offset}`;
  return BigInt.asUintN(64, pc + BigInt(offset)).toString(16);
}

/** Mnemonic and operand text of a 32-bit instruction matching `spec`. */
function formatBase(spec: InstructionSpec, w: number, pc: bigint | undefined): { mnemonic: string; operands: string } {
  if (w === FENCE_TSO) return { mnemonic: 'fence.tso', operands: '' };
  const value = (op: InstructionSpec['operands'][number]): number => operandValue(op, w);
  const ops = spec.operands;
  const displacement = ops.includes('simm12') || (ops.includes('imm12') && DISPLACEMENT_OPCODES.has(w & 0x7f));
  const atomic = ops.includes('aqrl');
  let mnemonic = spec.name;
  const parts: string[] = [];
  for (const op of ops) {
    const v = value(op);
    switch (op) {
      case 'rd':
      case 'rs2':
        parts.push(X_NAMES[v] as string);
        break;
      case 'rs1': {
        const name = X_NAMES[v] as string;
        // displacements print as `imm(rs1)` after the immediate; atomics address `(rs1)`
        if (!displacement) parts.push(atomic ? `(${name})` : name);
        break;
      }
      case 'frd':
      case 'frs1':
      case 'frs2':
      case 'frs3':
        parts.push(F_NAMES[v] as string);
        break;
      case 'imm12':
      case 'simm12':
        parts.push(displacement ? `${v}(${X_NAMES[value('rs1')] as string})` : String(v));
        break;
      case 'zimm':
        parts.push(String(v));
        break;
      case 'imm20':
      case 'shamtd':
      case 'shamtw':
        parts.push(hex(v));
        break;
      case 'bimm13':
      case 'jimm21':
        parts.push(target(v, pc));
        break;
      case 'csr':
        parts.push(CSR_NAMES.get(v) ?? hex(v));
        break;
      case 'rm':
        if (v !== 7 && !(v === 0 && EXACT_CONVERSIONS.has(spec.name))) parts.push(ROUNDING_MODES[v] as string);
        break;
      case 'aqrl':
        mnemonic += ['', '.rl', '.aq', '.aqrl'][v] as string;
        break;
      case 'pred':
      case 'succ':
        parts.push(fenceSet(v));
        break;
      case 'cimm':
        break;
    }
  }
  return { mnemonic, operands: parts.join(',') };
}

function join(mnemonic: string, operands: string): string {
  return operands === '' ? mnemonic : `${mnemonic} ${operands}`;
}

function unknown(bits: number, length: 2 | 4): Disassembly {
  const name = length === 4 ? '.word' : '.half';
  return { text: `${name} 0x${bits.toString(16).padStart(length * 2, '0')}`, length, name };
}

/**
 * Disassembles the instruction whose first bits are `bits` (little-endian, as fetched: a 32-bit
 * read at pc may hold a compressed instruction in its low half and the next one above it).
 */
export function disassemble(bits: number, opts: DisasmOptions = {}): Disassembly {
  const w = bits >>> 0;
  if ((w & 3) === 3) {
    const spec = lookup(BASE_INSTRUCTIONS, w);
    if (!spec) return unknown(w, 4);
    const { mnemonic, operands } = formatBase(spec, w, opts.pc);
    return { text: join(mnemonic, operands), length: 4, name: spec.name };
  }
  const h = w & 0xffff;
  const spec = lookup(COMPRESSED_INSTRUCTIONS, h);
  if (!spec) return unknown(h, 2);
  if (!opts.expand) return { text: spec.name, length: 2, name: spec.name };
  const expanded = opts.expand(h) >>> 0;
  const base = expanded === 0 ? undefined : lookup(BASE_INSTRUCTIONS, expanded);
  if (!base) return unknown(h, 2);
  // a form with no free bits (c.nop, c.ebreak) says everything with its name
  const operands = spec.mask === 0xffff ? '' : formatBase(base, expanded, opts.pc).operands;
  return { text: join(spec.name, operands), length: 2, name: spec.name };
}
