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
  DECODE_TABLE_OFFSET,
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
import { hartBase, selectHart, setBudget, setBudgetLeft, TRAP } from './cpu';
import { buildExpansionTable } from './compressed';
import { buildDecodeTable, decodeKey, execute, executeCold, HOT_HANDLERS } from './generated/dispatch';
import { fault, fetch16, fetchPage, mmuSelect, tlbFlushSelected } from './mmu';

export { expandCompressed } from './compressed';
// exported only so that the optimiser keeps it out of the run loop (see gen-decoder.ts)
export { executeCold } from './generated/dispatch';
// The layout this module was built with, read back by the host's agreement test.
export * from '../memory-map';
export * from '../trap-codes';

export function buildTables(): void {
  buildDecodeTable();
  buildExpansionTable(); // last: it marks the tables ready
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
  // the code page fetched from: its virtual address and host address. pc - codeVa below
  // 0xffe says, in one compare, that the whole of a 4-byte instruction at pc is on that page.
  // The page is looked up again only when pc leaves it: the TLBs change only between runs,
  // and the instruction itself is read from memory each time, so a store to code is seen
  // at once. Before the first fetch, codeVa is pc's page with bit 63 flipped: no hit.
  let codeVa: u64 = (pc & ~(<u64>0xfff)) ^ ((<u64>1) << 63);
  let codeHost: usize = 0;
  let left = budget; // the budget, in a local; budgetLeft gets it for the counter CSRs
  let stop: i32 = STOP_BUDGET;
  while (left > 0) {
    let insn: u32;
    const offset = pc - codeVa;
    if (offset < 0xffe) {
      insn = load<u32>(codeHost + <usize>offset);
    } else {
      // off the cached page, or on its last halfword: through the fetch TLB
      const page = fetchPage(pc);
      if (page == 0) {
        stop = load<u32>(base + HART_TRAP_CAUSE);
        break;
      }
      codeHost = page;
      codeVa = pc & ~(<u64>0xfff);
      const within = (<usize>pc) & 0xfff;
      insn = load<u16>(page + within);
      if ((insn & 3) == 3) {
        const high = within < 0xffe ? <u32>load<u16>(page + within + 2) : fetch16(pc + 2, pc);
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
    // the decode table names the handler from the opcode fields: an integer instruction's
    // runs here (one call site, so the optimiser inlines them all into this loop), any other
    // in executeCold (which also decodes what the table leaves open, and the illegal ones)
    const id = <u32>load<u8>(<usize>DECODE_TABLE_OFFSET + decodeKey(insn));
    let npc: u64;
    if (id - 1 < HOT_HANDLERS) {
      npc = execute(id, insn, pc, pc + length);
    } else {
      setBudgetLeft(left); // for the counter CSRs
      npc = executeCold(id, insn, pc, pc + length);
    }
    store<u64>(base, 0); // x0 stays zero whatever the instruction wrote
    if (npc == TRAP) {
      stop = load<u32>(base + HART_TRAP_CAUSE);
      break;
    }
    pc = npc;
    left--;
  }
  store<u64>(base + HART_PC, pc);
  store<u64>(base + HART_INSTRET, load<u64>(base + HART_INSTRET) + <u64>(budget - left));
  return stop;
}
