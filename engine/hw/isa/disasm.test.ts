// Tests of the disassembler: it inverts encode() for every base instruction (random operands
// from a fixed seed, read back by a small parser of the disassembler's own syntax), it agrees
// with GNU objdump (`-d -M no-aliases`) on real code, and it names every compressed form.
// The objdump goldens are made at test time in os.tmpdir() from a small assembly file and a
// small C file (the riscv64 cross binutils and gcc come with scripts/ensure-debian-packages.sh).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantiateHart } from '../hart-module';
import { createPhysicalMemory } from '../physical-memory';
import { CSR_NAMES, disassemble, F_NAMES, ROUNDING_MODES, X_NAMES } from './disasm';
import { encode, specByName, type OperandValues } from './encode';
import { BASE_INSTRUCTIONS, COMPRESSED_INSTRUCTIONS } from './instructions';
import { lookup, type Operand } from './table';

/** mulberry32: a small seeded generator, so every run tests the same operands. */
function seeded(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n) >>> 0;
  };
}

const EXACT = new Set(['fcvt.d.w', 'fcvt.d.wu', 'fcvt.d.s']);

function randomOperand(op: Operand, rand: (n: number) => number, name: string): number {
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
      return EXACT.has(name) ? rand(5) : ([0, 1, 2, 3, 4, 7][rand(6)] as number);
    case 'aqrl':
      return rand(4);
    case 'pred':
    case 'succ':
      return 1 + rand(15);
    default:
      return rand(32);
  }
}

const PC = 0x80001000n;

