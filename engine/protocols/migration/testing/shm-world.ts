// A small simulated world for the shared-object page protocol's unit tests (shm.test.ts): three
// kernels over one physical memory, each with its own frames and its SharedPages service (the
// real ShmHome and ShmReplicas) on a stand-in for the kernel and the messenger. Kernel 0 makes
// an anonymous MAP_SHARED object and maps it in a process; kernels 1 and 2 map it as a process
// that moved there would. Messages wait in one queue until the test delivers them, one at a
// time, and the page-ownership invariants are checked after every protocol step.

import { expect } from 'vitest';
import { PAGE_SIZE } from '../../../hw/memory-map';
import { createPhysicalMemory } from '../../../hw/physical-memory';
import { AddressSpace, PROT_READ, PROT_WRITE, type Access } from '../../../kernels/mm/address-space';
import { FrameAllocator } from '../../../kernels/mm/frame-allocator';
import { PageMiss } from '../../../kernels/mm/page-miss';
import { SharedMemory } from '../../../kernels/mm/shared-memory';
import type { Thread } from '../../../kernels/proc/task';
import { NO_FAULTS } from '../../faults';
import { messageTypeName } from '../../messaging/message-types';
import type { Delivered, Handler } from '../../messaging/messenger';
import type { Distribution } from '../distribution';
import type { MigrationService } from '../migration-service';
import { SharedPages } from '../shm-service';
import { checkSharedInvariants } from '../shm-invariants';

export const AT = 0x40000;
const KERNELS = 3;
const FRAMES = 64;

interface InFlight {
  readonly to: number;
  readonly m: Delivered;
  readonly onReply?: (m: Delivered | undefined) => void;
}

/** A thread as far as the protocol sees one: parked until its page comes. */
export interface FakeThread {
  readonly kernel: number;
  parked: boolean;
  woken: number;
  /** What page-arrival.ts asks: a thread here that could run, and the CPU time it has run. */
  readonly alive: true;
  readonly away: -1;
  readonly state: 'runnable';
  cpuTime: number;
}

export class ShmWorld {
  readonly queue: InFlight[] = [];
  /** Kernels that died: what was sent to them is lost, and a request to them answered "no answer". */
  readonly dead = new Set<number>();
  readonly services: SharedPages[] = [];
  readonly spaces: AddressSpace[] = [];
  readonly errors: string[] = [];
  readonly mem: SharedMemory;
  now = 1000;
  private seq = 0;

  constructor() {
    const { memory } = createPhysicalMemory(KERNELS * FRAMES * PAGE_SIZE + (1 << 20), 1);
    for (let k = 0; k < KERNELS; k++) {
      const frames = new FrameAllocator(memory, (1 << 20) + k * FRAMES * PAGE_SIZE, FRAMES * PAGE_SIZE);
      const handlers = new Map<number, Handler>();
      const clock = () => this.now;
      const kernel = {
        id: k,
        frames,
        memory,
        get now() {
          return clock();
        },
        trace() {},
        printk() {},
        printkConsole() {},
        timeOf: clock,
        wake(t: FakeThread) {
          t.parked = false;
          t.woken++;
        },
      };
      const d = {
        k: kernel,
        faults: NO_FAULTS,
        stats: {
          remoteFaults: 0,
          remoteReads: 0,
          remoteReadNs: 0,
          remoteWrites: 0,
          remoteWriteNs: 0,
          invalidations: 0,
          pagesSent: 0,
          grantsWithoutData: 0,
        },
        park: (t: FakeThread) => {
          t.parked = true;
        },
        ask: (to: number, type: number, body: Uint8Array, onReply: (m: Delivered | undefined) => void) => {
          if (this.dead.has(to))
            onReply(undefined); // a dead kernel never leaves a requester waiting
          else this.post(k, to, type, body, 0, onReply);
        },
        messenger: {
          kernels: KERNELS,
          peerDead: (n: number) => this.dead.has(n),
          on: (type: number, h: Handler) => {
            handlers.set(type, h);
          },
          send: (to: number, type: number, body: Uint8Array) => {
            this.post(k, to, type, body, 0);
          },
          reply: (m: Delivered, type: number, body: Uint8Array) => {
            this.post(k, m.from, type, body, m.station);
          },
        },
      };
      this.handlers.push(handlers);
      const wake = (waiters: readonly Thread[]) => {
        for (const t of waiters as unknown as FakeThread[]) {
          t.parked = false;
          t.woken++;
        }
      };
      const stepped = (what: string) => {
        this.check(what);
      };
      this.services.push(new SharedPages(d as unknown as Distribution, wake, stepped));
      this.spaces.push(AddressSpace.create(frames, memory, FRAMES) as AddressSpace);
    }
    this.mem = new SharedMemory(this.space(0).frames, memory);
    expect(
      this.space(0).mmap(AT, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, true, 'mmap', 'shm', undefined, {
        mem: this.mem,
        offset: 0,
      }),
    ).toBe(AT);
  }

