import { describe, expect, it } from 'vitest';
import { SIGINT, SIGQUIT, SIGTSTP } from '../signal/signals';
import { LineDiscipline, N_TTY_BUF_SIZE } from './line-discipline';
import * as T from './termios';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined);

function typed(ld: LineDiscipline, s: string) {
  const r = ld.receive(enc(s));
  return { ...r, echo: dec(r.echo) };
}

function raw(ld: LineDiscipline, changes: Partial<T.Termios> = {}) {
  const t = { ...ld.termios, cc: ld.termios.cc.slice(), ...changes };
  t.lflag &= ~(T.ICANON | T.ECHO);
  ld.setTermios(t);
}

describe('LineDiscipline', () => {
  it('hands readers a line only once it is complete, echoing as it is typed', () => {
    const ld = new LineDiscipline();
    expect(typed(ld, 'ls').echo).toBe('ls');
    expect(ld.hasInput).toBe(false);
    expect(typed(ld, '\r').echo).toBe('\r\n'); // ICRNL turns Enter into \n, ONLCR echoes \r\n
    expect(dec(ld.read(100))).toBe('ls\n');
    expect(ld.read(100)).toBeUndefined();
  });

  it('returns at most one line per read, and the rest of a long line next', () => {
    const ld = new LineDiscipline();
    typed(ld, 'one\ntwo\n');
    expect(dec(ld.read(2))).toBe('on');
    expect(dec(ld.read(100))).toBe('e\n');
    expect(dec(ld.read(100))).toBe('two\n');
  });

  it('erases characters, words and lines, and rubs them out on the screen', () => {
    const ld = new LineDiscipline();
    expect(typed(ld, 'ab\x7f').echo).toBe('ab\b \b');
    expect(typed(ld, 'c\x08').echo).toBe('c^H'); // ^H is not VERASE by default: a character, shown as ^H
    expect(typed(ld, ' foo bar\x17').echo).toBe(' foo bar\b \b\b \b\b \b');
    typed(ld, '\n');
    expect(dec(ld.read(100))).toBe('ac\x08 foo \n');
    expect(typed(ld, 'xyz\x15').echo).toBe('xyz\b \b\b \b\b \b');
    typed(ld, 'ok\n');
    expect(dec(ld.read(100))).toBe('ok\n');
  });

  it('erases a control character shown as ^X by two columns, and a UTF-8 character whole', () => {
    const ld = new LineDiscipline();
    expect(typed(ld, '\x01').echo).toBe('^A');
    expect(typed(ld, '\x7f').echo).toBe('\b \b\b \b');
    typed(ld, 'é\x7f\n');
    expect(dec(ld.read(10))).toBe('\n');
  });

  it('backs up over an erased tab to where the line really ends', () => {
    const ld = new LineDiscipline();
    ld.output(enc('$ ')); // a prompt: the line starts at column 2
    typed(ld, 'ab\t');
    expect(ld.column).toBe(8);
    expect(typed(ld, '\x7f').echo).toBe('\b\b\b\b');
  });

  it('ends input with VEOF: a partial line without newline, or end of file at a line start', () => {
    const ld = new LineDiscipline();
    expect(typed(ld, 'abc\x04').echo).toBe('abc');
    expect(dec(ld.read(100))).toBe('abc');
    typed(ld, '\x04');
    expect(ld.hasInput).toBe(true);
    expect(ld.read(100)?.length).toBe(0); // read() returns 0: end of file
  });

  it('turns ^C, ^\\ and ^Z into signals, flushing typed input', () => {
    const ld = new LineDiscipline();
    typed(ld, 'partial');
    const r = typed(ld, '\x03');
    expect(r.signals).toEqual([SIGINT]);
    expect(r.echo).toBe('^C');
    expect(r.flushOutput).toBe(true);
    typed(ld, '\n');
    expect(dec(ld.read(100))).toBe('\n');
    expect(typed(ld, '\x1c\x1a').signals).toEqual([SIGQUIT, SIGTSTP]);
  });

  it('passes signal characters through as data without ISIG', () => {
    const ld = new LineDiscipline();
    ld.setTermios({ ...ld.termios, lflag: ld.termios.lflag & ~T.ISIG });
    expect(typed(ld, '\x03\n').signals).toEqual([]);
    expect(dec(ld.read(10))).toBe('\x03\n');
  });

  it('takes the next character literally after ^V', () => {
    const ld = new LineDiscipline();
    expect(typed(ld, '\x16\x03').echo).toBe('^\b^C');
    typed(ld, '\n');
    expect(dec(ld.read(10))).toBe('\x03\n');
  });

  it('hands over bytes at once in raw mode, keeping CR when ICRNL is off', () => {
    const ld = new LineDiscipline();
    raw(ld, { iflag: 0 });
    expect(typed(ld, 'q\r').echo).toBe('');
    expect(ld.hasInput).toBe(true);
    expect(dec(ld.read(1))).toBe('q');
    expect(dec(ld.read(10))).toBe('\r');
  });

  it('keeps typed input across mode switches', () => {
    const ld = new LineDiscipline();
    typed(ld, 'half');
    raw(ld);
    expect(dec(ld.read(10))).toBe('half');
    typed(ld, 'xy');
    ld.setTermios(T.defaultTermios());
    expect(dec(ld.read(10))).toBe('xy'); // what was typed in raw mode counts as a line
  });

  it('pauses output with ^S and resumes it with ^Q', () => {
    const ld = new LineDiscipline();
    typed(ld, '\x13');
    expect(ld.outputStopped).toBe(true);
    typed(ld, '\x11');
    expect(ld.outputStopped).toBe(false);
  });

  it('translates output newlines to CR LF, and not with OPOST off', () => {
    const ld = new LineDiscipline();
    expect(dec(ld.output(enc('a\nb')).bytes)).toBe('a\r\nb');
    expect(ld.outputBound(enc('a\nb'))).toBe(4);
    const { bytes, consumed } = ld.output(enc('xy\n'), 3);
    expect([dec(bytes), consumed]).toEqual(['xy', 2]); // \r\n would not fit: stops before it
    ld.setTermios({ ...ld.termios, oflag: 0 });
    expect(dec(ld.output(enc('a\nb')).bytes)).toBe('a\nb');
  });

  it('stops taking characters into a full line but still ends it', () => {
    const ld = new LineDiscipline();
    ld.setTermios({ ...ld.termios, lflag: ld.termios.lflag & ~T.ECHO });
    ld.receive(new Uint8Array(N_TTY_BUF_SIZE + 10).fill(0x61));
    typed(ld, '\n');
    expect(ld.read(N_TTY_BUF_SIZE * 2)?.length).toBe(N_TTY_BUF_SIZE);
  });

  it('still takes ^C when unread lines fill the buffer in canonical mode', () => {
    const ld = new LineDiscipline();
    ld.setTermios({ ...ld.termios, lflag: ld.termios.lflag & ~T.ECHO });
    for (let i = 0; i < N_TTY_BUF_SIZE / 8; i++) ld.receive(enc('1234567\n'));
    expect(ld.available).toBe(N_TTY_BUF_SIZE);
    expect(ld.room).toBeGreaterThan(0);
    expect(typed(ld, 'lost\n\x03').signals).toEqual([SIGINT]);
    expect(ld.available).toBe(0); // ^C flushed the unread input
    raw(ld);
    ld.receive(new Uint8Array(N_TTY_BUF_SIZE).fill(0x61));
    expect(ld.room).toBe(0); // raw mode leaves input with the terminal until there is room
  });

  it('round-trips the kernel struct termios and termios2', () => {
    const t = T.defaultTermios();
    const b = T.encodeTermios(t, false);
    expect(b.length).toBe(36);
    expect(T.decodeTermios(b)).toEqual(t);
    expect(T.encodeTermios(t, true).length).toBe(44);
    expect(new DataView(b.buffer).getUint32(12, true)).toBe(0o105073); // Linux's default c_lflag
  });
});
