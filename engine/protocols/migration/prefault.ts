// The user memory a syscall will write (or read), known before it runs. For a process spread
// over kernels a syscall that touches a page owned elsewhere is abandoned and restarted once
// the page is here (PageMiss); that is only safe if it did nothing before the access. So the
// pages behind these arguments are touched first, before any effect: read() must not take
// bytes from a pipe and then find its buffer on another kernel.
//
// Which memory that is comes from the syscall table: every buffer of the call's row whose size
// the arguments give (a struct, a counted buffer, an iovec array and the buffers it names).
// Strings are left to the call: it reads them before it does anything.

import type { Access } from '../../kernels/mm/address-space';
import type { Thread } from '../../kernels/proc/task';
import { IOVEC_BYTES } from '../../kernels/syscalls/fs-io';
import { forEachSizedBuffer, type SyscallRow, type UserBuffer } from '../../kernels/syscalls/syscall-row';
import { PAGE_SIZE } from '../../hw/memory-map';

/** Larger buffers are touched page by page as the syscall goes (rare; a restart is then possible). */
const MAX_PREFAULT = 1 << 20;

/**
 * Touches the user memory syscall `row` of `t` will use: a page elsewhere throws PageMiss, which
 * runSyscall takes through the one door for a remote miss (kernels/mm/remote-miss.ts).
 */
export function prefault(t: Thread, row: SyscallRow | undefined): void {
  if (row === undefined || row.buffers.length === 0) return;
  forEachSizedBuffer(row, t, touchBuffer);
}

function touchBuffer(va: number, length: number, write: boolean, b: UserBuffer, t: Thread): void {
  touch(t, va, length, write ? 'write' : 'read');
  if (b.size.kind !== 'iovecs' || length <= 0 || length > MAX_PREFAULT) return;
  // the buffers the array names: written by readv (after the data left the file), read by writev
  const iov = t.process.um.read(va, length);
  if (!iov) return;
  const dv = new DataView(iov.buffer);
  const access = b.dir === 'in' ? 'read' : 'write';
  let total = 0;
  for (let at = 0; at + IOVEC_BYTES <= length && total <= MAX_PREFAULT; at += IOVEC_BYTES) {
    const n = Number(dv.getBigUint64(at + 8, true));
    touch(t, Number(dv.getBigUint64(at, true)), n, access);
    total += n;
  }
}

/** Faults in [va, va + length) as the call will access it: PageMiss for a page on another kernel. */
function touch(t: Thread, va: number, length: number, access: Access): void {
  // a null or bad pointer is the syscall's business (EFAULT), not the prefault's
  if (va === 0 || length <= 0 || length > MAX_PREFAULT) return;
  const mm = t.process.mm;
  const end = va + length;
  for (let page = va - (va % PAGE_SIZE); page < end; page += PAGE_SIZE) {
    if (mm.hostAddress(Math.max(page, va), access) === undefined) return;
  }
}
