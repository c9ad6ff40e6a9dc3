// RV64A handlers on real WebAssembly atomics, so harts in different workers see each other's
// atomic operations. LR records the reserved address and the value it read; SC succeeds by a
// compare-and-swap against that value, the usual emulator construction (as QEMU's): an SC can
// succeed after another hart wrote the same value back (ABA), which RISC-V's forward-progress
// rules allow programs to survive. Misaligned atomics trap (address-misaligned).

import { HART_RESV_ADDR, HART_RESV_SIZE, HART_RESV_VALUE } from '../../memory-map';
import { hartBase, rd, rs1, rs2, sext32, TRAP, xr, xw } from '../cpu';
import { atomicLoadAddress, atomicStoreAddress } from '../mmu';

const NO_RESERVATION: u64 = u64.MAX_VALUE;

export function exec_lr_w(insn: u32, pc: u64, npc: u64): u64 {
  const host = atomicLoadAddress(xr(rs1(insn)), 4, pc);
  if (host == 0) return TRAP;
  const v = atomic.load<u32>(host);
  store<u64>(hartBase + HART_RESV_ADDR, <u64>host);
  store<u64>(hartBase + HART_RESV_VALUE, <u64>v);
  store<u32>(hartBase + HART_RESV_SIZE, 4);
  xw(rd(insn), sext32(v));
  return npc;
}

export function exec_lr_d(insn: u32, pc: u64, npc: u64): u64 {
  const host = atomicLoadAddress(xr(rs1(insn)), 8, pc);
  if (host == 0) return TRAP;
  const v = atomic.load<u64>(host);
  store<u64>(hartBase + HART_RESV_ADDR, <u64>host);
  store<u64>(hartBase + HART_RESV_VALUE, v);
  store<u32>(hartBase + HART_RESV_SIZE, 8);
  xw(rd(insn), v);
  return npc;
}

/** Takes the reservation (it is gone after any SC) and says whether it covers host/size. */
function takeReservation(host: usize, size: u32): bool {
  const ok = load<u64>(hartBase + HART_RESV_ADDR) == <u64>host && load<u32>(hartBase + HART_RESV_SIZE) == size;
  store<u64>(hartBase + HART_RESV_ADDR, NO_RESERVATION);
  return ok;
}

export function exec_sc_w(insn: u32, pc: u64, npc: u64): u64 {
  const host = atomicStoreAddress(xr(rs1(insn)), 4, pc);
  if (host == 0) return TRAP;
  const expected = <u32>load<u64>(hartBase + HART_RESV_VALUE);
  let ok = takeReservation(host, 4);
  if (ok) ok = atomic.cmpxchg<u32>(host, expected, <u32>xr(rs2(insn))) == expected;
  xw(rd(insn), ok ? 0 : 1);
  return npc;
}

export function exec_sc_d(insn: u32, pc: u64, npc: u64): u64 {
  const host = atomicStoreAddress(xr(rs1(insn)), 8, pc);
  if (host == 0) return TRAP;
  const expected = load<u64>(hartBase + HART_RESV_VALUE);
  let ok = takeReservation(host, 8);
  if (ok) ok = atomic.cmpxchg<u64>(host, expected, xr(rs2(insn))) == expected;
  xw(rd(insn), ok ? 0 : 1);
  return npc;
}

// AMO operation codes for the read-modify-write loop
const OP_SWAP: u32 = 0;
const OP_ADD: u32 = 1;
const OP_XOR: u32 = 2;
const OP_AND: u32 = 3;
const OP_OR: u32 = 4;
const OP_MIN: u32 = 5;
const OP_MAX: u32 = 6;
const OP_MINU: u32 = 7;
const OP_MAXU: u32 = 8;

function combine64(op: u32, old: u64, v: u64): u64 {
  switch (op) {
    case OP_SWAP:
      return v;
    case OP_ADD:
      return old + v;
    case OP_XOR:
      return old ^ v;
    case OP_AND:
      return old & v;
    case OP_OR:
      return old | v;
    case OP_MIN:
      return <i64>old < <i64>v ? old : v;
    case OP_MAX:
      return <i64>old > <i64>v ? old : v;
    case OP_MINU:
      return old < v ? old : v;
    default:
      return old > v ? old : v;
  }
}

function combine32(op: u32, old: u32, v: u32): u32 {
  switch (op) {
    case OP_MIN:
      return <i32>old < <i32>v ? old : v;
    case OP_MAX:
      return <i32>old > <i32>v ? old : v;
    case OP_MINU:
      return old < v ? old : v;
    case OP_MAXU:
      return old > v ? old : v;
    default:
      return <u32>combine64(op, old, v);
  }
}

