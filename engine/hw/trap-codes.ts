// Why the hart stopped: RISC-V exception codes (privileged spec, scause) plus the hart's own
// stop code for a spent budget. Like memory-map.ts this file is compiled by both AssemblyScript
// and TypeScript, so it holds only `export const NAME = <integer>;` lines.

export const CAUSE_FETCH_MISALIGNED = 0;
export const CAUSE_FETCH_ACCESS = 1;
export const CAUSE_ILLEGAL_INSTRUCTION = 2;
export const CAUSE_BREAKPOINT = 3;
export const CAUSE_LOAD_MISALIGNED = 4;
export const CAUSE_LOAD_ACCESS = 5;
export const CAUSE_STORE_MISALIGNED = 6; // store or AMO
export const CAUSE_STORE_ACCESS = 7; // store or AMO
export const CAUSE_ECALL_U = 8;
export const CAUSE_FETCH_PAGE_FAULT = 12;
export const CAUSE_LOAD_PAGE_FAULT = 13;
export const CAUSE_STORE_PAGE_FAULT = 15; // store or AMO

/** run() returned because the budget was spent, not because of a trap. */
export const STOP_BUDGET = 64;
