// The user memory a file syscall sent to the filesystem's home sees there: the pieces of the
// caller's memory the request carried (its paths, the bytes of a write, the structs it reads),
// at the addresses they have in the caller, and room for what it writes (a read's buffer, a
// stat), which is recorded and sent back in the reply. Anything else is a bad address (EFAULT),
// as it would be in the caller: the syscall table row says what a call touches, and only that
// was carried. The one exception is a futex word in a page of a shared object of the home's
// (a file mapped shared elsewhere): the home maps that page at the caller's address.

import { UserMemory } from '../../kernels/mm/uaccess';

export interface CarriedPiece {
  va: number;
  length: number;
  writable: boolean;
  /** The caller's bytes (empty for an output buffer, which starts as zeros). */
  bytes: Uint8Array;
}

interface Piece {
  va: number;
  bytes: Uint8Array;
  writable: boolean;
}

/** Built on an address space with no page mapped but a futex request's shared page, for the code that asks one. */
export class CarriedMemory extends UserMemory {
  private carried: Piece[] = [];
  /** What the call wrote, in order. */
  writes: Array<{ va: number; bytes: Uint8Array }> = [];

  /** Starts a call with these pieces of the caller's memory. */
  load(carried: readonly CarriedPiece[]): void {
    this.carried = carried.map((c) => {
      const bytes = new Uint8Array(c.length);
      bytes.set(c.bytes.subarray(0, c.length));
      return { va: c.va, bytes, writable: c.writable };
    });
    this.writes = [];
  }

  /** Sets bytes the caller sent ahead of its request (FS_STAGE) inside a carried piece; false if none holds them. */
  fill(va: number, bytes: Uint8Array): boolean {
    const p = this.find(va, bytes.length);
    if (!p) return false;
    p.bytes.set(bytes, va - p.va);
    return true;
  }

  private find(va: number, length: number): Piece | undefined {
    return this.carried.find((p) => va >= p.va && va + length <= p.va + p.bytes.length);
  }

  override read(va: number, length: number): Uint8Array | undefined {
    const p = this.find(va, length);
    return p?.bytes.slice(va - p.va, va - p.va + length);
  }

  override write(va: number, data: Uint8Array): boolean {
    const p = this.find(va, data.length);
    if (!p?.writable) return false;
    p.bytes.set(data, va - p.va);
    this.writes.push({ va, bytes: data.slice() });
    return true;
  }

  override readString(va: number, max: number): string | undefined {
    const p = this.find(va, 1);
    if (!p) return undefined;
    const from = va - p.va;
    const nul = p.bytes.indexOf(0, from);
    if (nul < 0 || nul - from >= max) return undefined;
    return new TextDecoder().decode(p.bytes.subarray(from, nul));
  }

  override readU64(va: number): bigint | undefined {
    const b = this.read(va, 8);
    return b && new DataView(b.buffer).getBigUint64(0, true);
  }

  override readU32(va: number): number | undefined {
    const b = this.read(va, 4);
    return b && new DataView(b.buffer).getUint32(0, true);
  }

  override probeWrite(va: number, length: number): boolean {
    return this.find(va, length)?.writable ?? false;
  }

  override wordAddress(va: number, write: boolean): number | undefined {
    // no futex word lives in carried memory; one in the shared page a futex request named is
    // that object's page here (fs-home.ts maps it at the caller's address)
    return this.mm.findVma(va) ? super.wordAddress(va, write) : undefined;
  }
}
