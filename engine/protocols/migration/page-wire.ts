// The page-coherency messages as typed records, and their bytes: the only place that encodes or
// decodes them (the page server works on records). Layouts, field by field:
//   REMOTE_PAGE_REQUEST         u32 pid, f64 page, u8 write, u8 want the VMA, u8 requester has a copy
//   REMOTE_PAGE_RESPONSE        i32 status (0 or -errno), VMAs (wire.ts), then the page's bytes when status is 0
//   REMOTE_PAGE_RESPONSE_SHORT  empty: the requester's copy is current, it may use it as asked
//   PAGE_INVALIDATE_REQUEST     u32 pid, f64 page, u8 send the bytes back, u8 downgrade (keep a read-only copy)
//   PAGE_INVALIDATE_RESPONSE    the bytes (empty when not asked for, or not written there)
//   PAGE_RELEASE                u32 pid, f64 page, the bytes (empty: none), u8 keep a read-only copy

import type { Vma } from '../../kernels/mm/address-space';
import { WireReader, WireWriter } from '../messaging/codec';
import { MSG } from '../messaging/message-types';
import { readVmas, writeVmas } from './wire';

export interface RemotePageRequest {
  readonly pid: number;
  readonly page: number;
  readonly write: boolean;
  /** The requester knows no VMA there with the right it needs: the answer carries the origin's. */
  readonly wantVma: boolean;
  /** The requester still maps a copy of the page. */
  readonly have: boolean;
}

/** REMOTE_PAGE_RESPONSE (status, VMAs, bytes) or REMOTE_PAGE_RESPONSE_SHORT (short). */
export type RemotePageResponse =
  | { readonly short: true }
  | { readonly status: number; readonly vmas: readonly Vma[]; readonly data: Uint8Array | undefined };

export interface PageInvalidateRequest {
  readonly pid: number;
  readonly page: number;
  readonly wantData: boolean;
  readonly downgrade: boolean;
}

export interface PageRelease {
  readonly pid: number;
  readonly page: number;
  readonly data: Uint8Array;
  readonly keep: boolean;
}

const flag = (b: boolean) => (b ? 1 : 0);

export function encodeRemotePageRequest(m: RemotePageRequest): Uint8Array {
  return new WireWriter().u32(m.pid).f64(m.page).u8(flag(m.write)).u8(flag(m.wantVma)).u8(flag(m.have)).done();
}

export function decodeRemotePageRequest(body: Uint8Array): RemotePageRequest {
  const r = new WireReader(body);
  return { pid: r.u32(), page: r.f64(), write: r.u8() === 1, wantVma: r.u8() === 1, have: r.u8() === 1 };
}

export function encodeRemotePageResponse(m: RemotePageResponse): { type: number; body: Uint8Array } {
  if ('short' in m) return { type: MSG.REMOTE_PAGE_RESPONSE_SHORT, body: new Uint8Array(0) };
  const w = writeVmas(new WireWriter().i32(m.status), m.vmas);
  if (m.data) w.bytes(m.data);
  return { type: MSG.REMOTE_PAGE_RESPONSE, body: w.done() };
}

export function decodeRemotePageResponse(type: number, body: Uint8Array): RemotePageResponse {
  if (type === MSG.REMOTE_PAGE_RESPONSE_SHORT) return { short: true };
  const r = new WireReader(body);
  const status = r.i32();
  const vmas = readVmas(r);
  return { status, vmas, data: status < 0 ? undefined : r.bytes() };
}

export function encodePageInvalidateRequest(m: PageInvalidateRequest): Uint8Array {
  return new WireWriter().u32(m.pid).f64(m.page).u8(flag(m.wantData)).u8(flag(m.downgrade)).done();
}

export function decodePageInvalidateRequest(body: Uint8Array): PageInvalidateRequest {
  const r = new WireReader(body);
  return { pid: r.u32(), page: r.f64(), wantData: r.u8() === 1, downgrade: r.u8() === 1 };
}

export function encodePageInvalidateResponse(data: Uint8Array): Uint8Array {
  return new WireWriter().bytes(data).done();
}

export function decodePageInvalidateResponse(body: Uint8Array): Uint8Array {
  return new WireReader(body).bytes();
}

export function encodePageRelease(m: PageRelease): Uint8Array {
  return new WireWriter().u32(m.pid).f64(m.page).bytes(m.data).u8(flag(m.keep)).done();
}

export function decodePageRelease(body: Uint8Array): PageRelease {
  const r = new WireReader(body);
  return { pid: r.u32(), page: r.f64(), data: r.bytes(), keep: r.u8() === 1 };
}
