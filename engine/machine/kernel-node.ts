// One kernel of a replicated-kernel machine, with its end of the messaging layer and its
// services, as it runs in its worker (or with the others in one thread). It advances in
// epochs (one synchronisation quantum each, quantum.ts): runEpoch(end) runs ticks until the
// kernel's clock reaches the epoch's end, polling its ring and delivering what is due before
// every tick.

import type { HartExports } from '../hw/hart-module';
import { Kernel, type RootFiles } from '../kernels/kernel';
import { EV } from '../kernels/trace';
import { NO_HART } from '../kernels/trace-format';
import { pidBaseOf, pidStrideOf } from '../kernels/pid-space';
import { kernelDistance } from '../kernels/topology';
import { Messenger } from '../protocols/messaging/messenger';
import { messageTypeName } from '../protocols/messaging/message-types';
import { Ring } from '../protocols/messaging/ring';
import { startServices, type Services } from '../protocols/services';
import type { ProtocolFaults } from '../protocols/faults';
import { bootTopology, type MachineSpec } from './machine-spec';
import { ringAddress } from './machine-layout';
import { KernelStates } from './kernel-states';
import { MessagePids } from './message-pids';
import { Doorbells } from '../protocols/messaging/doorbell';
import { linkLatencyNs } from '../protocols/messaging/latency';
import { epochNsOf, SLICE_NS } from './quantum';

export interface KernelNodeOptions {
  spec: MachineSpec;
  index: number;
  ringSlots: number;
  files: RootFiles;
  seed: number;
  keepTrace?: boolean;
  /** Virtual time the kernel boots at (its clock starts there, not at 0). */
  bootAt?: number;
  /** Called while a receiver's ring is full. */
  waitForRoom: (ring: Ring) => void;
  /** Protocol steps the scenario asked to skip (engine/protocols/faults.ts). */
  faults?: ProtocolFaults;
  /** The epoch it boots again at, after a stop (its peers see it alive from the next). */
  bootsAgainAt?: number;
  /** The instance that ran in the partition before it stopped: its trace hash and log carry on. */
  previous?: KernelNode;
}

/** Keeps the messages a kernel sends and is delivered, as they go (with their send and delivery times). */
export interface MessageKeeper {
  record(
    from: number,
    to: number,
    seq: number,
    type: number,
    body: Uint8Array,
    sentAt: number,
    deliverAt: number,
  ): void;
}

export class KernelNode {
  readonly kernel: Kernel;
  readonly messenger: Messenger;
  readonly services: Services;
  /** Where the bodies of its messages are kept for the page's views (the browser's workers set it). */
  recent: MessageKeeper | undefined;
  /**
   * Whether the kernel stops inside a time slice to deliver a message at its modelled arrival:
   * with a quantum shorter than the slice. At the default (one slice) it runs whole slices and
   * delivers at slice starts, as every run recorded before the quantum existed did.
   */
  private readonly stopsForMessages: boolean;
  /** The machine's epoch (its synchronisation quantum) in virtual ns. */
  private readonly epochNs: number;
  /**
   * The epoch being run, set by the machine before it runs one: whether a peer is dead is
   * asked of that epoch (kernel-states.ts), so every worker layout gets the same answer.
   */
  epoch = 0;

  constructor(memory: WebAssembly.Memory, wasm: HartExports, o: KernelNodeOptions) {
    const { spec, index } = o;
    const kspec = spec.kernels[index];
    if (!kspec) throw new RangeError(`no kernel ${index} in the partition`);
    const topology = bootTopology(spec);
    this.kernel = new Kernel(memory, wasm, {
      id: index,
      harts: kspec.harts,
      memory: kspec.memory,
      tty: index,
      pidBase: pidBaseOf(index),
      pidStride: pidStrideOf(spec.kernels.length),
      seed: o.seed * 1000 + index + 1,
      files: o.files,
      keepTrace: o.keepTrace ?? false,
      topology,
      previous: o.previous?.kernel,
    });
    this.kernel.now = o.bootAt ?? 0;
    const states = new KernelStates(memory);
    const doorbells = new Doorbells(memory);
    if (o.bootsAgainAt === undefined) states.markUp(index);
    else states.bootAgainAt(index, o.bootsAgainAt);
    const rings = spec.kernels.map((_, k) => new Ring(memory, ringAddress(spec, o.ringSlots, k), o.ringSlots));
    const kernel = this.kernel;
    const pids = new MessagePids();
    const epochNs = epochNsOf(spec);
    this.epochNs = epochNs;
    this.stopsForMessages = epochNs < SLICE_NS;
    this.messenger = new Messenger({
      self: index,
      rings,
      latency: (to, bytes) => linkLatencyNs(kernelDistance(topology, index, to), bytes),
      epochNs,
      waitForRoom: o.waitForRoom,
      peerDead: (k) => states.deadIn(k, this.epoch),
      // a first boot takes what was sent before it (kernel 0's NODE_INFO); one again does not
      bornAt: o.bootsAgainAt === undefined ? undefined : this.kernel.now,
      ringDoorbell: (k) => doorbells.ring(k),
      observe: (event, m, to) => {
        const send = event === 'send';
        this.recent?.record(m.from, to, m.seq, m.type, m.body, m.sentAt, m.deliverAt);
        kernel.tracer.emit({
          time: send ? m.sentAt : m.deliverAt,
          kind: send ? EV.MSG_SEND : EV.MSG_DELIVER,
          hart: NO_HART,
          pid: pids.of(m, send ? to : m.from),
          tid: m.seq,
          a: m.type,
          b: send ? to : m.from,
          c: send ? m.deliverAt : m.sentAt,
        });
      },
    });
    this.services = startServices(this.kernel, this.messenger, rings[index], o.faults);
  }

  /**
   * A person holds message `seq` from kernel `from`, in flight to this kernel, back by `epochs`
   * epochs at virtual time `now` (an epoch start): traced (MSG_DELAY) and logged. Its new
   * delivery time, or undefined (logged) when no such message is in flight.
   */
  delayMessage(from: number, seq: number, epochs: number, now: number): number | undefined {
    const held = this.messenger.hold(from, seq, epochs, now);
    const what = `message ${seq} from kernel ${from}`;
    if (!held) {
      this.kernel.printk(`explore: ${what} is not in flight: not delayed`);
      return undefined;
    }
    this.kernel.printk(`explore: ${messageTypeName(held.type)} (${what}) held back ${epochs} epochs`);
    this.kernel.tracer.emit({
      time: now,
      kind: EV.MSG_DELAY,
      hart: NO_HART,
      pid: 0,
      tid: seq,
      a: held.type,
      b: from,
      c: held.until,
    });
    return held.until;
  }

  /**
   * Runs the kernel until its clock reaches `end` (an epoch boundary); false if it sat idle.
   * Every message due inside the epoch was sent in an earlier one, so it is in the inbox from the
   * epoch's start, whatever the other kernels do meanwhile: stopping at its delivery time is
   * the same in one thread and in a worker per kernel.
   */
  runEpoch(end: number): boolean {
    const k = this.kernel;
    this.services.onEpoch(this.epoch * this.epochNs);
    let busy = false;
    while (k.now < end) {
      this.messenger.poll();
      this.messenger.deliver(k.now);
      const due = this.stopsForMessages ? this.messenger.nextDue() : undefined;
      const until = due !== undefined && due > k.now && due < end ? due : end;
      if (k.tick(until)) busy = true;
      else k.now = until; // idle until then: nothing can happen before
    }
    this.messenger.poll();
    return busy || this.messenger.pending() > 0;
  }
}
