import { beforeAll, describe, expect, it } from 'vitest';
import { encode as e } from './isa/encode';
import { CODE_BASE, createTestHart, type TestHart } from './testing/test-hart';
import { CAUSE_BREAKPOINT, CAUSE_ECALL_U, CAUSE_ILLEGAL_INSTRUCTION } from './trap-codes';

const M64 = (1n << 64n) - 1n;
const u = (v: bigint) => BigInt.asUintN(64, v);
const MIN64 = u(-(1n << 63n));

let t: TestHart;
beforeAll(async () => {
  t = await createTestHart();
});

/** Sets x1, x2 (and x3), runs `op rd=x3, rs1=x1, rs2=x2` and returns x3. */
function rr(op: string, a: bigint, b: bigint): bigint {
  t.hart.setX(1, a);
  t.hart.setX(2, b);
  expect(t.exec([e(op, { rd: 3, rs1: 1, rs2: 2 })])).toBe(CAUSE_BREAKPOINT);
  return t.hart.getX(3);
}

/** Runs `op rd=x3, rs1=x1, <imm>` and returns x3. */
function ri(op: string, a: bigint, imm: number, field: 'imm12' | 'shamtd' | 'shamtw' = 'imm12'): bigint {
  t.hart.setX(1, a);
  expect(t.exec([e(op, { rd: 3, rs1: 1, [field]: imm })])).toBe(CAUSE_BREAKPOINT);
  return t.hart.getX(3);
}

describe('RV64I arithmetic', () => {
  it('adds and subtracts modulo 2^64', () => {
    expect(rr('add', M64, 2n)).toBe(1n);
    expect(rr('sub', 0n, 1n)).toBe(M64);
    expect(ri('addi', 5n, -6)).toBe(M64);
    expect(ri('addi', 0n, 2047)).toBe(2047n);
    expect(ri('addi', 0n, -2048)).toBe(u(-2048n));
  });

  it('compares signed and unsigned', () => {
    expect(rr('slt', M64, 0n)).toBe(1n);
    expect(rr('sltu', M64, 0n)).toBe(0n);
    expect(ri('slti', u(-3n), -2)).toBe(1n);
    expect(ri('sltiu', 5n, -1)).toBe(1n); // the immediate is sign-extended, then compared unsigned
    expect(ri('sltiu', 0n, 1)).toBe(1n); // seqz
  });

  it('does logic with sign-extended immediates', () => {
    expect(rr('xor', 0xf0n, 0xffn)).toBe(0x0fn);
    expect(rr('or', 0xf0n, 0x0fn)).toBe(0xffn);
    expect(rr('and', 0xf0n, 0x3cn)).toBe(0x30n);
    expect(ri('xori', 0n, -1)).toBe(M64); // not
    expect(ri('ori', 0x100n, 0x0ff)).toBe(0x1ffn);
    expect(ri('andi', M64, -16)).toBe(u(-16n));
  });

  it('shifts by the low 6 bits of the amount', () => {
    expect(rr('sll', 1n, 63n)).toBe(1n << 63n);
    expect(rr('sll', 1n, 64n + 4n)).toBe(16n);
    expect(rr('srl', MIN64, 63n)).toBe(1n);
    expect(rr('sra', MIN64, 63n)).toBe(M64);
    expect(ri('slli', 3n, 62, 'shamtd')).toBe((3n << 62n) & M64);
    expect(ri('srli', M64, 60, 'shamtd')).toBe(15n);
    expect(ri('srai', MIN64, 4, 'shamtd')).toBe(u(-(1n << 59n)));
  });

  it('sign-extends every W result from bit 31', () => {
    expect(rr('addw', 0x7fffffffn, 1n)).toBe(u(-0x80000000n));
    expect(rr('subw', 0n, 1n)).toBe(M64);
    expect(rr('addw', 0xffffffff00000001n, 1n)).toBe(2n); // upper bits of the sources are ignored
    expect(ri('addiw', 0x7fffffffn, 1)).toBe(u(-0x80000000n));
    expect(ri('addiw', 0x1_0000_0005n, 0)).toBe(5n); // sext.w
    expect(rr('sllw', 1n, 31n)).toBe(u(-0x80000000n));
    expect(rr('sllw', 1n, 32n)).toBe(1n); // only 5 bits of the amount
    expect(rr('srlw', 0x80000000n, 31n)).toBe(1n);
    expect(rr('srlw', 0xffffffff_80000000n, 0n)).toBe(u(-0x80000000n));
    expect(rr('sraw', 0x80000000n, 4n)).toBe(u(-0x8000000n));
    expect(ri('slliw', 0xffffffffn, 4, 'shamtw')).toBe(u(-16n));
    expect(ri('srliw', 0xffffffffn, 4, 'shamtw')).toBe(0x0fffffffn);
    expect(ri('sraiw', 0x80000000n, 31, 'shamtw')).toBe(M64);
  });

  it('builds constants with lui and addresses with auipc', () => {
    expect(t.exec([e('lui', { rd: 5, imm20: 0x80000 })])).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(5)).toBe(u(-0x80000000n)); // lui sign-extends on RV64
    expect(t.exec([e('addi', { rd: 0, rs1: 0, imm12: 0 }), e('auipc', { rd: 6, imm20: 1 })])).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(6)).toBe(BigInt(CODE_BASE + 4 + 0x1000));
  });

  it('keeps x0 zero whatever is written to it', () => {
    expect(t.exec([e('addi', { rd: 0, rs1: 0, imm12: 5 }), e('add', { rd: 7, rs1: 0, rs2: 0 })])).toBe(
      CAUSE_BREAKPOINT,
    );
    expect(t.hart.getX(0)).toBe(0n);
    expect(t.hart.getX(7)).toBe(0n);
  });
});

