// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of the
// data taken as big-endian 16-bit words (an odd last byte is padded with a zero byte). IPv4
// puts it over its header; TCP and UDP over a pseudo-header (RFC 793 and 768: source and
// destination address, protocol, length) followed by the whole segment. Sums are kept as
// plain numbers with the carries folded in only at the end: 65535 bytes of 0xff sum to less
// than 2^32, far inside a double's exact integers.

/**
 * The ones' complement sum of bytes[start, end) as 16-bit words, added to `initial`, not yet
 * folded. A range that does not start a sum (after a pseudo-header, say) must begin at an
 * even offset of the summed data, which every header here does.
 */
export function sumWords(bytes: Uint8Array, start = 0, end = bytes.length, initial = 0): number {
  let sum = initial;
  let i = start;
  for (; i + 1 < end; i += 2) sum += ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
  if (i < end) sum += (bytes[i] as number) << 8;
  return sum;
}

/** Folds the carries of a sum back into its low 16 bits (end-around carry). */
export function foldSum(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

/**
 * The checksum of bytes[start, end) (plus `initial`, a partial sum such as a pseudo-header's):
 * the value to store in a checksum field that was zero while summing. Over data that includes
 * a correct checksum field it is 0, which is how a receiver checks one.
 */
export function internetChecksum(bytes: Uint8Array, start = 0, end = bytes.length, initial = 0): number {
  return ~foldSum(sumWords(bytes, start, end, initial)) & 0xffff;
}

/** The sum of the IPv4 pseudo-header TCP and UDP checksums cover (RFC 793 §3.1, RFC 768). */
export function pseudoHeaderSum(src: number, dst: number, protocol: number, length: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
}
