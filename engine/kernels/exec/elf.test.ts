import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ElfError, parseElf, PF_X } from './elf';

const hello = new Uint8Array(readFileSync(new URL('../../../userland/bin/bare/hello', import.meta.url)));

function patched(edit: (dv: DataView) => void): Uint8Array {
  const copy = hello.slice();
  edit(new DataView(copy.buffer));
  return copy;
}

describe('parseElf', () => {
  it('reads a static riscv64 executable: entry, loadable segments, program headers', () => {
    const elf = parseElf(hello);
    expect(elf.pie).toBe(false);
    expect(elf.segments.length).toBeGreaterThan(0);
    expect(elf.segments.some((s) => s.flags & PF_X && elf.entry >= s.vaddr && elf.entry < s.vaddr + s.memsz)).toBe(
      true,
    );
    expect(elf.phnum).toBeGreaterThan(0);
    expect(elf.phdrVaddr).toBeGreaterThan(0);
  });

  const bad: Array<[string, Uint8Array, RegExp]> = [
    ['an empty file', new Uint8Array(0), /too short/],
    ['a text file', new TextEncoder().encode('#!/bin/sh\necho hi\n'.padEnd(80, ' ')), /bad magic/],
    ['a truncated file', hello.subarray(0, 200), /past the end of the file/],
    [
      'a 32-bit file',
      patched((dv) => {
        dv.setUint8(4, 1);
      }),
      /not a 64-bit/,
    ],
    [
      'a big-endian file',
      patched((dv) => {
        dv.setUint8(5, 2);
      }),
      /little-endian/,
    ],
    [
      'an x86-64 file',
      patched((dv) => {
        dv.setUint16(18, 62, true);
      }),
      /not a RISC-V executable/,
    ],
    [
      'a relocatable object',
      patched((dv) => {
        dv.setUint16(16, 1, true);
      }),
      /not an executable/,
    ],
    [
      'absurd program headers',
      patched((dv) => {
        dv.setUint16(56, 5000, true);
      }),
      /program header count/,
    ],
    [
      'a wrong header size',
      patched((dv) => {
        dv.setUint16(54, 32, true);
      }),
      /program header size/,
    ],
    [
      'an entry outside the code',
      patched((dv) => {
        dv.setBigUint64(24, 0x7777777n, true);
      }),
      /entry point/,
    ],
  ];
  it.each(bad)('rejects %s with a clear error', (_what, file, message) => {
    expect(() => parseElf(file)).toThrow(ElfError);
    expect(() => parseElf(file)).toThrow(message);
  });

  it('rejects a segment that claims more file bytes than there are', () => {
    const elf = parseElf(hello);
    const phoff = elf.phoff;
    const file = patched((dv) => {
      for (let i = 0; i < elf.phnum; i++) {
        const at = phoff + i * 56;
        if (dv.getUint32(at, true) === 1) dv.setBigUint64(at + 32, 1n << 40n, true);
      }
    });
    expect(() => parseElf(file)).toThrow(/past the end|larger in the file/);
  });

  it('refuses dynamically linked programs, naming the fix', () => {
    const elf = parseElf(hello);
    const file = patched((dv) => {
      dv.setUint32(elf.phoff, 3, true);
    }); // first header becomes PT_INTERP
    expect(() => parseElf(file)).toThrow(/-static/);
  });
});
