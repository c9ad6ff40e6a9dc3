// A kernel's virtual network card: its port on the machine's switch. Transmit hands a frame to
// the link the network service attached (protocols/net/: the switch, over the message rings);
// receive queues what the switch delivered. Reception is NAPI's: the first frame into an empty
// queue raises the interrupt once and masks it; the kernel's network softirq then polls the
// queue, a budget of frames at a time, until it is empty, and only then unmasks. Under load
// the card interrupts once per burst, not once per frame, and the counters show it.
//
// With no link (a lone kernel, or before the service starts) the card is on a switch of one:
// a frame to its own address or to the machine's service address comes straight back (the
// balancer has only this kernel to choose), anything else is dropped and counted.

import { macOf, SERVICE_MAC } from './lan';

/** Frames one poll takes before it lets other work run (Linux's NAPI weight). */
export const NAPI_BUDGET = 64;
/** Frames the receive queue holds; a frame that finds it full is dropped and counted (rx_missed). */
export const RX_RING_FRAMES = 1024;

export interface NicCounters {
  txFrames: number;
  txBytes: number;
  rxFrames: number;
  rxBytes: number;
  /** Interrupts raised: one per burst that found the queue empty and the interrupt unmasked. */
  rxInterrupts: number;
  /** Polls of the queue (each takes up to NAPI_BUDGET frames). */
  rxPolls: number;
  /** The most frames the queue held at once. */
  rxQueuePeak: number;
  /** Frames dropped, by reason ("rx ring full", "no link", and the stack's decode refusals). */
  readonly dropped: Map<string, number>;
}

/** Where a transmitted frame goes: the switch port the network service attached. */
export type NicLink = (frame: Uint8Array) => void;

/** A copy of every frame through the card, for capture (pcap): the time and which way it went. */
export type NicTap = (timeNs: number, frame: Uint8Array, direction: 'tx' | 'rx') => void;

export class Nic {
  readonly mac: number;
  /** The switch port; unset on a lone kernel. */
  link: NicLink | undefined;
  tap: NicTap | undefined;
  private readonly queue: Uint8Array[] = [];
  private masked = false;
  readonly counters: NicCounters = {
    txFrames: 0,
    txBytes: 0,
    rxFrames: 0,
    rxBytes: 0,
    rxInterrupts: 0,
    rxPolls: 0,
    rxQueuePeak: 0,
    dropped: new Map(),
  };

  constructor(
    readonly kernel: number,
    private readonly clock: () => number,
  ) {
    this.mac = macOf(kernel);
  }

  /** Sends a frame out of the card. */
  transmit(frame: Uint8Array): void {
    this.counters.txFrames++;
    this.counters.txBytes += frame.length;
    this.tap?.(this.clock(), frame, 'tx');
    if (this.link) {
      this.link(frame);
      return;
    }
    const dst = destinationMac(frame);
    if (dst === this.mac || dst === SERVICE_MAC) this.receive(frame);
    else this.drop('no link');
  }

  /** A frame arrived from the switch: queued, raising the interrupt if it is unmasked. */
  receive(frame: Uint8Array): void {
    if (this.queue.length >= RX_RING_FRAMES) {
      this.drop('rx ring full');
      return;
    }
    this.counters.rxFrames++;
    this.counters.rxBytes += frame.length;
    this.tap?.(this.clock(), frame, 'rx');
    this.queue.push(frame);
    this.counters.rxQueuePeak = Math.max(this.counters.rxQueuePeak, this.queue.length);
    if (!this.masked) {
      this.masked = true;
      this.counters.rxInterrupts++;
    }
  }

  /** Frames waiting for the softirq. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * The softirq: polls the queue a budget at a time until it is empty, handing each frame to
   * `handle`, then unmasks the interrupt. A frame `handle` causes to arrive (one sent to this
   * very card) is taken in the same round.
   */
  poll(handle: (frame: Uint8Array) => void): void {
    while (this.queue.length > 0) {
      this.counters.rxPolls++;
      for (const frame of this.queue.splice(0, NAPI_BUDGET)) handle(frame);
    }
    this.masked = false;
  }

  drop(reason: string): void {
    this.counters.dropped.set(reason, (this.counters.dropped.get(reason) ?? 0) + 1);
  }
}

/** The destination MAC of a frame (0 when it is too short to have one). */
export function destinationMac(frame: Uint8Array): number {
  if (frame.length < 6) return 0;
  let mac = 0;
  for (let i = 0; i < 6; i++) mac = mac * 256 + (frame[i] as number);
  return mac;
}
