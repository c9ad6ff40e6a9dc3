// The terminal line discipline (Linux's n_tty), with no kernel state of its own: typed bytes
// go in, and out come the bytes readers may take, the echo to show, and the signals to raise.
// Program output goes through it too (OPOST), so it knows the cursor column that erasing a
// tab needs.
//
// Canonical mode (ICANON) edits a line (erase, word erase, kill, literal next, reprint) and
// hands readers complete lines; VEOF ends a line without a newline, or at a line's start
// makes read() return 0. Raw mode hands over bytes as they come. ISIG turns VINTR, VQUIT and
// VSUSP into signals; IXON's VSTOP/VSTART pause and resume output.

import { ByteRing } from '../fs/byte-ring';
import { SIGINT, SIGQUIT, SIGTSTP } from '../signal/signals';
import * as T from './termios';

/** Bytes of typed input held for readers (Linux's N_TTY_BUF_SIZE). */
export const N_TTY_BUF_SIZE = 4096;

const NL = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const BS = 0x08;
const SPACE = 0x20;

export interface Received {
  /** Bytes to show on the terminal, output-processed. */
  echo: Uint8Array;
  /** Signals for the foreground process group, in order. */
  signals: number[];
  /** A signal character flushed the queues: pending output should be dropped too. */
  flushOutput: boolean;
}

const isControl = (c: number) => c < 0x20 || c === 0x7f;
const isWordChar = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80;
const isContinuation = (c: number) => (c & 0xc0) === 0x80;

export class LineDiscipline {
  termios: T.Termios = T.defaultTermios();
  /** Output is paused by VSTOP (IXON) until VSTART. */
  outputStopped = false;
  /** Cursor column, as far as output through here tells. */
  column = 0;

  /** Input readers may take: complete lines in canonical mode, any bytes in raw mode. */
  private readonly ready = new ByteRing(N_TTY_BUF_SIZE);
  /** Canonical mode: lengths of the lines in `ready`, oldest first (0 is an end of file). */
  private lines: number[] = [];
  /** Canonical mode: the line being edited, and the column where its echo began. */
  private edit: number[] = [];
  private canonColumn = 0;
  private literalNext = false;
  private out: number[] = [];

  get canonical(): boolean {
    return (this.termios.lflag & T.ICANON) !== 0;
  }

  /**
   * Typed bytes to take now. Raw mode takes what fits and leaves the rest with the terminal;
   * canonical mode takes everything, as Linux does: characters beyond a full buffer are
   * dropped, but newlines still end lines and ^C still interrupts.
   */
  get room(): number {
    return this.canonical ? N_TTY_BUF_SIZE : this.ready.space;
  }

  /** Bytes readers can take (FIONREAD). */
  get available(): number {
    return this.ready.length;
  }

  /** Whether nothing typed waits here: no byte for readers, no line being edited. */
  get empty(): boolean {
    return this.ready.length === 0 && this.lines.length === 0 && this.edit.length === 0 && !this.literalNext;
  }

  /** Whether a read would return now: a complete line (or end of file), or any raw byte. */
  get hasInput(): boolean {
    return this.canonical ? this.lines.length > 0 : this.ready.length > 0;
  }

  // ---- input ----

  receive(bytes: Uint8Array): Received {
    this.out = [];
    const result: Received = { echo: new Uint8Array(0), signals: [], flushOutput: false };
    for (const b of bytes) this.receiveByte(b, result);
    result.echo = Uint8Array.from(this.out);
    return result;
  }

  private is(c: number, index: number): boolean {
    const v = this.termios.cc[index] ?? 0;
    return v !== 0 && c === v; // 0 disables a control character (_POSIX_VDISABLE)
  }

