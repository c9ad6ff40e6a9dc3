// The inspector's disassembly: the instructions around a thread's pc, from the code bytes its
// kernel published on its view board (kernel-view.ts). Compressed instructions are expanded
// with the machine's own expansion table in shared memory, the one the harts decode with.

import { CEXP_TABLE_OFFSET } from '../../hw/memory-map';
import { disassemble } from '../../hw/isa/disasm';
import type { ViewRegisters } from './kernel-view';

export { F_NAMES, X_NAMES } from '../../hw/isa/disasm';

export interface CodeLine {
  address: number;
  /** The instruction's bytes as hex, little-endian as in memory. */
  hex: string;
  text: string;
  /** Whether this is the instruction at pc. */
  atPc: boolean;
}

/**
 * Decodes the published bytes into instructions. RISC-V instructions are 2 or 4 bytes long, so
 * decoding must start on a boundary: of the starts at or after the first byte, the one whose
 * instructions land exactly on pc is taken (decoding from pc alone if none does).
 */
export function disassembleAround(memory: WebAssembly.Memory, regs: ViewRegisters): CodeLine[] {
  const table = new Uint32Array(memory.buffer, CEXP_TABLE_OFFSET, 65536);
  const expand = (h: number) => table[h & 0xffff] ?? 0;
  const { code, codeAt, pc } = regs;
  const decodeFrom = (start: number): CodeLine[] => {
    const lines: CodeLine[] = [];
    for (let at = start; at + 2 <= code.length;) {
      const lo = (code[at] ?? 0) | ((code[at + 1] ?? 0) << 8);
      const hi = at + 4 <= code.length ? (code[at + 2] ?? 0) | ((code[at + 3] ?? 0) << 8) : 0;
      if ((lo & 3) === 3 && at + 4 > code.length) break; // a 32-bit instruction cut off at the end
      const d = disassemble((lo | (hi << 16)) >>> 0, { expand, pc: BigInt(codeAt + at) });
      const bytes = Array.from(code.subarray(at, at + d.length), (b) => b.toString(16).padStart(2, '0'));
      lines.push({ address: codeAt + at, hex: bytes.join(''), text: d.text, atPc: codeAt + at === pc });
      at += d.length;
    }
    return lines;
  };
  for (let start = 0; start <= pc - codeAt && start < 16; start += 2) {
    const lines = decodeFrom(start);
    if (lines.some((l) => l.atPc)) return lines;
  }
  return pc >= codeAt && pc < codeAt + code.length ? decodeFrom(pc - codeAt) : [];
}
