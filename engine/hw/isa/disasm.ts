// The disassembler: instruction bits to the text GNU objdump (`riscv64-linux-gnu-objdump -d`)
// prints for them, with its pseudo-instructions (`li a5,3`, `mv a1,sp`, `ret`, `beqz a4,0x1060e`)
// or, with `aliases: false`, as `objdump -d -M no-aliases` does (`c.li a5,3`, `addi a5,zero,3`).
// objdump's forms, in the order it tries them, are in gnu-forms.ts; this file prints their
// operand letters. The instruction word is shown as objdump shows it: `4795` for a compressed
// instruction, `02f777b3` for a 32-bit one (a little-endian value, not memory order).
//
//   disassemble(0x00a50513, { pc: 0x10000n })  -> { text: 'add a0,a0,10', length: 4, word: '00a50513', ... }
//   disassemble(0x4795)                        -> { text: 'li a5,5', length: 2, word: '4795', ... }
//
// objdump also follows `lui`/`auipc` into the instruction that completes the address and prints
// that address as a comment (`ld a4,-1058(a4) # 0x76fe0`); a Disassembler keeps that state
// along a run of instructions, as objdump does from the start of what it decodes.

import { CSR_NAMES } from './csr-names';
import { GNU_FORMS, type FormCondition, type GnuForm } from './gnu-forms';

export { CSR_NAMES } from './csr-names';

export interface DisasmOptions {
  /** Address of the instruction: branch targets print as addresses (else relative, `.+8`). */
  pc?: bigint;
  /** false: print as `objdump -M no-aliases` does (no pseudo-instructions). Default true. */
  aliases?: boolean;
}

export interface Disassembly {
  /** Mnemonic and operands, one space between (objdump puts a tab there), and any `# address`. */
  text: string;
  /** 2 or 4 bytes; 6 to 22 for the longer encodings objdump recognizes (none is RV64GC). */
  length: number;
  /** The form's mnemonic (`li`, `c.addi`, `fcvt.w.s`), or `.2byte`/`.4byte`/`.8byte`/`.byte`. */
  name: string;
  /** The instruction as objdump shows it: 4 or 8 hex digits (chunks apart if longer). */
  word: string;
}

export const X_NAMES: readonly string[] = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
]; // prettier-ignore

export const F_NAMES: readonly string[] = [
  'ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7', 'fs0', 'fs1', 'fa0', 'fa1', 'fa2', 'fa3', 'fa4', 'fa5',
  'fa6', 'fa7', 'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7', 'fs8', 'fs9', 'fs10', 'fs11', 'ft8', 'ft9', 'ft10', 'ft11',
]; // prettier-ignore

/** Rounding modes by `rm` value; objdump prints `unknown` for the reserved 5 and 6. */
export const ROUNDING_MODES: readonly string[] = ['rne', 'rtz', 'rdn', 'rup', 'rmm', 'unknown', 'unknown', 'dyn'];

/** Fence sets by their 4 bits (i, o, r, w); an empty set prints as `unknown`. */
const FENCE_SETS = [
  'unknown',
  'w',
  'r',
  'rw',
  'o',
  'ow',
  'or',
  'orw',
  'i',
  'iw',
  'ir',
  'irw',
  'io',
  'iow',
  'ior',
  'iorw',
];

/** Sign-extends the low `width` bits of `v`. */
function sext(v: number, width: number): number {
  const shift = 32 - width;
  return (v << shift) >> shift;
}

function bit(w: number, n: number): number {
  return (w >>> n) & 1;
}

function bits(w: number, hi: number, lo: number): number {
  return (w >>> lo) & ((1 << (hi - lo + 1)) - 1);
}

// ---- immediates (the RISC-V encodings) ----
const iImm = (w: number): number => w >> 20;
const sImm = (w: number): number => ((w >> 25) << 5) | bits(w, 11, 7);
const bImm = (w: number): number =>
  sext((bit(w, 31) << 12) | (bit(w, 7) << 11) | (bits(w, 30, 25) << 5) | (bits(w, 11, 8) << 1), 13);
const jImm = (w: number): number =>
  sext((bit(w, 31) << 20) | (bits(w, 19, 12) << 12) | (bit(w, 20) << 11) | (bits(w, 30, 21) << 1), 21);
