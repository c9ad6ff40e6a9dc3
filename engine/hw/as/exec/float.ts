// RV64F and RV64D handlers: decode operands, check the rounding mode, call the arithmetic in
// ../fpu*.ts (rounding rules in ../fpu.ts), write the result and commit the exception flags.
// Singles live NaN-boxed in the 64-bit f registers: reads of an unboxed value see the canonical
// NaN (except the transfer instructions fsw and fmv.x.w, which take the low 32 bits as they
// are), writes box.
// Contract: see ../cpu.ts. A reserved rounding mode (rm 5 or 6, or rm 7 with frm >= 5) is an
// illegal instruction, checked before anything is written.

import { exec_illegal, fr, fw, immI, immS, rd, rs1, rs2, rs3, sext32, TRAP, xr, xw } from '../cpu';
import { fault, read32, read64, write32, write64 } from '../mmu';
import { BOX, CANON32, CANON64, commitFlags, F32, F64, RMM, roundingMode, unboxS, widen } from '../fpu';
import { fadd, fdiv, fmul, fsqrt } from '../fpu-arith';
import { fclass32, fclass64, feq, fle, flt, minMax } from '../fpu-compare';
import { fromInt, narrow, TO_L, TO_LU, TO_W, TO_WU, toInt, widenChecked } from '../fpu-convert';
import { fma } from '../fpu-fma';

const SIGN64: u64 = 0x8000000000000000;

/** Register i as a double bit pattern: the double itself, or the (unboxed) single widened. */
function operand(i: u32, fmt: u32): u64 {
  return fmt == F32 ? widen(unboxS(fr(i))) : fr(i);
}

function writeResult(i: u32, v: u64, fmt: u32): void {
  fw(i, fmt == F32 ? BOX | v : v);
}

// ---- loads and stores ----

export function exec_flw(insn: u32, pc: u64, npc: u64): u64 {
  const v = read32(xr(rs1(insn)) + immI(insn), pc);
  if (fault) return TRAP;
  fw(rd(insn), BOX | v);
  return npc;
}

export function exec_fld(insn: u32, pc: u64, npc: u64): u64 {
  const v = read64(xr(rs1(insn)) + immI(insn), pc);
  if (fault) return TRAP;
  fw(rd(insn), v);
  return npc;
}

export function exec_fsw(insn: u32, pc: u64, npc: u64): u64 {
  write32(xr(rs1(insn)) + immS(insn), fr(rs2(insn)), pc);
  return fault ? TRAP : npc;
}

export function exec_fsd(insn: u32, pc: u64, npc: u64): u64 {
  write64(xr(rs1(insn)) + immS(insn), fr(rs2(insn)), pc);
  return fault ? TRAP : npc;
}

// ---- arithmetic ----

const OP_ADD: u32 = 0;
const OP_SUB: u32 = 1;
const OP_MUL: u32 = 2;
const OP_DIV: u32 = 3;
const OP_SQRT: u32 = 4;

function arith(insn: u32, pc: u64, npc: u64, op: u32, fmt: u32): u64 {
  const rm = roundingMode(insn);
  if (rm > RMM) return exec_illegal(insn, pc);
  const a = operand(rs1(insn), fmt);
  const b = operand(rs2(insn), fmt);
  let r: u64;
  if (op == OP_ADD) r = fadd(a, b, rm, fmt);
  else if (op == OP_SUB) r = fadd(a, b ^ SIGN64, rm, fmt);
  else if (op == OP_MUL) r = fmul(a, b, rm, fmt);
  else if (op == OP_DIV) r = fdiv(a, b, rm, fmt);
  else r = fsqrt(a, rm, fmt);
  writeResult(rd(insn), r, fmt);
  commitFlags();
  return npc;
}