/** Parses the disassembler's text back into a 32-bit instruction (the test's inverse). */
function assemble(text: string, pc: bigint): number {
  const [mnemonic = '', rest = ''] = text.split(' ');
  const values: OperandValues = {};
  let name = mnemonic;
  const suffix = /\.(aqrl|aq|rl)$/.exec(mnemonic);
  if (suffix && !BASE_INSTRUCTIONS.some((s) => s.name === mnemonic)) {
    name = mnemonic.slice(0, suffix.index);
    values.aqrl = { rl: 1, aq: 2, aqrl: 3 }[suffix[1] as 'rl' | 'aq' | 'aqrl'];
  }
  const spec = specByName(name);
  const tokens = rest === '' ? [] : rest.split(',');
  const reg = (t: string, names: readonly string[]): number => {
    const i = names.indexOf(t.replace(/[()]/g, ''));
    if (i < 0) throw new Error(`bad register ${t} in "${text}"`);
    return i;
  };
  const displacement = spec.operands.includes('simm12') || /^[-\d]+\(/.test(tokens.at(-1) ?? '');
  for (const op of spec.operands) {
    if (op === 'aqrl' || (op === 'rs1' && displacement)) continue;
    if (op === 'rm') {
      values.rm = tokens.length > 0 ? ROUNDING_MODES.indexOf(tokens.shift() as string) : EXACT.has(name) ? 0 : 7;
      continue;
    }
    const t = tokens.shift();
    if (t === undefined) throw new Error(`missing ${op} in "${text}"`);
    if (op === 'rd' || op === 'rs1' || op === 'rs2') values[op] = reg(t, X_NAMES);
    else if (op.startsWith('f')) values[op] = reg(t, F_NAMES);
    else if (op === 'bimm13' || op === 'jimm21') values[op] = Number(BigInt.asIntN(64, BigInt('0x' + t) - pc));
    else if (op === 'csr') values[op] = [...CSR_NAMES].find(([, n]) => n === t)?.[0] ?? Number(t);
    else if (op === 'pred' || op === 'succ')
      values[op] = [0, 1, 2, 3].reduce((m, k) => (t.includes('iorw'.charAt(k)) ? m | (8 >> k) : m), 0);
    else if ((op === 'imm12' || op === 'simm12') && displacement) {
      const m = /^(-?\d+)\((\w+)\)$/.exec(t);
      if (!m) throw new Error(`bad displacement ${t} in "${text}"`);
      values[op] = Number(m[1]);
      values.rs1 = reg(m[2] as string, X_NAMES);
    } else values[op] = Number(t);
  }
  if (tokens.length > 0) throw new Error(`extra operands in "${text}"`);
  return encode(name, values);
}

describe('disassemble', () => {
  it('inverts encode() for every base instruction, with random operands', () => {
    const rand = seeded(0x5eed);
    for (const spec of BASE_INSTRUCTIONS) {
      for (let i = 0; i < 64; i++) {
        const values: OperandValues = {};
        for (const op of spec.operands) values[op] = randomOperand(op, rand, spec.name);
        const bits = encode(spec.name, values);
        const d = disassemble(bits, { pc: PC });
        expect(d.name).toBe(spec.name);
        expect(d.length).toBe(4);
        expect(assemble(d.text, PC).toString(16), d.text).toBe(bits.toString(16));
      }
    }
  });

  it('prints branch targets relative to the instruction when no pc is given', () => {
    expect(disassemble(encode('beq', { rs1: 10, rs2: 11, bimm13: 8 })).text).toBe('beq a0,a1,.+8');
    expect(disassemble(encode('jal', { rd: 1, jimm21: -16 })).text).toBe('jal ra,.-16');
    expect(disassemble(encode('jal', { rd: 0, jimm21: 16 }), { pc: 0x10000n }).text).toBe('jal zero,10010');
  });

  it('prints reserved rounding modes, empty fence sets and fence.tso as objdump does', () => {
    expect(disassemble(encode('fadd.s', { frd: 10, frs1: 10, frs2: 11, rm: 5 })).text).toBe(
      'fadd.s fa0,fa0,fa1,unknown',
    );
    expect(disassemble(encode('fence', { pred: 1, succ: 0 })).text).toBe('fence w,unknown');
    expect(disassemble(0x8330000f).text).toBe('fence.tso');
    expect(disassemble(encode('fcvt.d.w', { frd: 10, rs1: 10, rm: 7 })).text).toBe('fcvt.d.w fa0,a0');
  });

  it('prints unknown bits as .word or .half', () => {
    expect(disassemble(0xffffffff)).toEqual({ text: '.word 0xffffffff', length: 4, name: '.word' });
    expect(disassemble(0x00000000, { expand: () => 0 })).toEqual({ text: '.half 0x0000', length: 2, name: '.half' });
  });
});

describe('disassemble, compressed', () => {
  let expand: (h: number) => number;
  beforeAll(async () => {
    const wasm = await instantiateHart(createPhysicalMemory(1 << 16, 1).memory);
    expand = (h) => wasm.expandCompressed(h) >>> 0;
  });

  it('names every compressed table entry, and each expands to the base instruction it names', () => {
    const seen = new Set<string>();
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 3) === 3) continue;
      const d = disassemble(h, { expand, pc: PC });
      expect(d.length).toBe(2);
      const spec = lookup(COMPRESSED_INSTRUCTIONS, h);
      if (expand(h) === 0 || !spec) {
        expect(d.text).toBe(`.half 0x${h.toString(16).padStart(4, '0')}`);
        continue;
      }
      expect(d.name).toBe(spec.name);
      expect(lookup(BASE_INSTRUCTIONS, expand(h))?.name).toBe(spec.expandsTo);
      seen.add(spec.name);
    }
    expect([...seen].sort()).toEqual(COMPRESSED_INSTRUCTIONS.map((s) => s.name).sort());
  });

  it('prints the compressed mnemonic with the operands of its expansion', () => {
    expect(disassemble(0x0505, { expand }).text).toBe('c.addi a0,a0,1');
    expect(disassemble(0x6522, { expand }).text).toBe('c.ldsp a0,8(sp)');
    expect(disassemble(0xe406, { expand }).text).toBe('c.sdsp ra,8(sp)');
    expect(disassemble(0xc111, { expand, pc: 0x14n }).text).toBe('c.beqz a0,zero,18');
    expect(disassemble(0x0001, { expand }).text).toBe('c.nop');
    expect(disassemble(0x9002, { expand }).text).toBe('c.ebreak');
  });
});

