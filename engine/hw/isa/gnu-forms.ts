// The forms GNU objdump prints RV64GC instructions in, in the order it tries them: the
// disassembler prints an instruction with the first form that matches it, so `addi a0,zero,5`
// is `li a0,5` and the compressed `c.mv a1,sp` is `mv a1,sp`. With `-M no-aliases` the forms
// marked `alias` are skipped. The order is binutils 2.40's (Debian's riscv64 cross binutils,
// which userland/build.sh uses), checked form by form against that objdump in disasm.test.ts;
// it is not the newer binutils order (2.40 prints `addi` as `add` and `andi` as `and`).
//
// A line is `name args from [field=value]... [alias] [if=condition]`:
//   - args: objdump's operand letters (disasm.ts prints them), `-` for none, `*` for the
//     instruction's own operands (derived from the instruction table);
//   - from: a base instruction of the table (its match and mask), or a compressed encoding below;
//   - field=value: bits the form also fixes (`rd`, `rs1`, `rs2`, `imm`, `rm`, `csr`, `pred`,
//     `succ`, `aqrl`, or `hi..lo`);
//   - condition: a test the mask cannot express (a nonzero register, a nonzero immediate).

import { BASE_INSTRUCTIONS } from './instructions';
import type { InstructionSpec } from './table';

export type FormCondition =
  | 'rdNonzero' // rd (bits 11..7) is not zero
  | 'cAdd' // rd and the compressed rs2 (bits 6..2) are not zero
  | 'cAddHint' // the compressed rs2 is not zero (rd may be: a hint)
  | 'cAddi16sp' // rd is sp (a zero immediate is reserved, yet objdump prints it)
  | 'cLui' // rd is neither zero nor sp and the immediate is not zero
  | 'cLuiHint' // rd is not sp and the immediate is not zero
  | 'cNonzeroImm' // the 6-bit compressed immediate is not zero
  | 'cZeroImm' // it is zero (c.slli64 and friends)
  | 'cSlli' // rd and the immediate are not zero
  | 'cAddi4spn' // the scaled immediate is not zero
  | 'rs1EqRs2';

export interface GnuForm {
  name: string;
  /** objdump's operand letters, e.g. `d,o(s)` or `Ct,Cl(Cs)`. */
  args: string;
  match: number;
  mask: number;
  length: 2 | 4;
  alias: boolean;
  condition?: FormCondition;
}

/** The compressed encodings objdump's forms refer to: [match, mask]. */
const COMPRESSED: Readonly<Record<string, readonly [number, number]>> = {
  'c.unimp': [0x0000, 0xffff],
  'c.addi4spn': [0x0000, 0xe003],
  'c.fld': [0x2000, 0xe003],
  'c.lw': [0x4000, 0xe003],
  'c.ld': [0x6000, 0xe003],
  'c.fsd': [0xa000, 0xe003],
  'c.sw': [0xc000, 0xe003],
  'c.sd': [0xe000, 0xe003],
  'c.addi': [0x0001, 0xe003],
  'c.addiw': [0x2001, 0xe003],
  'c.li': [0x4001, 0xe003],
  'c.addi16sp': [0x6101, 0xef83],
  'c.lui': [0x6001, 0xe003],
  'c.srli': [0x8001, 0xec03],
  'c.srai': [0x8401, 0xec03],
  'c.srli64': [0x8001, 0xfc7f],
  'c.srai64': [0x8401, 0xfc7f],
  'c.andi': [0x8801, 0xec03],
  'c.sub': [0x8c01, 0xfc63],
  'c.xor': [0x8c21, 0xfc63],
  'c.or': [0x8c41, 0xfc63],
  'c.and': [0x8c61, 0xfc63],
  'c.subw': [0x9c01, 0xfc63],
  'c.addw': [0x9c21, 0xfc63],
  'c.j': [0xa001, 0xe003],
  'c.beqz': [0xc001, 0xe003],
  'c.bnez': [0xe001, 0xe003],
  'c.slli': [0x0002, 0xe003],
  'c.slli64': [0x0002, 0xf07f],
  'c.fldsp': [0x2002, 0xe003],
  'c.lwsp': [0x4002, 0xe003],
  'c.ldsp': [0x6002, 0xe003],
  'c.jr': [0x8002, 0xf07f],
  'c.mv': [0x8002, 0xf003],
  'c.ebreak': [0x9002, 0xffff],
  'c.jalr': [0x9002, 0xf07f],
  'c.add': [0x9002, 0xf003],
  'c.fsdsp': [0xa002, 0xe003],
  'c.swsp': [0xc002, 0xe003],
  'c.sdsp': [0xe002, 0xe003],
};

