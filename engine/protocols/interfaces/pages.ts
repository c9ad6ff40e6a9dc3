// The page server's interface (migration/page-server.ts): "reader-replicate, writer-invalidate"
// coherency of a distributed process's pages, the origin being their home.

import { PAGE_SIZE } from '../../hw/memory-map';
import { vmaList } from '../migration/wire';
import { defineInterface } from '../messaging/interface';
import { addr, bool, bytes, field, i32, optional, u32 } from '../messaging/wire-types';

const pid = field(u32, 'the process (its pid at the origin)');
const page = field(addr, "the page's virtual address");
const pageBytes = bytes(PAGE_SIZE, 'page bytes');

export const PAGES_IF = defineInterface(
  'page server',
  'Pages of distributed processes, kept coherent by their origin.',
  {
    REMOTE_PAGE_REQUEST: {
      number: 44,
      doc: 'A thread faulted on a page this kernel does not hold (or may not write): ask the origin.',
      responses: ['REMOTE_PAGE_RESPONSE', 'REMOTE_PAGE_RESPONSE_SHORT'],
      fields: {
        pid,
        page,
        write: field(bool, 'whether it is to be written (exclusive) or read (shared)'),
        wantVma: field(bool, 'whether the requester needs the VMA the page is in'),
        have: field(bool, 'whether the requester holds a current read-only copy'),
      },
    },
    REMOTE_PAGE_RESPONSE: {
      number: 45,
      doc: "The origin's answer: the page's bytes, or why not, with its VMA when asked for.",
      fields: {
        status: field(i32, '0, or -EFAULT (no VMA, or one that forbids the access), -ENOMEM'),
        vmas: field(vmaList, 'the VMA the page is in, when asked for or on an error'),
        data: field(optional(pageBytes), "the page's bytes (none on an error)"),
      },
    },
    REMOTE_PAGE_RESPONSE_SHORT: {
      number: 46,
      doc: "The requester's copy is current: it may write it now, no data sent.",
      fields: {},
    },
    PAGE_INVALIDATE_REQUEST: {
      number: 47,
      doc: 'The origin takes a copy back from a kernel: drop it (or keep it read-only), sending its bytes if asked.',
      responses: ['PAGE_INVALIDATE_RESPONSE'],
      fields: {
        pid,
        page,
        wantData: field(bool, 'whether its bytes are wanted (it may have written them)'),
        downgrade: field(bool, 'whether it keeps a read-only copy'),
      },
    },
    PAGE_INVALIDATE_RESPONSE: {
      number: 48,
      doc: 'The copy is gone (or read-only), with its bytes if they were wanted.',
      fields: { data: field(pageBytes, 'its bytes, or none') },
    },
    PAGE_RELEASE: {
      number: 49,
      doc: 'A kernel sends a page home: a flush (it keeps a read-only copy) or it gives its copy up.',
      fields: {
        pid,
        page,
        data: field(pageBytes, "the page's bytes, if it could write them"),
        keep: field(bool, 'whether it keeps a read-only copy'),
      },
    },
  },
);
