// Number formatting for the hart demo: fixed-width hex for machine words, names for trap causes.
import * as Cause from '../../engine/hw/trap-codes';

export function hex(v: bigint | number, digits: number): string {
  return '0x' + v.toString(16).padStart(digits, '0');
}

/** A 64-bit register as 16 hex digits, split into its leading zeros (shown dim) and the rest. */
export function splitHex64(v: bigint): [zeros: string, digits: string] {
  const s = v.toString(16).padStart(16, '0');
  const lead = /^0*/.exec(s.slice(0, 15))?.[0] ?? '';
  return [lead, s.slice(lead.length)];
}

const TRAP_NAMES: Record<number, string> = {
  [Cause.CAUSE_FETCH_MISALIGNED]: 'misaligned fetch',
  [Cause.CAUSE_FETCH_ACCESS]: 'fetch access fault',
  [Cause.CAUSE_ILLEGAL_INSTRUCTION]: 'illegal instruction',
  [Cause.CAUSE_BREAKPOINT]: 'breakpoint',
  [Cause.CAUSE_LOAD_MISALIGNED]: 'misaligned load',
  [Cause.CAUSE_LOAD_ACCESS]: 'load access fault',
  [Cause.CAUSE_STORE_MISALIGNED]: 'misaligned store',
  [Cause.CAUSE_STORE_ACCESS]: 'store access fault',
  [Cause.CAUSE_ECALL_U]: 'ecall',
  [Cause.CAUSE_FETCH_PAGE_FAULT]: 'fetch page fault',
  [Cause.CAUSE_LOAD_PAGE_FAULT]: 'load page fault',
  [Cause.CAUSE_STORE_PAGE_FAULT]: 'store page fault',
};

export function trapName(cause: number): string {
  return TRAP_NAMES[cause] ?? `trap ${cause}`;
}