/** The atomics, each printed with its ordering suffix as part of the name (`lr.w.aq`). */
const ATOMICS = BASE_INSTRUCTIONS.filter((s) => s.operands.includes('aqrl')).map((s) => s.name);
const ATOMIC_FORMS = ['', '.aq', '.rl', '.aqrl'].flatMap((suffix, i) =>
  ATOMICS.map((name) => `${name}${suffix} * ${name} aqrl=${[0, 2, 1, 3][i] as number}`),
);

/** Instructions whose rounding mode is fixed at rne (exact conversions): one form, no `rm`. */
const EXACT = new Set(['fcvt.d.w', 'fcvt.d.wu', 'fcvt.d.s']);

/** Instructions with a rounding mode: first the form for `dyn` (printed without it), then with it. */
function rounded(name: string): string[] {
  if (EXACT.has(name)) return [`${name} *- ${name} rm=0`];
  return [`${name} *- ${name} rm=7`, `${name} * ${name}`];
}

const RV64F_FORMS = [
  'fadd.s',
  'fsub.s',
  'fmul.s',
  'fdiv.s',
  'fsqrt.s',
  'fmadd.s',
  'fnmadd.s',
  'fmsub.s',
  'fnmsub.s',
  'fcvt.w.s',
  'fcvt.wu.s',
  'fcvt.s.w',
  'fcvt.s.wu',
];
const RV64F64_FORMS = ['fcvt.l.s', 'fcvt.lu.s', 'fcvt.s.l', 'fcvt.s.lu'];
const RV64D_FORMS = [
  'fadd.d',
  'fsub.d',
  'fmul.d',
  'fdiv.d',
  'fsqrt.d',
  'fmadd.d',
  'fnmadd.d',
  'fmsub.d',
  'fnmsub.d',
  'fcvt.w.d',
  'fcvt.wu.d',
  'fcvt.d.w',
  'fcvt.d.wu',
  'fcvt.d.s',
  'fcvt.s.d',
];
const RV64D64_FORMS = ['fcvt.l.d', 'fcvt.lu.d', 'fcvt.d.l', 'fcvt.d.lu'];

