// Parses and validates an ELF64 riscv64 executable: static ET_EXEC, or static-PIE ET_DYN
// without an interpreter. Every field that could send the loader outside the file or outside
// user space is checked here, so a malformed, truncated or foreign file ends as a clear error.

import { PAGE_SIZE } from '../../hw/memory-map';

export const PT_LOAD = 1;
export const PT_INTERP = 3;
export const PT_PHDR = 6;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;
const ET_EXEC = 2;
const ET_DYN = 3;
const EM_RISCV = 243;
const EF_RISCV_FLOAT_ABI_DOUBLE = 0x4;
const EHDR_SIZE = 64;
const PHDR_SIZE = 56;
const MAX_PHNUM = 64;

export interface Segment {
  vaddr: number;
  memsz: number;
  offset: number;
  filesz: number;
  flags: number; // PF_R | PF_W | PF_X
}

export interface ElfImage {
  pie: boolean;
  entry: number;
  segments: Segment[];
  phoff: number;
  phnum: number;
  /** Where the program headers are in memory (before the PIE bias), for AT_PHDR. */
  phdrVaddr: number;
}

export class ElfError extends Error {}

const USER_LIMIT = 2 ** 38;

export function parseElf(file: Uint8Array): ElfImage {
  const fail = (why: string): never => {
    throw new ElfError(why);
  };
  if (file.length < EHDR_SIZE) fail(`too short for an ELF header (${file.length} bytes)`);
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (dv.getUint32(0) !== 0x7f454c46) fail('not an ELF file (bad magic)');
  if (file[4] !== 2) fail('not a 64-bit ELF file');
  if (file[5] !== 1) fail('not a little-endian ELF file');
  const type = dv.getUint16(16, true);
  const machine = dv.getUint16(18, true);
  if (machine !== EM_RISCV) fail(`not a RISC-V executable (machine ${machine})`);
  if (type !== ET_EXEC && type !== ET_DYN) fail(`not an executable (ELF type ${type})`);
  const flags = dv.getUint32(48, true);
  if ((flags & 0x6) !== EF_RISCV_FLOAT_ABI_DOUBLE && (flags & 0x6) !== 0) fail('unsupported float ABI');
  const entry = Number(dv.getBigUint64(24, true));
  const phoff = Number(dv.getBigUint64(32, true));
  const phentsize = dv.getUint16(54, true);
  const phnum = dv.getUint16(56, true);
  if (phentsize !== PHDR_SIZE) fail(`unexpected program header size ${phentsize}`);
  if (phnum === 0 || phnum > MAX_PHNUM) fail(`bad program header count ${phnum}`);
  if (phoff + phnum * PHDR_SIZE > file.length) fail('program headers run past the end of the file (truncated?)');

  const segments: Segment[] = [];
  let phdrVaddr: number | undefined;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * PHDR_SIZE;
    const ptype = dv.getUint32(at, true);
    if (ptype === PT_INTERP) fail('dynamically linked programs are not supported (build with -static)');
    const offset = Number(dv.getBigUint64(at + 8, true));
    const vaddr = Number(dv.getBigUint64(at + 16, true));
    const filesz = Number(dv.getBigUint64(at + 32, true));
    const memsz = Number(dv.getBigUint64(at + 40, true));
    if (ptype === PT_PHDR) phdrVaddr = vaddr;
    if (ptype !== PT_LOAD) continue;
    if (!Number.isSafeInteger(offset + filesz) || offset + filesz > file.length) {
      fail(`segment ${i} runs past the end of the file (truncated?)`);
    }
    if (filesz > memsz) fail(`segment ${i} is larger in the file than in memory`);
    if (!Number.isSafeInteger(vaddr + memsz) || vaddr + memsz > USER_LIMIT) fail(`segment ${i} is outside user space`);
    if (vaddr % PAGE_SIZE !== offset % PAGE_SIZE) fail(`segment ${i} is not page-congruent`);
    segments.push({ vaddr, memsz, offset, filesz, flags: dv.getUint32(at + 4, true) });
  }
  if (segments.length === 0) fail('no loadable segment');
  segments.sort((a, b) => a.vaddr - b.vaddr);
  for (let i = 1; i < segments.length; i++) {
    const prev = segments[i - 1] as Segment;
    const cur = segments[i] as Segment;
    if (Math.floor(cur.vaddr / PAGE_SIZE) * PAGE_SIZE < prev.vaddr + prev.memsz) fail('loadable segments overlap');
  }
  const inSegment = (va: number, exec: boolean) =>
    segments.some((s) => va >= s.vaddr && va < s.vaddr + s.memsz && (!exec || s.flags & PF_X));
  if (!inSegment(entry, true)) fail('entry point is not in an executable segment');
  if (phdrVaddr === undefined) {
    const first = segments.find((s) => s.offset <= phoff && phoff + phnum * PHDR_SIZE <= s.offset + s.filesz);
    phdrVaddr = first ? first.vaddr + (phoff - first.offset) : 0;
  }
  return { pie: type === ET_DYN, entry, segments, phoff, phnum, phdrVaddr };
}
