// The page messages' bytes, field by field as page-wire.ts's header lays them out (the trace
// hashes of existing runs depend on them), and records round-tripped through them.

import { describe, expect, it } from 'vitest';
import type { Vma } from '../../kernels/mm/address-space';
import { WireWriter } from '../messaging/codec';
import { MSG } from '../messaging/message-types';
import {
  decodePageInvalidateRequest,
  decodePageInvalidateResponse,
  decodePageRelease,
  decodeRemotePageRequest,
  decodeRemotePageResponse,
  encodePageInvalidateRequest,
  encodePageInvalidateResponse,
  encodePageRelease,
  encodeRemotePageRequest,
  encodeRemotePageResponse,
} from './page-wire';

/** The VMA list as page-server.ts wrote it by hand before the declarations: count, then each VMA. */
function writeVmas(w: WireWriter, vmas: readonly Vma[]): WireWriter {
  const kinds = ['code', 'data', 'bss', 'heap', 'stack', 'mmap'];
  w.u32(vmas.length);
  for (const v of vmas)
    w.f64(v.start)
      .f64(v.end)
      .u32(v.prot)
      .u8(kinds.indexOf(v.kind))
      .u32(v.id ?? 0)
      .string(v.name);
  return w;
}

const data = new Uint8Array(4096).map((_, i) => i & 0xff);
const vma: Vma = { start: 0x10000, end: 0x30000, prot: 3, kind: 'heap', id: 7, name: '[heap]' };

describe('page-wire', () => {
  it('lays REMOTE_PAGE_REQUEST out as pid, page, write, want the VMA, has a copy', () => {
    const m = { pid: 42, page: 0x3fffff000, write: true, wantVma: false, have: true };
    const bytes = encodeRemotePageRequest(m);
    expect(bytes).toEqual(new WireWriter().u32(42).f64(0x3fffff000).u8(1).u8(0).u8(1).done());
    expect(decodeRemotePageRequest(bytes)).toEqual(m);
  });

  it('answers with status, VMAs and bytes, or an empty short answer, or an errno without bytes', () => {
    const full = encodeRemotePageResponse({ status: 0, vmas: [vma], data });
    expect(full.type).toBe(MSG.REMOTE_PAGE_RESPONSE);
    expect(full.body).toEqual(writeVmas(new WireWriter().i32(0), [vma]).bytes(data).done());
    expect(decodeRemotePageResponse(full.type, full.body)).toEqual({ status: 0, vmas: [vma], data });

    const short = encodeRemotePageResponse({ short: true });
    expect(short).toEqual({ type: MSG.REMOTE_PAGE_RESPONSE_SHORT, body: new Uint8Array(0) });
    expect(decodeRemotePageResponse(short.type, short.body)).toEqual({ short: true });

    const error = encodeRemotePageResponse({ status: -14, vmas: [], data: undefined });
    expect(error.body).toEqual(writeVmas(new WireWriter().i32(-14), []).done());
    expect(decodeRemotePageResponse(error.type, error.body)).toEqual({ status: -14, vmas: [], data: undefined });
  });

  it('lays PAGE_INVALIDATE_REQUEST, its response and PAGE_RELEASE out as before', () => {
    const inv = { pid: 3, page: 0x11000, wantData: true, downgrade: false };
    expect(encodePageInvalidateRequest(inv)).toEqual(new WireWriter().u32(3).f64(0x11000).u8(1).u8(0).done());
    expect(decodePageInvalidateRequest(encodePageInvalidateRequest(inv))).toEqual(inv);
    expect(encodePageInvalidateResponse(data)).toEqual(new WireWriter().bytes(data).done());
    expect(decodePageInvalidateResponse(encodePageInvalidateResponse(new Uint8Array(0)))).toEqual(new Uint8Array(0));
    const rel = { pid: 9, page: 0x12000, data, keep: true };
    expect(encodePageRelease(rel)).toEqual(new WireWriter().u32(9).f64(0x12000).bytes(data).u8(1).done());
    expect(decodePageRelease(encodePageRelease(rel))).toEqual(rel);
  });
});
