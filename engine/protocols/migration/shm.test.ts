// The shared-object page protocol (shm-home.ts, shm-replica.ts), transition by transition, on a
// simulated world of three kernels (testing/shm-world.ts): kernel 0 is the object's home and
// maps it in a process, kernels 1 and 2 map it as processes that moved there. The transition
// function is page-machine.ts's, tested on its own in page-machine.test.ts; these tests check
// what the shared-memory side carries out: the rights of the home's mappings, the replicas'
// copies, the messages, and the page-ownership invariants after every step.

import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../hw/memory-map';
import type { Thread } from '../../kernels/proc/task';
import { AT, ShmWorld } from './testing/shm-world';

/** A world where kernel 0 wrote 7 into page 0 and kernels 1 and 2 map the object. */
function world(): ShmWorld {
  const w = new ShmWorld();
  w.write(0, 0, 7);
  w.mapAt(1);
  w.mapAt(2);
  return w;
}

const homeWrites = (w: ShmWorld) => w.space(0).holds(0x40000).writable;

describe('shared objects across kernels', () => {
  it('export: the object gets a name and its home may still read and write it all, without a message', () => {
    const w = world();
    expect(w.mem.key).toEqual({ home: 0, id: 1 });
    expect(w.service(0).home.objects.get(1)?.mem).toBe(w.mem);
    expect(w.touch(0, w.thread(0), 0, 'write')).toBe(true);
    expect(w.touch(0, w.thread(0), 1, 'write')).toBe(true);
    expect(w.queue).toEqual([]);
    // the replica on kernel 1 is an empty copy with the home's name
    const r = w.service(1).replicas.get(0, 1);
    expect(r?.mem.resident).toBe(0);
    expect(w.space(1).findVma(0x40000)?.shared?.mem).toBe(r?.mem);
  });

  it("a replica's read: the home makes its own copy read-only and sends the bytes", () => {
    const w = world();
    const t = w.thread(1);
    expect(w.touch(1, t, 0, 'read')).toBe(false);
    expect(t.parked).toBe(true);
    expect(w.inFlight()).toEqual(['SHM_PAGE_REQUEST 1>0']);
    expect(w.deliver()).toBe('SHM_PAGE_REQUEST 1>0');
    expect(homeWrites(w)).toBe(false); // downgraded
    expect(w.service(0).home.objects.get(1)?.dir.get(0)?.holders).toEqual(new Set([0, 1]));
    expect(w.deliver()).toBe('SHM_PAGE_RESPONSE 0>1');
    expect(t).toMatchObject({ parked: false, woken: 1 });
    expect(w.read(1, 0)).toBe(7);
    expect(w.space(1).holds(0x40000)).toEqual({ present: true, writable: false });
    expect(w.touch(0, w.thread(0), 0, 'read')).toBe(true); // the home still reads without asking
    expect(w.errors).toEqual([]);
  });

  it("a replica's write with a current copy: the home drops its own and grants it without data", () => {
    const w = world();
    w.touch(1, w.thread(1), 0, 'read');
    w.settle();
    w.epoch();
    const t = w.thread(1);
    expect(w.touch(1, t, 0, 'write')).toBe(false);
    expect(w.settle()).toEqual(['SHM_PAGE_REQUEST 1>0', 'SHM_PAGE_RESPONSE_SHORT 0>1']);
    expect(w.mem.peek(0)).toBeUndefined(); // the home's frame went, and its mapping
    expect(w.space(0).holds(0x40000).present).toBe(false);
    w.write(1, 0, 9);
    expect(w.service(0).home.objects.get(1)?.dir.get(0)).toMatchObject({ writer: 1, holders: new Set([1]) });
    expect(w.errors).toEqual([]);
  });

  it("the home's read of a page a replica writes: the writer's bytes come home, both keep a read-only copy", () => {
    const w = world();
    w.touch(1, w.thread(1), 0, 'write');
    w.settle();
    w.write(1, 0, 42);
    w.epoch();
    const t = w.thread(0);
    expect(w.touch(0, t, 0, 'read')).toBe(false);
    expect(t.parked).toBe(true);
    expect(w.settle()).toEqual(['SHM_INVALIDATE_REQUEST 0>1', 'SHM_INVALIDATE_RESPONSE 1>0']);
    expect(t.parked).toBe(false);
    expect(w.read(0, 0)).toBe(42);
    expect(w.space(1).holds(0x40000)).toEqual({ present: true, writable: false });
    expect(w.service(1).replicas.get(0, 1)?.writable.has(0)).toBe(false);
    expect(w.errors).toEqual([]);
  });

  it('an invalidation reaching a replica in the epoch its page arrived waits for the next epoch', () => {
    const w = world();
    w.touch(1, w.thread(1), 0, 'write');
    w.settle();
    w.write(1, 0, 3); // the woken thread writes in the epoch its page came
    w.touch(0, w.thread(0), 0, 'read'); // the home's request goes out at once
    expect(w.settle()).toEqual(['SHM_INVALIDATE_REQUEST 0>1']); // held at kernel 1, not answered
    expect(w.space(1).holds(0x40000).writable).toBe(true);
    w.epoch();
    expect(w.settle()).toEqual(['SHM_INVALIDATE_RESPONSE 1>0']);
    expect(w.space(1).holds(0x40000).writable).toBe(false);
    expect(w.read(0, 0)).toBe(3);
    expect(w.errors).toEqual([]);
  });

  it("a third kernel's write invalidates every other copy, the home's last", () => {
    const w = world();
    w.touch(1, w.thread(1), 0, 'read');
    w.touch(2, w.thread(2), 0, 'read');
    w.settle();
    w.epoch();
    expect(w.touch(2, w.thread(2), 0, 'write')).toBe(false);
    expect(w.settle()).toEqual([
      'SHM_PAGE_REQUEST 2>0',
      'SHM_INVALIDATE_REQUEST 0>1',
      'SHM_INVALIDATE_RESPONSE 1>0',
      'SHM_PAGE_RESPONSE_SHORT 0>2',
    ]);
    expect(w.space(1).holds(0x40000).present).toBe(false);
    expect(w.mem.peek(0)).toBeUndefined();
    w.write(2, 0, 5);
    expect(w.errors).toEqual([]);
  });

  it('a replica no process maps any more sends its written pages home; the home may write them again', () => {
    const w = world();
    w.touch(1, w.thread(1), 0, 'write');
    w.settle();
    w.write(1, 0, 77);
    w.space(1).munmap(0x40000, 2 * PAGE_SIZE); // its last mapping
    expect(w.service(1).replicas.get(0, 1)).toBeUndefined();
    expect(w.settle()).toEqual(['SHM_RELEASE 1>0']);
    expect(w.read(0, 0)).toBe(77);
    expect(w.service(0).home.objects.get(1)?.dir.get(0)).toBeUndefined(); // the home's alone again
    expect(homeWrites(w)).toBe(true); // its own to write again, without a message
    expect(w.touch(0, w.thread(0), 1, 'write')).toBe(true);
    expect(w.queue).toEqual([]);
    expect(w.errors).toEqual([]);
  });

  it('the object leaves the protocol with its last mapping at home; a request then finds it gone', () => {
    const w = world();
    w.space(0).munmap(0x40000, 2 * PAGE_SIZE);
    expect(w.service(0).home.objects.size).toBe(0);
    w.touch(1, w.thread(1), 0, 'read');
    expect(w.deliver()).toBe('SHM_PAGE_REQUEST 1>0');
    expect(w.deliver()).toBe('SHM_PAGE_RESPONSE 0>1'); // status -EFAULT
    expect(w.service(1).replicas.get(0, 1)?.lost.has(0)).toBe(true); // the retry is SIGBUS
  });

  it('a kernel that dies with the only copy of a page leaves it lost (SIGBUS), not zeros', () => {
    const w = world();
    w.touch(1, w.thread(1), 0, 'write');
    w.settle();
    w.write(1, 0, 8);
    w.kill(1);
    w.epoch();
    const o = w.service(0).home.objects.get(1);
    expect(o?.lost.has(0)).toBe(true);
    expect(o?.dir.get(0)).toBeUndefined();
    expect(w.mem.coherence?.allows(0, 'read')).toBe(false);
    expect(w.mem.coherence?.allows(1, 'write')).toBe(true); // the other page is whole
    w.touch(2, w.thread(2), 0, 'read');
    expect(w.settle()).toEqual(['SHM_PAGE_REQUEST 2>0', 'SHM_PAGE_RESPONSE 0>2']);
    expect(w.service(2).replicas.get(0, 1)?.lost.has(0)).toBe(true);
    expect(w.errors).toEqual([]);
  });

  it('a writer that dies while its bytes are asked home: the page is lost, the waiting thread woken to fail', () => {
    const w = world();
    w.touch(1, w.thread(1), 0, 'write');
    w.settle();
    w.epoch();
    const t = w.thread(0);
    w.touch(0, t, 0, 'read');
    expect(w.inFlight()).toEqual(['SHM_INVALIDATE_REQUEST 0>1']);
    w.kill(1);
    expect(t).toMatchObject({ parked: false, woken: 1 });
    expect(w.service(0).home.objects.get(1)?.lost.has(0)).toBe(true);
    expect(w.mem.peek(0)).toBeUndefined(); // no page of zeros made in its place
  });

  it('a reader that dies: the home forgets its copy and may write the page again', () => {
    const w = world();
    w.touch(1, w.thread(1), 0, 'read');
    w.settle();
    expect(w.mem.coherence?.allows(0, 'write')).toBe(false);
    w.kill(1);
    w.epoch();
    expect(w.mem.coherence?.allows(0, 'write')).toBe(true);
    expect(homeWrites(w)).toBe(true);
    expect(w.errors).toEqual([]);
  });
});