/** The forms, in objdump's order. */
const LINES: readonly string[] = [
  'unimp - c.unimp alias',
  'unimp - csrrw csr=0xc00 rd=0 rs1=0',
  'ebreak - c.ebreak alias',
  'ebreak * ebreak',
  'ret - c.jr rd=1 alias',
  'ret - jalr rd=0 rs1=1 imm=0 alias',
  'jr d c.jr alias if=rdNonzero',
  'jr s jalr rd=0 imm=0 alias',
  'jr o(s) jalr rd=0 alias',
  'jalr d c.jalr alias if=rdNonzero',
  'jalr s jalr rd=1 imm=0 alias',
  'jalr o(s) jalr rd=1 alias',
  'jalr d,s jalr imm=0 alias',
  'jalr d,o(s) jalr',
  'j Ca c.j alias',
  'j a jal rd=0 alias',
  'jal a jal rd=1 alias',
  'jal d,a jal',
  'nop - c.addi 12=0 11..7=0 6..2=0 alias',
  'nop - addi rd=0 rs1=0 imm=0 alias',
  'lui d,Cu c.lui alias if=cLui',
  'lui d,u lui',
  'li d,Co c.li alias if=rdNonzero',
  'li d,j addi rs1=0 alias',
  'mv d,CV c.mv alias if=cAdd',
  'mv d,s addi imm=0 alias',
  'zext.b d,s andi imm=255 alias',
  'and Cs,Cw,Ct c.and alias',
  'and Cs,Cw,Co c.andi alias',
  'and d,s,t and',
  'and d,s,j andi alias',
  'andi d,s,j andi',
  'beqz Cs,Cp c.beqz alias',
  'beqz s,p beq rs2=0 alias',
  'beq s,t,p beq',
  'blez t,p bge rs1=0 alias',
  'bgez s,p bge rs2=0 alias',
  'bge s,t,p bge',
  'bgeu s,t,p bgeu',
  'bltz s,p blt rs2=0 alias',
  'bgtz t,p blt rs1=0 alias',
  'blt s,t,p blt',
  'bltu s,t,p bltu',
  'bnez Cs,Cp c.bnez alias',
  'bnez s,p bne rs2=0 alias',
  'bne s,t,p bne',
  'add d,CU,CV c.add alias if=cAdd',
  'add d,CU,Co c.addi alias if=rdNonzero',
  'add Ct,Cc,CK c.addi4spn alias if=cAddi4spn',
  'add Cc,Cc,CL c.addi16sp alias if=cAddi16sp',
  'add d,s,t add',
  'add d,s,j addi alias',
  'addi d,s,j addi',
  'neg d,t sub rs1=0 alias',
  'sll d,CU,C> c.slli alias if=cSlli',
  'sll d,s,t sll',
  'sll d,s,> slli alias',
  'slli d,s,> slli',
  'srl Cs,Cw,C> c.srli alias if=cNonzeroImm',
  'srl d,s,t srl',
  'srl d,s,> srli alias',
  'srli d,s,> srli',
  'sra Cs,Cw,C> c.srai alias if=cNonzeroImm',
  'sra d,s,t sra',
  'sra d,s,> srai alias',
  'srai d,s,> srai',
  'sub Cs,Cw,Ct c.sub alias',
  'sub d,s,t sub',
  'lb d,o(s) lb',
  'lbu d,o(s) lbu',
  'lh d,o(s) lh',
  'lhu d,o(s) lhu',
  'lw d,Cm(Cc) c.lwsp alias if=rdNonzero',
  'lw Ct,Ck(Cs) c.lw alias',
  'lw d,o(s) lw',
  'not d,s xori imm=-1 alias',
  'or Cs,Cw,Ct c.or alias',
  'or d,s,t or',
  'or d,s,j ori alias',
  'ori d,s,j ori',
  'auipc d,u auipc',
  'seqz d,s sltiu imm=1 alias',
  'snez d,t sltu rs1=0 alias',
  'sltz d,s slt rs2=0 alias',
  'sgtz d,t slt rs1=0 alias',
  'slti d,s,j slti',
  'slt d,s,t slt',
  'slt d,s,j slti alias',
  'sltiu d,s,j sltiu',
  'sltu d,s,t sltu',
  'sltu d,s,j sltiu alias',
  'sb t,q(s) sb',
  'sh t,q(s) sh',
  'sw CV,CM(Cc) c.swsp alias',
  'sw Ct,Ck(Cs) c.sw alias',
  'sw t,q(s) sw',
  'fence - fence rd=0 rs1=0 31..28=0 pred=15 succ=15 alias',
  'fence P,Q fence rd=0 rs1=0 31..28=0',
  'fence.i - fence.i rd=0 rs1=0 imm=0',
  'fence.tso - fence rd=0 rs1=0 31..28=8 pred=3 succ=3',
  'rdcycle d csrrs csr=0xc00 rs1=0 alias',
  'rdinstret d csrrs csr=0xc02 rs1=0 alias',
  'rdtime d csrrs csr=0xc01 rs1=0 alias',
  'ecall - ecall',
  'xor Cs,Cw,Ct c.xor alias',
  'xor d,s,t xor',
  'xor d,s,j xori alias',
  'xori d,s,j xori',
  'lwu d,o(s) lwu',
  'ld d,Cn(Cc) c.ldsp alias if=rdNonzero',
  'ld Ct,Cl(Cs) c.ld alias',
  'ld d,o(s) ld',
  'sd CV,CN(Cc) c.sdsp alias',
  'sd Ct,Cl(Cs) c.sd alias',
  'sd t,q(s) sd',
  'sext.w d,CU c.addiw 12=0 6..2=0 alias if=rdNonzero',
  'sext.w d,s addiw imm=0 alias',
  'addw Cs,Cw,Ct c.addw alias',
  'addw d,CU,Co c.addiw alias if=rdNonzero',
  'addw d,s,t addw',
  'addw d,s,j addiw alias',
  'addiw d,s,j addiw',
  'negw d,t subw rs1=0 alias',
  'sllw d,s,t sllw',
  'sllw d,s,< slliw alias',
  'slliw d,s,< slliw',
  'srlw d,s,t srlw',
  'srlw d,s,< srliw alias',
  'srliw d,s,< srliw',
  'sraw d,s,t sraw',
  'sraw d,s,< sraiw alias',
  'sraiw d,s,< sraiw',
  'subw Cs,Cw,Ct c.subw alias',
  'subw d,s,t subw',
  ...ATOMIC_FORMS,
  'mul * mul',
  'mulh * mulh',
  'mulhu * mulhu',
  'mulhsu * mulhsu',
  'div * div',
  'divu * divu',
  'rem * rem',
  'remu * remu',
  'mulw * mulw',
  'divw * divw',
  'divuw * divuw',
  'remw * remw',
  'remuw * remuw',
  'frcsr d csrrs csr=3 rs1=0 alias',
  'fscsr s csrrw csr=3 rd=0 alias',
  'fscsr d,s csrrw csr=3 alias',
  'frrm d csrrs csr=2 rs1=0 alias',
  'fsrm s csrrw csr=2 rd=0 alias',
  'fsrm d,s csrrw csr=2 alias',
  'fsrmi d,Z csrrwi csr=2 alias',
  'fsrmi Z csrrwi csr=2 rd=0 alias',
  'frflags d csrrs csr=1 rs1=0 alias',
  'fsflags s csrrw csr=1 rd=0 alias',
  'fsflags d,s csrrw csr=1 alias',
  'fsflagsi d,Z csrrwi csr=1 alias',
  'fsflagsi Z csrrwi csr=1 rd=0 alias',
  'flw * flw',
  'fsw * fsw',
  'fmv.x.w * fmv.x.w',
  'fmv.w.x * fmv.w.x',
  'fmv.s D,U fsgnj.s alias if=rs1EqRs2',
  'fneg.s D,U fsgnjn.s alias if=rs1EqRs2',
  'fabs.s D,U fsgnjx.s alias if=rs1EqRs2',
  'fsgnj.s * fsgnj.s',
  'fsgnjn.s * fsgnjn.s',
  'fsgnjx.s * fsgnjx.s',
  ...RV64F_FORMS.flatMap(rounded),
  'fmin.s * fmin.s',
  'fmax.s * fmax.s',
  'fclass.s * fclass.s',
  'feq.s * feq.s',
  'flt.s * flt.s',
  'fle.s * fle.s',
  ...RV64F64_FORMS.flatMap(rounded),
  'fld D,Cn(Cc) c.fldsp alias',
  'fld CD,Cl(Cs) c.fld alias',
  'fld * fld',
  'fsd CT,CN(Cc) c.fsdsp alias',
  'fsd CD,Cl(Cs) c.fsd alias',
  'fsd * fsd',
  'fmv.d D,U fsgnj.d alias if=rs1EqRs2',
  'fneg.d D,U fsgnjn.d alias if=rs1EqRs2',
  'fabs.d D,U fsgnjx.d alias if=rs1EqRs2',
  'fsgnj.d * fsgnj.d',
  'fsgnjn.d * fsgnjn.d',
  'fsgnjx.d * fsgnjx.d',
  ...RV64D_FORMS.flatMap(rounded),
  'fmin.d * fmin.d',
  'fmax.d * fmax.d',
  'fclass.d * fclass.d',
  'feq.d * feq.d',
  'flt.d * flt.d',
  'fle.d * fle.d',
  'fmv.x.d * fmv.x.d',
  'fmv.d.x * fmv.d.x',
  ...RV64D64_FORMS.flatMap(rounded),
  'c.unimp - c.unimp',
  'c.ebreak - c.ebreak',
  'c.jr d c.jr if=rdNonzero',
  'c.jalr d c.jalr if=rdNonzero',
  'c.j Ca c.j',
  'c.beqz Cs,Cp c.beqz',
  'c.bnez Cs,Cp c.bnez',
  'c.lwsp d,Cm(Cc) c.lwsp if=rdNonzero',
  'c.lw Ct,Ck(Cs) c.lw',
  'c.swsp CV,CM(Cc) c.swsp',
  'c.sw Ct,Ck(Cs) c.sw',
  'c.nop - c.addi 12=0 11..7=0 6..2=0 alias',
  'c.nop Cj c.addi rd=0 alias',
  'c.mv d,CV c.mv if=cAddHint',
  'c.lui d,Cu c.lui if=cLuiHint',
  'c.li d,Co c.li',
  'c.addi4spn Ct,Cc,CK c.addi4spn if=cAddi4spn',
  'c.addi16sp Cc,CL c.addi16sp if=cAddi16sp',
  'c.addi d,Co c.addi',
  'c.add d,CV c.add if=cAddHint',
  'c.sub Cs,Ct c.sub',
  'c.and Cs,Ct c.and',
  'c.or Cs,Ct c.or',
  'c.xor Cs,Ct c.xor',
  'c.slli d,C> c.slli if=cNonzeroImm',
  'c.srli Cs,C> c.srli if=cNonzeroImm',
  'c.srai Cs,C> c.srai if=cNonzeroImm',
  'c.slli64 d c.slli64 if=cZeroImm',
  'c.srli64 Cs c.srli64 if=cZeroImm',
  'c.srai64 Cs c.srai64 if=cZeroImm',
  'c.andi Cs,Co c.andi',
  'c.addiw d,Co c.addiw if=rdNonzero',
  'c.addw Cs,Ct c.addw',
  'c.subw Cs,Ct c.subw',
  'c.ldsp d,Cn(Cc) c.ldsp if=rdNonzero',
  'c.ld Ct,Cl(Cs) c.ld',
  'c.sdsp CV,CN(Cc) c.sdsp',
  'c.sd Ct,Cl(Cs) c.sd',
  'c.fldsp D,Cn(Cc) c.fldsp',
  'c.fld CD,Cl(Cs) c.fld',
  'c.fsdsp CT,CN(Cc) c.fsdsp',
  'c.fsd CD,Cl(Cs) c.fsd',
  'csrr d,E csrrs rs1=0 alias',
  'csrw E,s csrrw rd=0 alias',
  'csrw E,Z csrrwi rd=0 alias',
  'csrs E,s csrrs rd=0 alias',
  'csrs E,Z csrrsi rd=0 alias',
  'csrc E,s csrrc rd=0 alias',
  'csrc E,Z csrrci rd=0 alias',
  'csrrw d,E,s csrrw',
  'csrrw d,E,Z csrrwi alias',
  'csrrs d,E,s csrrs',
  'csrrs d,E,Z csrrsi alias',
  'csrrc d,E,s csrrc',
  'csrrc d,E,Z csrrci alias',
  'csrrwi d,E,Z csrrwi',
  'csrrsi d,E,Z csrrsi',
  'csrrci d,E,Z csrrci',
];

