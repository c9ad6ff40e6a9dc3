// The hart demo's guest program: a bare RV64 loop (no kernel, translation off), hand-assembled
// with encode() so the page needs no binary file. Each turn of the loop advances a Fibonacci
// pair, a xorshift64 generator and a rolling checksum, stores the Fibonacci number into a
// 64-entry ring in guest memory and reads the instret counter, so most registers keep moving.
//
//   const program = assembleDemoProgram();
//   loadDemoProgram(program, memory, hart);   // code in RAM, registers cleared, pc at entry

import type { Hart } from '../../hw/hart';
import { encode } from '../../hw/isa/encode';
import { HART_INSTRET, RAM_OFFSET } from '../../hw/memory-map';

/** Guest physical addresses of the code, the ring of Fibonacci numbers and the checksum. */
export const CODE_BASE = 0x1000;
export const RING_BASE = 0x8000;
export const RING_ENTRIES = 64;
export const CHECKSUM_ADDR = RING_BASE + RING_ENTRIES * 8;

/** Compressed forms, encoded by hand (encode() knows only 32-bit ones); the tests disassemble them. */
const C = {
  mvA0A1: 0x852e, // c.mv a0,a1
  mvA1T0: 0x8596, // c.mv a1,t0
  addiS0One: 0x0405, // c.addi s0,1
  xorA3A2: 0x8eb1, // c.xor a3,a2
};

// ABI register numbers used below
const [zero, t0, t1, t2, s0, s1, a0, a1, a2, a3, a4, a5, s2, t3, t4] = [
  0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 18, 28, 29,
];

export interface GuestProgram {
  /** Guest physical address of the first instruction. */
  entry: number;
  /** Address of the loop's first instruction. */
  loop: number;
  bytes: Uint8Array;
}

export function assembleDemoProgram(): GuestProgram {
  const halves: number[] = [];
  const i = (name: string, ops: Parameters<typeof encode>[1] = {}): void => {
    const w = encode(name, ops);
    halves.push(w & 0xffff, w >>> 16);
  };
  const c = (h: number): void => {
    halves.push(h);
  };
  const here = (): number => CODE_BASE + halves.length * 2;

  i('addi', { rd: s0, rs1: zero, imm12: 0 }); // n = 0
  i('addi', { rd: a0, rs1: zero, imm12: 0 }); // fib(n)
  i('addi', { rd: a1, rs1: zero, imm12: 1 }); // fib(n + 1)
  i('lui', { rd: s1, imm20: RING_BASE >> 12 }); // s1 = &ring[0]
  i('addi', { rd: s2, rs1: zero, imm12: 0 }); // ring index
  i('lui', { rd: a2, imm20: 0x9e378 }); // xorshift state: any non-zero seed
  i('addi', { rd: a2, rs1: a2, imm12: -0x647 });
  i('addi', { rd: a3, rs1: zero, imm12: 0 }); // checksum
  const loop = here();
  i('add', { rd: t0, rs1: a0, rs2: a1 }); // next Fibonacci number
  c(C.mvA0A1);
  c(C.mvA1T0);
  c(C.addiS0One); // n += 1
  i('slli', { rd: t1, rs1: a2, shamtd: 13 }); // xorshift64: x ^= x << 13; x ^= x >> 7; x ^= x << 17
  i('xor', { rd: a2, rs1: a2, rs2: t1 });
  i('srli', { rd: t1, rs1: a2, shamtd: 7 });
  i('xor', { rd: a2, rs1: a2, rs2: t1 });
  i('slli', { rd: t1, rs1: a2, shamtd: 17 });
  i('xor', { rd: a2, rs1: a2, rs2: t1 });
  i('slli', { rd: t2, rs1: a3, shamtd: 5 }); // checksum = rotl(checksum, 5) ^ fib + random
  i('srli', { rd: t3, rs1: a3, shamtd: 59 });
  i('or', { rd: a3, rs1: t2, rs2: t3 });
  i('xor', { rd: a3, rs1: a3, rs2: a0 });
  c(C.xorA3A2);
  i('slli', { rd: t4, rs1: s2, shamtd: 3 }); // ring[index] = fib(n)
  i('add', { rd: t4, rs1: s1, rs2: t4 });
  i('sd', { rs2: a0, rs1: t4, simm12: 0 });
  i('addi', { rd: s2, rs1: s2, imm12: 1 }); // index = (index + 1) % 64
  i('andi', { rd: s2, rs1: s2, imm12: RING_ENTRIES - 1 });
  i('sd', { rs2: a3, rs1: s1, simm12: CHECKSUM_ADDR - RING_BASE });
  i('mul', { rd: a4, rs1: s0, rs2: s0 }); // n * n, for the M extension
  i('csrrs', { rd: a5, csr: 0xc02, rs1: zero }); // instructions retired so far
  i('jal', { rd: zero, jimm21: loop - here() });

  const bytes = new Uint8Array(halves.length * 2);
  const view = new DataView(bytes.buffer);
  halves.forEach((h, k) => {
    view.setUint16(k * 2, h, true);
  });
  return { entry: CODE_BASE, loop, bytes };
}

/** Puts the program in guest RAM and the hart at its entry: registers, counter and ring cleared. */
export function loadDemoProgram(program: GuestProgram, memory: WebAssembly.Memory, hart: Hart): void {
  const ram = new Uint8Array(memory.buffer);
  ram.set(program.bytes, RAM_OFFSET + program.entry);
  ram.fill(0, RAM_OFFSET + RING_BASE, RAM_OFFSET + CHECKSUM_ADDR + 8);
  hart.loadRegisters({ x: new Array<bigint>(32).fill(0n), f: new Array<bigint>(32).fill(0n), pc: 0n, fcsr: 0 });
  hart.pc = BigInt(program.entry);
  hart.satp = 0n; // bare: guest virtual = physical
  new DataView(memory.buffer).setBigUint64(hart.base + HART_INSTRET, 0n, true);
}