  private receiveByte(input: number, result: Received): void {
    const { iflag, lflag } = this.termios;
    let c = iflag & T.ISTRIP ? input & 0x7f : input;
    if (this.literalNext) {
      this.literalNext = false;
      this.insert(c);
      return;
    }
    if (iflag & T.IXON) {
      if (this.is(c, T.VSTOP)) {
        this.outputStopped = true;
        return;
      }
      if (this.is(c, T.VSTART)) {
        this.outputStopped = false;
        return;
      }
      if (iflag & T.IXANY) this.outputStopped = false;
    }
    if (lflag & T.ISIG) {
      const sig = this.is(c, T.VINTR) ? SIGINT : this.is(c, T.VQUIT) ? SIGQUIT : this.is(c, T.VSUSP) ? SIGTSTP : 0;
      if (sig) {
        if (!(lflag & T.NOFLSH)) {
          this.flushInput();
          this.out = [];
          result.flushOutput = true;
        }
        if (iflag & T.IXON) this.outputStopped = false;
        if (lflag & T.ECHO) this.echoChar(c);
        result.signals.push(sig);
        return;
      }
    }
    if (c === CR) {
      if (iflag & T.IGNCR) return;
      if (iflag & T.ICRNL) c = NL;
    } else if (c === NL && iflag & T.INLCR) {
      c = CR;
    }
    if (this.canonical) this.receiveCanonical(c);
    else this.insert(c);
  }

  private receiveCanonical(c: number): void {
    const { lflag } = this.termios;
    const ext = (lflag & T.IEXTEN) !== 0;
    if (this.is(c, T.VERASE) || this.is(c, T.VKILL) || (ext && this.is(c, T.VWERASE))) {
      this.erase(c);
    } else if (ext && this.is(c, T.VLNEXT)) {
      this.literalNext = true;
      if (lflag & T.ECHO && lflag & T.ECHOCTL) this.out.push(0x5e, BS); // shows ^ until the next key
    } else if (ext && this.is(c, T.VREPRINT)) {
      if (lflag & T.ECHO) {
        this.echoChar(c);
        this.outputByte(NL);
        for (const b of this.edit) this.echoChar(b);
      }
    } else if (c === NL) {
      if (lflag & (T.ECHO | T.ECHONL)) this.outputByte(NL);
      this.completeLine(NL);
    } else if (this.is(c, T.VEOF)) {
      this.completeLine(undefined); // not echoed, as Linux
    } else if (this.is(c, T.VEOL) || (ext && this.is(c, T.VEOL2))) {
      if (lflag & T.ECHO) this.echoChar(c);
      this.completeLine(c);
    } else {
      this.insert(c);
    }
  }

  /** An ordinary character: into the edited line (canonical) or straight to readers (raw). */
  private insert(c: number): void {
    const echo = (this.termios.lflag & T.ECHO) !== 0;
    if (this.canonical) {
      // a full line takes no more characters, but always a newline or end of file
      if (this.edit.length >= this.ready.space - 1) return;
      if (echo && this.edit.length === 0) this.canonColumn = this.column;
      this.edit.push(c);
    } else {
      if (this.ready.space === 0) return;
      this.ready.push(Uint8Array.of(c));
    }
    if (echo) this.echoChar(c);
  }

  private completeLine(terminator: number | undefined): void {
    const line = terminator === undefined ? this.edit : [...this.edit, terminator];
    this.ready.push(Uint8Array.from(line));
    this.lines.push(line.length);
    this.edit = [];
  }

  /** VERASE, VWERASE and VKILL, with the echo that takes the characters off the screen. */
  private erase(c: number): void {
    const { lflag } = this.termios;
    const kind = this.is(c, T.VERASE) ? 'erase' : this.is(c, T.VWERASE) ? 'werase' : 'kill';
    if (this.edit.length === 0) return;
    const echo = (lflag & T.ECHO) !== 0;
    if (kind === 'kill' && (!echo || !(lflag & T.ECHOK) || !(lflag & T.ECHOKE) || !(lflag & T.ECHOE))) {
      this.edit = [];
      if (echo) {
        this.echoChar(c);
        if (lflag & T.ECHOK) this.outputByte(NL);
      }
      return;
    }
    let seenWord = false;
    while (this.edit.length > 0) {
      const length = this.lastCharLength();
      const first = this.edit[this.edit.length - length] as number;
      if (kind === 'werase') {
        if (isWordChar(first)) seenWord = true;
        else if (seenWord) break;
      }
      this.edit.length -= length;
      if (echo) {
        if (kind === 'erase' && !(lflag & T.ECHOE)) this.echoChar(c);
        else if (first === TAB) this.eraseTab();
        else if (!isControl(first)) this.rubOut(1);
        else if (lflag & T.ECHOCTL) this.rubOut(2); // it was shown as ^X
      }
      if (kind === 'erase') break;
    }
  }

