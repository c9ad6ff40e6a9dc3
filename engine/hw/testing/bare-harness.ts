// The minimal test harness for bare programs (no libc, no kernel): loads a static riscv64 ELF
// into a one-hart machine with translation off (virtual = physical), and serves the only two
// system calls such programs make, write(2) and exit(2)/exit_group(2), with Linux's results
// (-EFAULT for a buffer outside memory, -EBADF for an fd other than 1 and 2). Every other
// system call returns -ENOSYS. The differential tests compare what it collects with
// qemu-riscv64.

import { RAM_OFFSET } from '../memory-map';
import { CAUSE_ECALL_U, STOP_BUDGET } from '../trap-codes';
import { PTE, Sv39Builder } from './sv39';
import { createTestHart } from './test-hart';

export interface BareRun {
  stdout: string;
  stderr: string;
  /** Exit status, or undefined when the program trapped or ran out of instructions. */
  exitCode: number | undefined;
  /** The trap that stopped it when it did not exit: RISC-V cause, value and pc. */
  trap?: { cause: number; value: bigint; pc: bigint };
  instructions: bigint;
}

const SYS_WRITE = 64;
const SYS_EXIT = 93;
const SYS_EXIT_GROUP = 94;
const ENOSYS = 38;
const EFAULT = 14;
const EBADF = 9;
const PT_LOAD = 1;
const EM_RISCV = 243;

/** Copies the PT_LOAD segments of a static ELF64 riscv64 executable; returns its entry point. */
export function loadBareElf(image: Uint8Array, ram: Uint8Array, ramBytes: number): bigint {
  const dv = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const isElf = image.length >= 64 && dv.getUint32(0) === 0x7f454c46;
  if (!isElf || image[4] !== 2 || image[5] !== 1 || dv.getUint16(18, true) !== EM_RISCV) {
    throw new Error('not a little-endian ELF64 riscv64 executable');
  }
  const phoff = Number(dv.getBigUint64(32, true));
  const phentsize = dv.getUint16(54, true);
  const phnum = dv.getUint16(56, true);
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (ph + 56 > image.length) throw new Error('program header outside the file');
    if (dv.getUint32(ph, true) !== PT_LOAD) continue;
    const offset = Number(dv.getBigUint64(ph + 8, true));
    const vaddr = Number(dv.getBigUint64(ph + 16, true));
    const filesz = Number(dv.getBigUint64(ph + 32, true));
    const memsz = Number(dv.getBigUint64(ph + 40, true));
    if (offset + filesz > image.length || vaddr + memsz > ramBytes) throw new Error('segment does not fit');
    ram.set(image.subarray(offset, offset + filesz), RAM_OFFSET + vaddr);
    ram.fill(0, RAM_OFFSET + vaddr + filesz, RAM_OFFSET + vaddr + memsz);
  }
  return dv.getBigUint64(24, true);
}

export interface BareOptions {
  /** Stop after this many instructions (the run then reports no exit code). */
  maxInstructions?: number;
  /** Run with Sv39 translation on: every page of RAM identity-mapped with 4 KiB pages. */
  translate?: boolean;
}

const RAM_BYTES = 64 << 20;
/** Where the identity map's page tables go when translation is on: the last 1 MiB of RAM. */
const PAGE_TABLES = RAM_BYTES - (1 << 20);

/** Loads and runs a bare program to its exit (or trap, or the instruction limit). */
export async function runBare(image: Uint8Array, options: BareOptions = {}): Promise<BareRun> {
  return (await loadBare(image, options)).run();
}

/** Loads a bare program into a fresh machine; run() then executes it (benchmarks time just that). */
export async function loadBare(image: Uint8Array, options: BareOptions = {}): Promise<{ run(): BareRun }> {
  const maxInstructions = options.maxInstructions ?? 2_000_000_000;
  const ramBytes = RAM_BYTES;
  const t = await createTestHart(ramBytes);
  const { hart } = t;
  hart.pc = loadBareElf(image, t.bytes, ramBytes);
  hart.setX(2, BigInt(PAGE_TABLES - 64)); // sp, below the page tables
  if (options.translate) {
    const pt = new Sv39Builder(t.view, PAGE_TABLES);
    for (let pa = 0; pa < PAGE_TABLES; pa += 4096)
      pt.map(BigInt(pa), pa, PTE.R | PTE.W | PTE.X | PTE.U | PTE.A | PTE.D);
    hart.satp = pt.satp;
  }
  const out: Record<1 | 2, Uint8Array[]> = { 1: [], 2: [] };
  const decoder = new TextDecoder();
  const text = (chunks: Uint8Array[]): string => {
    const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    return decoder.decode(all);
  };
  const result = (exitCode: number | undefined, trap?: BareRun['trap']): BareRun => ({
    stdout: text(out[1]),
    stderr: text(out[2]),
    exitCode,
    ...(trap ? { trap } : {}),
    instructions: hart.instret,
  });
  /** write(2): the byte count, or a negative errno as Linux returns it. */
  const write = (fd: bigint, buf: bigint, len: bigint): number => {
    if (fd !== 1n && fd !== 2n) return -EBADF;
    if (buf + len > BigInt(ramBytes)) return -EFAULT;
    const start = RAM_OFFSET + Number(buf);
    out[fd === 1n ? 1 : 2].push(t.bytes.slice(start, start + Number(len)));
    return Number(len);
  };
  const run = (): BareRun => {
    while (hart.instret < BigInt(maxInstructions)) {
      const stop = hart.run(10_000_000);
      if (stop === STOP_BUDGET) continue;
      if (stop !== CAUSE_ECALL_U) return result(undefined, hart.trap);
      const a0 = hart.getX(10);
      const number = Number(hart.getX(17));
      hart.pc = hart.pc + 4n;
      if (number === SYS_EXIT || number === SYS_EXIT_GROUP) return result(Number(a0 & 0xffn));
      if (number === SYS_WRITE) {
        hart.setX(10, BigInt(write(a0, hart.getX(11), hart.getX(12))));
        continue;
      }
      hart.setX(10, BigInt(-ENOSYS));
    }
    return result(undefined);
  };
  return { run };
}
