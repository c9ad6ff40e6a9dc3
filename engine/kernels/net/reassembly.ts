// IPv4 reassembly (Linux's net/ipv4/ip_fragment.c, in small): the pieces of one packet, named
// by (source, destination, protocol, id), are kept until the last one has come and every byte
// before it is there; then the packet's payload is whole. A packet whose pieces stop coming
// (its sender's kernel stopped) is dropped after Linux's ipfrag_time, 30 s, and counted; so is
// the oldest when more than MAX_PENDING are under way. Overlapping pieces keep the first bytes.

/** Linux's net.ipv4.ipfrag_time. */
export const REASSEMBLY_TIMEOUT_NS = 30_000_000_000;
/** Packets being reassembled at once before the oldest is given up. */
export const MAX_PENDING = 64;

interface Pending {
  /** The pieces so far, by offset. */
  readonly pieces: Map<number, Uint8Array>;
  /** The payload's length, once the last piece (no "more") has come. */
  total: number | undefined;
  readonly since: number;
}

export interface Piece {
  src: number;
  dst: number;
  protocol: number;
  id: number;
  offset: number;
  more: boolean;
  payload: Uint8Array;
}

export class Reassembly {
  private readonly pending = new Map<string, Pending>();
  /** Packets given up: timed out, or crowded out. */
  failed = 0;

  /** Takes one piece at `now`: the whole payload if that completed it. */
  add(p: Piece, now: number): Uint8Array | undefined {
    const key = `${p.src}>${p.dst}/${p.protocol}/${p.id}`;
    let packet = this.pending.get(key);
    if (!packet) {
      if (this.pending.size >= MAX_PENDING) this.giveUp(this.pending.keys().next().value as string);
      packet = { pieces: new Map(), total: undefined, since: now };
      this.pending.set(key, packet);
    }
    if (!packet.pieces.has(p.offset)) packet.pieces.set(p.offset, p.payload);
    if (!p.more) packet.total = p.offset + p.payload.length;
    const whole = assemble(packet);
    if (whole) this.pending.delete(key);
    return whole;
  }

  /** Drops what has waited longer than the timeout. */
  expire(now: number): void {
    for (const [key, packet] of this.pending) if (now - packet.since >= REASSEMBLY_TIMEOUT_NS) this.giveUp(key);
  }

  /** When the oldest packet under way times out, if any is. */
  nextTimeout(): number | undefined {
    const first = this.pending.values().next().value;
    return first ? first.since + REASSEMBLY_TIMEOUT_NS : undefined;
  }

  private giveUp(key: string): void {
    this.pending.delete(key);
    this.failed++;
  }
}

/** The payload, if every byte up to the total is in. */
function assemble(packet: Pending): Uint8Array | undefined {
  if (packet.total === undefined) return undefined;
  const whole = new Uint8Array(packet.total);
  let covered = 0;
  for (const offset of [...packet.pieces.keys()].sort((a, b) => a - b)) {
    if (offset > covered) return undefined; // a hole
    const piece = packet.pieces.get(offset) as Uint8Array;
    const end = Math.min(offset + piece.length, packet.total);
    if (end > covered) whole.set(piece.subarray(covered - offset, end - offset), covered);
    covered = Math.max(covered, end);
  }
  return covered >= packet.total ? whole : undefined;
}
