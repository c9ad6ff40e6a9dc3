// What one kernel wrote to its terminal: read from the TTY's output ring every frame
// (MachineFrames), and kept, its last MAX_KEPT bytes, so that a terminal opened later, or opened
// again (the dev server's StrictMode mounts every component twice, and a frame may come between),
// shows what was written from the start instead of only what comes next. Offsets count every
// byte the kernel ever wrote; a terminal remembers the offset it has written up to.

/** Bytes kept per kernel: far more than a terminal's scrollback holds. */
export const MAX_KEPT = 1 << 20;

export class TerminalOutput {
  private chunks: Uint8Array[] = [];
  /** Offset of the first byte kept. */
  private first = 0;
  /** Offset after the last byte. */
  private last = 0;

  constructor(private readonly maxKept = MAX_KEPT) {}

  /** The offset of the oldest byte still kept. */
  get start(): number {
    return this.first;
  }

  /** The offset after the newest byte. */
  get end(): number {
    return this.last;
  }

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.chunks.push(bytes);
    this.last += bytes.length;
    while (this.last - this.first > this.maxKept && this.chunks.length > 1) {
      this.first += (this.chunks.shift() as Uint8Array).length;
    }
  }

  /** What was written from `offset` on (from the oldest byte kept, if that is later). */
  since(offset: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    let at = this.first;
    for (const chunk of this.chunks) {
      const next = at + chunk.length;
      if (next > offset) out.push(offset > at ? chunk.subarray(offset - at) : chunk);
      at = next;
    }
    return out;
  }
}