const ciImm = (w: number): number => sext((bit(w, 12) << 5) | bits(w, 6, 2), 6);
const ciLwspImm = (w: number): number => (bit(w, 12) << 5) | (bits(w, 6, 4) << 2) | (bits(w, 3, 2) << 6);
const ciLdspImm = (w: number): number => (bit(w, 12) << 5) | (bits(w, 6, 5) << 3) | (bits(w, 4, 2) << 6);
const cssSwspImm = (w: number): number => (bits(w, 12, 9) << 2) | (bits(w, 8, 7) << 6);
const cssSdspImm = (w: number): number => (bits(w, 12, 10) << 3) | (bits(w, 9, 7) << 6);
const ciwImm = (w: number): number =>
  (bits(w, 12, 11) << 4) | (bits(w, 10, 7) << 6) | (bit(w, 6) << 2) | (bit(w, 5) << 3);
const clLwImm = (w: number): number => (bits(w, 12, 10) << 3) | (bit(w, 6) << 2) | (bit(w, 5) << 6);
const clLdImm = (w: number): number => (bits(w, 12, 10) << 3) | (bits(w, 6, 5) << 6);
const ciAddi16spImm = (w: number): number =>
  sext((bit(w, 12) << 9) | (bit(w, 6) << 4) | (bit(w, 5) << 6) | (bits(w, 4, 3) << 7) | (bit(w, 2) << 5), 10);
const cbImm = (w: number): number =>
  sext((bit(w, 12) << 8) | (bits(w, 11, 10) << 3) | (bits(w, 6, 5) << 6) | (bits(w, 4, 3) << 1) | (bit(w, 2) << 5), 9);
const cjImm = (w: number): number =>
  sext(
    (bit(w, 12) << 11) |
      (bit(w, 11) << 4) |
      (bits(w, 10, 9) << 8) |
      (bit(w, 8) << 10) |
      (bit(w, 7) << 6) |
      (bit(w, 6) << 7) |
      (bits(w, 5, 3) << 1) |
      (bit(w, 2) << 5),
    12,
  );

const rd = (w: number): number => bits(w, 11, 7);
const rs1 = (w: number): number => bits(w, 19, 15);
const rs2 = (w: number): number => bits(w, 24, 20);

const isAddi = (w: number): boolean => (w & 0x707f) === 0x13;
const isAddiw = (w: number): boolean => (w & 0x707f) === 0x1b;
const isJalr = (w: number): boolean => (w & 0x707f) === 0x67;
const isCAddi = (w: number): boolean => (w & 0xe003) === 0x0001;
const isCAddiw = (w: number): boolean => (w & 0xe003) === 0x2001;

function holds(condition: FormCondition | undefined, w: number): boolean {
  switch (condition) {
    case undefined:
      return true;
    case 'rdNonzero':
      return rd(w) !== 0;
    case 'cAdd':
      return rd(w) !== 0 && bits(w, 6, 2) !== 0;
    case 'cAddHint':
      return bits(w, 6, 2) !== 0;
    case 'cAddi16sp':
      return rd(w) === 2;
    case 'cLui':
      return rd(w) !== 0 && rd(w) !== 2 && ciImm(w) !== 0;
    case 'cLuiHint':
      return rd(w) !== 2 && ciImm(w) !== 0;
    case 'cNonzeroImm':
      return ciImm(w) !== 0;
    case 'cZeroImm':
      return ciImm(w) === 0;
    case 'cSlli':
      return rd(w) !== 0 && ciImm(w) !== 0;
    case 'cAddi4spn':
      return ciwImm(w) !== 0;
    case 'rs1EqRs2':
      return rs1(w) === rs2(w);
  }
}

/** The bits every form of its length fixes: the major opcode, or a compressed quadrant and funct3. */
function bucket(w: number, length: 2 | 4): number {
  return length === 4 ? w & 0x7f : 0x80 | (w & 3) | ((w >>> 11) & 0x1c);
}

/** The forms by bucket, each list in objdump's order (so the search is short). */
const FORMS_BY_BUCKET = new Map<number, GnuForm[]>();
for (const form of GNU_FORMS) {
  if (bucket(form.mask, form.length) !== bucket(0xffffffff, form.length))
    throw new Error(`disassembler: ${form.name} leaves its opcode free`);
  const key = bucket(form.match, form.length);
  const list = FORMS_BY_BUCKET.get(key) ?? [];
  list.push(form);
  FORMS_BY_BUCKET.set(key, list);
}

/** The first form that prints `w`, as objdump searches them. */
function findForm(w: number, length: 2 | 4, aliases: boolean): GnuForm | undefined {
  for (const form of FORMS_BY_BUCKET.get(bucket(w, length)) ?? []) {
    if ((w & form.mask) >>> 0 !== form.match) continue;
    if (!aliases && form.alias) continue;
    if (holds(form.condition, w)) return form;
  }
  return undefined;
}

function hex(v: bigint | number): string {
  return '0x' + v.toString(16);
}

function wordHex(w: number, length: 2 | 4): string {
  return w.toString(16).padStart(length * 2, '0');
}

