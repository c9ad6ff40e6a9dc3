import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { instantiateHart } from '../hart-module';
import { createPhysicalMemory } from '../physical-memory';
import { BASE_INSTRUCTIONS, COMPRESSED_INSTRUCTIONS, handlerName } from './instructions';
import { lookup, parseTable } from './table';

describe('instruction table', () => {
  it('parses riscv-opcodes style lines into mask and match', () => {
    const [add] = parseTable(['add rd rs1 rs2 31..25=0x00 14..12=0 6..2=0x0C 1..0=3'], 'I');
    expect(add).toMatchObject({ name: 'add', mask: 0xfe00707f, match: 0x00000033, length: 4 });
    expect(add?.operands).toEqual(['rd', 'rs1', 'rs2']);
  });

  it('rejects malformed lines with a message naming the line', () => {
    expect(() => parseTable(['add rd bogus 1..0=3'], 'I')).toThrow(/unknown operand bogus/);
    expect(() => parseTable(['add 1..0=7'], 'I')).toThrow(/bad field/);
    expect(() => parseTable(['add 6..0=3 1..0=3'], 'I')).toThrow(/overlapping/);
    expect(() => parseTable(['c.x 1..0=1'], 'C')).toThrow(/needs -> base/);
  });

  it('has every RV64GC instruction exactly once', () => {
    const names = BASE_INSTRUCTIONS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    // RV64I 52 (with fence, ecall, ebreak), Zifencei 1, Zicsr 6, M 13, A 22, F 30, D 32
    expect(BASE_INSTRUCTIONS.length).toBe(52 + 1 + 6 + 13 + 22 + 30 + 32);
    expect(COMPRESSED_INSTRUCTIONS.length).toBe(37);
  });

  it('gives no two base instructions an encoding in common', () => {
    for (const a of BASE_INSTRUCTIONS) {
      for (const b of BASE_INSTRUCTIONS) {
        if (a === b) continue;
        const shared = (a.mask & b.mask) >>> 0;
        expect((a.match & shared) >>> 0 !== (b.match & shared) >>> 0, `${a.name} vs ${b.name}`).toBe(true);
      }
    }
  });

  it('resolves overlapping compressed forms to the most specific one', () => {
    expect(lookup(COMPRESSED_INSTRUCTIONS, 0x0001)?.name).toBe('c.nop');
    expect(lookup(COMPRESSED_INSTRUCTIONS, 0x0505)?.name).toBe('c.addi'); // addi a0,a0,1
    expect(lookup(COMPRESSED_INSTRUCTIONS, 0x8082)?.name).toBe('c.jr'); // ret
    expect(lookup(COMPRESSED_INSTRUCTIONS, 0x852e)?.name).toBe('c.mv'); // mv a0,a1
    expect(lookup(COMPRESSED_INSTRUCTIONS, 0x9002)?.name).toBe('c.ebreak');
    expect(lookup(COMPRESSED_INSTRUCTIONS, 0x9502)?.name).toBe('c.jalr'); // jalr a0
    expect(lookup(COMPRESSED_INSTRUCTIONS, 0x952e)?.name).toBe('c.add'); // add a0,a0,a1
  });

  it('names an expansion that is a base instruction for every compressed form', () => {
    const base = new Set(BASE_INSTRUCTIONS.map((s) => s.name));
    for (const c of COMPRESSED_INSTRUCTIONS) expect(base.has(c.expandsTo ?? ''), c.name).toBe(true);
  });

  it('has a hart handler for every base instruction', () => {
    const execDir = new URL('../as/exec/', import.meta.url);
    const defined = new Set<string>();
    for (const file of readdirSync(execDir)) {
      const text = readFileSync(new URL(file, execDir), 'utf8');
      for (const m of text.matchAll(/export function (exec_\w+)\(/g)) defined.add(m[1] as string);
    }
    const missing = BASE_INSTRUCTIONS.map(handlerName).filter((h) => !defined.has(h));
    expect(missing).toEqual([]);
  });

  it('names every halfword the hart expands, and each expands to the base instruction its line names', async () => {
    const wasm = await instantiateHart(createPhysicalMemory(1 << 16, 1).memory);
    const seen = new Set<string>();
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 3) === 3) continue;
      const expanded = wasm.expandCompressed(h) >>> 0;
      if (expanded === 0) continue;
      const spec = lookup(COMPRESSED_INSTRUCTIONS, h);
      expect(spec, `a line for ${h.toString(16)}`).toBeDefined();
      expect(lookup(BASE_INSTRUCTIONS, expanded)?.name, h.toString(16)).toBe(spec?.expandsTo);
      if (spec) seen.add(spec.name);
    }
    expect([...seen].sort()).toEqual(COMPRESSED_INSTRUCTIONS.map((s) => s.name).sort());
  });
});