describe('RV64M', () => {
  it('multiplies, keeping the low or the high half', () => {
    expect(rr('mul', M64, M64)).toBe(1n);
    expect(rr('mulh', M64, M64)).toBe(0n); // (-1)*(-1) = 1: high half 0
    expect(rr('mulhu', M64, M64)).toBe(M64 - 1n);
    expect(rr('mulhsu', M64, M64)).toBe(M64); // -1 * (2^64-1): high half -1
    expect(rr('mulh', MIN64, MIN64)).toBe(1n << 62n);
    expect(rr('mulhsu', MIN64, 2n)).toBe(M64);
    expect(rr('mulw', 0x10000n, 0x10000n)).toBe(0n);
    expect(rr('mulw', 0x7fffffffn, 2n)).toBe(M64 - 1n);
  });

  it('divides by zero without trapping: quotient all ones, remainder the dividend', () => {
    expect(rr('div', 7n, 0n)).toBe(M64);
    expect(rr('divu', 7n, 0n)).toBe(M64);
    expect(rr('rem', u(-7n), 0n)).toBe(u(-7n));
    expect(rr('remu', 7n, 0n)).toBe(7n);
    expect(rr('divw', 7n, 0n)).toBe(M64);
    expect(rr('divuw', 7n, 0n)).toBe(M64);
    expect(rr('remw', 0xffffffff_fffffff9n, 0n)).toBe(u(-7n));
    expect(rr('remuw', 0x1_8000_0000n, 0n)).toBe(u(-0x80000000n));
  });

  it('overflows MIN / -1 to MIN with remainder 0', () => {
    expect(rr('div', MIN64, M64)).toBe(MIN64);
    expect(rr('rem', MIN64, M64)).toBe(0n);
    expect(rr('divw', 0x80000000n, M64)).toBe(u(-0x80000000n));
    expect(rr('remw', 0x80000000n, M64)).toBe(0n);
  });

  it('rounds quotients toward zero and gives remainders the dividend sign', () => {
    expect(rr('div', u(-7n), 2n)).toBe(u(-3n));
    expect(rr('rem', u(-7n), 2n)).toBe(u(-1n));
    expect(rr('divu', u(-7n), 2n)).toBe(u(-7n) / 2n);
    expect(rr('remu', 10n, 3n)).toBe(1n);
    expect(rr('divw', 0xfffffff9n, 2n)).toBe(u(-3n));
    expect(rr('divuw', 0xfffffff9n, 2n)).toBe(0x7ffffffcn);
    expect(rr('remw', 0xfffffff9n, 2n)).toBe(u(-1n));
    expect(rr('remuw', 0xfffffff9n, 10n)).toBe(BigInt(0xfffffff9 % 10));
  });

  it('divides operands of 31, 32 and 33 bits, positive and negative, as BigInt does', () => {
    const values = [1n, 3n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0x1_2345_6789n, u(-1n), u(-3n)];
    const signed = (v: bigint) => BigInt.asIntN(64, v);
    for (const a of values) {
      for (const b of values) {
        expect(rr('divu', a, b), `divu ${a} ${b}`).toBe(a / b);
        expect(rr('remu', a, b), `remu ${a} ${b}`).toBe(a % b);
        expect(rr('div', a, b), `div ${a} ${b}`).toBe(u(signed(a) / signed(b)));
        expect(rr('rem', a, b), `rem ${a} ${b}`).toBe(u(signed(a) % signed(b)));
      }
    }
  });
});

