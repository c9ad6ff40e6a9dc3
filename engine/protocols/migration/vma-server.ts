// VMAs of distributed processes (Popcorn's VMA server). The origin's VMAs are the truth: a
// remote learns the VMA of an address it does not know with the page it fetches there (the
// page server's answer carries it), and mmap, munmap, mprotect, brk, mremap and madvise of a
// migrated thread run at the origin (VMA_OP_REQUEST, forwarding.ts).
//
// When such a call at the origin takes memory or rights away, every remote kernel of the
// process must stop using them before the call returns: VMA_UNMAP{pid, the new VMAs} goes to
// each, which drops the pages whose mapping went (or was replaced), sends home the bytes of
// pages that may no longer be written (PAGE_RELEASE), takes the new VMAs, and answers
// VMA_UNMAP_ACK; the caller sleeps until every answer is in.

import { PAGE_SIZE } from '../../hw/memory-map';
import { ENOSYS } from '../../kernels/errno';
import { PROT_WRITE, type Vma } from '../../kernels/mm/address-space';
import type { Thread } from '../../kernels/proc/task';
import type { SyscallOutcome } from '../../kernels/syscalls/outcome';
import { VMA_SERVER_IF } from '../interfaces/vma-server';
import { MSG } from '../messaging/message-types';
import type { Delivered } from '../messaging/messenger';
import type { Distribution, OriginState } from './distribution';
import type { PageServer } from './page-server';

export class VmaServer {
  constructor(
    private readonly d: Distribution,
    private readonly pages: PageServer,
  ) {
    d.messenger.on(MSG.VMA_UNMAP, (m) => {
      this.serveUnmap(m);
    });
  }

  /** Runs an mm syscall at the origin and, if it took anything away, tells the remotes first. */
  run(st: OriginState, t: Thread, nr: number): SyscallOutcome {
    const before = st.p.mm.vmas.map((v) => ({ ...v }));
    const result = this.d.k.syscalls.row(nr)?.handler?.(this.d.k, t);
    if (typeof result !== 'number') return result ?? -ENOSYS;
    const after = st.p.mm.vmas;
    const { gone, readOnly } = lostRanges(before, after);
    if (gone.length === 0 && readOnly.length === 0) return result;
    for (const [start, end] of gone) this.pages.forget(st, start, end);
    const remotes = [...st.remotes].filter((k) => !this.d.messenger.peerDead(k));
    if (remotes.length === 0) return result;
    let left = remotes.length;
    const sleep = { interruptible: false };
    const shared = this.pages.shm.bindings(after);
    const body = VMA_SERVER_IF.VMA_UNMAP.encode({ pid: st.p.pid, vmas: [...after], shared });
    for (const k of remotes) {
      this.d.ask(k, MSG.VMA_UNMAP, body, () => {
        if (--left === 0 && t.sleep === sleep) this.d.k.wake(t, result);
      });
    }
    if (left === 0) return result;
    return this.d.k.block(t, sleep);
  }

  private serveUnmap(m: Delivered): void {
    const { pid, vmas, shared } = VMA_SERVER_IF.VMA_UNMAP.decode(m.body);
    const ctx = this.d.contexts.get(pid);
    if (ctx) {
      const mm = ctx.p.mm;
      const held: number[] = [];
      mm.pageTable.forEachPage((va) => held.push(va));
      for (const page of held) {
        const old = mm.findVma(page);
        const now = vmas.find((v) => page >= v.start && page < v.end);
        if (!now || now.id !== old?.id) mm.dropPage(page);
        else if ((now.prot & PROT_WRITE) === 0 && mm.holds(page).writable && !old?.shared)
          this.pages.release(ctx, page);
      }
      this.pages.remote.bind(ctx, vmas, shared);
      mm.adoptVmas(vmas);
      ctx.absent.clear();
    }
    this.d.messenger.reply(m, MSG.VMA_UNMAP_ACK, VMA_SERVER_IF.VMA_UNMAP_ACK.encode({}), this.d.k.now);
  }
}

/**
 * What a change of VMAs took away: ranges no longer mapped by the same mapping (unmapped or
 * replaced), and ranges that could be written and no longer can.
 */
export function lostRanges(
  before: readonly Vma[],
  after: readonly Vma[],
): { gone: Array<[number, number]>; readOnly: Array<[number, number]> } {
  const gone: Array<[number, number]> = [];
  const readOnly: Array<[number, number]> = [];
  const add = (list: Array<[number, number]>, start: number, end: number) => {
    const last = list[list.length - 1];
    if (last && last[1] === start) last[1] = end;
    else list.push([start, end]);
  };
  for (const old of before) {
    for (let page = old.start; page < old.end; page += PAGE_SIZE) {
      const now = after.find((v) => page >= v.start && page < v.end);
      if (!now || now.id !== old.id) add(gone, page, page + PAGE_SIZE);
      else if (old.prot & PROT_WRITE && !(now.prot & PROT_WRITE)) add(readOnly, page, page + PAGE_SIZE);
    }
  }
  return { gone, readOnly };
}