function amo64(insn: u32, pc: u64, npc: u64, op: u32): u64 {
  const host = atomicStoreAddress(xr(rs1(insn)), 8, pc);
  if (host == 0) return TRAP;
  const v = xr(rs2(insn));
  let old: u64;
  if (op == OP_SWAP) old = atomic.xchg<u64>(host, v);
  else if (op == OP_ADD) old = atomic.add<u64>(host, v);
  else if (op == OP_XOR) old = atomic.xor<u64>(host, v);
  else if (op == OP_AND) old = atomic.and<u64>(host, v);
  else if (op == OP_OR) old = atomic.or<u64>(host, v);
  else {
    old = atomic.load<u64>(host);
    while (true) {
      const seen = atomic.cmpxchg<u64>(host, old, combine64(op, old, v));
      if (seen == old) break;
      old = seen;
    }
  }
  xw(rd(insn), old);
  return npc;
}

function amo32(insn: u32, pc: u64, npc: u64, op: u32): u64 {
  const host = atomicStoreAddress(xr(rs1(insn)), 4, pc);
  if (host == 0) return TRAP;
  const v = <u32>xr(rs2(insn));
  let old: u32;
  if (op == OP_SWAP) old = atomic.xchg<u32>(host, v);
  else if (op == OP_ADD) old = atomic.add<u32>(host, v);
  else if (op == OP_XOR) old = atomic.xor<u32>(host, v);
  else if (op == OP_AND) old = atomic.and<u32>(host, v);
  else if (op == OP_OR) old = atomic.or<u32>(host, v);
  else {
    old = atomic.load<u32>(host);
    while (true) {
      const seen = atomic.cmpxchg<u32>(host, old, combine32(op, old, v));
      if (seen == old) break;
      old = seen;
    }
  }
  xw(rd(insn), sext32(old));
  return npc;
}

export function exec_amoswap_w(insn: u32, pc: u64, npc: u64): u64 {
  return amo32(insn, pc, npc, OP_SWAP);
}
export function exec_amoadd_w(insn: u32, pc: u64, npc: u64): u64 {
  return amo32(insn, pc, npc, OP_ADD);
}
export function exec_amoxor_w(insn: u32, pc: u64, npc: u64): u64 {
  return amo32(insn, pc, npc, OP_XOR);
}
export function exec_amoand_w(insn: u32, pc: u64, npc: u64): u64 {
  return amo32(insn, pc, npc, OP_AND);
}
export function exec_amoor_w(insn: u32, pc: u64, npc: u64): u64 {
  return amo32(insn, pc, npc, OP_OR);
}
export function exec_amomin_w(insn: u32, pc: u64, npc: u64): u64 {
  return amo32(insn, pc, npc, OP_MIN);
}
export function exec_amomax_w(insn: u32, pc: u64, npc: u64): u64 {
  return amo32(insn, pc, npc, OP_MAX);
}
export function exec_amominu_w(insn: u32, pc: u64, npc: u64): u64 {
  return amo32(insn, pc, npc, OP_MINU);
}
export function exec_amomaxu_w(insn: u32, pc: u64, npc: u64): u64 {
  return amo32(insn, pc, npc, OP_MAXU);
}
export function exec_amoswap_d(insn: u32, pc: u64, npc: u64): u64 {
  return amo64(insn, pc, npc, OP_SWAP);
}
export function exec_amoadd_d(insn: u32, pc: u64, npc: u64): u64 {
  return amo64(insn, pc, npc, OP_ADD);
}
export function exec_amoxor_d(insn: u32, pc: u64, npc: u64): u64 {
  return amo64(insn, pc, npc, OP_XOR);
}
export function exec_amoand_d(insn: u32, pc: u64, npc: u64): u64 {
  return amo64(insn, pc, npc, OP_AND);
}
export function exec_amoor_d(insn: u32, pc: u64, npc: u64): u64 {
  return amo64(insn, pc, npc, OP_OR);
}
export function exec_amomin_d(insn: u32, pc: u64, npc: u64): u64 {
  return amo64(insn, pc, npc, OP_MIN);
}
export function exec_amomax_d(insn: u32, pc: u64, npc: u64): u64 {
  return amo64(insn, pc, npc, OP_MAX);
}
export function exec_amominu_d(insn: u32, pc: u64, npc: u64): u64 {
  return amo64(insn, pc, npc, OP_MINU);
}
export function exec_amomaxu_d(insn: u32, pc: u64, npc: u64): u64 {
  return amo64(insn, pc, npc, OP_MAXU);
}
