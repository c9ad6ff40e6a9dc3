// Tests of the disassembler on its own: it prints what objdump prints for the cases the inspector
// got wrong (compressed instructions, the instruction word), it inverts encode() for every base
// instruction in objdump's `-M no-aliases` syntax (random operands from a fixed seed, read back
// by a small parser), and it agrees with the hart on which halfwords are instructions. The
// comparisons with GNU objdump itself are in disasm-objdump.test.ts.

import { beforeAll, describe, expect, it } from 'vitest';
import { instantiateHart } from '../hart-module';
import { createPhysicalMemory } from '../physical-memory';
import { CSR_NAMES, disassemble, Disassembler, F_NAMES, ROUNDING_MODES, X_NAMES } from './disasm';
import { encode, specByName, type OperandValues } from './encode';
import { BASE_INSTRUCTIONS } from './instructions';
import { EXACT_CONVERSIONS as EXACT, randomOperand, seeded } from '../testing/random-instructions';

const PC = 0x80001000n;

/** Parses `objdump -M no-aliases` text back into a 32-bit instruction (the test's inverse). */
function assemble(text: string, pc: bigint): number {
  if (text === 'unimp') return 0xc0001073; // csrrw zero,cycle,zero: objdump names it even so
  if (text === 'fence.tso') return 0x8330000f;
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
    else if (op === 'bimm13' || op === 'jimm21') values[op] = Number(BigInt.asIntN(64, BigInt(t) - pc));
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
  it('prints compressed instructions as objdump does: the pseudo-instruction, no doubled operands', () => {
    // the inspector used to print c.li a5,zero,3, c.mv a1,zero,sp, c.j zero,10602, c.beqz a4,zero,1060e
    expect(disassemble(0x478d, { pc: 0x105f0n })).toMatchObject({ text: 'li a5,3', length: 2, word: '478d' });
    expect(disassemble(0x858a).text).toBe('mv a1,sp');
    expect(disassemble(0xa021, { pc: 0x105fan }).text).toBe('j 0x10602');
    expect(disassemble(0xc319, { pc: 0x10608n }).text).toBe('beqz a4,0x1060e');
    expect(disassemble(0x8082).text).toBe('ret');
    expect(disassemble(0x7131).text).toBe('add sp,sp,-192'); // binutils 2.40 prints addi as add
    expect(disassemble(0x0001).text).toBe('nop');
    expect(disassemble(0x9002).text).toBe('ebreak');
    expect(disassemble(0x4001).text).toBe('c.li zero,0'); // a hint has no pseudo-instruction
    expect(disassemble(0x0004)).toMatchObject({ text: '.2byte 0x4', word: '0004', name: '.2byte' });
  });

  it('shows the instruction word as a little-endian value, not the bytes in memory order', () => {
    // remu a4,a4,a5 is the bytes 33 77 f7 02 in memory: the word is 02f77733
    const remu = encode('remu', { rd: 14, rs1: 14, rs2: 15 });
    expect(remu).toBe(0x02f77733);
    expect(disassemble(remu)).toMatchObject({ text: 'remu a4,a4,a5', length: 4, word: '02f77733' });
    expect(disassemble(0x00000013).word).toBe('00000013');
  });

  it('prints the no-aliases forms when asked', () => {
    expect(disassemble(0x478d, { aliases: false }).text).toBe('c.li a5,3');
    expect(disassemble(0x858a, { aliases: false }).text).toBe('c.mv a1,sp');
    expect(disassemble(0x00a50513, { aliases: false }).text).toBe('addi a0,a0,10');
    expect(disassemble(0x00a50513).text).toBe('add a0,a0,10');
  });

  it('prints branch targets relative to the instruction when no pc is given', () => {
    expect(disassemble(encode('beq', { rs1: 10, rs2: 11, bimm13: 8 })).text).toBe('beq a0,a1,.+8');
    expect(disassemble(encode('jal', { rd: 1, jimm21: -16 })).text).toBe('jal .-16');
    expect(disassemble(encode('jal', { rd: 0, jimm21: 16 }), { pc: 0x10000n }).text).toBe('j 0x10010');
  });

  it('prints reserved rounding modes, empty fence sets and fence.tso as objdump does', () => {
    expect(disassemble(encode('fadd.s', { frd: 10, frs1: 10, frs2: 11, rm: 5 })).text).toBe(
      'fadd.s fa0,fa0,fa1,unknown',
    );
    expect(disassemble(encode('fence', { pred: 1, succ: 0 })).text).toBe('fence w,unknown');
    expect(disassemble(0x8330000f).text).toBe('fence.tso');
    expect(disassemble(encode('fcvt.d.w', { frd: 10, rs1: 10, rm: 0 })).text).toBe('fcvt.d.w fa0,a0');
    expect(disassemble(encode('fcvt.d.w', { frd: 10, rs1: 10, rm: 7 })).text).toBe('.4byte 0xd2057553');
  });

  it('follows lui and auipc into the address they build, as objdump notes it', () => {
    const d = new Disassembler();
    expect(d.next(0x00067717, 0x10402n).text).toBe('auipc a4,0x67');
    expect(d.next(0xbde73703, 0x10406n).text).toBe('ld a4,-1058(a4) # 0x76fe0');
    expect(d.next(0xbde73703, 0x1040an).text).toBe('ld a4,-1058(a4)'); // noted once
    expect(disassemble(0x8a020913).text).toBe('add s2,tp,-1888 # 0xfffffffffffff8a0');
  });
});

describe('disassemble, no-aliases syntax', () => {
  it('inverts encode() for every base instruction, with random operands', () => {
    const rand = seeded(0x5eed);
    for (const spec of BASE_INSTRUCTIONS) {
      for (let i = 0; i < 64; i++) {
        const values: OperandValues = {};
        for (const op of spec.operands) values[op] = randomOperand(op, rand, spec.name);
        const bits = encode(spec.name, values);
        const d = new Disassembler(false).next(bits, PC);
        expect(d.length).toBe(4);
        expect(assemble(d.text.replace(/ # .*$/, ''), PC).toString(16), d.text).toBe(bits.toString(16));
      }
    }
  });
});

describe('disassemble, against the hart', () => {
  let expand: (h: number) => number;
  beforeAll(async () => {
    const wasm = await instantiateHart(createPhysicalMemory(1 << 16, 1).memory);
    expand = (h) => wasm.expandCompressed(h) >>> 0;
  });

  it('prints as data exactly the halfwords the hart refuses, but for two objdump names anyway', () => {
    const named = new Set<number>();
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 3) === 3) continue;
      const d = disassemble(h, { aliases: false });
      const illegal = expand(h) === 0;
      if (illegal !== (d.name === '.2byte')) named.add(h);
    }
    // c.unimp (all zeros) and c.addi16sp sp,0 are reserved encodings objdump still names
    expect([...named].map((h) => disassemble(h, { aliases: false }).text)).toEqual(['c.unimp', 'c.addi16sp sp,0']);
  });
});
