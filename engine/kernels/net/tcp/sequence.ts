// TCP sequence numbers: 32-bit counters that wrap, compared modulo 2^32 (RFC 793 section 3.3,
// RFC 1982's serial arithmetic): a is before b when b - a, taken as a signed 32-bit number, is
// positive. Every comparison of sequence or acknowledgement numbers goes through here.

/** a + n, wrapped to 32 bits. */
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/** b - a as a signed distance (how far b is ahead of a). */
export function seqDiff(b: number, a: number): number {
  return (b - a) | 0;
}

export function seqLt(a: number, b: number): boolean {
  return seqDiff(b, a) > 0;
}

export function seqLe(a: number, b: number): boolean {
  return seqDiff(b, a) >= 0;
}
