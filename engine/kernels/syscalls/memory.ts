// Memory system calls: brk, mmap (anonymous or file, private or shared), munmap, mprotect,
// madvise, msync. The address space does the work; this file decodes the arguments. A
// MAP_SHARED mapping maps a shared object: a new one per anonymous mmap (inherited as it is
// by fork), or the file's page cache (fs/page-cache.ts), so /dev/shm files (shm_open) and
// regular files are shared by every process mapping them and agree with read() and write().
// A file of the shared filesystem's home mapped on another kernel maps the replica its
// description gives (FileOps.mapShared), kept coherent with the home's page cache by the page
// protocol of shared objects.

import { PAGE_SIZE } from '../../hw/memory-map';
import { EACCES, EBADF, EEXIST, EINVAL, EIO, ENODEV, ENOMEM } from '../errno';
import { pageCacheOf } from '../fs/page-cache';
import { pageDown, pageUp, PROT_EXEC, PROT_READ, PROT_WRITE, type SharedRef } from '../mm/address-space';
import { SharedMemory } from '../mm/shared-memory';
import { SYS } from './numbers';
import type { SyscallGroup } from './types';

export const MAP_SHARED = 0x01;
const MAP_PRIVATE = 0x02;
const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
const MAP_FIXED_NOREPLACE = 0x100000;
const MAP_TYPE = 0x0f;
/** /dev/zero's device number (devfs.ts: major 1, minor 5). */
const DEV_ZERO = (1 << 8) | 5;
export const MAP_SHARED_VALIDATE = 0x03;
const MADV_DONTNEED = 4;
const MS_ASYNC = 1;
const MS_INVALIDATE = 2;
const MS_SYNC = 4;
/** What Linux calls an anonymous shared mapping in /proc/PID/maps (its shmem file's name). */
const ANON_SHARED_NAME = '/dev/zero (deleted)';

export const memorySyscalls: SyscallGroup = [
  [SYS.brk, (_k, t) => t.process.mm.setBrk(t.x(10))],
  [
    SYS.mmap,
    (_k, t) => {
      const [hint, length, prot, flags, fd, offset] = [t.x(10), t.x(11), t.xInt(12), t.xInt(13), t.xInt(14), t.x(15)];
      const mm = t.process.mm;
      if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) return -EINVAL;
      const type = flags & MAP_TYPE;
      if ((type !== MAP_SHARED && type !== MAP_PRIVATE && type !== MAP_SHARED_VALIDATE) || offset % PAGE_SIZE) {
        return -EINVAL;
      }
      const shared = type !== MAP_PRIVATE;
      const fixed = (flags & MAP_FIXED) !== 0;
      if (flags & MAP_FIXED_NOREPLACE && mm.vmas.some((v) => v.start < hint + length && hint < v.end)) return -EEXIST;
      const file = flags & MAP_ANONYMOUS ? undefined : t.process.fds.get(fd);
      // /dev/zero maps as anonymous memory, shared or private (what programs did before MAP_ANONYMOUS)
      if (flags & MAP_ANONYMOUS || (file?.inode.kind === 'char' && file.inode.rdev === DEV_ZERO)) {
        if (!shared) return mm.mmap(pageDown(hint), length, prot, fixed, 'mmap', '');
        const ref: SharedRef = { mem: new SharedMemory(mm.frames, mm.memory), offset: 0 };
        return mm.mmap(pageDown(hint), length, prot, fixed, 'mmap', ANON_SHARED_NAME, undefined, ref);
      }
      if (!file) return -EBADF;
      if (file.inode.kind !== 'file') return -ENODEV;
      if (!file.readable || (shared && prot & PROT_WRITE && !file.writable)) return -EACCES;
      if (shared && file.ops.mapShared) {
        // the file's pages are kept on another kernel: this maps its replica (asked for first)
        const mem = file.ops.mapShared(file, t);
        if (typeof mem !== 'object') return mem;
        const at = mm.mmap(pageDown(hint), length, prot, fixed, 'mmap', file.path, undefined, { mem, offset });
        if (at < 0) mem.settle(); // nothing maps it after all: the replica goes (and its grant)
        return at;
      }
      if (shared) {
        if (file.inode.generate) return -ENODEV; // a /proc file is made at open, per reader
        if (!file.inode.load()) return -EIO;
        const cache = pageCacheOf(file.inode, mm.frames, mm.memory);
        return mm.mmap(pageDown(hint), length, prot, fixed, 'mmap', file.path, undefined, { mem: cache.mem, offset });
      }
      // private file mappings take a copy of the file's bytes at fault time
      if (file.ops.mapPrivate) {
        // the file's bytes are on another kernel: they come first (the call then runs again)
        const bytes = file.ops.mapPrivate(file, t);
        if (!(bytes instanceof Uint8Array)) return bytes;
        const backing = { data: bytes, offset, size: Math.max(0, Math.min(length, bytes.length - offset)) };
        return mm.mmap(pageDown(hint), length, prot, fixed, 'mmap', file.path, backing);
      }
      file.inode.cache?.claim(offset, offset + length, 'read'); // pages another kernel writes come back first
      const data = file.inode.contents();
      if (!data) return -EIO; // a program whose bytes could not be fetched
      const backing = { data, offset, size: Math.max(0, Math.min(length, data.length - offset)) };
      return mm.mmap(pageDown(hint), length, prot, fixed, 'mmap', file.path, backing);
    },
  ],
  [SYS.munmap, (_k, t) => t.process.mm.munmap(t.x(10), t.x(11))],
  [
    SYS.mprotect,
    (_k, t) => {
      const prot = t.xInt(12);
      if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) return -EINVAL;
      return t.process.mm.mprotect(t.x(10), t.x(11), prot);
    },
  ],
  [
    SYS.madvise,
    (_k, t) => {
      const [start, length, advice] = [t.x(10), t.x(11), t.xInt(12)];
      if (start % PAGE_SIZE) return -EINVAL;
      if (advice !== MADV_DONTNEED) return 0;
      // drop the pages: anonymous memory reads back as zeros, as Linux guarantees
      const mm = t.process.mm;
      for (const v of mm.vmas.filter((v) => v.start < start + length && start < v.end)) {
        const from = Math.max(v.start, start);
        const to = Math.min(v.end, start + length);
        if (v.shared) {
          mm.unmapPages(from, to); // the object keeps the bytes: they come back at the next touch
          continue;
        }
        const { prot, kind, name, file } = v;
        mm.munmap(from, to - from);
        mm.mmap(from, to - from, prot, true, kind, name, file && { ...file, offset: file.offset + (from - v.start) });
      }
      return 0;
    },
  ],
  [
    SYS.msync,
    (_k, t) => {
      const [start, length, flags] = [t.x(10), t.x(11), t.xInt(12)];
      if (start % PAGE_SIZE || flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) return -EINVAL;
      if (flags & MS_ASYNC && flags & MS_SYNC) return -EINVAL;
      const mm = t.process.mm;
      for (let va = start; va < start + pageUp(length); va += PAGE_SIZE) if (!mm.findVma(va)) return -ENOMEM;
      return 0; // a shared mapping's frames are the file's page cache: nothing to write back
    },
  ],
];