export function exec_fadd_s(insn: u32, pc: u64, npc: u64): u64 {
  return arith(insn, pc, npc, OP_ADD, F32);
}
export function exec_fsub_s(insn: u32, pc: u64, npc: u64): u64 {
  return arith(insn, pc, npc, OP_SUB, F32);
}
export function exec_fmul_s(insn: u32, pc: u64, npc: u64): u64 {
  return arith(insn, pc, npc, OP_MUL, F32);
}
export function exec_fdiv_s(insn: u32, pc: u64, npc: u64): u64 {
  return arith(insn, pc, npc, OP_DIV, F32);
}
export function exec_fsqrt_s(insn: u32, pc: u64, npc: u64): u64 {
  return arith(insn, pc, npc, OP_SQRT, F32);
}
export function exec_fadd_d(insn: u32, pc: u64, npc: u64): u64 {
  return arith(insn, pc, npc, OP_ADD, F64);
}
export function exec_fsub_d(insn: u32, pc: u64, npc: u64): u64 {
  return arith(insn, pc, npc, OP_SUB, F64);
}
export function exec_fmul_d(insn: u32, pc: u64, npc: u64): u64 {
  return arith(insn, pc, npc, OP_MUL, F64);
}
export function exec_fdiv_d(insn: u32, pc: u64, npc: u64): u64 {
  return arith(insn, pc, npc, OP_DIV, F64);
}
export function exec_fsqrt_d(insn: u32, pc: u64, npc: u64): u64 {
  return arith(insn, pc, npc, OP_SQRT, F64);
}

// ---- fused multiply-add: the negated forms negate operands, so zero signs come out right ----

function fused(insn: u32, pc: u64, npc: u64, negProduct: bool, negAddend: bool, fmt: u32): u64 {
  const rm = roundingMode(insn);
  if (rm > RMM) return exec_illegal(insn, pc);
  const a = operand(rs1(insn), fmt) ^ (negProduct ? SIGN64 : 0);
  const b = operand(rs2(insn), fmt);
  const c = operand(rs3(insn), fmt) ^ (negAddend ? SIGN64 : 0);
  writeResult(rd(insn), fma(a, b, c, rm, fmt), fmt);
  commitFlags();
  return npc;
}

export function exec_fmadd_s(insn: u32, pc: u64, npc: u64): u64 {
  return fused(insn, pc, npc, false, false, F32);
}
export function exec_fmsub_s(insn: u32, pc: u64, npc: u64): u64 {
  return fused(insn, pc, npc, false, true, F32);
}
export function exec_fnmsub_s(insn: u32, pc: u64, npc: u64): u64 {
  return fused(insn, pc, npc, true, false, F32);
}
export function exec_fnmadd_s(insn: u32, pc: u64, npc: u64): u64 {
  return fused(insn, pc, npc, true, true, F32);
}
export function exec_fmadd_d(insn: u32, pc: u64, npc: u64): u64 {
  return fused(insn, pc, npc, false, false, F64);
}
export function exec_fmsub_d(insn: u32, pc: u64, npc: u64): u64 {
  return fused(insn, pc, npc, false, true, F64);
}
export function exec_fnmsub_d(insn: u32, pc: u64, npc: u64): u64 {
  return fused(insn, pc, npc, true, false, F64);
}
export function exec_fnmadd_d(insn: u32, pc: u64, npc: u64): u64 {
  return fused(insn, pc, npc, true, true, F64);
}

// ---- sign injection (no flags, no canonicalisation beyond unboxing) ----

export function exec_fsgnj_s(insn: u32, pc: u64, npc: u64): u64 {
  const a = unboxS(fr(rs1(insn)));
  const b = unboxS(fr(rs2(insn)));
  fw(rd(insn), BOX | ((a & 0x7fffffff) | (b & 0x80000000)));
  return npc;
}
export function exec_fsgnjn_s(insn: u32, pc: u64, npc: u64): u64 {
  const a = unboxS(fr(rs1(insn)));
  const b = unboxS(fr(rs2(insn)));
  fw(rd(insn), BOX | ((a & 0x7fffffff) | (~b & 0x80000000)));
  return npc;
}
export function exec_fsgnjx_s(insn: u32, pc: u64, npc: u64): u64 {
  const a = unboxS(fr(rs1(insn)));
  const b = unboxS(fr(rs2(insn)));
  fw(rd(insn), BOX | (a ^ (b & 0x80000000)));
  return npc;
}
export function exec_fsgnj_d(insn: u32, pc: u64, npc: u64): u64 {
  fw(rd(insn), (fr(rs1(insn)) & ~SIGN64) | (fr(rs2(insn)) & SIGN64));
  return npc;
}
export function exec_fsgnjn_d(insn: u32, pc: u64, npc: u64): u64 {
  fw(rd(insn), (fr(rs1(insn)) & ~SIGN64) | (~fr(rs2(insn)) & SIGN64));
  return npc;
}
export function exec_fsgnjx_d(insn: u32, pc: u64, npc: u64): u64 {
  fw(rd(insn), fr(rs1(insn)) ^ (fr(rs2(insn)) & SIGN64));
  return npc;
}

