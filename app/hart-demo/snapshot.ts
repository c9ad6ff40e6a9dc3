// What the hart demo panel shows, read from shared memory once per animation frame: run state,
// counters, registers (and which changed), the instructions around pc, and the ring in guest
// memory. Pure functions over a HartDemo, so the panel's components only format.

import { disassemble } from '../../engine/hw/isa/disasm';
import { DemoState, RING_BASE, RING_ENTRIES, type HartDemo } from '../../engine/machine/hart-demo/hart-demo';

export interface ListingRow {
  pc: bigint;
  bits: number;
  length: 2 | 4;
  text: string;
}

export interface HartSnapshot {
  state: DemoState;
  trapCause: number;
  instret: bigint;
  pc: bigint;
  x: bigint[];
  /** x[i] changed in the last update that changed anything (stays lit while paused). */
  changed: boolean[];
  /** Millions of instructions per second over the last second of wall time; 0 unless running. */
  mips: number;
  /** Instructions from a little before pc on; the row at pc is `current`. */
  listing: ListingRow[];
  current: number;
  /** The ring's most recent entries, newest first. */
  ring: { addr: number; value: bigint }[];
}

const LISTING_ROWS = 12;
const ROWS_BEFORE_PC = 3;
const RING_SHOWN = 8;
const RING_INDEX_REG = 18; // s2 in the demo program

/** The program's instructions in order, disassembled once (the code never changes). */
export function programListing(demo: HartDemo): ListingRow[] {
  const rows: ListingRow[] = [];
  const end = BigInt(demo.program.entry + demo.program.bytes.length);
  for (let pc = BigInt(demo.program.entry); pc < end;) {
    const row = disassembleAt(demo, pc);
    rows.push(row);
    pc += BigInt(row.length);
  }
  return rows;
}

function disassembleAt(demo: HartDemo, pc: bigint): ListingRow {
  const word = demo.fetch(pc);
  const d = disassemble(word, { pc, expand: demo.expand });
  return { pc, bits: d.length === 2 ? word & 0xffff : word, length: d.length, text: d.text };
}

function aroundPc(demo: HartDemo, program: ListingRow[], pc: bigint): { listing: ListingRow[]; current: number } {
  const at = program.findIndex((r) => r.pc === pc);
  if (at >= 0) {
    const start = Math.max(0, Math.min(at - ROWS_BEFORE_PC, program.length - LISTING_ROWS));
    return { listing: program.slice(start, start + LISTING_ROWS), current: at - start };
  }
  const listing: ListingRow[] = [];
  for (let p = pc; listing.length < LISTING_ROWS;) {
    const row = disassembleAt(demo, p);
    listing.push(row);
    p += BigInt(row.length);
  }
  return { listing, current: 0 };
}

/** Instructions per second from (time, instret) samples over a sliding window. */
export class RateMeter {
  private samples: { t: number; n: bigint }[] = [];
  constructor(private readonly windowMs = 1000) {}
  sample(t: number, n: bigint): number {
    const samples = this.samples;
    const last = samples.at(-1);
    if (last && n < last.n) samples.length = 0; // reset
    samples.push({ t, n });
    while (samples.length > 2 && t - (samples[1] as { t: number }).t >= this.windowMs) samples.shift();
    const first = samples[0] as { t: number; n: bigint };
    const dt = t - first.t;
    return dt > 0 ? Number(n - first.n) / dt / 1000 : 0;
  }
}

export function takeSnapshot(
  demo: HartDemo,
  program: ListingRow[],
  previous: HartSnapshot | undefined,
  meter: RateMeter,
  now: number,
): HartSnapshot {
  const { hart } = demo;
  const state = demo.state();
  const instret = hart.instret;
  const pc = hart.pc;
  const x = Array.from({ length: 32 }, (_, i) => hart.getX(i));
  const moved =
    !previous || previous.instret !== instret || previous.pc !== pc || x.some((v, i) => v !== previous.x[i]);
  const changed = moved && previous ? x.map((v, i) => v !== previous.x[i]) : (previous?.changed ?? x.map(() => false));
  const rate = meter.sample(now, instret);
  const next = Number(x[RING_INDEX_REG] ?? 0n) % RING_ENTRIES;
  const ring = Array.from({ length: RING_SHOWN }, (_, k) => {
    const addr = RING_BASE + ((next - 1 - k + RING_ENTRIES) % RING_ENTRIES) * 8;
    return { addr, value: demo.readU64(addr) };
  });
  return {
    state,
    trapCause: demo.trapCause(),
    instret,
    pc,
    x,
    changed,
    mips: state === DemoState.RUNNING ? rate : 0,
    ...aroundPc(demo, program, pc),
    ring,
  };
}

/** True when the panel would show the same thing for `b` as for `a` (skips a render). */
export function sameView(a: HartSnapshot | undefined, b: HartSnapshot): boolean {
  return (
    a !== undefined &&
    a.state === b.state &&
    a.instret === b.instret &&
    a.pc === b.pc &&
    a.mips === b.mips &&
    a.x.every((v, i) => v === b.x[i])
  );
}
