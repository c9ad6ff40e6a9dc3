// A message ring in shared memory: many senders (kernels in any worker), one receiver. Popcorn
// A's design: a sender takes tickets with an atomic add (one per 64-byte slot its message
// spans), waits while the ring has no room for them (backpressure: nothing is ever dropped),
// copies the message in, then stamps each slot with its ticket, first slot last, so the
// receiver never sees half a message. Layout constants: engine/hw/memory-map.ts.

import {
  MSG_SLOT,
  RAM_OFFSET,
  RING_FULL_WAITS,
  RING_HEAD,
  RING_HEADER,
  RING_PEAK,
  RING_SLEEPERS,
  RING_TAIL,
  SLOT_CONT_PAYLOAD,
  SLOT_DELIVER,
  SLOT_PAYLOAD,
  SLOT_SENT,
  SLOT_SEQ,
  SLOT_SIZE,
  SLOT_STAMP,
  SLOT_TYPE,
} from '../../hw/memory-map';

export interface Message {
  from: number;
  type: number;
  seq: number;
  /** Virtual times in ns. */
  sentAt: number;
  deliverAt: number;
  payload: Uint8Array;
}

const FIRST_PAYLOAD = MSG_SLOT - SLOT_PAYLOAD;
const CONT_PAYLOAD = MSG_SLOT - SLOT_CONT_PAYLOAD;

/** Slots a message with `bytes` of payload occupies. */
export function slotsFor(bytes: number): number {
  return 1 + Math.ceil(Math.max(0, bytes - FIRST_PAYLOAD) / CONT_PAYLOAD);
}

/** Bytes of guest memory a ring of `slots` slots takes. */
export function ringBytes(slots: number): number {
  return RING_HEADER + slots * MSG_SLOT;
}

export class RingError extends Error {}

export class Ring {
  private readonly words: Int32Array;
  private readonly u32: Uint32Array;
  private readonly f64: Float64Array;
  private readonly bytes: Uint8Array;
  private readonly host: number;
  /** The receiver's tail as this sender last read it (never ahead of the real one). */
  private knownTail = 0;

  /** The ring at guest physical address `pa`, with `slots` slots (a power of two). */
  constructor(
    memory: WebAssembly.Memory,
    pa: number,
    readonly slots: number,
  ) {
    if (slots < 2 || (slots & (slots - 1)) !== 0 || slots > 1 << 16)
      throw new RingError(`ring size ${slots} is not a power of two`);
    if (pa % MSG_SLOT !== 0) throw new RingError(`ring address ${pa} is not slot aligned`);
    this.words = new Int32Array(memory.buffer);
    this.u32 = new Uint32Array(memory.buffer);
    this.f64 = new Float64Array(memory.buffer);
    this.bytes = new Uint8Array(memory.buffer);
    this.host = RAM_OFFSET + pa;
  }

  private word(offset: number): number {
    return (this.host + offset) >> 2;
  }

  private slot(ticket: number): number {
    return this.host + RING_HEADER + (ticket & (this.slots - 1)) * MSG_SLOT;
  }

  /** Slots taken and not yet consumed. */
  occupancy(): number {
    return (Atomics.load(this.words, this.word(RING_HEAD)) - Atomics.load(this.words, this.word(RING_TAIL))) >>> 0;
  }

  stats(): { peak: number; fullWaits: number } {
    return {
      peak: Atomics.load(this.words, this.word(RING_PEAK)),
      fullWaits: Atomics.load(this.words, this.word(RING_FULL_WAITS)),
    };
  }