/** Bit ranges of the named fields a form can fix. */
const FIELDS: Readonly<Record<string, readonly [number, number]>> = {
  rd: [11, 7],
  rs1: [19, 15],
  rs2: [24, 20],
  imm: [31, 20],
  csr: [31, 20],
  rm: [14, 12],
  aqrl: [26, 25],
  pred: [27, 24],
  succ: [23, 20],
};

/** objdump's operand letters for a base instruction's own operands. */
function ownArgs(spec: InstructionSpec): string {
  const op = spec.match & 0x7f;
  const reg = spec.operands[0] === 'frd' || spec.operands[0] === 'frs2' ? (op === 0x27 ? 'T' : 'D') : 'd';
  if (op === 0x03 || op === 0x07 || op === 0x67) return `${reg},o(s)`;
  if (op === 0x23 || op === 0x27) return `${op === 0x27 ? 'T' : 't'},q(s)`;
  if (spec.operands.includes('aqrl')) return spec.operands.includes('rs2') ? 'd,t,0(s)' : 'd,0(s)';
  const letter: Record<string, string> = {
    rd: 'd',
    frd: 'D',
    rs1: 's',
    frs1: 'S',
    rs2: 't',
    frs2: 'T',
    frs3: 'R',
    imm12: 'j',
    bimm13: 'p',
    jimm21: 'a',
    imm20: 'u',
    shamtd: '>',
    shamtw: '<',
    csr: 'E',
    zimm: 'Z',
    rm: 'm',
    pred: 'P',
    succ: 'Q',
  };
  return spec.operands
    .map((o) => letter[o])
    .filter((l) => l !== undefined)
    .join(',');
}

