// Lays out a new program's stack as Linux does (fs/binfmt_elf.c create_elf_tables): from the
// stack pointer up, argc, argv[], NULL, envp[], NULL, the auxiliary vector, then the 16
// random bytes of AT_RANDOM, the platform string and the strings themselves at the top.

export const AT_NULL = 0;
export const AT_PHDR = 3;
export const AT_PHENT = 4;
export const AT_PHNUM = 5;
export const AT_PAGESZ = 6;
export const AT_BASE = 7;
export const AT_FLAGS = 8;
export const AT_ENTRY = 9;
export const AT_UID = 11;
export const AT_EUID = 12;
export const AT_GID = 13;
export const AT_EGID = 14;
export const AT_PLATFORM = 15;
export const AT_HWCAP = 16;
export const AT_CLKTCK = 17;
export const AT_SECURE = 23;
export const AT_RANDOM = 25;
export const AT_EXECFN = 31;

/** AT_HWCAP for RV64IMAFDC: one bit per single-letter extension, bit 0 = 'A'. */
export const HWCAP_RV64GC = ['I', 'M', 'A', 'F', 'D', 'C'].reduce((m, c) => m | (1 << (c.charCodeAt(0) - 65)), 0);

export interface StackImage {
  /** Bytes to place so that they end at `top`. */
  bytes: Uint8Array;
  /** The initial stack pointer (16-byte aligned) = top - bytes.length. */
  sp: number;
}

/** Builds the stack image that ends at `top`; auxv values are [type, value] pairs. */
export function buildInitialStack(
  top: number,
  argv: readonly string[],
  envp: readonly string[],
  auxv: ReadonlyArray<[number, number]>,
  random16: Uint8Array,
  execfn: string,
): StackImage {
  const enc = new TextEncoder();
  const strings: Uint8Array[] = [];
  let stringBytes = 0;
  const add = (s: string) => {
    const b = enc.encode(s + '\0');
    strings.push(b);
    stringBytes += b.length;
    return b.length;
  };
  const argLens = argv.map(add);
  const envLens = envp.map(add);
  add(execfn);
  add('riscv64');
  // [pointer area][random 16][strings] ending at top, pointer area 16-aligned
  const fullAux: Array<[number, number]> = [...auxv, [AT_RANDOM, 0], [AT_EXECFN, 0], [AT_PLATFORM, 0], [AT_NULL, 0]];
  const pointerWords = 1 + argv.length + 1 + envp.length + 1 + fullAux.length * 2;
  const tail = 16 + stringBytes;
  const size = Math.ceil((pointerWords * 8 + tail) / 16) * 16;
  const sp = top - size;
  const bytes = new Uint8Array(size);
  const dv = new DataView(bytes.buffer);
  // strings at the very top, random bytes just below them
  let at = size - stringBytes;
  const addrOf: number[] = [];
  for (const s of strings) {
    bytes.set(s, at);
    addrOf.push(sp + at);
    at += s.length;
  }
  const randomAt = size - stringBytes - 16;
  bytes.set(random16.subarray(0, 16), randomAt);
  let w = 0;
  const word = (v: number) => {
    dv.setBigUint64(w, BigInt(v), true);
    w += 8;
  };
  word(argv.length);
  argLens.forEach((_, i) => {
    word(addrOf[i] as number);
  });
  word(0);
  envLens.forEach((_, i) => {
    word(addrOf[argv.length + i] as number);
  });
  word(0);
  const execfnAt = addrOf[argv.length + envp.length] as number;
  const platformAt = addrOf[argv.length + envp.length + 1] as number;
  for (const [type, value] of fullAux) {
    word(type);
    word(
      type === AT_RANDOM ? sp + randomAt : type === AT_EXECFN ? execfnAt : type === AT_PLATFORM ? platformAt : value,
    );
  }
  return { bytes, sp };
}
