// The kernel's terminal (Popcorn's vty): joins the TTY device's byte rings to the line
// discipline and to the programs that read and write /dev/tty, /dev/console and the standard
// descriptors. The kernel calls pollInput() at the start of every tick and flushOutput() at
// the end; in between, readers sleep on `readWait` and writers on `writeWait`.
//
// Nothing is lost on either side: typed bytes stay in the device ring until the line
// discipline has room (and the echo they cause has room), and output waits in a kernel buffer
// until the tick's end, writers sleeping while that buffer is full; then the device takes all
// of it, spooling on the host's side what its ring has no room for, so that how fast the
// terminal reads never changes the run.

import { DEFAULT_WINDOW, type TtyDevice } from '../../hw/tty-device';
import type { FileOps } from '../fs/file';
import { ByteRing } from '../fs/byte-ring';
import { isWatched, type PollState, type TimedBlock, wakeFile } from '../fs/poll-wait';
import type { Kernel } from '../kernel';
import type { Process } from '../proc/task';
import { WaitQueue } from '../proc/wait-queue';
import { signalProcess } from '../signal/deliver';
import { SI_KERNEL, SIGWINCH } from '../signal/signals';
import { EV } from '../trace';
import { LineDiscipline } from './line-discipline';
import { VMIN, VTIME } from './termios';
import { ttyIoctl } from './tty-ioctl';

/** Output the kernel holds for the terminal beyond what the device ring holds. */
export const TTY_OUTPUT_BUFFER = 64 * 1024;
/** The part of that buffer kept for echo, so that typing (and ^C) is seen even under a flood. */
const ECHO_RESERVE = 16 * 1024;
/** Echo one typed byte can cause at most (a tab erase backs up 8 columns, ^X echoes as 2). */
const ECHO_PER_BYTE = 8;

export interface WindowSize {
  rows: number;
  cols: number;
  xpixel: number;
  ypixel: number;
}

export class Tty {
  readonly ld = new LineDiscipline();
  /** The session this is the controlling terminal of (0: none), and its foreground group. */
  session = 0;
  foregroundPgrp = 0;
  readonly readWait = new WaitQueue('tty read');
  readonly writeWait = new WaitQueue('tty write');
  winsize: WindowSize;
  readonly ops: FileOps;

  private readonly pending = new ByteRing(TTY_OUTPUT_BUFFER);
  private windowSeq: number;

  constructor(
    readonly kernel: Kernel,
    readonly device: TtyDevice,
  ) {
    const ws = device.windowSize();
    this.winsize = { rows: ws.rows, cols: ws.cols, xpixel: 0, ypixel: 0 };
    this.windowSeq = ws.seq;
    this.ops = {
      read: (_file, count, ctx) => this.read(count, ctx.kernel.timeOf(ctx.thread)),
      write: (_file, data) => this.write(data),
      ioctl: (file, request, arg, ctx) => ttyIoctl(this, file, request, arg, ctx),
      poll: () => this.poll(),
    };
  }

  /** Makes this the controlling terminal of `p`'s session, with `p`'s group in the foreground. */
  attach(p: Process): void {
    this.session = p.sid;
    this.foregroundPgrp = p.pgid;
  }

  /** Bytes of output not yet handed to the device. */
  get pendingOutput(): number {
    return this.pending.length;
  }

  /**
   * Whether the next flushOutput() would move bytes: output is waiting and not stopped (^S).
   * A kernel with nothing to run is not idle while this holds (its output is not out yet).
   */
  get canFlush(): boolean {
    return this.pending.length > 0 && !this.ld.outputStopped;
  }

  // ---- the kernel's per-tick calls ----

  /** Bytes given by the kernel's own side (scenario actions), read before the device's. */
  private injected: number[] = [];

  /**
   * Whether pollInput() reads the device's ring and window size itself. A machine that records
   * and replays its inputs turns this off (takeInputFromMachine) and hands over what was typed
   * and the sizes the terminal took at epoch starts instead, so that they enter at a
   * reproducible moment.
   */
  private readsDevice = true;

  /**
   * Input and window sizes come from the machine at epoch starts from now on (inject, resize),
   * not from the device: the terminal's size is the default until the machine says otherwise,
   * whatever size the terminal had when the kernel booted.
   */
  takeInputFromMachine(): void {
    this.readsDevice = false;
    this.winsize = { ...this.winsize, rows: DEFAULT_WINDOW.rows, cols: DEFAULT_WINDOW.cols };
  }

  /**
   * Input that does not come from the terminal: a scenario typing at a planned time. It must
   * not go through the device's ring, whose one producer is the terminal.
   */
  inject(bytes: Uint8Array): void {
    for (const b of bytes) this.injected.push(b);
  }

  private takeInjected(max: number): Uint8Array {
    return new Uint8Array(this.injected.splice(0, max));
  }

  /**
   * Whether a line typed now would be read as a fresh line: a thread waits to read the terminal
   * (in read(), poll() or select()) and nothing typed is waiting for it, neither a line being
   * edited nor input unread nor bytes injected and not yet taken. A shell at its prompt is so.
   */
  get awaitsLine(): boolean {
    return (
      (this.readWait.size > 0 || isWatched(this.readWait)) &&
      this.ld.empty &&
      this.injected.length === 0 &&
      (!this.readsDevice || this.device.inputPending() === 0)
    );
  }