  /** Bytes of the edited line's last character (a whole UTF-8 sequence with IUTF8). */
  private lastCharLength(): number {
    if (!(this.termios.iflag & T.IUTF8)) return 1;
    let n = 1;
    while (n < 4 && n < this.edit.length && isContinuation(this.edit[this.edit.length - n] as number)) n++;
    return n;
  }

  private rubOut(columns: number): void {
    for (let i = 0; i < columns; i++) for (const b of [BS, SPACE, BS]) this.outputByte(b);
  }

  /** Backs up over an erased tab: to the column the rest of the line ends at. */
  private eraseTab(): void {
    const ctl = (this.termios.lflag & T.ECHOCTL) !== 0;
    let col = this.canonColumn;
    for (const b of this.edit) {
      if (b === TAB) col = (col | 7) + 1;
      else if (isControl(b)) col += ctl ? 2 : 0;
      else if (!isContinuation(b)) col++;
    }
    while (this.column > col) this.outputByte(BS);
  }

  private echoChar(c: number): void {
    if (this.termios.lflag & T.ECHOCTL && isControl(c) && c !== TAB) {
      this.out.push(0x5e, c ^ 0x40); // ^C, ^? for DEL
      this.column += 2;
    } else {
      this.outputByte(c);
    }
  }

  /** Takes up to `max` bytes for a reader: at most one line in canonical mode. */
  read(max: number): Uint8Array | undefined {
    if (!this.canonical) return this.ready.length > 0 ? this.ready.shift(max) : undefined;
    const line = this.lines[0];
    if (line === undefined) return undefined;
    const n = Math.min(max, line);
    if (n === line) this.lines.shift();
    else this.lines[0] = line - n;
    return this.ready.shift(n);
  }

  flushInput(): void {
    this.ready.clear();
    this.lines = [];
    this.edit = [];
    this.literalNext = false;
  }

  /** New settings (TCSETS*): switching modes keeps typed input, as Linux does. */
  setTermios(t: T.Termios): void {
    const wasCanonical = this.canonical;
    const canonical = (t.lflag & T.ICANON) !== 0;
    this.termios = t;
    if (wasCanonical && !canonical) {
      // the line being edited becomes input readers can take
      this.ready.push(Uint8Array.from(this.edit));
      this.edit = [];
      this.lines = [];
    } else if (!wasCanonical && canonical && this.ready.length > 0) {
      this.lines = [this.ready.length]; // what was typed counts as one complete line
    }
  }

  // ---- output ----

  /** Output processing of one byte into `out` (OPOST, ONLCR, OCRNL, ONOCR, ONLRET, OLCUC). */
  private outputByte(c: number): void {
    const { oflag } = this.termios;
    if (!(oflag & T.OPOST)) {
      this.out.push(c);
      return;
    }
    switch (c) {
      case NL:
        if (oflag & T.ONLCR) {
          this.out.push(CR, NL);
          this.column = 0;
          return;
        }
        if (oflag & T.ONLRET) this.column = 0;
        break;
      case CR:
        if (oflag & T.ONOCR && this.column === 0) return;
        if (oflag & T.OCRNL) {
          this.out.push(NL);
          if (oflag & T.ONLRET) this.column = 0;
          return;
        }
        this.column = 0;
        break;
      case TAB:
        this.column = (this.column | 7) + 1;
        break;
      case BS:
        if (this.column > 0) this.column--;
        break;
      default:
        if (oflag & T.OLCUC && c >= 0x61 && c <= 0x7a) c -= 0x20;
        if (!isControl(c) && !isContinuation(c)) this.column++;
    }
    this.out.push(c);
  }

  /**
   * Output-processes a program's bytes, at most `max` bytes of output: returns them and how
   * many input bytes they cover.
   */
  output(data: Uint8Array, max = Infinity): { bytes: Uint8Array; consumed: number } {
    this.out = [];
    let consumed = 0;
    for (const c of data) {
      const before = this.out.length;
      const column = this.column;
      this.outputByte(c);
      if (this.out.length > max) {
        this.out.length = before;
        this.column = column;
        break;
      }
      consumed++;
    }
    return { bytes: Uint8Array.from(this.out), consumed };
  }

  /** Output bytes `data` can become at most (ONLCR doubles newlines). */
  outputBound(data: Uint8Array): number {
    if (!(this.termios.oflag & T.OPOST && this.termios.oflag & T.ONLCR)) return data.length;
    let n = data.length;
    for (const c of data) if (c === NL) n++;
    return n;
  }
}