// ---- min/max: the chosen operand is written unchanged ----

function minMaxOp(insn: u32, npc: u64, max: bool, fmt: u32): u64 {
  const pick = minMax(operand(rs1(insn), fmt), operand(rs2(insn), fmt), max);
  const i = pick == 0 ? rs1(insn) : rs2(insn);
  let r: u64;
  if (fmt == F32) r = BOX | (pick == 2 ? CANON32 : unboxS(fr(i)));
  else r = pick == 2 ? CANON64 : fr(i);
  fw(rd(insn), r);
  commitFlags();
  return npc;
}

export function exec_fmin_s(insn: u32, pc: u64, npc: u64): u64 {
  return minMaxOp(insn, npc, false, F32);
}
export function exec_fmax_s(insn: u32, pc: u64, npc: u64): u64 {
  return minMaxOp(insn, npc, true, F32);
}
export function exec_fmin_d(insn: u32, pc: u64, npc: u64): u64 {
  return minMaxOp(insn, npc, false, F64);
}
export function exec_fmax_d(insn: u32, pc: u64, npc: u64): u64 {
  return minMaxOp(insn, npc, true, F64);
}

// ---- comparisons ----

const CMP_EQ: u32 = 0;
const CMP_LT: u32 = 1;
const CMP_LE: u32 = 2;

function compare(insn: u32, npc: u64, kind: u32, fmt: u32): u64 {
  const a = operand(rs1(insn), fmt);
  const b = operand(rs2(insn), fmt);
  const r = kind == CMP_EQ ? feq(a, b) : kind == CMP_LT ? flt(a, b) : fle(a, b);
  xw(rd(insn), r ? 1 : 0);
  commitFlags();
  return npc;
}

export function exec_feq_s(insn: u32, pc: u64, npc: u64): u64 {
  return compare(insn, npc, CMP_EQ, F32);
}
export function exec_flt_s(insn: u32, pc: u64, npc: u64): u64 {
  return compare(insn, npc, CMP_LT, F32);
}
export function exec_fle_s(insn: u32, pc: u64, npc: u64): u64 {
  return compare(insn, npc, CMP_LE, F32);
}
export function exec_feq_d(insn: u32, pc: u64, npc: u64): u64 {
  return compare(insn, npc, CMP_EQ, F64);
}
export function exec_flt_d(insn: u32, pc: u64, npc: u64): u64 {
  return compare(insn, npc, CMP_LT, F64);
}
export function exec_fle_d(insn: u32, pc: u64, npc: u64): u64 {
  return compare(insn, npc, CMP_LE, F64);
}

// ---- classification and moves ----

export function exec_fclass_s(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), fclass32(unboxS(fr(rs1(insn)))));
  return npc;
}
export function exec_fclass_d(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), fclass64(fr(rs1(insn))));
  return npc;
}

export function exec_fmv_x_w(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), sext32(<u32>fr(rs1(insn))));
  return npc;
}
export function exec_fmv_w_x(insn: u32, pc: u64, npc: u64): u64 {
  fw(rd(insn), BOX | (xr(rs1(insn)) & 0xffffffff));
  return npc;
}
export function exec_fmv_x_d(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), fr(rs1(insn)));
  return npc;
}
export function exec_fmv_d_x(insn: u32, pc: u64, npc: u64): u64 {
  fw(rd(insn), xr(rs1(insn)));
  return npc;
}

// ---- conversions ----