  /** Takes typed bytes from the device through the line discipline; wakes readers. */
  pollInput(): void {
    if (this.readsDevice) this.checkWindowSize();
    const echoRoom = Math.floor((this.pending.space - 4 * 1024) / ECHO_PER_BYTE); // a reprint may echo a line
    const max = Math.min(this.ld.room, echoRoom);
    const fromDevice = this.readsDevice && this.device.inputPending() > 0;
    if (max <= 0 || (!fromDevice && this.injected.length === 0)) return;
    const typed = this.injected.length > 0 ? this.takeInjected(max) : this.device.readInput(max);
    this.kernel.trace(undefined, EV.TTY_IN, typed.length, 0, 0);
    const received = this.ld.receive(typed);
    if (received.flushOutput) this.pending.clear();
    this.pending.push(received.echo);
    for (const sig of received.signals) this.signalForeground(sig);
    if (this.ld.hasInput) wakeFile(this.kernel, this.readWait);
  }

  /**
   * Hands buffered output to the device, all of it (the device spools what its ring cannot take
   * yet: how fast the terminal reads must not change the run); wakes writers.
   */
  flushOutput(): void {
    this.device.pumpOutput();
    if (this.ld.outputStopped || this.pending.length === 0) return;
    const out = this.pending.shift(this.pending.length);
    this.device.spoolOutput(out);
    this.kernel.trace(undefined, EV.TTY_OUT, out.length, 0, 0);
    wakeFile(this.kernel, this.writeWait);
  }

  /** Sends `sig` to every process of the foreground process group. */
  signalForeground(sig: number): void {
    if (this.foregroundPgrp <= 0) return;
    for (const p of this.kernel.processes.values()) {
      if (p.pgid === this.foregroundPgrp && p.state === 'alive') {
        signalProcess(this.kernel, p, sig, { code: SI_KERNEL, pid: 0, addr: 0 });
      }
    }
  }

  /** Adopts a new window size (the terminal's or TIOCSWINSZ's); SIGWINCH if it changed. */
  resize(size: WindowSize): void {
    const old = this.winsize;
    this.winsize = size;
    if (old.rows !== size.rows || old.cols !== size.cols || old.xpixel !== size.xpixel || old.ypixel !== size.ypixel) {
      this.signalForeground(SIGWINCH);
    }
  }

  private checkWindowSize(): void {
    const ws = this.device.windowSize();
    if (ws.seq === this.windowSeq) return;
    this.windowSeq = ws.seq;
    this.resize({ ...this.winsize, rows: ws.rows, cols: ws.cols });
  }

  // ---- file operations ----

  private read(count: number, now: number): Uint8Array | TimedBlock {
    if (this.ld.canonical) return this.ld.read(count) ?? { block: this.readWait };
    const vmin = this.ld.termios.cc[VMIN] ?? 1;
    const vtime = this.ld.termios.cc[VTIME] ?? 0;
    const enough = Math.max(1, Math.min(vmin, count));
    if (this.ld.available >= enough || (vmin === 0 && vtime === 0)) return this.ld.read(count) ?? new Uint8Array(0);
    // VMIN > 0 with VTIME: the inter-byte timer. Typed input arrives a tick's worth at a time,
    // so once some bytes are here no more are coming soon: hand them over.
    if (vmin > 0 && vtime > 0 && this.ld.available > 0) return this.ld.read(count) ?? new Uint8Array(0);
    if (vmin === 0) {
      // VTIME tenths of a second for any byte, then read() returns 0
      return { block: this.readWait, deadline: now + vtime * 100_000_000, timeoutResult: 0 };
    }
    return { block: this.readWait };
  }

  private write(data: Uint8Array): number | TimedBlock {
    const limit = TTY_OUTPUT_BUFFER - ECHO_RESERVE;
    const space = limit - this.pending.length;
    // a write that would fit an empty buffer waits to go in whole, so lines stay together
    if (space <= 0 || (this.ld.outputBound(data) > space && this.ld.outputBound(data) <= limit)) {
      return { block: this.writeWait };
    }
    const { bytes, consumed } = this.ld.output(data, space);
    this.pending.push(bytes);
    return consumed > 0 || data.length === 0 ? consumed : { block: this.writeWait };
  }

  private poll(): PollState {
    return {
      readable: this.ld.hasInput,
      writable: this.pending.length < TTY_OUTPUT_BUFFER - ECHO_RESERVE,
      queue: this.readWait,
      more: [this.writeWait],
    };
  }

  /**
   * The kernel's own words for the terminal, as a console message: through output processing
   * (so \n ends a line), never waiting for room; what does not fit the buffer is dropped.
   */
  writeKernelText(text: string): void {
    this.pending.push(this.ld.output(new TextEncoder().encode(text)).bytes);
  }

  /** Queues bytes for the terminal as they are, past output processing (TCIOFF/TCION). */
  sendRaw(bytes: Uint8Array): void {
    this.pending.push(bytes);
  }

  /** Drops typed input and/or pending output (TCFLSH, TCSETSF). */
  flush(input: boolean, output: boolean): void {
    if (input) this.ld.flushInput();
    if (output) this.pending.clear();
    if (output) wakeFile(this.kernel, this.writeWait);
  }
}
