// GNU objdump as the reference for the disassembler tests: runs `riscv64-linux-gnu-objdump -d`
// (the riscv64 cross binutils come with scripts/ensure-debian-packages.sh) on an ELF file or on
// raw bytes placed at an address, and reads its listing back as one line per instruction. Also
// reads a section's bytes and address out of an ELF64 file, to feed the same bytes to both.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ObjdumpLine {
  address: bigint;
  /** The instruction word column: `4795`, `02f777b3`, or halfwords apart (`001f 1234 5678`). */
  word: string;
  /** Mnemonic, one space, operands and any `# address` note, as objdump prints them (its tabs
   * made single spaces, `<symbol>` notes dropped). */
  text: string;
}

const OBJDUMP = 'riscv64-linux-gnu-objdump';

/** The instruction lines of an objdump listing. */
export function parseListing(out: string): ObjdumpLine[] {
  const lines: ObjdumpLine[] = [];
  for (const m of out.matchAll(/^\s*([0-9a-f]+):\t([0-9a-f ]+?)\s*(?:\t(\S+)(?:\t(.*))?)?$/gm)) {
    const previous = lines.at(-1);
    if (m[3] === undefined) {
      // the rest of an instruction longer than 8 bytes, on a line of its own
      if (previous) previous.word += ' ' + (m[2] as string);
      continue;
    }
    const mnemonic = m[3];
    const operands = (m[4] ?? '').replace(/\s*<[^>]*>/g, '');
    lines.push({
      address: BigInt('0x' + (m[1] as string)),
      word: m[2] as string,
      text: operands === '' ? mnemonic : `${mnemonic} ${operands}`,
    });
  }
  return lines;
}

/** `objdump -d` of an ELF file (`-M no-aliases` when aliases is false). */
export function objdumpFile(path: string, aliases = true): ObjdumpLine[] {
  const args = ['-d', ...(aliases ? [] : ['-M', 'no-aliases']), path];
  return parseListing(execFileSync(OBJDUMP, args, { encoding: 'utf8', maxBuffer: 1 << 28 }));
}

/** objdump of raw RV64GC bytes placed at `address`, decoded from `start` on (default: `address`). */
export function objdumpBytes(
  bytes: Uint8Array,
  address: bigint,
  opts: { aliases?: boolean; start?: bigint } = {},
): ObjdumpLine[] {
  const dir = mkdtempSync(join(tmpdir(), 'objdump-'));
  try {
    const file = join(dir, 'code.bin');
    writeFileSync(file, bytes);
    const args = ['-D', '-b', 'binary', '-m', 'riscv:rv64', `--adjust-vma=0x${address.toString(16)}`];
    if (opts.start !== undefined) args.push(`--start-address=0x${opts.start.toString(16)}`);
    if (opts.aliases === false) args.push('-M', 'no-aliases');
    args.push(file);
    return parseListing(execFileSync(OBJDUMP, args, { encoding: 'utf8', maxBuffer: 1 << 28 }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A section of an ELF64 little-endian file: its bytes and the address they load at. */
export function elfSection(path: string, name: string): { bytes: Uint8Array; address: bigint } {
  const file = readFileSync(path);
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const shoff = Number(v.getBigUint64(0x28, true));
  const shentsize = v.getUint16(0x3a, true);
  const shnum = v.getUint16(0x3c, true);
  const strtab = shoff + v.getUint16(0x3e, true) * shentsize;
  const strings = Number(v.getBigUint64(strtab + 0x18, true));
  for (let i = 0; i < shnum; i++) {
    const sh = shoff + i * shentsize;
    const at = strings + v.getUint32(sh, true);
    const end = file.indexOf(0, at);
    if (file.subarray(at, end).toString('latin1') !== name) continue;
    const offset = Number(v.getBigUint64(sh + 0x18, true));
    const size = Number(v.getBigUint64(sh + 0x20, true));
    return { bytes: new Uint8Array(file.subarray(offset, offset + size)), address: v.getBigUint64(sh + 0x10, true) };
  }
  throw new Error(`${path}: no section ${name}`);
}