function toIntOp(insn: u32, pc: u64, npc: u64, to: u32, fmt: u32): u64 {
  const rm = roundingMode(insn);
  if (rm > RMM) return exec_illegal(insn, pc);
  xw(rd(insn), toInt(operand(rs1(insn), fmt), rm, to));
  commitFlags();
  return npc;
}

export function exec_fcvt_w_s(insn: u32, pc: u64, npc: u64): u64 {
  return toIntOp(insn, pc, npc, TO_W, F32);
}
export function exec_fcvt_wu_s(insn: u32, pc: u64, npc: u64): u64 {
  return toIntOp(insn, pc, npc, TO_WU, F32);
}
export function exec_fcvt_l_s(insn: u32, pc: u64, npc: u64): u64 {
  return toIntOp(insn, pc, npc, TO_L, F32);
}
export function exec_fcvt_lu_s(insn: u32, pc: u64, npc: u64): u64 {
  return toIntOp(insn, pc, npc, TO_LU, F32);
}
export function exec_fcvt_w_d(insn: u32, pc: u64, npc: u64): u64 {
  return toIntOp(insn, pc, npc, TO_W, F64);
}
export function exec_fcvt_wu_d(insn: u32, pc: u64, npc: u64): u64 {
  return toIntOp(insn, pc, npc, TO_WU, F64);
}
export function exec_fcvt_l_d(insn: u32, pc: u64, npc: u64): u64 {
  return toIntOp(insn, pc, npc, TO_L, F64);
}
export function exec_fcvt_lu_d(insn: u32, pc: u64, npc: u64): u64 {
  return toIntOp(insn, pc, npc, TO_LU, F64);
}

function fromIntOp(insn: u32, pc: u64, npc: u64, from: u32, fmt: u32): u64 {
  const rm = roundingMode(insn);
  if (rm > RMM) return exec_illegal(insn, pc);
  let v = xr(rs1(insn));
  if (from == TO_W) v = sext32(<u32>v);
  else if (from == TO_WU) v &= 0xffffffff;
  writeResult(rd(insn), fromInt(v, from == TO_W || from == TO_L, rm, fmt), fmt);
  commitFlags();
  return npc;
}

export function exec_fcvt_s_w(insn: u32, pc: u64, npc: u64): u64 {
  return fromIntOp(insn, pc, npc, TO_W, F32);
}
export function exec_fcvt_s_wu(insn: u32, pc: u64, npc: u64): u64 {
  return fromIntOp(insn, pc, npc, TO_WU, F32);
}
export function exec_fcvt_s_l(insn: u32, pc: u64, npc: u64): u64 {
  return fromIntOp(insn, pc, npc, TO_L, F32);
}
export function exec_fcvt_s_lu(insn: u32, pc: u64, npc: u64): u64 {
  return fromIntOp(insn, pc, npc, TO_LU, F32);
}
export function exec_fcvt_d_w(insn: u32, pc: u64, npc: u64): u64 {
  return fromIntOp(insn, pc, npc, TO_W, F64);
}
export function exec_fcvt_d_wu(insn: u32, pc: u64, npc: u64): u64 {
  return fromIntOp(insn, pc, npc, TO_WU, F64);
}
export function exec_fcvt_d_l(insn: u32, pc: u64, npc: u64): u64 {
  return fromIntOp(insn, pc, npc, TO_L, F64);
}
export function exec_fcvt_d_lu(insn: u32, pc: u64, npc: u64): u64 {
  return fromIntOp(insn, pc, npc, TO_LU, F64);
}

export function exec_fcvt_s_d(insn: u32, pc: u64, npc: u64): u64 {
  const rm = roundingMode(insn);
  if (rm > RMM) return exec_illegal(insn, pc);
  fw(rd(insn), BOX | narrow(fr(rs1(insn)), rm));
  commitFlags();
  return npc;
}

/** Exact, but the rm field must still name a valid mode. */
export function exec_fcvt_d_s(insn: u32, pc: u64, npc: u64): u64 {
  const rm = roundingMode(insn);
  if (rm > RMM) return exec_illegal(insn, pc);
  fw(rd(insn), widenChecked(operand(rs1(insn), F32)));
  commitFlags();
  return npc;
}
