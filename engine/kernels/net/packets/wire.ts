// Big-endian (network order) reads and writes of 16- and 32-bit fields, and the range checks
// the encoders make on the values they are given. Reads assume the caller has checked the
// length (the decoders do, before each read), so they never see a byte past the end.

export function get16(b: Uint8Array, at: number): number {
  return ((b[at] as number) << 8) | (b[at + 1] as number);
}

export function get32(b: Uint8Array, at: number): number {
  return (
    (((b[at] as number) << 24) |
      ((b[at + 1] as number) << 16) |
      ((b[at + 2] as number) << 8) |
      (b[at + 3] as number)) >>>
    0
  );
}

export function put16(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 8;
  b[at + 1] = v;
}

export function put32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = v >>> 16;
  b[at + 2] = v >>> 8;
  b[at + 3] = v;
}

/**
 * Throws a RangeError unless `v` is an integer in [0, max]. An encoder given a field that does
 * not fit is a bug in its caller, not an event of the network: masking it would put a
 * different value on the wire than the one asked for.
 */
export function checkField(what: string, v: number, max: number): void {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${what} out of range: ${v}`);
}
