// The page-coherency messages as typed records, and their bytes: the only place the page server
// and its remote side turn one into the other (they work on records). The layouts are declared
// once, with the page server's interface (protocols/interfaces/pages.ts); this file gives the
// records the shapes the state machine uses (one response type with its SHORT variant, an
// invalidate response as its bytes).

import type { Vma } from '../../kernels/mm/address-space';
import { PAGES_IF } from '../interfaces/pages';
import { MSG } from '../messaging/message-types';

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

export function encodeRemotePageRequest(m: RemotePageRequest): Uint8Array {
  return PAGES_IF.REMOTE_PAGE_REQUEST.encode(m);
}

export function decodeRemotePageRequest(body: Uint8Array): RemotePageRequest {
  return PAGES_IF.REMOTE_PAGE_REQUEST.decode(body);
}

export function encodeRemotePageResponse(m: RemotePageResponse): { type: number; body: Uint8Array } {
  if ('short' in m)
    return { type: MSG.REMOTE_PAGE_RESPONSE_SHORT, body: PAGES_IF.REMOTE_PAGE_RESPONSE_SHORT.encode({}) };
  const body = PAGES_IF.REMOTE_PAGE_RESPONSE.encode({ status: m.status, vmas: [...m.vmas], data: m.data });
  return { type: MSG.REMOTE_PAGE_RESPONSE, body };
}

export function decodeRemotePageResponse(type: number, body: Uint8Array): RemotePageResponse {
  if (type === MSG.REMOTE_PAGE_RESPONSE_SHORT) return { short: true };
  const { status, vmas, data } = PAGES_IF.REMOTE_PAGE_RESPONSE.decode(body);
  return { status, vmas, data: status < 0 ? undefined : data };
}

export function encodePageInvalidateRequest(m: PageInvalidateRequest): Uint8Array {
  return PAGES_IF.PAGE_INVALIDATE_REQUEST.encode(m);
}

export function decodePageInvalidateRequest(body: Uint8Array): PageInvalidateRequest {
  return PAGES_IF.PAGE_INVALIDATE_REQUEST.decode(body);
}

export function encodePageInvalidateResponse(data: Uint8Array): Uint8Array {
  return PAGES_IF.PAGE_INVALIDATE_RESPONSE.encode({ data });
}

export function decodePageInvalidateResponse(body: Uint8Array): Uint8Array {
  return PAGES_IF.PAGE_INVALIDATE_RESPONSE.decode(body).data;
}

export function encodePageRelease(m: PageRelease): Uint8Array {
  return PAGES_IF.PAGE_RELEASE.encode(m);
}

export function decodePageRelease(body: Uint8Array): PageRelease {
  return PAGES_IF.PAGE_RELEASE.decode(body);
}