/**
 * Disassembles a run of instructions as objdump does, carrying its address-tracking state from
 * one instruction to the next: an `auipc` or `lui` remembers the address it builds in its
 * register, and the next instruction that adds to or loads through that register prints the
 * address as a comment (once).
 */
export class Disassembler {
  private readonly high: (bigint | undefined)[] = new Array<bigint | undefined>(32).fill(undefined);
  private comment: bigint | undefined;

  constructor(private readonly aliases = true) {}

  /**
   * Disassembles the instruction whose first bits are `bits` (little-endian, as fetched: a 32-bit
   * read at pc may hold a compressed instruction in its low half and the next one above it).
   * `rest`, the bytes after those 4, is only needed for the encodings longer than 4 bytes.
   */
  next(bits: number, pc?: bigint, rest?: ArrayLike<number>): Disassembly {
    const w = bits >>> 0;
    const size = instructionLength(w);
    if (size > 4) return longEncoding(w, size, rest);
    const length = size === 2 ? 2 : 4;
    const insn = length === 2 ? w & 0xffff : w;
    const form = findForm(insn, length, this.aliases);
    const word = wordHex(insn, length);
    if (!form) {
      const name = length === 2 ? '.2byte' : '.4byte';
      return { text: `${name} ${hex(insn)}`, length, name, word };
    }
    this.comment = undefined;
    const operands = this.operands(form.args, insn, pc);
    const note = this.takeNote();
    let text = operands === '' ? form.name : `${form.name} ${operands}`;
    if (note !== undefined) text += ` # ${hex(note)}`;
    return { text, length, name: form.name, word };
  }

  /** The address the operands just printed built, if objdump would note it. */
  private takeNote(): bigint | undefined {
    const note = this.comment;
    this.comment = undefined;
    return note;
  }

  /** objdump's maybe_print_address: note the address `base + offset` builds, if it knows it. */
  private address(base: number, offset: number, wide: boolean): void {
    const high = this.high[base];
    let address: bigint;
    if (high !== undefined) {
      address = (base !== 0 ? high : 0n) + BigInt(offset);
      this.high[base] = undefined;
    } else if (base === 4 || base === 0) {
      address = BigInt(offset); // tp-relative (TLS) and absolute addresses
    } else return;
    this.comment = BigInt.asUintN(64, wide ? BigInt.asIntN(32, address) : address);
  }

  private target(offset: number, pc: bigint | undefined): string {
    if (pc === undefined) return offset < 0 ? `.${offset}` : `.+${offset}`;
    return hex(BigInt.asUintN(64, pc + BigInt(offset)));
  }

  private operands(args: string, w: number, pc: bigint | undefined): string {
    let out = '';
    for (let i = 0; i < args.length; i++) {
      const c = args[i] as string;
      switch (c) {
        case ',':
        case '(':
        case ')':
          out += c;
          break;
        case '0':
          if (i === args.length - 1) out += '0'; // a zero offset prints only as the last operand
          break;
        case 'd':
          if ((w & 0x7f) === 0x17) this.high[rd(w)] = BigInt.asUintN(64, (pc ?? 0n) + BigInt((w & 0xfffff000) | 0));
          else if ((w & 0x7f) === 0x37) this.high[rd(w)] = BigInt((w & 0xfffff000) | 0);
          else if ((w & 0xe003) === 0x6001) this.high[rd(w)] = BigInt(ciImm(w) << 12);
          out += X_NAMES[rd(w)] as string;
          break;
        case 's':
          if (isJalr(w)) this.address(rs1(w), iImm(w), false);
          out += X_NAMES[rs1(w)] as string;
          break;
        case 't':
          out += X_NAMES[rs2(w)] as string;
          break;
        case 'u':
          out += hex(w >>> 12);
          break;
        case 'm':
          out += ROUNDING_MODES[bits(w, 14, 12)] as string;
          break;
        case 'P':
          out += FENCE_SETS[bits(w, 27, 24)] as string;
          break;
        case 'Q':
          out += FENCE_SETS[bits(w, 23, 20)] as string;
          break;
        case 'o':
        case 'j':
          if (c === 'o') this.address(rs1(w), iImm(w), false);
          if ((isAddi(w) && rs1(w) !== 0) || isJalr(w)) this.address(rs1(w), iImm(w), false);
          if (isAddiw(w) && rs1(w) !== 0) this.address(rs1(w), iImm(w), true);
          out += String(iImm(w));
          break;
        case 'q':
          this.address(rs1(w), sImm(w), false);
          out += String(sImm(w));
          break;
        case 'a':
          out += this.target(jImm(w), pc);
          break;
        case 'p':
          out += this.target(bImm(w), pc);
          break;
        case '>':
          out += hex(bits(w, 25, 20));
          break;
        case '<':
          out += hex(bits(w, 24, 20));
          break;
        case 'S':
        case 'U':
          out += F_NAMES[rs1(w)] as string;
          break;
        case 'T':
          out += F_NAMES[rs2(w)] as string;
          break;
        case 'D':
          out += F_NAMES[rd(w)] as string;
          break;
        case 'R':
          out += F_NAMES[bits(w, 31, 27)] as string;
          break;
        case 'E': {
          const csr = bits(w, 31, 20);
          out += CSR_NAMES.get(csr) ?? hex(csr);
          break;
        }
        case 'Z':
          out += String(rs1(w));
          break;
        case 'C':
          out += this.compressedOperand(args[++i] as string, w, pc);
          break;
        default:
          throw new Error(`disassembler: no operand letter ${c} in "${args}"`);
      }
    }
    return out;
  }

