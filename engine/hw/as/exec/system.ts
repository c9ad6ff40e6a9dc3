// Zicsr and Zifencei handlers. User mode sees the float CSRs (fflags, frm, fcsr) and the
// read-only counters (cycle, time, instret); any other CSR, or a write to a read-only one, is
// an illegal instruction, as the privileged spec requires.

import { HART_INSTRET, HART_TIME } from '../../memory-map';
import { budgetLeft, budgetStart, exec_illegal, fcsrRead, fcsrWrite, hartBase, rd, rs1, xr, xw } from '../cpu';

const CSR_FFLAGS: u32 = 0x001;
const CSR_FRM: u32 = 0x002;
const CSR_FCSR: u32 = 0x003;
const CSR_CYCLE: u32 = 0xc00;
const CSR_TIME: u32 = 0xc01;
const CSR_INSTRET: u32 = 0xc02;

/** Set by csrRead when the CSR does not exist for user mode. */
let csrMissing = false;

function csrRead(csr: u32): u64 {
  switch (csr) {
    case CSR_FFLAGS:
      return fcsrRead() & 0x1f;
    case CSR_FRM:
      return (fcsrRead() >> 5) & 7;
    case CSR_FCSR:
      return fcsrRead();
    case CSR_CYCLE:
    case CSR_INSTRET:
      // instructions retired before this one: the hart's total plus this run's so far
      return load<u64>(hartBase + HART_INSTRET) + <u64>(budgetStart - budgetLeft);
    case CSR_TIME:
      return load<u64>(hartBase + HART_TIME);
  }
  csrMissing = true;
  return 0;
}

function csrWrite(csr: u32, v: u64): void {
  const fcsr = fcsrRead();
  if (csr == CSR_FFLAGS) fcsrWrite((fcsr & ~0x1f) | ((<u32>v) & 0x1f));
  else if (csr == CSR_FRM) fcsrWrite((fcsr & 0x1f) | (((<u32>v) & 7) << 5));
  else fcsrWrite((<u32>v) & 0xff);
}

/** The common body: read, maybe write (writable CSRs are only the three float ones). */
function csrAccess(insn: u32, pc: u64, npc: u64, operand: u64, kind: u32, writes: bool): u64 {
  const csr = insn >> 20;
  csrMissing = false;
  const old = csrRead(csr);
  if (csrMissing) return exec_illegal(insn, pc);
  if (writes) {
    if (csr > CSR_FCSR) return exec_illegal(insn, pc); // counters are read-only
    const v = kind == 0 ? operand : kind == 1 ? old | operand : old & ~operand;
    csrWrite(csr, v);
  }
  xw(rd(insn), old);
  return npc;
}

export function exec_csrrw(insn: u32, pc: u64, npc: u64): u64 {
  return csrAccess(insn, pc, npc, xr(rs1(insn)), 0, true);
}
export function exec_csrrs(insn: u32, pc: u64, npc: u64): u64 {
  return csrAccess(insn, pc, npc, xr(rs1(insn)), 1, rs1(insn) != 0);
}
export function exec_csrrc(insn: u32, pc: u64, npc: u64): u64 {
  return csrAccess(insn, pc, npc, xr(rs1(insn)), 2, rs1(insn) != 0);
}
export function exec_csrrwi(insn: u32, pc: u64, npc: u64): u64 {
  return csrAccess(insn, pc, npc, <u64>rs1(insn), 0, true);
}
export function exec_csrrsi(insn: u32, pc: u64, npc: u64): u64 {
  return csrAccess(insn, pc, npc, <u64>rs1(insn), 1, rs1(insn) != 0);
}
export function exec_csrrci(insn: u32, pc: u64, npc: u64): u64 {
  return csrAccess(insn, pc, npc, <u64>rs1(insn), 2, rs1(insn) != 0);
}

/** The hart keeps no decoded-instruction cache, so instruction fetch is always coherent. */
export function exec_fence_i(insn: u32, pc: u64, npc: u64): u64 {
  return npc;
}
