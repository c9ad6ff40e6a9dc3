// The inspector's disassembly: the instructions around a thread's pc, from the code bytes its
// kernel published on its view board (kernel-view.ts), printed as `objdump -d` prints them:
// the address, the instruction word (`4795`, `02f777b3`) and the text, pseudo-instructions and
// `# address` notes included (the notes follow lui/auipc from the first byte decoded, as objdump
// does from where it starts).

import { Disassembler } from '../../hw/isa/disasm';
import type { ViewRegisters } from './kernel-view';

export { F_NAMES, X_NAMES } from '../../hw/isa/disasm';

export interface CodeLine {
  address: number;
  /** The instruction word as objdump shows it: 4 hex digits if compressed, else 8. */
  hex: string;
  text: string;
  /** Whether this is the instruction at pc. */
  atPc: boolean;
}

/** Decodes `code` (whose first byte is at `codeAt`) from byte `start` on, as objdump would. */
function disassembleFrom(code: Uint8Array, codeAt: number, start: number, pc: number): CodeLine[] {
  const lines: CodeLine[] = [];
  const dis = new Disassembler();
  for (let at = start; at + 2 <= code.length;) {
    const lo = (code[at] ?? 0) | ((code[at + 1] ?? 0) << 8);
    const hi = at + 4 <= code.length ? (code[at + 2] ?? 0) | ((code[at + 3] ?? 0) << 8) : 0;
    if ((lo & 3) === 3 && at + 4 > code.length) break; // a 32-bit instruction cut off at the end
    const d = dis.next((lo | (hi << 16)) >>> 0, BigInt(codeAt + at), code.subarray(at + 4));
    if (at + d.length > code.length) break;
    lines.push({ address: codeAt + at, hex: d.word, text: d.text, atPc: codeAt + at === pc });
    at += d.length;
  }
  return lines;
}

/**
 * Decodes the published bytes into instructions. RISC-V instructions are 2 or 4 bytes long, so
 * decoding must start on a boundary: of the starts at or after the first byte, the one whose
 * instructions land exactly on pc is taken (decoding from pc alone if none does).
 */
export function disassembleAround(regs: ViewRegisters): CodeLine[] {
  const { code, codeAt, pc } = regs;
  for (let start = 0; start <= pc - codeAt && start < 16; start += 2) {
    const lines = disassembleFrom(code, codeAt, start, pc);
    if (lines.some((l) => l.atPc)) return lines;
  }
  return pc >= codeAt && pc < codeAt + code.length ? disassembleFrom(code, codeAt, pc - codeAt, pc) : [];
}
