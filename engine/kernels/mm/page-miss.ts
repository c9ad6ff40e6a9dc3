// A page this kernel may not touch yet because another kernel owns it (the page-coherency
// protocol of a process whose threads span kernels). The hart's page fault becomes a fetch;
// a kernel access to user memory (copy_from_user and friends) throws PageMiss, the syscall is
// abandoned before it did anything, and it restarts once the page has arrived. Both go through
// one door, remote-miss.ts.

import type { Access } from './address-space';

export class PageMiss extends Error {
  constructor(
    readonly va: number,
    readonly access: Access,
  ) {
    super(`page ${va.toString(16)} is owned by another kernel`);
  }
}

/**
 * What an address space asks before it maps or touches a page of a process spread over kernels:
 * whether this kernel's copy is current with the rights `access` needs. The migration services
 * implement it (engine/protocols/migration/).
 */
export interface PageCoherence {
  allows(page: number, access: Access): boolean;
  /** No VMA here covers `va`: whether the origin may know one (then it is asked first). */
  unknownVma(va: number): boolean;
}