describe('RV64I control flow', () => {
  const branches: Array<[string, bigint, bigint, boolean]> = [
    ['beq', 5n, 5n, true],
    ['beq', 5n, 6n, false],
    ['bne', 5n, 6n, true],
    ['bne', 5n, 5n, false],
    ['blt', M64, 0n, true],
    ['blt', 0n, M64, false],
    ['bge', 0n, M64, true],
    ['bge', 5n, 5n, true],
    ['bge', M64, 0n, false],
    ['bltu', 0n, M64, true],
    ['bltu', M64, 0n, false],
    ['bgeu', M64, 0n, true],
    ['bgeu', 0n, 1n, false],
  ];
  it.each(branches)('%s %d, %d is taken: %s', (op, a, b, taken) => {
    t.hart.setX(1, a);
    t.hart.setX(2, b);
    t.hart.setX(3, 0n);
    // taken: skip the addi that sets x3
    expect(t.exec([e(op, { rs1: 1, rs2: 2, bimm13: 8 }), e('addi', { rd: 3, rs1: 0, imm12: 1 })])).toBe(
      CAUSE_BREAKPOINT,
    );
    expect(t.hart.getX(3)).toBe(taken ? 0n : 1n);
  });

  it('branches backwards', () => {
    // x1 = 3; loop: x1 -= 1; bne x1, x0, loop
    const code = [
      e('addi', { rd: 1, rs1: 0, imm12: 3 }),
      e('addi', { rd: 1, rs1: 1, imm12: -1 }),
      e('bne', { rs1: 1, rs2: 0, bimm13: -4 }),
    ];
    expect(t.exec(code)).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(1)).toBe(0n);
  });

  it('links jal and jalr to the next instruction and clears bit 0 of a jalr target', () => {
    expect(t.exec([e('jal', { rd: 1, jimm21: 8 }), e('addi', { rd: 5, rs1: 0, imm12: 1 })])).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(1)).toBe(BigInt(CODE_BASE + 4));
    t.hart.setX(2, BigInt(CODE_BASE + 8 + 1)); // odd target: bit 0 is dropped
    expect(t.exec([e('jalr', { rd: 1, rs1: 2, imm12: 4 }), e('addi', { rd: 5, rs1: 0, imm12: 7 }), e('ebreak')])).toBe(
      CAUSE_BREAKPOINT,
    );
    expect(t.hart.trap.pc).toBe(BigInt(CODE_BASE + 12));
    expect(t.hart.getX(1)).toBe(BigInt(CODE_BASE + 4));
  });

  it('uses the old rs1 when jalr links into the same register', () => {
    t.hart.setX(1, BigInt(CODE_BASE + 8));
    expect(t.exec([e('jalr', { rd: 1, rs1: 1, imm12: 0 }), e('addi', { rd: 5, rs1: 0, imm12: 1 })])).toBe(
      CAUSE_BREAKPOINT,
    );
    expect(t.hart.getX(1)).toBe(BigInt(CODE_BASE + 4));
  });

  it('stops on ecall and ebreak with the pc of the instruction', () => {
    expect(t.exec([e('addi', { rd: 0, rs1: 0, imm12: 0 }), e('ecall')])).toBe(CAUSE_ECALL_U);
    expect(t.hart.trap.pc).toBe(BigInt(CODE_BASE + 4));
    expect(t.hart.pc).toBe(BigInt(CODE_BASE + 4));
  });

  it('reports an illegal instruction with its bits', () => {
    expect(t.exec([0xffffffff])).toBe(CAUSE_ILLEGAL_INSTRUCTION);
    expect(t.hart.trap.value).toBe(0xffffffffn);
    expect(t.exec([0x00000000])).toBe(CAUSE_ILLEGAL_INSTRUCTION);
    expect(t.exec([0x0000007f])).toBe(CAUSE_ILLEGAL_INSTRUCTION); // a 64-bit-long encoding: unsupported
  });
});