function parseForm(line: string): GnuForm {
  const [name = '', argsWord = '', from = '', ...rest] = line.split(' ');
  const base = BASE_INSTRUCTIONS.find((s) => s.name === from);
  const compressed = COMPRESSED[from];
  if (!base && !compressed) throw new Error(`gnu forms: no instruction ${from} in "${line}"`);
  let match = base ? base.match : (compressed?.[0] ?? 0);
  let mask = base ? base.mask : (compressed?.[1] ?? 0);
  let args = argsWord === '-' ? '' : argsWord;
  if (argsWord === '*' || argsWord === '*-') {
    if (!base) throw new Error(`gnu forms: "${line}" derives its operands from a base instruction`);
    args = ownArgs(base);
    if (argsWord === '*-') args = args.replace(/,m$/, '');
  }
  let alias = false;
  let condition: FormCondition | undefined;
  for (const word of rest) {
    if (word === 'alias') alias = true;
    else if (word.startsWith('if=')) condition = word.slice(3) as FormCondition;
    else {
      const [field = '', text = ''] = word.split('=');
      const range =
        FIELDS[field] ?? (field.includes('..') ? field.split('..').map(Number) : [Number(field), Number(field)]);
      const [hi = 0, lo = 0] = range;
      const width = hi - lo + 1;
      const bits = (width === 32 ? 0xffffffff : (1 << width) - 1) << lo;
      mask |= bits;
      match = (match & ~bits) | ((Number(text) << lo) & bits);
    }
  }
  return { name, args, match: match >>> 0, mask: mask >>> 0, length: base ? 4 : 2, alias, condition };
}

/** objdump's forms for RV64GC, in the order it tries them. */
export const GNU_FORMS: readonly GnuForm[] = LINES.map(parseForm);