// ---- goldens from GNU objdump ----

const SAMPLE_S = `
  .option norvc
  lui a0,0x12345; auipc t0,0xfffff; addi a0,a1,-5; sltiu a0,a0,1; xori a0,a0,-1; andi s1,s2,2047
  slli a0,a1,3; srai a0,a0,63; slliw a0,a1,31; sraiw t6,t5,7; addw a0,a1,a2; subw s11,s10,s9
  jalr ra,0(a0); jalr zero,8(ra); jal ra,.-16; beq a0,a1,.+8; bgeu t0,t1,.-4096; bltu a5,a4,.+4094
  lb a0,-1(a1); lhu t0,2(sp); lwu a5,-2048(gp); ld a0,8(sp); sd ra,-8(sp); sb zero,2047(tp)
  mul a0,a1,a2; mulhsu a3,a4,a5; divuw t0,t1,t2; remw s0,s1,s2; remu a0,a0,a0
  csrrs a0,fflags,zero; csrrw a0,frm,a1; csrrs a0,fcsr,zero; csrrc zero,fcsr,a2; csrrs a0,cycle,zero
  csrrs a0,time,zero; csrrs a0,instret,zero; csrrs a0,0x7ff,zero; csrrwi a0,fflags,5; csrrci a1,frm,31
  fence rw,rw; fence iorw,iorw; fence r,w; fence.i; ecall; ebreak
  lr.w a0,(a1); lr.d.aq a0,(a1); sc.w.rl a0,a2,(a1); sc.d a5,a4,(a3); amoadd.d.aqrl a0,a2,(a1)
  amoswap.w.aq t0,t1,(t2); amominu.d a0,a1,(a2); amomax.w.rl s0,s1,(s2); amoor.d zero,a0,(sp)
  flw fa0,8(sp); fsw ft11,-4(a0); fld fs0,16(sp); fsd fs0,16(sp)
  fadd.s fa0,fa1,fa2; fadd.s fa0,fa1,fa2,rne; fadd.d fa0,fa1,fa2,rtz; fsub.d ft0,ft1,ft2,rdn
  fmul.s fs0,fs1,fs2,rup; fdiv.d fs10,fs11,ft8,rmm; fsqrt.d ft0,ft1; fsqrt.s ft3,ft4,rtz
  fmadd.d fa0,fa1,fa2,fa3,rup; fmsub.s ft0,ft1,ft2,ft3; fnmsub.d fa7,fa6,fa5,fa4; fnmadd.s fs2,fs3,fs4,fs5,rne
  fsgnj.d fa0,fa1,fa2; fsgnjn.s fa0,fa1,fa1; fsgnjx.d ft0,ft0,ft0; fmin.s fa0,fa1,fa2; fmax.d fa0,fa1,fa2
  fcvt.w.d a0,fa0,rtz; fcvt.lu.s a1,fa1; fcvt.d.w fa0,a0; fcvt.d.s fa0,fa1; fcvt.s.d fa0,fa1,rne
  fcvt.s.l fa0,a0; fcvt.d.lu fa0,a0,rdn; fmv.x.w a0,fa0; fmv.w.x fa0,a0; fmv.x.d a0,fa0; fmv.d.x fa0,zero
  fclass.d a0,fa0; fclass.s a1,fa1; feq.s a0,fa0,fa1; flt.d a0,fa0,fa1; fle.d a0,fa0,fa1
`;

const SAMPLE_C = `
#include <stdatomic.h>
double acc(const double *v, long n) { double s = 0; for (long i = 0; i < n; i++) s += v[i] * 1.5; return s; }
float fs(float a, float b) { return a / b + (float)(int)a; }
long fib(long n) { long a = 0, b = 1; while (n-- > 0) { long t = a + b; a = b; b = t; } return a; }
atomic_long counter;
long bump(long d) { return atomic_fetch_add(&counter, d); }
int cas(atomic_int *p, int e, int d) { return atomic_compare_exchange_strong(p, &e, d); }
unsigned long mix(unsigned long x) { x ^= x >> 33; x *= 0xff51afd7ed558ccdUL; x ^= x >> 33; return x / 7 + x % 13; }
int cmp(const char *a, const char *b) { while (*a && *a == *b) { a++; b++; } return (unsigned char)*a - (unsigned char)*b; }
void spill(double *d, float *f, int *w, long *l) { double x = d[1]; float y = f[2]; d[3] = x + y; w[1] = l[2] >> 3; f[0] = y; }
`;

