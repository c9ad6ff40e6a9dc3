// The wire format of message payloads: little-endian fields written and read in order, so a
// payload is plain bytes in the ring. Services do not call these by hand: their messages are
// declared (engine/protocols/interfaces/) and the declared codecs (wire-types.ts) drive them.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class WireWriter {
  private buf = new Uint8Array(64);
  private view = new DataView(this.buf.buffer);
  private at = 0;

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
    grown.set(this.buf);
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }

  u8(v: number): this {
    this.room(1);
    this.view.setUint8(this.at, v);
    this.at += 1;
    return this;
  }

  u32(v: number): this {
    this.room(4);
    this.view.setUint32(this.at, v >>> 0, true);
    this.at += 4;
    return this;
  }

  i32(v: number): this {
    this.room(4);
    this.view.setInt32(this.at, v, true);
    this.at += 4;
    return this;
  }

  /** A number that fits 53 bits exactly (addresses, sizes, times). */
  f64(v: number): this {
    this.room(8);
    this.view.setFloat64(this.at, v, true);
    this.at += 8;
    return this;
  }

  u64(v: bigint): this {
    this.room(8);
    this.view.setBigUint64(this.at, BigInt.asUintN(64, v), true);
    this.at += 8;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.u32(b.length);
    this.room(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
    return this;
  }

  string(s: string): this {
    return this.bytes(encoder.encode(s));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.at;
  }

  /** Overwrites the u32 at `offset` (a length written before what it measures). */
  patchU32(offset: number, v: number): void {
    this.view.setUint32(offset, v >>> 0, true);
  }

  /** Starts over, keeping the buffer (one writer serves every message a kernel encodes). */
  reset(): this {
    this.at = 0;
    return this;
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.at);
  }
}

export class WireError extends Error {}

export class WireReader {
  private readonly view: DataView;
  private at = 0;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Bytes not read yet. */
  get remaining(): number {
    return this.buf.length - this.at;
  }

  /** Where the next read starts. */
  get offset(): number {
    return this.at;
  }

  private need(n: number): void {
    if (this.at + n > this.buf.length) throw new WireError(`message truncated: wanted ${n} more bytes at ${this.at}`);
  }

  u8(): number {
    this.need(1);
    return this.view.getUint8(this.at++);
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.at, true);
    this.at += 4;
    return v;
  }

  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.at, true);
    this.at += 4;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.at, true);
    this.at += 8;
    return v;
  }

  u64(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.at, true);
    this.at += 8;
    return v;
  }

  bytes(): Uint8Array {
    const n = this.u32();
    this.need(n);
    const b = this.buf.slice(this.at, this.at + n);
    this.at += n;
    return b;
  }

  string(): string {
    const n = this.u32();
    this.need(n);
    const s = decoder.decode(this.buf.subarray(this.at, this.at + n));
    this.at += n;
    return s;
  }
}