describe("a file's page cache as a shared object (the filesystem home's side)", () => {
  it("claim: the home's read of a page a replica writes brings the writer's bytes home first", () => {
    // what read() at the home does (kernels/fs/page-cache.ts claim, then SharedMiss)
    const w = world();
    w.touch(1, w.thread(1), 0, 'write');
    w.settle();
    w.write(1, 0, 42);
    w.epoch();
    expect(w.mem.coherence?.allows(0, 'read')).toBe(false);
    const t = w.thread(0);
    w.service(0).claim(t as unknown as Thread, w.mem, 0, 'read');
    expect(t.parked).toBe(true);
    expect(w.settle()).toEqual(['SHM_INVALIDATE_REQUEST 0>1', 'SHM_INVALIDATE_RESPONSE 1>0']);
    expect(t).toMatchObject({ parked: false, woken: 1 });
    expect(w.mem.coherence?.allows(0, 'read')).toBe(true);
    expect(w.read(0, 0)).toBe(42);
    expect(w.errors).toEqual([]);
  });

  it('claim for a write or a truncate: every other copy goes, the home is the only holder', () => {
    const w = world();
    w.touch(1, w.thread(1), 0, 'read');
    w.touch(2, w.thread(2), 0, 'read');
    w.settle();
    w.epoch();
    expect(w.mem.coherence?.allows(0, 'write')).toBe(false);
    const t = w.thread(0);
    w.service(0).claim(t as unknown as Thread, w.mem, 0, 'write');
    w.settle();
    expect(t.woken).toBe(1);
    expect(w.mem.coherence?.allows(0, 'write')).toBe(true);
    expect(w.service(1).replicas.get(0, 1)?.mem.peek(0)).toBeUndefined();
    expect(w.service(2).replicas.get(0, 1)?.mem.peek(0)).toBeUndefined();
    expect(w.errors).toEqual([]);
  });

  it('a page lost with a kernel is, for a syscall at home, the bytes the home last had (never a hang)', () => {
    const w = world();
    w.touch(1, w.thread(1), 0, 'write');
    w.settle();
    w.kill(1);
    w.epoch();
    expect(w.mem.coherence?.allows(0, 'read')).toBe(false);
    const t = w.thread(0);
    w.service(0).claim(t as unknown as Thread, w.mem, 0, 'read');
    expect(t).toMatchObject({ parked: false, woken: 1 }); // it runs its call again at once
    expect(w.mem.coherence?.allows(0, 'write')).toBe(true);
  });

  it('another kernel mapping it through the filesystem keeps it alive until it gives its grants back', () => {
    const w = world();
    const home = w.service(0).home;
    expect(home.mapRemote(w.mem, 2)).toEqual({ home: 0, id: 1 });
    home.mapRemote(w.mem, 2); // a second mmap there, granted before the first was given back
    w.space(0).munmap(AT, 2 * PAGE_SIZE); // no process at home maps it any more
    expect(home.objects.get(1)?.remoteMaps.get(2)?.grants).toBe(2);
    w.service(2).replicas.giveBack(0, 1);
    expect(w.settle()).toEqual(['SHM_UNMAP 2>0']);
    expect(home.objects.size).toBe(1); // one grant is still held
    w.service(2).replicas.giveBack(0, 1);
    w.settle();
    expect(home.objects.size).toBe(0);
  });

  it("the home's last mapping goes while another kernel holds a written page: the object waits for its bytes", () => {
    // a file's page written elsewhere is the file's: its bytes must reach the home's frame before
    // the cache lets go of it (and copies its frames into the file)
    const w = world();
    w.touch(1, w.thread(1), 0, 'write');
    w.settle();
    w.write(1, 0, 99);
    w.space(0).munmap(AT, 2 * PAGE_SIZE);
    const home = w.service(0).home;
    expect(home.objects.size).toBe(1); // draining: still served
    w.space(1).munmap(AT, 2 * PAGE_SIZE); // kernel 1's last mapping: its copy goes home
    let sawBytes = -1;
    const rule = w.mem.coherence as NonNullable<typeof w.mem.coherence>;
    w.mem.coherence = {
      allows: (index, access) => rule.allows(index, access),
      idle: (m) => {
        const pa = m.peek(0);
        sawBytes = pa === undefined ? -1 : (m.bytesOf(pa)[0] ?? -1);
        return rule.idle?.(m) ?? true;
      },
    };
    expect(w.settle()).toEqual(['SHM_RELEASE 1>0']);
    expect(sawBytes).toBe(99); // the bytes were home when the object let go
    expect(home.objects.size).toBe(0);
    expect(w.mem.resident).toBe(0);
  });

  it('a kernel that dies holding a grant lets go of it', () => {
    const w = world();
    const home = w.service(0).home;
    home.mapRemote(w.mem, 2);
    w.space(0).munmap(AT, 2 * PAGE_SIZE);
    expect(home.objects.size).toBe(1);
    w.kill(2);
    w.epoch();
    expect(home.objects.size).toBe(0);
  });
});