  private readonly handlers: Array<Map<number, Handler>> = [];
  private readonly waiting = new Map<number, (m: Delivered | undefined) => void>();

  space(k: number): AddressSpace {
    return this.spaces[k] as AddressSpace;
  }

  service(k: number): SharedPages {
    return this.services[k] as SharedPages;
  }

  /** Kernel `k` maps the object as a process that moved there does: by the name kernel 0 gave it. */
  mapAt(k: number): void {
    const bindings = this.service(0).bindings(this.space(0).vmas);
    const vmas = this.space(0).vmas.map((v) => ({
      start: v.start,
      end: v.end,
      prot: v.prot,
      kind: v.kind,
      name: v.name,
      id: v.id,
    }));
    this.service(k).bind(vmas, new Map(), bindings);
    this.space(k).adoptVmas(vmas);
  }

  private post(
    from: number,
    to: number,
    type: number,
    body: Uint8Array,
    station: number,
    onReply?: InFlight['onReply'],
  ) {
    const seq = ++this.seq;
    const m: Delivered = {
      from,
      type,
      seq,
      sentAt: this.now,
      deliverAt: this.now,
      station: onReply ? seq : station,
      body,
    };
    if (onReply) this.waiting.set(seq, onReply);
    this.queue.push({ to, m });
  }

  /** The names of the messages in flight, in order. */
  inFlight(): string[] {
    return this.queue.map((q) => `${messageTypeName(q.m.type)} ${q.m.from}>${q.to}`);
  }

  /** Delivers the next message; returns its name. */
  deliver(): string {
    const next = this.queue.shift();
    if (!next) throw new Error('no message in flight');
    const reply = next.m.station ? this.waiting.get(next.m.station) : undefined;
    if (reply && !this.handlers[next.to]?.has(next.m.type)) {
      this.waiting.delete(next.m.station);
      reply(next.m);
    } else this.handlers[next.to]?.get(next.m.type)?.(next.m);
    return `${messageTypeName(next.m.type)} ${next.m.from}>${next.to}`;
  }

  /** Delivers everything, with what it causes; returns the names in order. */
  settle(): string[] {
    const names: string[] = [];
    while (this.queue.length > 0) names.push(this.deliver());
    return names;
  }

  /** Kernel `k` dies: messages to it are lost, the requests among them answered "no answer". */
  kill(k: number): void {
    this.dead.add(k);
    for (const q of this.queue.filter((x) => x.to === k)) {
      this.queue.splice(this.queue.indexOf(q), 1);
      const answer = this.waiting.get(q.m.station);
      if (answer && q.m.seq === q.m.station) {
        this.waiting.delete(q.m.station);
        answer(undefined);
      }
    }
  }

  /** The next epoch: held work is offered again. */
  epoch(): void {
    this.now += 100_000;
    for (const s of this.services) s.onEpoch();
  }

  /** Kernel `k` touches the object's page `index` as its thread `t` would: true when it could. */
  touch(k: number, t: FakeThread, index: number, access: Access): boolean {
    const va = AT + index * PAGE_SIZE;
    try {
      const mm = this.space(k);
      if (mm.hostAddress(va, access) === undefined) throw new Error(`kernel ${k}: no access at ${va.toString(16)}`);
      return true;
    } catch (e) {
      if (!(e instanceof PageMiss)) throw e;
      const vma = this.space(k).findVma(va);
      if (!vma) throw new Error('no VMA');
      this.service(k).miss(t as unknown as Thread, va, access, vma);
      this.check(`k${k} ${access} miss ${index}`);
      return false;
    }
  }

  /** Writes byte `v` at the start of page `index` on kernel `k` (the access must be allowed). */
  write(k: number, index: number, v: number): void {
    const host = this.space(k).hostAddress(AT + index * PAGE_SIZE, 'write') as number;
    new Uint8Array(this.mem.memory.buffer)[host] = v;
  }

  read(k: number, index: number): number {
    const host = this.space(k).hostAddress(AT + index * PAGE_SIZE, 'read') as number;
    return new Uint8Array(this.mem.memory.buffer)[host] as number;
  }

  thread(kernel: number): FakeThread {
    return { kernel, parked: false, woken: 0, alive: true, away: -1, state: 'runnable', cpuTime: 0 };
  }

  private check(what: string): void {
    const view = this.services
      .map((s, i) => ({ dist: { k: { id: i } }, pages: { shm: s } }))
      .filter((v) => !this.dead.has(v.dist.k.id)); // what died with a kernel is no copy
    for (const e of checkSharedInvariants(view as unknown as MigrationService[]))
      this.errors.push(`after ${what}: ${e}`);
  }
}
