// Live figures the page shows, in shared memory (memory-map.ts TELEMETRY_*): after every epoch
// each kernel's worker writes what its harts run and its counters; the page reads them every
// animation frame. Writes are plain stores of 32-bit words, each written by one worker only, so
// a reader may see a kernel halfway through an update: fine for display, never used for logic.
//
//   per hart   (HART_BYTES each, MAX_HARTS of them): pid, tid on the hart at the epoch's end
//              (0 = idle), busy ns since boot (wrapping at 2^32)
//   per kernel (KERNEL_BYTES each, after the harts): epochs run, processes, threads and the
//              kernel's counters since boot, the inputs it recorded (typing, UI commands),
//              then its trace hash (two words)
//   messages   (MESSAGE_COUNTS_STRIDE per kernel, at MESSAGE_COUNTS_OFFSET): per message type,
//              sent by the kernel and delivered to it since boot, its messenger's own counts
//              (exact, unlike counts of trace events, which a wrapping trace ring loses)

import {
  CONTROL_OFFSET,
  DOORBELL_STRIDE,
  KERNEL_DEAD,
  KERNEL_STATE,
  KERNEL_UP,
  MAX_HARTS,
  MAX_KERNELS,
  MESSAGE_COUNTS_OFFSET,
  MESSAGE_COUNTS_STRIDE,
  MESSAGE_TYPE_SLOTS,
  TELEMETRY_OFFSET,
  TELEMETRY_SIZE,
} from '../../hw/memory-map';

/** Bytes per frame, for turning frame counts into memory sizes. */
export { PAGE_SIZE as FRAME_BYTES } from '../../hw/memory-map';

const HART_BYTES = 16;
const HART_PID = 0;
const HART_TID = 1; // word indices from here on
const HART_BUSY = 2;
const KERNELS_AT = TELEMETRY_OFFSET + MAX_HARTS * HART_BYTES;
const KERNEL_BYTES = 64;
const KERNEL_FIELDS = [
  'epochs',
  'processes',
  'threads',
  'syscalls',
  'pageFaults',
  'switches',
  'messagesSent',
  'messagesReceived',
  'framesUsed',
  'framesTotal',
  'inputs',
] as const;

/** Word index of the trace hash's two halves, after the counters (13 words of KERNEL_BYTES' 16). */
const HASH_AT = KERNEL_FIELDS.length;
if (KERNELS_AT + MAX_KERNELS * KERNEL_BYTES > TELEMETRY_OFFSET + TELEMETRY_SIZE)
  throw new Error('telemetry does not fit TELEMETRY_SIZE');

export type KernelCounter = (typeof KERNEL_FIELDS)[number];

/** A kernel's counters; 32-bit counts wrap (the page shows rates and recent values). */
export type KernelCounters = Record<KernelCounter, number>;

export interface HartFigures {
  /** Global hart index. */
  hart: number;
  pid: number;
  tid: number;
  /** Virtual ns the hart spent running guest code since boot. */
  busyNs: number;
}

export interface KernelFigures extends KernelCounters {
  harts: HartFigures[];
  /** The kernel's trace hash so far (Tracer.hash: 16 hex digits). */
  hash: string;
  /** Its messenger's counts by message type: sent by it, delivered to it (received). */
  messageTypes?: ReadonlyMap<number, { sent: number; received: number }>;
}

/** Messages of one type, as counted by the kernels. */
export interface TypeCounts {
  sent: number;
  delivered: number;
}

export type KernelState = 'down' | 'up' | 'dead';

export interface KernelTelemetry extends KernelCounters {
  state: KernelState;
}

export interface HartTelemetry {
  pid: number;
  tid: number;
  /** Busy ns since boot modulo 2^32: subtract two readings with wrap (busyDelta). */
  busyNs: number;
}

function hartWord(hart: number, field: number): number {
  return ((TELEMETRY_OFFSET + hart * HART_BYTES) >> 2) + field;
}

function kernelWord(kernel: number, field: number): number {
  return ((KERNELS_AT + kernel * KERNEL_BYTES) >> 2) + field;
}

/** The slot of a message type in a kernel's counts (types beyond the slots share slot 0). */
function typeSlot(type: number): number {
  return type > 0 && type < MESSAGE_TYPE_SLOTS ? type : 0;
}

/** Word of a message type slot's sent (field 0) or delivered (field 1) count. */
function countWord(kernel: number, slot: number, field: number): number {
  return ((MESSAGE_COUNTS_OFFSET + kernel * MESSAGE_COUNTS_STRIDE) >> 2) + slot * 2 + field;
}

/** Worker side: publishes one kernel's figures. */
export class TelemetryWriter {
  private readonly words: Int32Array;

