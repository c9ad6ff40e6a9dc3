// Streams between a guest process and the host: what `popcorn run` wires to a program's
// stdin, stdout and stderr, so the program reads the host's standard input and writes to
// the host's standard output and error directly (not through a TTY, which would merge them).

import { EPIPE } from '../errno';
import { WaitQueue } from '../proc/wait-queue';
import type { Kernel } from '../kernel';
import { O_RDONLY, O_WRONLY, OpenFile, type FileOps } from './file';
import { wakeFile } from './poll-wait';

/** The host's side pushes bytes in; the guest reads them; end() is end of file. */
export class HostInput {
  private chunks: Uint8Array[] = [];
  private ended = false;
  readonly queue = new WaitQueue('host stdin');
  constructor(private readonly kernel: Kernel) {}

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.chunks.push(bytes);
    wakeFile(this.kernel, this.queue);
  }

  end(): void {
    this.ended = true;
    wakeFile(this.kernel, this.queue);
  }

  readonly ops: FileOps = {
    read: (_file, count) => {
      const first = this.chunks[0];
      if (!first) return this.ended ? new Uint8Array(0) : { block: this.queue };
      if (first.length <= count) {
        this.chunks.shift();
        return first;
      }
      this.chunks[0] = first.subarray(count);
      return first.subarray(0, count);
    },
    poll: () => ({ readable: this.chunks.length > 0 || this.ended, writable: false, queue: this.queue }),
  };

  open(): OpenFile {
    return new OpenFile(this.kernel.vfs.newInode('fifo', 0o600), this.ops, O_RDONLY, 'host:stdin');
  }
}

/** How full the host's side is: a guest writer waits while it is full, and gets EPIPE once it is closed. */
export interface HostFlow {
  full(): boolean;
  closed(): boolean;
}

/**
 * Guest writes go straight to `sink` (the host's stdout or stderr). With `flow`, they wait while
 * the host has not taken the last ones yet (as a pipe's writer waits for room; the host calls
 * drained() when it has), and fail with EPIPE, so SIGPIPE, when nobody reads the host's end any
 * more: `popcorn run -- cat /dev/zero | head -c 10` ends as it does under qemu-riscv64.
 */
export class HostOutput {
  private readonly queue = new WaitQueue('host output');
  constructor(
    private readonly kernel: Kernel,
    private readonly name: string,
    private readonly sink: (bytes: Uint8Array) => void,
    private readonly flow?: HostFlow,
  ) {}

  /** The host took what was waiting: writers may go on. */
  drained(): void {
    wakeFile(this.kernel, this.queue);
  }

  readonly ops: FileOps = {
    write: (_file, data) => {
      if (this.flow?.closed()) return -EPIPE;
      if (this.flow?.full()) return { block: this.queue };
      this.sink(data.slice());
      return data.length;
    },
    poll: () => ({
      readable: false,
      writable: !this.flow?.full() || this.flow.closed(),
      error: this.flow?.closed() ?? false,
      queue: this.queue,
    }),
  };

  open(): OpenFile {
    return new OpenFile(this.kernel.vfs.newInode('fifo', 0o600), this.ops, O_WRONLY, `host:${this.name}`);
  }
}
