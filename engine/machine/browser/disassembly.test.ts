// The inspector's disassembly against GNU objdump, reading code the way the inspector does: for
// pcs all over the .text of a committed userland binary, the window of bytes a kernel publishes
// around pc (kernel-view.ts's codeWindow) is decoded by disassembleAround and, from the same
// first byte, by objdump; the lines must be the same (address, instruction word, text), and the
// line at pc must be the instruction objdump's listing of the whole file has there.

import { describe, expect, it } from 'vitest';
import { elfSection, objdumpBytes, objdumpFile } from '../../hw/testing/objdump';
import { disassembleAround } from './disassembly';
import { codeWindow, type ViewRegisters } from './kernel-view';

const BINARY = 'userland/bin/glibc/primes';

function registers(pc: number, code: Uint8Array, codeAt: number): ViewRegisters {
  return { tid: 1, kernel: 0, x: [], f: [], pc, fcsr: 0, code, codeAt };
}

describe('the inspector disassembly', () => {
  it('lists the code around pc as objdump does, for pcs all over a real binary', () => {
    const text = elfSection(BINARY, '.text');
    const start = Number(text.address);
    const end = start + text.bytes.length;
    const whole = objdumpFile(BINARY).filter((l) => Number(l.address) >= start && Number(l.address) < end);
    const at = new Map(whole.map((l) => [Number(l.address), l]));
    // 40 instructions spread over .text, and the first ones of a page (the window starts there)
    const step = Math.floor(whole.length / 40);
    const pcs = whole.filter((_, i) => i % step === 7).map((l) => Number(l.address));
    const pageStart = whole.find((l) => Number(l.address) % 4096 === 2 && Number(l.address) > start + 4096);
    if (pageStart) pcs.push(Number(pageStart.address));
    let compressedAtPc = 0;
    for (const pc of pcs) {
      const { from, to } = codeWindow(pc);
      const code = text.bytes.slice(from - start, Math.min(to, end) - start);
      const lines = disassembleAround(registers(pc, code, from));
      const here = lines.find((l) => l.atPc);
      const expected = at.get(pc);
      expect(here, `a line at ${pc.toString(16)}`).toBeDefined();
      // the same instruction as in the whole listing (its address note may differ: objdump's
      // notes follow lui/auipc from where it starts decoding)
      expect(here?.hex).toBe(expected?.word);
      expect(here?.text.replace(/ # .*$/, '')).toBe(expected?.text.replace(/ # .*$/, ''));
      if (here?.hex.length === 4) compressedAtPc++;
      // and every line as objdump prints the same bytes, decoded from the same first byte
      const first = BigInt(lines[0]?.address ?? from);
      const theirs = objdumpBytes(code, BigInt(from), { start: first }).filter(
        (l) => l.address + BigInt(l.word.replace(/ /g, '').length / 2) <= BigInt(from + code.length),
      );
      expect(lines.map((l) => `${l.address.toString(16)} ${l.hex} ${l.text}`)).toEqual(
        theirs.map((l) => `${l.address.toString(16)} ${l.word} ${l.text}`),
      );
    }
    expect(compressedAtPc, 'some of the pcs hold compressed instructions').toBeGreaterThan(5);
  });
});
