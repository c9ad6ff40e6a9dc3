// The one instruction table of the machine: every RV64GC instruction, parsed once.
// Consumers: scripts/gen-decoder.ts (generates the hart's decoder), disasm.ts, and the tests.

import { RV64A, RV64D, RV64F, RV64I, RV64M, ZICSR, ZIFENCEI } from './rv64g';
import { RV64C } from './rv64c';
import { parseTable, type InstructionSpec } from './table';

/** The 32-bit instructions, in table order. */
export const BASE_INSTRUCTIONS: readonly InstructionSpec[] = [
  ...parseTable(RV64I, 'I'),
  ...parseTable(ZIFENCEI, 'Zifencei'),
  ...parseTable(ZICSR, 'Zicsr'),
  ...parseTable(RV64M, 'M'),
  ...parseTable(RV64A, 'A'),
  ...parseTable(RV64F, 'F'),
  ...parseTable(RV64D, 'D'),
];

/** The 16-bit compressed instructions. */
export const COMPRESSED_INSTRUCTIONS: readonly InstructionSpec[] = parseTable(RV64C, 'C');

/** Name of the hart's handler for a base instruction: `fcvt.w.s` -> `exec_fcvt_w_s`. */
export function handlerName(spec: InstructionSpec): string {
  return 'exec_' + spec.name.replace(/\./g, '_');
}
