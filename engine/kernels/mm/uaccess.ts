// Copies between kernel and user memory (Linux's copy_from_user / copy_to_user), page by page,
// faulting pages in as needed. A bad user pointer yields undefined (the caller returns
// -EFAULT): a wild guest pointer never becomes a host exception.

import { PAGE_SIZE } from '../../hw/memory-map';
import type { AddressSpace } from './address-space';

/** Largest single copy, so a guest cannot make the kernel allocate without bound. */
export const MAX_COPY = 64 << 20;

export class UserMemory {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(readonly mm: AddressSpace) {
    this.bytes = new Uint8Array(mm.memory.buffer);
    this.view = new DataView(mm.memory.buffer);
  }

  /** Calls fn(hostOffset, length, doneSoFar) for each page-sized piece; false on a bad address. */
  private pieces(
    va: number,
    length: number,
    write: boolean,
    fn: (host: number, n: number, done: number) => void,
  ): boolean {
    if (!Number.isSafeInteger(length) || length < 0 || length > MAX_COPY) return false;
    let done = 0;
    while (done < length) {
      const at = va + done;
      const host = this.mm.hostAddress(at, write ? 'write' : 'read');
      if (host === undefined) return false;
      const n = Math.min(length - done, PAGE_SIZE - (at % PAGE_SIZE));
      fn(host, n, done);
      done += n;
    }
    return true;
  }

  read(va: number, length: number): Uint8Array | undefined {
    const out = new Uint8Array(length > 0 && length <= MAX_COPY ? length : 0);
    const ok = this.pieces(va, length, false, (host, n, done) => {
      out.set(this.bytes.subarray(host, host + n), done);
    });
    return ok ? out : undefined;
  }

  write(va: number, data: Uint8Array): boolean {
    return this.pieces(va, data.length, true, (host, n, done) => {
      this.bytes.set(data.subarray(done, done + n), host);
    });
  }

  /** A NUL-terminated string of at most `max` bytes (without the NUL), or undefined. */
  readString(va: number, max: number): string | undefined {
    const chunks: number[] = [];
    for (let i = 0; i < max; i++) {
      const host = this.mm.hostAddress(va + i, 'read');
      if (host === undefined) return undefined;
      const b = this.bytes[host] as number;
      if (b === 0) return new TextDecoder().decode(new Uint8Array(chunks));
      chunks.push(b);
    }
    return undefined;
  }

  readU64(va: number): bigint | undefined {
    if (va % 8 === 0) {
      const host = this.mm.hostAddress(va, 'read');
      return host === undefined ? undefined : this.view.getBigUint64(host, true);
    }
    const b = this.read(va, 8);
    return b && new DataView(b.buffer).getBigUint64(0, true);
  }

  readU32(va: number): number | undefined {
    if (va % 4 === 0) {
      const host = this.mm.hostAddress(va, 'read');
      return host === undefined ? undefined : this.view.getUint32(host, true);
    }
    const b = this.read(va, 4);
    return b && new DataView(b.buffer).getUint32(0, true);
  }

  writeU64(va: number, v: bigint): boolean {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
    return this.write(va, b);
  }

  writeU32(va: number, v: number): boolean {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    return this.write(va, b);
  }

  /** Whether the kernel could write [va, va + length) now (faulting pages in, or PageMiss). */
  probeWrite(va: number, length: number): boolean {
    return this.pieces(va, length, true, () => undefined);
  }

  /** Host offset of an aligned u32 the kernel will operate on atomically (futex words). */
  wordAddress(va: number, write: boolean): number | undefined {
    if (va % 4 !== 0) return undefined;
    return this.mm.hostAddress(va, write ? 'write' : 'read');
  }
}
