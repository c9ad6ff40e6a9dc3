// A page this kernel may not touch yet because another kernel owns it (the page-coherency
// protocol of a process whose threads span kernels). The hart's page fault becomes a fetch;
// a kernel access to user memory (copy_from_user and friends) throws PageMiss, the syscall is
// abandoned before it did anything, and it restarts once the page has arrived. Both go through
// one door, remote-miss.ts. Kernel work on a shared object's page that no address names (a
// read, write or truncate of a file whose page cache another kernel holds pages of) throws
// SharedMiss instead, and goes through the same door.

import type { Access } from './address-space';
import type { SharedMemory } from './shared-memory';

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

/**
 * Page `index` of shared object `mem` (a file's page cache) is held by another kernel with
 * rights this kernel's work needs (`access`): the work is abandoned before it did anything and
 * runs again once the page is back (fs/page-cache.ts's claim throws it).
 */
export class SharedMiss extends Error {
  constructor(
    readonly mem: SharedMemory,
    readonly index: number,
    readonly access: Access,
  ) {
    super(`page ${index} of shared object ${mem.id} is held by another kernel`);
  }
}
