// The state every instruction handler works on: which hart is running, its registers (in its
// hart block in shared memory), instruction-field extraction, and how a handler raises a trap.
//
// Handler contract (exec/*.ts): `export function exec_<name>(insn: u32, pc: u64, npc: u64): u64`
// returns the next pc (npc, which is pc + 2 or pc + 4, when it falls through) or TRAP after
// calling raise(). Handlers never throw and never let WebAssembly trap.

import { HART_F, HART_FCSR, HART_TRAP_CAUSE, HART_TRAP_PC, HART_TRAP_VALUE, HART_X } from '../memory-map';
import { CAUSE_ILLEGAL_INSTRUCTION } from '../trap-codes';

/** The next-pc value that says "a trap was recorded". Real pcs are even. */
export const TRAP: u64 = 1;

/** Base address of the running hart's block; set by run(). */
export let hartBase: usize = 0;
/** Instructions left in the running budget, set by run() before each handler outside the loop; the counter CSRs read it. */
export let budgetLeft: i32 = 0;
export let budgetStart: i32 = 0;

export function selectHart(base: usize): void {
  hartBase = base;
}

export function setBudget(left: i32, start: i32): void {
  budgetLeft = left;
  budgetStart = start;
}

export function setBudgetLeft(left: i32): void {
  budgetLeft = left;
}

// ---- registers ----

export function xr(i: u32): u64 {
  return load<u64>(hartBase + HART_X + ((<usize>i) << 3));
}

/** Writes x[i]; a write to x0 is undone by the run loop after every instruction. */
export function xw(i: u32, v: u64): void {
  store<u64>(hartBase + HART_X + ((<usize>i) << 3), v);
}

export function fr(i: u32): u64 {
  return load<u64>(hartBase + HART_F + ((<usize>i) << 3));
}

export function fw(i: u32, v: u64): void {
  store<u64>(hartBase + HART_F + ((<usize>i) << 3), v);
}

export function fcsrRead(): u32 {
  return load<u32>(hartBase + HART_FCSR);
}

export function fcsrWrite(v: u32): void {
  store<u32>(hartBase + HART_FCSR, v & 0xff);
}

/** ORs exception flags (NV DZ OF UF NX in bits 4..0) into fflags. */
export function raiseFlags(flags: u32): void {
  if (flags != 0) store<u32>(hartBase + HART_FCSR, load<u32>(hartBase + HART_FCSR) | flags);
}

// ---- instruction fields ----

export function rd(insn: u32): u32 {
  return (insn >> 7) & 31;
}
export function rs1(insn: u32): u32 {
  return (insn >> 15) & 31;
}
export function rs2(insn: u32): u32 {
  return (insn >> 20) & 31;
}
export function rs3(insn: u32): u32 {
  return insn >> 27;
}
export function funct3(insn: u32): u32 {
  return (insn >> 12) & 7;
}
export function immI(insn: u32): u64 {
  return <u64>(<i64>((<i32>insn) >> 20));
}
export function immS(insn: u32): u64 {
  return <u64>(<i64>((((<i32>insn) >> 20) & ~31) | ((insn >> 7) & 31)));
}
export function immB(insn: u32): u64 {
  const v =
    (((<i32>insn) >> 19) & ~0xfff) | // imm[12] sign-extended from bit 31
    ((insn << 4) & 0x800) | // imm[11] from bit 7
    ((insn >> 20) & 0x7e0) | // imm[10:5] from bits 30:25
    ((insn >> 7) & 0x1e); // imm[4:1] from bits 11:8
  return <u64>(<i64>v);
}
export function immU(insn: u32): u64 {
  return <u64>(<i64>(<i32>(insn & 0xfffff000)));
}
export function immJ(insn: u32): u64 {
  const v =
    (((<i32>insn) >> 11) & ~0xfffff) | // imm[20] sign-extended from bit 31
    (insn & 0xff000) | // imm[19:12]
    ((insn >> 9) & 0x800) | // imm[11] from bit 20
    ((insn >> 20) & 0x7fe); // imm[10:1] from bits 30:21
  return <u64>(<i64>v);
}

/** The low 32 bits of v, sign-extended to 64 (every RV64 *W result). */
export function sext32(v: u32): u64 {
  return <u64>(<i64>(<i32>v));
}

// ---- traps ----

/** Records a trap in the hart block and returns TRAP for the handler to return. */
export function raise(cause: u32, value: u64, pc: u64): u64 {
  store<u32>(hartBase + HART_TRAP_CAUSE, cause);
  store<u64>(hartBase + HART_TRAP_VALUE, value);
  store<u64>(hartBase + HART_TRAP_PC, pc);
  return TRAP;
}

/** An encoding no handler claims: illegal instruction, with the instruction bits as the value. */
export function exec_illegal(insn: u32, pc: u64): u64 {
  return raise(CAUSE_ILLEGAL_INSTRUCTION, <u64>insn, pc);
}