  private compressedOperand(c: string, w: number, pc: bigint | undefined): string {
    switch (c) {
      case 's':
      case 'w':
        return X_NAMES[8 + bits(w, 9, 7)] as string;
      case 't':
      case 'x':
        return X_NAMES[8 + bits(w, 4, 2)] as string;
      case 'U':
        return X_NAMES[rd(w)] as string;
      case 'c':
        return 'sp';
      case 'V':
        return X_NAMES[bits(w, 6, 2)] as string;
      case 'o':
      case 'j':
        if (isCAddi(w) && rd(w) !== 0) this.address(rd(w), ciImm(w), false);
        if (isCAddiw(w) && rd(w) !== 0) this.address(rd(w), ciImm(w), true);
        return String(ciImm(w));
      case 'k':
        return String(clLwImm(w));
      case 'l':
        return String(clLdImm(w));
      case 'm':
        return String(ciLwspImm(w));
      case 'n':
        return String(ciLdspImm(w));
      case 'K':
        return String(ciwImm(w));
      case 'L':
        return String(ciAddi16spImm(w));
      case 'M':
        return String(cssSwspImm(w));
      case 'N':
        return String(cssSdspImm(w));
      case 'p':
        return this.target(cbImm(w), pc);
      case 'a':
        return this.target(cjImm(w), pc);
      case 'u':
        return hex(ciImm(w) & 0xfffff);
      case '>':
        return hex(ciImm(w) & 0x3f);
      case 'T':
        return F_NAMES[bits(w, 6, 2)] as string;
      case 'D':
        return F_NAMES[8 + bits(w, 4, 2)] as string;
      default:
        throw new Error(`disassembler: no operand letter C${c}`);
    }
  }
}

/** Instruction length from its first bits, as objdump reckons it (RISC-V's length encoding). */
export function instructionLength(w: number): number {
  if ((w & 3) !== 3) return 2;
  if ((w & 0x1f) !== 0x1f) return 4;
  if ((w & 0x3f) === 0x1f) return 6;
  if ((w & 0x7f) === 0x3f) return 8;
  if ((w & 0x7f) === 0x7f && (w & 0x7000) !== 0x7000) return 10 + ((w >>> 11) & 0xe);
  return 2;
}

/**
 * The encodings longer than 32 bits (none is an RV64GC instruction): objdump shows them in
 * 32-bit chunks if the length is a multiple of 4, else in halfwords, and prints them as data.
 */
function longEncoding(w: number, length: number, rest: ArrayLike<number> | undefined): Disassembly {
  const bytes = [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24];
  for (let i = 0; i < length - 4; i++) bytes.push(rest?.[i] ?? 0);
  const chunk = length % 4 === 0 ? 4 : 2;
  const chunks: string[] = [];
  for (let i = 0; i < length; i += chunk) {
    let value = 0n;
    for (let k = chunk - 1; k >= 0; k--) value = (value << 8n) | BigInt(bytes[i + k] ?? 0);
    chunks.push(value.toString(16).padStart(chunk * 2, '0'));
  }
  const word = chunks.join(' ');
  if (length === 8) {
    const value = bytes.reduceRight((v, b) => (v << 8n) | BigInt(b), 0n);
    return { text: `.8byte ${hex(value)}`, length, name: '.8byte', word };
  }
  const text = `.byte ${bytes.map((b) => '0x' + b.toString(16).padStart(2, '0')).join(', ')}`;
  return { text, length, name: '.byte', word };
}

/** Disassembles one instruction, with no state from the instructions before it. */
export function disassemble(bits: number, opts: DisasmOptions = {}): Disassembly {
  return new Disassembler(opts.aliases ?? true).next(bits, opts.pc);
}
