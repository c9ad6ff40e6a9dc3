// RV64C: expands each 16-bit instruction to the 32-bit instruction it stands for (the RISC-V
// unprivileged spec, chapter "C" Standard Extension, tables of RVC opcodes). The hart expands
// through a 65536-entry table built once from this function, so decoding a compressed
// instruction costs one load. 0 marks a reserved or illegal encoding (0 is illegal as 32 bits).

import { CEXP_TABLE_OFFSET, HDR_TABLES_READY, HEADER_OFFSET } from '../memory-map';

function bits(h: u32, hi: u32, lo: u32): u32 {
  return (h >> lo) & (((<u32>1) << (hi - lo + 1)) - 1);
}

/** Sign-extends the low `width` bits of v. */
function sext(v: u32, width: u32): u32 {
  const shift = 32 - width;
  return <u32>((<i32>(v << shift)) >> shift);
}

function encI(opcode: u32, rd: u32, f3: u32, rs1: u32, imm: u32): u32 {
  return ((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opcode;
}

function encS(opcode: u32, f3: u32, rs1: u32, rs2: u32, imm: u32): u32 {
  return (((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 31) << 7) | opcode;
}

function encR(opcode: u32, rd: u32, f3: u32, rs1: u32, rs2: u32, f7: u32): u32 {
  return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opcode;
}

function encB(f3: u32, rs1: u32, rs2: u32, imm: u32): u32 {
  return (
    (((imm >> 12) & 1) << 31) |
    (((imm >> 5) & 0x3f) << 25) |
    (rs2 << 20) |
    (rs1 << 15) |
    (f3 << 12) |
    (((imm >> 1) & 0xf) << 8) |
    (((imm >> 11) & 1) << 7) |
    0x63
  );
}

function encJ(rd: u32, imm: u32): u32 {
  return (
    (((imm >> 20) & 1) << 31) |
    (((imm >> 1) & 0x3ff) << 21) |
    (((imm >> 11) & 1) << 20) |
    (((imm >> 12) & 0xff) << 12) |
    (rd << 7) |
    0x6f
  );
}

const OP_LOAD: u32 = 0x03;
const OP_LOAD_FP: u32 = 0x07;
const OP_IMM: u32 = 0x13;
const OP_IMM_32: u32 = 0x1b;
const OP_STORE: u32 = 0x23;
const OP_STORE_FP: u32 = 0x27;
const OP: u32 = 0x33;
const OP_32: u32 = 0x3b;
const OP_LUI: u32 = 0x37;
const OP_JALR: u32 = 0x67;

/** Quadrant 0: stack-pointer-relative addi and register-based loads/stores on x8..x15. */
function quadrant0(h: u32): u32 {
  const rdp = 8 + bits(h, 4, 2);
  const rs1p = 8 + bits(h, 9, 7);
  const dOffset = (bits(h, 12, 10) << 3) | (bits(h, 6, 5) << 6); // c.ld, c.sd, c.fld, c.fsd
  const wOffset = (bits(h, 12, 10) << 3) | (bits(h, 6, 6) << 2) | (bits(h, 5, 5) << 6); // c.lw, c.sw
  switch (bits(h, 15, 13)) {
    case 0: {
      const imm = (bits(h, 12, 11) << 4) | (bits(h, 10, 7) << 6) | (bits(h, 6, 6) << 2) | (bits(h, 5, 5) << 3);
      return imm == 0 ? 0 : encI(OP_IMM, rdp, 0, 2, imm); // c.addi4spn
    }
    case 1:
      return encI(OP_LOAD_FP, rdp, 3, rs1p, dOffset); // c.fld
    case 2:
      return encI(OP_LOAD, rdp, 2, rs1p, wOffset); // c.lw
    case 3:
      return encI(OP_LOAD, rdp, 3, rs1p, dOffset); // c.ld
    case 5:
      return encS(OP_STORE_FP, 3, rs1p, rdp, dOffset); // c.fsd
    case 6:
      return encS(OP_STORE, 2, rs1p, rdp, wOffset); // c.sw
    case 7:
      return encS(OP_STORE, 3, rs1p, rdp, dOffset); // c.sd
  }
  return 0;
}

/** Quadrant 1: immediates, arithmetic on x8..x15, jumps and branches. */
function quadrant1(h: u32): u32 {
  const rd = bits(h, 11, 7);
  const imm6 = sext((bits(h, 12, 12) << 5) | bits(h, 6, 2), 6);
  const rdp = 8 + bits(h, 9, 7);
  const rs2p = 8 + bits(h, 4, 2);
  switch (bits(h, 15, 13)) {
    case 0:
      return encI(OP_IMM, rd, 0, rd, imm6); // c.addi (c.nop when rd = 0)
    case 1:
      return rd == 0 ? 0 : encI(OP_IMM_32, rd, 0, rd, imm6); // c.addiw
    case 2:
      return encI(OP_IMM, rd, 0, 0, imm6); // c.li
    case 3: {
      if (rd == 2) {
        const imm = sext(
          (bits(h, 12, 12) << 9) |
            (bits(h, 6, 6) << 4) |
            (bits(h, 5, 5) << 6) |
            (bits(h, 4, 3) << 7) |
            (bits(h, 2, 2) << 5),
          10,
        );
        return imm == 0 ? 0 : encI(OP_IMM, 2, 0, 2, imm); // c.addi16sp
      }
      const imm = sext((bits(h, 12, 12) << 17) | (bits(h, 6, 2) << 12), 18);
      return imm == 0 ? 0 : (imm & 0xfffff000) | (rd << 7) | OP_LUI; // c.lui
    }
    case 4: {
      const shamt = (bits(h, 12, 12) << 5) | bits(h, 6, 2);
      switch (bits(h, 11, 10)) {
        case 0:
          return encI(OP_IMM, rdp, 5, rdp, shamt); // c.srli
        case 1:
          return encI(OP_IMM, rdp, 5, rdp, shamt | 0x400); // c.srai
        case 2:
          return encI(OP_IMM, rdp, 7, rdp, imm6); // c.andi
      }
      const op = bits(h, 6, 5);
      if (bits(h, 12, 12) == 0) {
        if (op == 0) return encR(OP, rdp, 0, rdp, rs2p, 0x20); // c.sub
        if (op == 1) return encR(OP, rdp, 4, rdp, rs2p, 0); // c.xor
        if (op == 2) return encR(OP, rdp, 6, rdp, rs2p, 0); // c.or
        return encR(OP, rdp, 7, rdp, rs2p, 0); // c.and
      }
      if (op == 0) return encR(OP_32, rdp, 0, rdp, rs2p, 0x20); // c.subw
      if (op == 1) return encR(OP_32, rdp, 0, rdp, rs2p, 0); // c.addw
      return 0;
    }
    case 5: {
      const imm = sext(
        (bits(h, 12, 12) << 11) |
          (bits(h, 11, 11) << 4) |
          (bits(h, 10, 9) << 8) |
          (bits(h, 8, 8) << 10) |
          (bits(h, 7, 7) << 6) |
          (bits(h, 6, 6) << 7) |
          (bits(h, 5, 3) << 1) |
          (bits(h, 2, 2) << 5),
        12,
      );
      return encJ(0, imm); // c.j
    }
  }
  const offset = sext(
    (bits(h, 12, 12) << 8) |
      (bits(h, 11, 10) << 3) |
      (bits(h, 6, 5) << 6) |
      (bits(h, 4, 3) << 1) |
      (bits(h, 2, 2) << 5),
    9,
  );
  return encB(bits(h, 15, 13) == 6 ? 0 : 1, rdp, 0, offset); // c.beqz, c.bnez
}

/** Quadrant 2: stack-pointer-relative loads/stores, shifts, moves, jumps through registers. */
function quadrant2(h: u32): u32 {
  const rd = bits(h, 11, 7);
  const rs2 = bits(h, 6, 2);
  const dLoad = (bits(h, 12, 12) << 5) | (bits(h, 6, 5) << 3) | (bits(h, 4, 2) << 6);
  const dStore = (bits(h, 12, 10) << 3) | (bits(h, 9, 7) << 6);
  switch (bits(h, 15, 13)) {
    case 0:
      return encI(OP_IMM, rd, 1, rd, (bits(h, 12, 12) << 5) | rs2); // c.slli
    case 1:
      return encI(OP_LOAD_FP, rd, 3, 2, dLoad); // c.fldsp
    case 2: {
      const imm = (bits(h, 12, 12) << 5) | (bits(h, 6, 4) << 2) | (bits(h, 3, 2) << 6);
      return rd == 0 ? 0 : encI(OP_LOAD, rd, 2, 2, imm); // c.lwsp
    }
    case 3:
      return rd == 0 ? 0 : encI(OP_LOAD, rd, 3, 2, dLoad); // c.ldsp
    case 4:
      if (bits(h, 12, 12) == 0) {
        if (rs2 == 0) return rd == 0 ? 0 : encI(OP_JALR, 0, 0, rd, 0); // c.jr
        return encR(OP, rd, 0, 0, rs2, 0); // c.mv
      }
      if (rs2 == 0) return rd == 0 ? 0x00100073 : encI(OP_JALR, 1, 0, rd, 0); // c.ebreak, c.jalr
      return encR(OP, rd, 0, rd, rs2, 0); // c.add
    case 5:
      return encS(OP_STORE_FP, 3, 2, rs2, dStore); // c.fsdsp
    case 6:
      return encS(OP_STORE, 2, 2, rs2, (bits(h, 12, 9) << 2) | (bits(h, 8, 7) << 6)); // c.swsp
  }
  return encS(OP_STORE, 3, 2, rs2, dStore); // c.sdsp
}

/** The 32-bit instruction that compressed instruction `h` expands to, or 0 if it is illegal. */
export function expandCompressed(h: u32): u32 {
  h &= 0xffff;
  const quadrant = h & 3;
  if (quadrant == 0) return quadrant0(h);
  if (quadrant == 1) return quadrant1(h);
  if (quadrant == 2) return quadrant2(h);
  return 0;
}

/** Fills the shared expansion table (idempotent: every worker may call it; all write the same). */
export function buildExpansionTable(): void {
  for (let h: u32 = 0; h < 0x10000; h++) {
    store<u32>(<usize>CEXP_TABLE_OFFSET + ((<usize>h) << 2), expandCompressed(h));
  }
  atomic.store<u32>(HEADER_OFFSET + HDR_TABLES_READY, 1);
}
