// Memory system calls: brk, mmap (anonymous and private file mappings), munmap, mprotect,
// madvise. The address space does the work; this file decodes the arguments.

import { PAGE_SIZE } from '../../hw/memory-map';
import { EACCES, EBADF, EEXIST, EINVAL, EIO, ENODEV } from '../errno';
import { pageDown, PROT_EXEC, PROT_READ, PROT_WRITE } from '../mm/address-space';
import { SYS } from './numbers';
import type { SyscallGroup } from './types';

const MAP_SHARED = 0x01;
const MAP_PRIVATE = 0x02;
const MAP_FIXED = 0x10;
const MAP_ANONYMOUS = 0x20;
const MAP_FIXED_NOREPLACE = 0x100000;
const MADV_DONTNEED = 4;

export const memorySyscalls: SyscallGroup = [
  [SYS.brk, (_k, t) => t.process.mm.setBrk(t.x(10))],
  [
    SYS.mmap,
    (_k, t) => {
      const [hint, length, prot, flags, fd, offset] = [t.x(10), t.x(11), t.xInt(12), t.xInt(13), t.xInt(14), t.x(15)];
      const mm = t.process.mm;
      if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) return -EINVAL;
      if ((flags & (MAP_SHARED | MAP_PRIVATE)) === 0 || offset % PAGE_SIZE) return -EINVAL;
      const fixed = (flags & MAP_FIXED) !== 0;
      if (flags & MAP_FIXED_NOREPLACE && mm.vmas.some((v) => v.start < hint + length && hint < v.end)) return -EEXIST;
      if (flags & MAP_ANONYMOUS) return mm.mmap(pageDown(hint), length, prot, fixed, 'mmap', '');
      const file = t.process.fds.get(fd);
      if (!file) return -EBADF;
      if (file.inode.kind !== 'file') return -ENODEV;
      if (!file.readable || (flags & MAP_SHARED && prot & PROT_WRITE && !file.writable)) return -EACCES;
      // private (and read-only shared) file mappings take a copy of the file's bytes at fault time
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
        const { prot, kind, name, file } = v;
        mm.munmap(from, to - from);
        mm.mmap(from, to - from, prot, true, kind, name, file && { ...file, offset: file.offset + (from - v.start) });
      }
      return 0;
    },
  ],
];
