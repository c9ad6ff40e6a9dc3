// The hart: the wasm module's entry point. One instance per worker, all sharing the machine's
// memory; each call to run() interprets one hart until its budget is spent or it traps.
//
//   buildTables()            once per machine, after the host wrote the header
//   run(hart, budget)        -> STOP_BUDGET, or the RISC-V exception code of the trap
//   flushTlb(hart)           after the host changed that hart's page tables or satp
//   expandCompressed(h)      for the disassembler
//
// The trap record (cause, value, pc) is in the hart block; the host reads and clears nothing
// else. A trapping instruction has not retired: its pc is the hart's pc when run() returns.

import {
  CEXP_TABLE_OFFSET,
  HART_INSTRET,
  HART_PC,
  HART_STRIDE,
  HART_TRAP_CAUSE,
  HART_TRAP_PC,
  HART_TRAP_VALUE,
  HARTS_OFFSET,
  MAX_HARTS,
} from '../memory-map';
import { CAUSE_ILLEGAL_INSTRUCTION, STOP_BUDGET } from '../trap-codes';
import { budgetLeft, decBudget, hartBase, selectHart, setBudget, TRAP } from './cpu';
import { buildExpansionTable } from './compressed';
import { execute } from './generated/dispatch';
import { fault, fetch16, fetchPage, mmuSelect, tlbFlushSelected } from './mmu';

export { expandCompressed } from './compressed';
// The layout this module was built with, read back by the host's agreement test.
export * from '../memory-map';
export * from '../trap-codes';

export function buildTables(): void {
  buildExpansionTable();
}

export function flushTlb(hart: i32): void {
  if (<u32>hart >= <u32>MAX_HARTS) return;
  selectHart(<usize>HARTS_OFFSET + <usize>hart * <usize>HART_STRIDE);
  tlbFlushSelected();
}

/** Runs hart `hart` for at most `budget` instructions. */
export function run(hart: i32, budget: i32): i32 {
  if (<u32>hart >= <u32>MAX_HARTS || budget <= 0) return STOP_BUDGET;
  selectHart(<usize>HARTS_OFFSET + <usize>hart * <usize>HART_STRIDE);
  mmuSelect();
  setBudget(budget, budget);
  const base = hartBase;
  let pc = load<u64>(base + HART_PC);
  let codeTag: u64 = u64.MAX_VALUE; // pc >> 12 of the page in codePage
  let codePage: usize = 0;
  let stop: i32 = STOP_BUDGET;
  while (budgetLeft > 0) {
    // fetch: straight from the cached code page unless pc left it or sits on its last halfword
    let insn: u32;
    const offset = (<usize>pc) & 0xfff;
    if (pc >> 12 == codeTag && offset < 0xffe) {
      insn = load<u32>(codePage + offset);
    } else {
      codePage = fetchPage(pc);
      if (codePage == 0) {
        stop = load<u32>(base + HART_TRAP_CAUSE);
        break;
      }
      codeTag = pc >> 12;
      insn = load<u16>(codePage + offset);
      if ((insn & 3) == 3) {
        const high = offset < 0xffe ? <u32>load<u16>(codePage + offset + 2) : fetch16(pc + 2, pc);
        if (fault) {
          stop = load<u32>(base + HART_TRAP_CAUSE); // the value is pc + 2, the page that faulted
          break;
        }
        insn |= high << 16;
      }
    }
    let length: u64 = 4;
    if ((insn & 3) != 3) {
      length = 2;
      const expanded = load<u32>(<usize>CEXP_TABLE_OFFSET + (((<usize>insn) & 0xffff) << 2));
      if (expanded == 0) {
        store<u32>(base + HART_TRAP_CAUSE, CAUSE_ILLEGAL_INSTRUCTION);
        store<u64>(base + HART_TRAP_VALUE, insn & 0xffff);
        store<u64>(base + HART_TRAP_PC, pc);
        stop = CAUSE_ILLEGAL_INSTRUCTION;
        break;
      }
      insn = expanded;
    }
    // one call site, so the optimiser inlines the whole decoder into this loop
    const npc = execute(insn, pc, pc + length);
    store<u64>(base, 0); // x0 stays zero whatever the instruction wrote
    if (npc == TRAP) {
      stop = load<u32>(base + HART_TRAP_CAUSE);
      break;
    }
    pc = npc;
    decBudget();
  }
  store<u64>(base + HART_PC, pc);
  store<u64>(base + HART_INSTRET, load<u64>(base + HART_INSTRET) + <u64>(budget - budgetLeft));
  return stop;
}