  constructor(
    memory: WebAssembly.Memory,
    readonly kernel: number,
  ) {
    this.words = new Int32Array(memory.buffer);
  }

  publish(f: KernelFigures): void {
    for (const h of f.harts) {
      Atomics.store(this.words, hartWord(h.hart, HART_PID), h.pid);
      Atomics.store(this.words, hartWord(h.hart, HART_TID), h.tid);
      Atomics.store(this.words, hartWord(h.hart, HART_BUSY), (h.busyNs % 2 ** 32) | 0);
    }
    if (f.messageTypes) this.publishMessageTypes(f.messageTypes);
    Atomics.store(this.words, kernelWord(this.kernel, HASH_AT), parseInt(f.hash.slice(0, 8), 16) | 0);
    Atomics.store(this.words, kernelWord(this.kernel, HASH_AT + 1), parseInt(f.hash.slice(8, 16), 16) | 0);
    // the epoch count last, so a reader that sees it sees the harts and hash of that epoch
    for (let i = KERNEL_FIELDS.length - 1; i >= 0; i--) {
      Atomics.store(this.words, kernelWord(this.kernel, i), f[KERNEL_FIELDS[i] as KernelCounter] | 0);
    }
  }

  private publishMessageTypes(types: ReadonlyMap<number, { sent: number; received: number }>): void {
    const sent = new Array<number>(MESSAGE_TYPE_SLOTS).fill(0);
    const received = new Array<number>(MESSAGE_TYPE_SLOTS).fill(0);
    for (const [type, t] of types) {
      const slot = typeSlot(type);
      sent[slot] = (sent[slot] ?? 0) + t.sent;
      received[slot] = (received[slot] ?? 0) + t.received;
    }
    for (let slot = 0; slot < MESSAGE_TYPE_SLOTS; slot++) {
      Atomics.store(this.words, countWord(this.kernel, slot, 0), (sent[slot] ?? 0) | 0);
      Atomics.store(this.words, countWord(this.kernel, slot, 1), (received[slot] ?? 0) | 0);
    }
  }
}

/** Page side: reads any kernel's or hart's figures. */
export class TelemetryReader {
  private readonly words: Int32Array;

  constructor(memory: WebAssembly.Memory) {
    this.words = new Int32Array(memory.buffer);
  }

  hart(hart: number): HartTelemetry {
    return {
      pid: Atomics.load(this.words, hartWord(hart, HART_PID)),
      tid: Atomics.load(this.words, hartWord(hart, HART_TID)),
      busyNs: Atomics.load(this.words, hartWord(hart, HART_BUSY)) >>> 0,
    };
  }

  kernel(kernel: number): KernelTelemetry {
    const counters = Object.fromEntries(
      KERNEL_FIELDS.map((name, i) => [name, Atomics.load(this.words, kernelWord(kernel, i)) >>> 0]),
    ) as KernelCounters;
    return { ...counters, state: this.state(kernel) };
  }

  /**
   * Messages by type that kernel `kernel` counted since boot: sent by it, delivered to it (only
   * the types it has counted any of). Type 0 holds types beyond MESSAGE_TYPE_SLOTS, if any.
   */
  messageTypes(kernel: number): Map<number, TypeCounts> {
    const types = new Map<number, TypeCounts>();
    for (let slot = 0; slot < MESSAGE_TYPE_SLOTS; slot++) {
      const sent = Atomics.load(this.words, countWord(kernel, slot, 0)) >>> 0;
      const delivered = Atomics.load(this.words, countWord(kernel, slot, 1)) >>> 0;
      if (sent !== 0 || delivered !== 0) types.set(slot, { sent, delivered });
    }
    return types;
  }

  /** The kernel's trace hash as of the end of the epochs it reports ('' before it booted). */
  hash(kernel: number): string {
    if (Atomics.load(this.words, kernelWord(kernel, 0)) === 0) return '';
    const half = (i: number) =>
      (Atomics.load(this.words, kernelWord(kernel, HASH_AT + i)) >>> 0).toString(16).padStart(8, '0');
    return half(0) + half(1);
  }

  /** Whether the kernel has booted, from the kernel-state word every worker keeps. */
  state(kernel: number): KernelState {
    const s = Atomics.load(this.words, (CONTROL_OFFSET + kernel * DOORBELL_STRIDE + KERNEL_STATE) >> 2);
    return s === KERNEL_UP ? 'up' : s === KERNEL_DEAD ? 'dead' : 'down';
  }
}

/** Busy ns between two readings of a wrapping 32-bit busy counter. */
export function busyDelta(later: number, earlier: number): number {
  return (later - earlier) >>> 0;
}
