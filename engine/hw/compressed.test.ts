import { beforeAll, describe, expect, it } from 'vitest';
import type { HartExports } from './hart-module';
import { BASE_INSTRUCTIONS, COMPRESSED_INSTRUCTIONS } from './isa/instructions';
import { lookup } from './isa/table';
import { CODE_BASE, createTestHart, type TestHart } from './testing/test-hart';
import { CAUSE_BREAKPOINT, CAUSE_ILLEGAL_INSTRUCTION } from './trap-codes';

let t: TestHart;
let wasm: HartExports;
beforeAll(async () => {
  t = await createTestHart();
  wasm = t.wasm;
});

/**
 * Every compressed form with the instruction GNU as expands it to: assembled once with
 * riscv64-linux-gnu-as (-march=rv64gc for the left column, the same operands written out in
 * full with .option norvc for the right) and read back with objdump -M no-aliases.
 */
const GOLDEN: Array<[number, number, string]> = [
  [0x1fe8, 0x3fc10513, 'c.addi4spn'],
  [0x3de8, 0x0f85b507, 'c.fld'],
  [0x5ef0, 0x07c6a603, 'c.lw'],
  [0x7ff8, 0x0f87b703, 'c.ld'],
  [0xa480, 0x0084b427, 'c.fsd'],
  [0xc0a0, 0x0484a023, 'c.sw'],
  [0xe15c, 0x08f53023, 'c.sd'],
  [0x0001, 0x00000013, 'c.addi'],
  [0x1501, 0xfe050513, 'c.addi'],
  [0x237d, 0x01f3031b, 'c.addiw'],
  [0x53fd, 0xfff00393, 'c.li'],
  [0x7101, 0xe0010113, 'c.addi16sp'],
  [0x617d, 0x1f010113, 'c.addi16sp'],
  [0x65fd, 0x0001f5b7, 'c.lui'],
  [0x7581, 0xfffe05b7, 'c.lui'],
  [0x917d, 0x03f55513, 'c.srli'],
  [0x8585, 0x4015d593, 'c.srai'],
  [0x9a7d, 0xfff67613, 'c.andi'],
  [0x8c05, 0x40940433, 'c.sub'],
  [0x8d2d, 0x00b54533, 'c.xor'],
  [0x8e55, 0x00d66633, 'c.or'],
  [0x8f7d, 0x00f77733, 'c.and'],
  [0x9c1d, 0x40f4043b, 'c.subw'],
  [0x9d25, 0x0095053b, 'c.addw'],
  [0xaffd, 0x7fe0006f, 'c.j'],
  [0xb001, 0x801ff06f, 'c.j'],
  [0xcd7d, 0x0e050f63, 'c.beqz'],
  [0xf081, 0xf00490e3, 'c.bnez'],
  [0x12fe, 0x03f29293, 'c.slli'],
  [0x30fe, 0x1f813087, 'c.fldsp'],
  [0x50fe, 0x0fc12083, 'c.lwsp'],
  [0x7dfe, 0x1f813d83, 'c.ldsp'],
  [0x8082, 0x00008067, 'c.jr'],
  [0x857e, 0x01f00533, 'c.mv'],
  [0x9002, 0x00100073, 'c.ebreak'],
  [0x9282, 0x000280e7, 'c.jalr'],
  [0x949e, 0x007484b3, 'c.add'],
  [0xbfee, 0x1fb13c27, 'c.fsdsp'],
  [0xdf86, 0x0e112e23, 'c.swsp'],
  [0xffa2, 0x1e813c23, 'c.sdsp'],
];

describe('RV64C expansion', () => {
  it.each(GOLDEN)('expands golden case %# (0x%s) to what GNU as writes in full', (half, full) => {
    expect(wasm.expandCompressed(half) >>> 0).toBe(full);
  });

  it('covers every compressed form of the table with a golden case', () => {
    const covered = new Set(GOLDEN.map(([, , name]) => name));
    for (const spec of COMPRESSED_INSTRUCTIONS) {
      if (spec.name !== 'c.nop') expect(covered.has(spec.name), spec.name).toBe(true);
    }
  });

  it('expands every legal 16-bit pattern to the base instruction its table line names', () => {
    let legal = 0;
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 3) === 3) continue;
      const full = wasm.expandCompressed(h) >>> 0;
      if (full === 0) continue;
      legal++;
      const form = lookup(COMPRESSED_INSTRUCTIONS, h);
      const base = lookup(BASE_INSTRUCTIONS, full);
      expect(form, `0x${h.toString(16)} has a table line`).toBeDefined();
      expect(base?.name, `0x${h.toString(16)} (${form?.name})`).toBe(form?.expandsTo);
    }
    expect(legal).toBeGreaterThan(40000);
  });

  it('rejects the reserved encodings', () => {
    const reserved = [
      0x0000, // all zeros
      0x0010, // c.addi4spn with nzuimm = 0
      0x8000, // quadrant 0 funct3 100
      0x2001, // c.addiw with rd = 0
      0x6101, // c.addi16sp with nzimm = 0
      0x6081, // c.lui with nzimm = 0
      0x9c41, // c.subw-space funct 10 (reserved)
      0x4002, // c.lwsp with rd = 0
      0x6002, // c.ldsp with rd = 0
      0x8002, // c.jr with rs1 = 0
    ];
    for (const h of reserved) expect(wasm.expandCompressed(h), `0x${h.toString(16)}`).toBe(0);
  });

  it('runs compressed code, advancing pc by 2 and linking pc + 2', () => {
    // c.li a0, 5; c.addi a0, 1; c.jal is RV32-only, so c.jalr t0 with t0 = the ebreak
    t.writeHalfwords(CODE_BASE, [0x4515, 0x0505, 0x9282, 0x0001]);
    t.writeCode(CODE_BASE + 8, [0x00100073]);
    t.hart.setX(5, BigInt(CODE_BASE + 8));
    t.hart.pc = BigInt(CODE_BASE);
    expect(t.hart.run(100)).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(10)).toBe(6n);
    expect(t.hart.getX(1)).toBe(BigInt(CODE_BASE + 6)); // the link is the next halfword
  });

  it('reports an illegal compressed instruction with its 16 bits', () => {
    t.writeHalfwords(CODE_BASE, [0x0000, 0xffff]);
    t.hart.pc = BigInt(CODE_BASE);
    expect(t.hart.run(100)).toBe(CAUSE_ILLEGAL_INSTRUCTION);
    expect(t.hart.trap.value).toBe(0n);
    expect(t.hart.trap.pc).toBe(BigInt(CODE_BASE));
  });

  it('fetches a 32-bit instruction that straddles a page boundary', () => {
    const at = 0x13ffe; // last halfword of a page
    t.writeHalfwords(at, [0x0513, 0x0070]); // addi a0, zero, 7 split over two pages
    t.writeHalfwords(at + 4, [0x9002]); // c.ebreak
    t.hart.pc = BigInt(at);
    expect(t.hart.run(100)).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(10)).toBe(7n);
  });
});
