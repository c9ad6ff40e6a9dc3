// The shared-memory page server's interface (migration/shm-home.ts, shm-replica.ts): pages of
// MAP_SHARED objects kept coherent between the kernels that map them, the object's home (the
// kernel it was made at) keeping each page's holders. The same handshake as a process's pages
// (pages.ts), but a page is named by its object and its index in it, not by a process and an
// address: the processes mapping an object at different addresses, on any kernel, share it.

import { PAGE_SIZE } from '../../hw/memory-map';
import { defineInterface } from '../messaging/interface';
import { bool, bytes, field, i32, optional, u32 } from '../messaging/wire-types';

const object = field(u32, 'the object (its number at its home)');
const index = field(u32, 'the page (its index in the object)');
const pageBytes = bytes(PAGE_SIZE, 'page bytes');

// numbered 22-28, below the 64 message types the page's counters have a slot for (telemetry.ts)
export const SHM_IF = defineInterface(
  'shared-memory page server',
  'Pages of MAP_SHARED objects mapped on several kernels, kept coherent by their home.',
  {
    SHM_PAGE_REQUEST: {
      number: 22,
      doc: 'A process here touched a page of a shared object this kernel does not hold (or may not write): ask its home.',
      responses: ['SHM_PAGE_RESPONSE', 'SHM_PAGE_RESPONSE_SHORT'],
      fields: {
        object,
        index,
        write: field(bool, 'whether it is to be written (exclusive) or read (shared)'),
        have: field(bool, 'whether the requester holds a current read-only copy'),
      },
    },
    SHM_PAGE_RESPONSE: {
      number: 23,
      doc: "The home's answer: the page's bytes, or why not.",
      fields: {
        status: field(i32, '0, or -EFAULT (the object is gone), -ENOMEM'),
        data: field(optional(pageBytes), "the page's bytes (none on an error)"),
      },
    },
    SHM_PAGE_RESPONSE_SHORT: {
      number: 24,
      doc: "The requester's copy is current: it may write it now, no data sent.",
      fields: {},
    },
    SHM_INVALIDATE_REQUEST: {
      number: 25,
      doc: 'The home takes a copy of a shared page back: drop it (or keep it read-only), sending its bytes if asked.',
      responses: ['SHM_INVALIDATE_RESPONSE'],
      fields: {
        object,
        index,
        wantData: field(bool, 'whether its bytes are wanted (it may have written them)'),
        downgrade: field(bool, 'whether it keeps a read-only copy'),
      },
    },
    SHM_INVALIDATE_RESPONSE: {
      number: 26,
      doc: 'The copy of the shared page is gone (or read-only), with its bytes if they were wanted.',
      fields: { data: field(pageBytes, 'its bytes, or none') },
    },
    SHM_RELEASE: {
      number: 27,
      doc: 'No process here maps the object any more: its copy of a page goes home (with its bytes if it could write them).',
      fields: {
        object,
        index,
        data: field(pageBytes, "the page's bytes, if it could write them"),
      },
    },
    SHM_UNMAP: {
      number: 28,
      doc: "A file's page cache mapped here through the filesystem (FS_MAP_REQUEST) is mapped here no more: its home may let it go.",
      fields: {
        object,
        maps: field(u32, 'how many FS_MAP_REPLY grants of it this kernel took (each held it once)'),
      },
    },
  },
);
