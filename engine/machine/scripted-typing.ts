// A scenario's `type` actions for one kernel's terminal, typed so that they never mangle what a
// person types there: each line goes in whole, at an epoch start where the terminal waits for a
// fresh line (a shell at its prompt), and once the person has typed into the terminal the
// script stops there. The terminal's signal characters (^C, ^\, ^Z) go in at their time, since
// they speak to what runs, not to a reader. Every decision depends only on virtual time, the
// kernel's state at an epoch start and the epochs the person's inputs entered at, all of which
// a replay of the recorded inputs reproduces: a share link replays to the same trace hash.

/** ^C, ^\ and ^Z: the default VINTR, VQUIT and VSUSP, which signal the foreground job. */
const SIGNAL_CHARS = new Set(['\x03', '\x1c', '\x1a']);

/** A piece of scripted typing: a line (ending in \r or \n, or the text's unended tail) or a signal character. */
export interface TypedPiece {
  /** Virtual time it is due at, ns. */
  at: number;
  text: string;
  signal: boolean;
}

/** Splits the text of a `type` action into the pieces that go in one at a time. */
export function splitTyping(at: number, text: string): TypedPiece[] {
  const pieces: TypedPiece[] = [];
  let line = '';
  for (const c of text) {
    if (SIGNAL_CHARS.has(c)) {
      if (line) pieces.push({ at, text: line, signal: false });
      pieces.push({ at, text: c, signal: true });
      line = '';
      continue;
    }
    line += c;
    if (c === '\r' || c === '\n') {
      pieces.push({ at, text: line, signal: false });
      line = '';
    }
  }
  if (line) pieces.push({ at, text: line, signal: false });
  return pieces;
}

export class ScriptedTyping {
  private readonly pending: TypedPiece[];
  private stopped = false;

  /** `actions`: this terminal's `type` actions, in the scenario's order. */
  constructor(actions: ReadonlyArray<{ at: number; text: string }>) {
    // a stable sort: actions due together are typed in the order the scenario lists them
    this.pending = [...actions].sort((a, b) => a.at - b.at).flatMap((a) => splitTyping(a.at, a.text));
  }

  /** Pieces not typed yet. */
  get left(): number {
    return this.pending.length;
  }

  /**
   * A person typed into this terminal: the script types nothing more into it. Returns how many
   * pieces it drops.
   */
  personTyped(): number {
    const dropped = this.pending.length;
    this.stopped = true;
    this.pending.length = 0;
    return dropped;
  }

  /**
   * What to type at an epoch start, the epoch ending at `end` (ns): the next piece if it is due
   * before then and may go in now (a line only if `awaitsLine`: the terminal waits for a fresh
   * line). One piece an epoch: after a line the terminal is busy with it until it asks again.
   */
  next(end: number, awaitsLine: boolean): string | undefined {
    const head = this.pending[0];
    if (this.stopped || !head || head.at >= end || (!head.signal && !awaitsLine)) return undefined;
    this.pending.shift();
    return head.text;
  }
}
