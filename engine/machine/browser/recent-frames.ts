// The latest frames a kernel sent through the virtual switch, kept by its worker for the page's
// network view: each NET_FRAME message it sent, by reference (senders make a new body each
// time), with its receiver, sequence number, send and delivery times, and its ordinal among
// the kernel's frames, by which the page tells which it has seen and how many it missed.
// Recording is a few array stores per frame; the view board copies the newest that fit. It keeps
// 1024, more than a kernel sends between two publications of its board (every 16 epochs) but
// in the fastest bulk transfers, so that the board can choose among them (net-board.ts).

export interface SentFrame {
  to: number;
  seq: number;
  /** Its place among the frames this kernel sent (0 for the first). */
  ordinal: number;
  sentAt: number;
  deliverAt: number;
  /** The NET_FRAME message's body, as the network's declared interface encodes it. */
  body: Uint8Array;
}

export class RecentFrames {
  private readonly frames: Array<SentFrame | undefined>;
  /** Frames recorded since boot: the next one's ordinal. */
  count = 0;

  constructor(readonly capacity = 1024) {
    this.frames = new Array<SentFrame | undefined>(capacity).fill(undefined);
  }

  record(to: number, seq: number, sentAt: number, deliverAt: number, body: Uint8Array): void {
    this.frames[this.count % this.capacity] = { to, seq, ordinal: this.count, sentAt, deliverAt, body };
    this.count++;
  }

  /** The frames kept, oldest first, from ordinal `since` on. */
  since(since: number): SentFrame[] {
    const out: SentFrame[] = [];
    for (let o = Math.max(since, this.count - this.capacity); o < this.count; o++) {
      const f = this.frames[o % this.capacity];
      if (f) out.push(f);
    }
    return out;
  }
}