interface Golden {
  pc: bigint;
  bits: number;
  length: 2 | 4;
  mnemonic: string;
  operands: string;
}

/** Instruction lines of `objdump -d -M no-aliases`, without `<symbol>` and `# comment` notes. */
function objdump(object: string): Golden[] {
  const out = execFileSync('riscv64-linux-gnu-objdump', ['-d', '-M', 'no-aliases', object], { encoding: 'utf8' });
  return [...out.matchAll(/^\s*([0-9a-f]+):\s+([0-9a-f]{4}|[0-9a-f]{8})\s+\t(\S+)(?:\t(.*))?$/gm)].map((m) => ({
    pc: BigInt('0x' + (m[1] as string)),
    bits: parseInt(m[2] as string, 16),
    length: (m[2] as string).length === 4 ? 2 : 4,
    mnemonic: m[3] as string,
    operands: (m[4] ?? '').replace(/\s*#.*$/, '').replace(/\s*<[^>]*>/g, ''),
  }));
}

describe('disassemble, against GNU objdump', () => {
  let dir: string;
  let expand: (h: number) => number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'disasm-'));
    writeFileSync(join(dir, 'sample.s'), SAMPLE_S.replace(/;/g, '\n'));
    writeFileSync(join(dir, 'sample.c'), SAMPLE_C);
    execFileSync('riscv64-linux-gnu-as', ['-march=rv64gc', '-o', join(dir, 'sample-s.o'), join(dir, 'sample.s')]);
    const cc = ['-O2', '-march=rv64gc', '-mabi=lp64d', '-c', '-o', join(dir, 'sample-c.o'), join(dir, 'sample.c')];
    execFileSync('riscv64-linux-gnu-gcc', cc);
    const wasm = await instantiateHart(createPhysicalMemory(1 << 16, 1).memory);
    expand = (h) => wasm.expandCompressed(h) >>> 0;
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints base instructions exactly as objdump does', () => {
    const lines = [...objdump(join(dir, 'sample-s.o')), ...objdump(join(dir, 'sample-c.o'))].filter(
      (g) => g.length === 4,
    );
    expect(lines.length).toBeGreaterThan(130);
    for (const g of lines) {
      const expected = g.operands === '' ? g.mnemonic : `${g.mnemonic} ${g.operands}`;
      expect(disassemble(g.bits, { pc: g.pc, expand }).text).toBe(expected);
    }
  });

  it('names compressed instructions as objdump does, with the same operand values', () => {
    const lines = objdump(join(dir, 'sample-c.o')).filter((g) => g.length === 2);
    expect(lines.length).toBeGreaterThan(20);
    for (const g of lines) {
      const d = disassemble(g.bits, { pc: g.pc, expand });
      // objdump calls c.nop `c.addi zero,0`; otherwise the mnemonics are the same
      expect(d.name).toBe(g.mnemonic === 'c.addi' && g.operands === 'zero,0' ? 'c.nop' : g.mnemonic);
      // objdump drops the operands the compressed form implies (c.addi a0,1 is addi a0,a0,1):
      // its operands must appear, in order, among those of the expansion
      const ours = d.text.split(' ')[1]?.split(/[,()]/).filter(Boolean) ?? [];
      let i = 0;
      for (const t of g.operands.split(/[,()]/).filter(Boolean)) {
        while (i < ours.length && ours[i] !== t) i++;
        expect(i < ours.length, `${g.mnemonic} ${g.operands} vs ${d.text}`).toBe(true);
        i++;
      }
    }
  });
});
