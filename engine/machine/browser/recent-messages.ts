// The bodies of the last messages a kernel sent and had delivered, kept by its worker so that
// the page's inspector can show a message's decoded fields when someone clicks it (the trace
// carries only a message's type, ends and times). Recording is four array stores per message;
// looking one up (a click) scans the log.

export interface KeptMessage {
  from: number;
  to: number;
  seq: number;
  type: number;
  body: Uint8Array;
}

export class RecentMessages {
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly seq: Uint32Array;
  private readonly type: Uint32Array;
  private readonly bodies: Array<Uint8Array | undefined>;
  private next = 0;

  constructor(readonly capacity = 1024) {
    this.from = new Int32Array(capacity).fill(-1);
    this.to = new Int32Array(capacity).fill(-1);
    this.seq = new Uint32Array(capacity);
    this.type = new Uint32Array(capacity);
    this.bodies = new Array<Uint8Array | undefined>(capacity).fill(undefined);
  }

  /** Keeps a message (its body is not copied: senders and the ring make a new one each time). */
  record(from: number, to: number, seq: number, type: number, body: Uint8Array): void {
    const i = this.next;
    this.from[i] = from;
    this.to[i] = to;
    this.seq[i] = seq;
    this.type[i] = type;
    this.bodies[i] = body;
    this.next = i + 1 === this.capacity ? 0 : i + 1;
  }

  /** Message `seq` from kernel `from` to kernel `to`, if it is still kept. */
  find(from: number, to: number, seq: number): KeptMessage | undefined {
    for (let i = 0; i < this.capacity; i++) {
      const body = this.bodies[i];
      if (body && this.from[i] === from && this.to[i] === to && this.seq[i] === seq >>> 0)
        return { from, to, seq, type: this.type[i] as number, body };
    }
    return undefined;
  }
}
