// Wraps hand-assembled instruction words in a minimal static ELF64 riscv64 executable (one
// read-execute PT_LOAD at 0x10000, entry at its start): kernel tests and benchmarks build
// exact little programs with engine/hw/isa/encode.ts without needing a toolchain.

const BASE = 0x10000;
const HEADERS = 64 + 56;

export function miniElf(words: readonly number[], data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const codeBytes = words.length * 4;
  const size = HEADERS + codeBytes + data.length;
  const file = new Uint8Array(size);
  const dv = new DataView(file.buffer);
  file.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]); // ELF, 64-bit, little-endian, version 1
  dv.setUint16(16, 2, true); // ET_EXEC
  dv.setUint16(18, 243, true); // EM_RISCV
  dv.setUint32(20, 1, true);
  dv.setBigUint64(24, BigInt(BASE + HEADERS), true); // entry: the first instruction
  dv.setBigUint64(32, 64n, true); // phoff
  dv.setUint32(48, 0x5, true); // EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_DOUBLE
  dv.setUint16(52, 64, true);
  dv.setUint16(54, 56, true);
  dv.setUint16(56, 1, true);
  // PT_LOAD covering the whole file, readable, writable and executable
  dv.setUint32(64, 1, true);
  dv.setUint32(68, 7, true);
  dv.setBigUint64(72, 0n, true);
  dv.setBigUint64(80, BigInt(BASE), true);
  dv.setBigUint64(88, BigInt(BASE), true);
  dv.setBigUint64(96, BigInt(size), true);
  dv.setBigUint64(104, BigInt(size), true);
  dv.setBigUint64(112, 0x1000n, true);
  words.forEach((w, i) => {
    dv.setUint32(HEADERS + i * 4, w >>> 0, true);
  });
  file.set(data, HEADERS + codeBytes);
  return file;
}

/** Guest address of byte `offset` of the data placed after the code. */
export function dataAddress(codeWords: number, offset = 0): number {
  return BASE + HEADERS + codeWords * 4 + offset;
}
