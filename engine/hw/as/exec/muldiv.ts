// RV64M handlers. WebAssembly traps on division by zero and on MIN / -1, RISC-V does not:
// every divide checks both cases first and returns the spec's results (division by zero gives
// all ones and leaves the dividend as remainder; overflow gives MIN and remainder 0).

import { rd, rs1, rs2, sext32, xr, xw } from '../cpu';

/** High 64 bits of the unsigned 128-bit product a * b. */
export function mulhu64(a: u64, b: u64): u64 {
  const aLo = a & 0xffffffff;
  const aHi = a >> 32;
  const bLo = b & 0xffffffff;
  const bHi = b >> 32;
  const ll = aLo * bLo;
  const lh = aLo * bHi;
  const hl = aHi * bLo;
  const hh = aHi * bHi;
  const mid = (ll >> 32) + (lh & 0xffffffff) + (hl & 0xffffffff);
  return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

export function exec_mul(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), xr(rs1(insn)) * xr(rs2(insn)));
  return npc;
}

export function exec_mulh(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  let hi = mulhu64(a, b);
  if (<i64>a < 0) hi -= b;
  if (<i64>b < 0) hi -= a;
  xw(rd(insn), hi);
  return npc;
}

export function exec_mulhsu(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  let hi = mulhu64(a, b);
  if (<i64>a < 0) hi -= b;
  xw(rd(insn), hi);
  return npc;
}

export function exec_mulhu(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), mulhu64(xr(rs1(insn)), xr(rs2(insn))));
  return npc;
}

export function exec_div(insn: u32, pc: u64, npc: u64): u64 {
  const a = <i64>xr(rs1(insn));
  const b = <i64>xr(rs2(insn));
  let q: i64;
  if (b == 0) q = -1;
  else if (a == i64.MIN_VALUE && b == -1) q = a;
  else q = a / b;
  xw(rd(insn), <u64>q);
  return npc;
}

export function exec_divu(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  xw(rd(insn), b == 0 ? u64.MAX_VALUE : a / b);
  return npc;
}

export function exec_rem(insn: u32, pc: u64, npc: u64): u64 {
  const a = <i64>xr(rs1(insn));
  const b = <i64>xr(rs2(insn));
  let r: i64;
  if (b == 0) r = a;
  else if (a == i64.MIN_VALUE && b == -1) r = 0;
  else r = a % b;
  xw(rd(insn), <u64>r);
  return npc;
}

export function exec_remu(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  xw(rd(insn), b == 0 ? a : a % b);
  return npc;
}

export function exec_mulw(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), sext32(<u32>xr(rs1(insn)) * <u32>xr(rs2(insn))));
  return npc;
}

export function exec_divw(insn: u32, pc: u64, npc: u64): u64 {
  const a = <i32>xr(rs1(insn));
  const b = <i32>xr(rs2(insn));
  let q: i32;
  if (b == 0) q = -1;
  else if (a == i32.MIN_VALUE && b == -1) q = a;
  else q = a / b;
  xw(rd(insn), sext32(<u32>q));
  return npc;
}

export function exec_divuw(insn: u32, pc: u64, npc: u64): u64 {
  const a = <u32>xr(rs1(insn));
  const b = <u32>xr(rs2(insn));
  xw(rd(insn), sext32(b == 0 ? u32.MAX_VALUE : a / b));
  return npc;
}

export function exec_remw(insn: u32, pc: u64, npc: u64): u64 {
  const a = <i32>xr(rs1(insn));
  const b = <i32>xr(rs2(insn));
  let r: i32;
  if (b == 0) r = a;
  else if (a == i32.MIN_VALUE && b == -1) r = 0;
  else r = a % b;
  xw(rd(insn), sext32(<u32>r));
  return npc;
}

export function exec_remuw(insn: u32, pc: u64, npc: u64): u64 {
  const a = <u32>xr(rs1(insn));
  const b = <u32>xr(rs2(insn));
  xw(rd(insn), sext32(b == 0 ? a : a % b));
  return npc;
}