  /**
   * Sends `m`. While the ring lacks room, calls `wait` (which should make progress elsewhere —
   * drain its own ring — and sleep briefly) until the receiver frees slots.
   */
  send(m: Message, wait: (ring: Ring) => void): void {
    const chunks = slotsFor(m.payload.length);
    if (chunks > this.slots || chunks > 255) {
      throw new RingError(`a ${m.payload.length}-byte message does not fit a ${this.slots}-slot ring`);
    }
    const ticket = Atomics.add(this.words, this.word(RING_HEAD), chunks) >>> 0;
    const last = (ticket + chunks - 1) >>> 0;
    // the tail only moves forward: while the last tail seen leaves room, the receiver's cache
    // line need not be read at all (it would bounce between cores on every send)
    if ((last - this.knownTail) >>> 0 >= this.slots) {
      this.knownTail = Atomics.load(this.words, this.word(RING_TAIL)) >>> 0;
      // the peak is sampled here, when the ring looks fullest to this sender (a statistic)
      const occupied = Math.min(this.slots, ((last + 1) >>> 0) - this.knownTail);
      if (occupied > (this.u32[this.word(RING_PEAK)] as number)) this.u32[this.word(RING_PEAK)] = occupied;
      if ((last - this.knownTail) >>> 0 >= this.slots) {
        Atomics.add(this.words, this.word(RING_FULL_WAITS), 1);
        while ((last - this.knownTail) >>> 0 >= this.slots) {
          wait(this);
          this.knownTail = Atomics.load(this.words, this.word(RING_TAIL)) >>> 0;
        }
      }
    }
    // continuation slots first, the first slot last: its stamp publishes the message
    let at = FIRST_PAYLOAD;
    for (let c = 1; c < chunks; c++) {
      const slot = this.slot(ticket + c);
      const n = Math.min(CONT_PAYLOAD, m.payload.length - at);
      this.bytes.set(m.payload.subarray(at, at + n), slot + SLOT_CONT_PAYLOAD);
      at += n;
      Atomics.store(this.words, (slot + SLOT_STAMP) >> 2, (ticket + c + 1) | 0);
    }
    const slot = this.slot(ticket);
    // type (u16), sender (u8) and chunk count (u8) share one little-endian word
    this.u32[(slot + SLOT_TYPE) >> 2] = (m.type & 0xffff) | ((m.from & 0xff) << 16) | (chunks << 24);
    this.u32[(slot + SLOT_SIZE) >> 2] = m.payload.length;
    this.u32[(slot + SLOT_SEQ) >> 2] = m.seq;
    this.f64[(slot + SLOT_SENT) >> 3] = m.sentAt;
    this.f64[(slot + SLOT_DELIVER) >> 3] = m.deliverAt;
    this.bytes.set(
      m.payload.length <= FIRST_PAYLOAD ? m.payload : m.payload.subarray(0, FIRST_PAYLOAD),
      slot + SLOT_PAYLOAD,
    );
    Atomics.store(this.words, (slot + SLOT_STAMP) >> 2, (ticket + 1) | 0);
  }

  /** Takes every complete message in arrival order (receiver only). */
  drain(into: Message[]): number {
    let tail = Atomics.load(this.words, this.word(RING_TAIL)) >>> 0;
    let taken = 0;
    for (;;) {
      const slot = this.slot(tail);
      if (Atomics.load(this.words, (slot + SLOT_STAMP) >> 2) >>> 0 !== (tail + 1) >>> 0) break;
      const header = this.u32[(slot + SLOT_TYPE) >> 2] as number;
      const chunks = header >>> 24;
      const size = this.u32[(slot + SLOT_SIZE) >> 2] as number;
      const payload = this.bytes.slice(slot + SLOT_PAYLOAD, slot + SLOT_PAYLOAD + Math.min(size, FIRST_PAYLOAD));
      const whole = size <= FIRST_PAYLOAD ? payload : new Uint8Array(size);
      if (whole !== payload) whole.set(payload);
      let at = FIRST_PAYLOAD;
      for (let c = 1; c < chunks; c++) {
        const cont = this.slot(tail + c);
        const n = Math.min(CONT_PAYLOAD, size - at);
        whole.set(this.bytes.subarray(cont + SLOT_CONT_PAYLOAD, cont + SLOT_CONT_PAYLOAD + n), at);
        at += n;
      }
      into.push({
        from: (header >>> 16) & 0xff,
        type: header & 0xffff,
        seq: this.u32[(slot + SLOT_SEQ) >> 2] as number,
        sentAt: this.f64[(slot + SLOT_SENT) >> 3] as number,
        deliverAt: this.f64[(slot + SLOT_DELIVER) >> 3] as number,
        payload: whole,
      });
      tail = (tail + chunks) >>> 0;
      Atomics.store(this.words, this.word(RING_TAIL), tail | 0);
      taken++;
    }
    // waking costs a system call on the host: only when a sender sleeps on this ring
    if (taken > 0 && Atomics.load(this.words, this.word(RING_SLEEPERS)) > 0)
      Atomics.notify(this.words, this.word(RING_TAIL));
    return taken;
  }

  /** Waits (off the main thread) until the tail moves or `ms` pass; for senders with nothing else to do. */
  waitForRoom(ms: number): void {
    const tail = Atomics.load(this.words, this.word(RING_TAIL));
    Atomics.add(this.words, this.word(RING_SLEEPERS), 1);
    Atomics.wait(this.words, this.word(RING_TAIL), tail, ms);
    Atomics.sub(this.words, this.word(RING_SLEEPERS), 1);
  }
}