describe('RV64I loads and stores', () => {
  const DATA = 0x20000;
  it('stores each width and loads it back with sign or zero extension', () => {
    t.hart.setX(1, BigInt(DATA));
    t.hart.setX(2, 0x8899aabbccddeeffn);
    const code = [
      e('sd', { rs1: 1, rs2: 2, simm12: 0 }),
      e('lb', { rd: 3, rs1: 1, imm12: 0 }),
      e('lbu', { rd: 4, rs1: 1, imm12: 0 }),
      e('lh', { rd: 5, rs1: 1, imm12: 2 }),
      e('lhu', { rd: 6, rs1: 1, imm12: 2 }),
      e('lw', { rd: 7, rs1: 1, imm12: 4 }),
      e('lwu', { rd: 8, rs1: 1, imm12: 4 }),
      e('ld', { rd: 9, rs1: 1, imm12: 0 }),
      e('sb', { rs1: 1, rs2: 0, simm12: 7 }),
      e('sh', { rs1: 1, rs2: 0, simm12: -2 }),
      e('sw', { rs1: 1, rs2: 2, simm12: 8 }),
      e('ld', { rd: 10, rs1: 1, imm12: 0 }),
      e('lwu', { rd: 11, rs1: 1, imm12: 8 }),
    ];
    expect(t.exec(code)).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(3)).toBe(u(-1n));
    expect(t.hart.getX(4)).toBe(0xffn);
    expect(t.hart.getX(5)).toBe(u(-0x3323n)); // 0xccdd sign-extended
    expect(t.hart.getX(6)).toBe(0xccddn);
    expect(t.hart.getX(7)).toBe(u(-0x77665545n)); // 0x8899aabb sign-extended
    expect(t.hart.getX(8)).toBe(0x8899aabbn);
    expect(t.hart.getX(9)).toBe(0x8899aabbccddeeffn);
    expect(t.hart.getX(10)).toBe(0x0099aabbccddeeffn);
    expect(t.hart.getX(11)).toBe(0xccddeeffn);
    expect(t.view.getUint16(0x1000000 + DATA - 2, true)).toBe(0);
  });

  it('allows misaligned loads and stores, also across a page boundary', () => {
    const edge = DATA + 0x1000 - 3; // the doubleword spans two pages
    t.hart.setX(1, BigInt(edge));
    t.hart.setX(2, 0x0102030405060708n);
    const code = [
      e('sd', { rs1: 1, rs2: 2, simm12: 0 }),
      e('ld', { rd: 3, rs1: 1, imm12: 0 }),
      e('lw', { rd: 4, rs1: 1, imm12: 1 }),
    ];
    expect(t.exec(code)).toBe(CAUSE_BREAKPOINT);
    expect(t.hart.getX(3)).toBe(0x0102030405060708n);
    expect(t.hart.getX(4)).toBe(0x04050607n); // bytes 07 06 05 04, little-endian
  });
});
