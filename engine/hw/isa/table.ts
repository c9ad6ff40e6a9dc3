// The instruction table's grammar: each instruction is one line in the style of the
// riscv-opcodes project, `name operand... hi..lo=value...`, parsed here into a mask/match pair
// and an operand list. The same parsed table drives the hart's generated decoder
// (scripts/gen-decoder.ts), the disassembler (disasm.ts) and the instruction tests.

export type Extension = 'I' | 'M' | 'A' | 'F' | 'D' | 'C' | 'Zicsr' | 'Zifencei';

/** Operand names as they appear in the table; `f`-prefixed registers are float registers. */
export type Operand =
  | 'rd'
  | 'rs1'
  | 'rs2'
  | 'frd'
  | 'frs1'
  | 'frs2'
  | 'frs3'
  | 'imm12' // I-type immediate, bits 31..20, signed
  | 'simm12' // S-type immediate (imm12hi/imm12lo), signed
  | 'bimm13' // B-type branch offset, signed, even
  | 'imm20' // U-type immediate, bits 31..12
  | 'jimm21' // J-type jump offset, signed, even
  | 'shamtd' // 6-bit shift amount, bits 25..20
  | 'shamtw' // 5-bit shift amount, bits 24..20
  | 'csr'
  | 'zimm' // 5-bit CSR immediate in the rs1 field
  | 'rm' // float rounding mode, bits 14..12
  | 'aqrl' // atomic ordering bits 26..25
  | 'pred'
  | 'succ'
  | 'cimm'; // compressed: operands come from the 32-bit expansion

export interface InstructionSpec {
  /** Assembler mnemonic, e.g. `add`, `fcvt.w.s`, `c.addi`. */
  name: string;
  /** Bits that identify the instruction, and their required values. */
  mask: number;
  match: number;
  /** 4 for base instructions, 2 for compressed ones. */
  length: 2 | 4;
  operands: Operand[];
  ext: Extension;
  /** Compressed only: the base instruction it expands to. */
  expandsTo?: string;
}

const OPERANDS = new Set<string>([
  'rd',
  'rs1',
  'rs2',
  'frd',
  'frs1',
  'frs2',
  'frs3',
  'imm12',
  'simm12',
  'bimm13',
  'imm20',
  'jimm21',
  'shamtd',
  'shamtw',
  'csr',
  'zimm',
  'rm',
  'aqrl',
  'pred',
  'succ',
]);

/**
 * Parses table lines. A line is `name operand* field*` where a field is `hi..lo=value` or
 * `bit=value`, and for compressed lines `-> base` names the expansion. Throws on a malformed
 * line, so a typo in the table fails the build, not a guest.
 */
export function parseTable(lines: readonly string[], ext: Extension): InstructionSpec[] {
  return lines.map((line) => parseLine(line, ext));
}

function parseLine(line: string, ext: Extension): InstructionSpec {
  const words = line.trim().split(/\s+/);
  const name = words[0];
  if (!name) throw new Error(`instruction table: empty line`);
  let mask = 0;
  let match = 0;
  const operands: Operand[] = [];
  let expandsTo: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as string;
    if (word === '->') {
      expandsTo = words[++i];
      continue;
    }
    const field = /^(\d+)(?:\.\.(\d+))?=(0x[0-9a-fA-F]+|\d+)$/.exec(word);
    if (field) {
      const hi = Number(field[1]);
      const lo = field[2] === undefined ? hi : Number(field[2]);
      const value = Number(field[3]);
      const width = hi - lo + 1;
      if (width <= 0 || hi > 31 || value >= 2 ** width) {
        throw new Error(`instruction table: bad field ${word} in "${line}"`);
      }
      const bits = (width === 32 ? 0xffffffff : (1 << width) - 1) << lo;
      if ((mask & bits) !== 0) throw new Error(`instruction table: overlapping ${word} in "${line}"`);
      mask |= bits;
      match |= value << lo;
      continue;
    }
    if (!OPERANDS.has(word)) throw new Error(`instruction table: unknown operand ${word} in "${line}"`);
    operands.push(word as Operand);
  }
  const length = (match & 3) === 3 && (mask & 3) === 3 ? 4 : 2;
  if (length === 2 && !expandsTo) throw new Error(`instruction table: "${name}" needs -> base`);
  return { name, mask: mask >>> 0, match: match >>> 0, length, operands, ext, expandsTo };
}

/** Among the specs that match `bits`, the most specific one (most mask bits), or undefined. */
export function lookup(specs: readonly InstructionSpec[], bits: number): InstructionSpec | undefined {
  let best: InstructionSpec | undefined;
  let bestBits = -1;
  for (const spec of specs) {
    if ((bits & spec.mask) >>> 0 !== spec.match) continue;
    const n = popcount(spec.mask);
    if (n > bestBits) {
      best = spec;
      bestBits = n;
    }
  }
  return best;
}

export function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
  return n;
}
