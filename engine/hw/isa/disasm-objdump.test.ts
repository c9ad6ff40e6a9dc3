// The disassembler against GNU objdump, line by line (address, instruction word, text with its
// pseudo-instructions and `# address` notes), in both objdump's default syntax and -M no-aliases:
//   - every 16-bit halfword (all of RVC, hints and reserved encodings included);
//   - every base instruction with random operands and with each operand's edge values, all 4096
//     CSR numbers, and random 32-bit words (most of them not instructions);
//   - the whole .text of a committed userland binary, as `objdump -d` lists it.
// How the inspector reads code (windows of bytes around a pc) is tested in
// engine/machine/browser/disassembly.test.ts. objdump runs at test time (the riscv64 cross
// binutils come with scripts/ensure-debian-packages.sh).

import { describe, expect, it } from 'vitest';
import { elfSection, objdumpBytes, objdumpFile, type ObjdumpLine } from '../testing/objdump';
import { randomOperand, seeded } from '../testing/random-instructions';
import { Disassembler } from './disasm';
import { encode, type OperandValues } from './encode';
import { BASE_INSTRUCTIONS } from './instructions';
import type { Operand } from './table';

const BINARY = 'userland/bin/glibc/primes';

/** Our listing of `bytes` at `address`, decoded from the start as objdump does. */
function listing(bytes: Uint8Array, address: bigint, aliases = true): ObjdumpLine[] {
  const dis = new Disassembler(aliases);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lines: ObjdumpLine[] = [];
  for (let at = 0; at + 2 <= bytes.length;) {
    const bits = at + 4 <= bytes.length ? v.getUint32(at, true) : v.getUint16(at, true);
    const d = dis.next(bits, address + BigInt(at), bytes.subarray(at + 4));
    if (at + d.length > bytes.length) break;
    lines.push({ address: address + BigInt(at), word: d.word, text: d.text });
    at += d.length;
  }
  return lines;
}

/** Compares two listings line by line, reporting the first lines that differ. */
function expectSameListing(ours: ObjdumpLine[], theirs: ObjdumpLine[]): void {
  const differ = theirs
    .map((t, i) => ({ t, o: ours[i] }))
    .filter(({ t, o }) => !o || o.address !== t.address || o.word !== t.word || o.text !== t.text)
    .slice(0, 10)
    .map(({ t, o }) => `${t.address.toString(16)}: objdump ${t.word} "${t.text}", ours ${o?.word} "${o?.text}"`);
  expect(differ).toEqual([]);
  expect(ours.length).toBe(theirs.length);
}

function words32(words: number[]): Uint8Array {
  const bytes = new Uint8Array(words.length * 4);
  const v = new DataView(bytes.buffer);
  words.forEach((w, i) => {
    v.setUint32(i * 4, w >>> 0, true);
  });
  return bytes;
}

/** Values at the edges of what an operand holds, where objdump's forms differ. */
const EDGES: Partial<Record<Operand, readonly number[]>> = {
  rd: [0, 1, 2, 3, 4, 8, 15],
  rs1: [0, 1, 2, 3, 4, 8, 15],
  rs2: [0, 1, 2, 4, 8, 15],
  frs1: [0, 1, 2],
  frs2: [0, 1, 2],
  imm12: [0, 1, -1, 255, 2047, -2048],
  simm12: [0, -1, 2047, -2048],
  bimm13: [0, -4096, 4094],
  jimm21: [0, -(1 << 20), (1 << 20) - 2],
  imm20: [0, 1, 0xfffff, 0x80000],
  shamtd: [0, 1, 31, 32, 63],
  shamtw: [0, 1, 31],
  zimm: [0, 1, 31],
  csr: [0, 1, 2, 3, 0xc00, 0xc01, 0xc02, 0x7ff],
  rm: [0, 1, 2, 3, 4, 5, 6, 7],
  pred: [0, 3, 8, 15],
  succ: [0, 3, 8, 15],
};

/** Every base instruction with random operands, and with each operand at each of its edges. */
function baseWords(): number[] {
  const rand = seeded(0x0bd0);
  const words: number[] = [];
  for (const spec of BASE_INSTRUCTIONS) {
    const random = (): OperandValues => {
      const values: OperandValues = {};
      for (const op of spec.operands) values[op] = randomOperand(op, rand, spec.name);
      return values;
    };
    for (let i = 0; i < 40; i++) words.push(encode(spec.name, random()));
    for (const op of spec.operands) {
      for (const edge of EDGES[op] ?? []) {
        for (let i = 0; i < 3; i++)
          words.push(encode(spec.name, { ...random(), [op]: edge, ...(i > 0 ? { rs1: 0 } : {}) }));
      }
    }
  }
  // every CSR, read, written and set by immediate; and fence with fm, rd and rs1 bits set
  for (let csr = 0; csr < 4096; csr++) {
    words.push(encode('csrrs', { rd: 10, csr, rs1: 0 }), encode('csrrw', { rd: 0, csr, rs1: 11 }));
    words.push(encode('csrrsi', { rd: 0, csr, zimm: 3 }));
  }
  words.push(0x8330000f, 0x8330008f, 0x0ff0000f | (1 << 28), 0x0ff0800f, 0x0ff0008f);
  return words;
}

describe('disassemble, against GNU objdump', () => {
  it('prints every 16-bit halfword as objdump does, in both syntaxes', () => {
    const halves: number[] = [];
    for (let h = 0; h < 0x10000; h++) if ((h & 3) !== 3) halves.push(h);
    const bytes = new Uint8Array(new Uint16Array(halves).buffer);
    for (const aliases of [true, false]) {
      const theirs = objdumpBytes(bytes, 0x10000n, { aliases });
      expect(theirs.length).toBe(halves.length);
      expectSameListing(listing(bytes, 0x10000n, aliases), theirs);
    }
  });

  it('prints every base instruction as objdump does, at its edges and with random operands', () => {
    const bytes = words32(baseWords());
    for (const aliases of [true, false]) {
      expectSameListing(listing(bytes, 0x80000000n, aliases), objdumpBytes(bytes, 0x80000000n, { aliases }));
    }
  });

  it('prints random words as objdump does, instructions or not (and the encodings longer than 32 bits)', () => {
    const rand = seeded(0x3a7d);
    const words = Array.from({ length: 20000 }, () => (rand(0x10000) << 16) | rand(0x10000));
    words.push(...new Array<number>(6).fill(0x13)); // so a long encoding near the end ends in the buffer
    const bytes = words32(words);
    expectSameListing(listing(bytes, 0x20000n), objdumpBytes(bytes, 0x20000n));
  });

  it(`lists the whole .text of ${BINARY} exactly as objdump -d does`, () => {
    const { bytes, address } = elfSection(BINARY, '.text');
    const end = address + BigInt(bytes.length);
    const theirs = objdumpFile(BINARY).filter((l) => l.address >= address && l.address < end);
    expect(theirs.length).toBeGreaterThan(50_000);
    expect(theirs.filter((l) => l.word.length === 4).length, 'compressed code').toBeGreaterThan(20_000);
    expect(theirs.filter((l) => l.text.includes(' # ')).length, 'address notes').toBeGreaterThan(1000);
    expectSameListing(listing(bytes, address), theirs);
  });
});
