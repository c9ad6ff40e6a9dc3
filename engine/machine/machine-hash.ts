// The machine's trace hash: every kernel's rolling trace hash, in kernel order, folded into
// one (FNV-1a over their text). Its own module so that the page, which only reads the kernels'
// hashes from shared memory, does not bundle the kernel to combine them.

/** The machine's trace hash: every kernel's hash, in kernel order, folded into one. */
export function machineHash(kernelHashes: string[]): string {
  let h = 0xcbf29ce484222325n;
  for (const c of kernelHashes.join(':')) h = BigInt.asUintN(64, (h ^ BigInt(c.charCodeAt(0))) * 0x100000001b3n);
  return h.toString(16).padStart(16, '0');
}
