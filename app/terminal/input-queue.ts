// Keystrokes on their way into a kernel's TTY. The TTY's input ring refuses bytes when full
// (it never drops), so what does not fit waits here and is offered again next frame, in order.
// Past MAX_PENDING (a huge paste into a paused machine) further input is dropped and counted.

const MAX_PENDING = 1 << 20;

export class InputQueue {
  private pending: Uint8Array[] = [];
  private bytes = 0;
  /** Bytes refused because the queue was full. */
  dropped = 0;

  push(data: Uint8Array): void {
    if (data.length === 0) return;
    if (this.bytes + data.length > MAX_PENDING) {
      this.dropped += data.length;
      return;
    }
    this.pending.push(data);
    this.bytes += data.length;
  }

  get size(): number {
    return this.bytes;
  }

  /** Offers the pending bytes, oldest first, to `write`, which returns how many it took. */
  flush(write: (data: Uint8Array) => number): void {
    while (this.pending.length > 0) {
      const head = this.pending[0] as Uint8Array;
      const taken = write(head);
      this.bytes -= taken;
      if (taken < head.length) {
        this.pending[0] = head.subarray(taken);
        return;
      }
      this.pending.shift();
    }
  }
}
