import { beforeEach, describe, expect, it } from 'vitest';
import { EAGAIN, ENOTTY, EPERM } from '../errno';
import { attachConsole } from '../fs/devfs';
import { O_NONBLOCK } from '../fs/file';
import { bootKernel, Scratch, spawnProcess, syscall } from '../fs/test-kernel';
import { BLOCKED, type Kernel, type SyscallOutcome } from '../kernel';
import type { Thread } from '../proc/task';
import { SIGINT, SIGWINCH, sigbit } from '../signal/signals';
import { SYS } from '../syscalls/numbers';
import * as T from './termios';
import { TCGETS, TCSETS, TIOCGPGRP, TIOCGWINSZ, TIOCSPGRP } from './tty-ioctl';
import { TTY_OUTPUT_BUFFER } from './tty';
import { TTY_OUT_SIZE } from '../../hw/memory-map';

let k: Kernel;
let t: Thread;
let s: Scratch;

const enc = (str: string) => new TextEncoder().encode(str);
const drained = () => new TextDecoder().decode(k.tty.device.drainOutput());

beforeEach(async () => {
  k = await bootKernel();
  t = spawnProcess(k);
  s = new Scratch(t);
  attachConsole(k, t.process);
  // a process that handles the signals the terminal sends, so that they stay pending to be seen
  for (const sig of [SIGINT, SIGWINCH]) (t.process.actions[sig] as { handler: number }).handler = 0x1000;
});

function type(str: string) {
  k.tty.device.type(enc(str));
  k.tty.pollInput();
}

function read(fd = 0, count = 100): string | SyscallOutcome {
  const buf = s.alloc(count);
  const n = syscall(k, t, SYS.read, fd, buf, count);
  return typeof n === 'number' && n >= 0 ? s.text(buf, n) : n;
}

describe('Tty', () => {
  it('reads a typed line from standard input and shows its echo', () => {
    expect(read()).toBe(BLOCKED);
    expect(t.state).toBe('blocked');
    type('hi\r');
    expect(t.state).toBe('runnable'); // woken: the read restarts
    t.state = 'running';
    expect(read()).toBe('hi\n');
    k.tty.flushOutput();
    expect(drained()).toBe('hi\r\n');
  });

  it('writes program output to the device with CR LF line ends', () => {
    expect(syscall(k, t, SYS.write, 1, s.string('a\nb'), 3)).toBe(3);
    expect(drained()).toBe(''); // held until the end of the tick
    k.tty.flushOutput();
    expect(drained()).toBe('a\r\nb');
  });

  it('makes writers wait while the output buffer is full, and wakes them as it drains', () => {
    const chunk = s.bytes(new Uint8Array(16384).fill(0x78));
    let written = 0;
    while (syscall(k, t, SYS.write, 1, chunk, 16384) !== BLOCKED) written += 16384;
    expect(written).toBeLessThanOrEqual(TTY_OUTPUT_BUFFER);
    expect(t.state).toBe('blocked');
    k.tty.flushOutput();
    expect(t.state).toBe('runnable');
    expect(k.tty.device.drainOutput().length).toBeGreaterThan(0);
  });

  it('hands all its output to the device at a tick’s end, whatever room the ring has', () => {
    const chunk = s.bytes(new Uint8Array(12000).fill(0x78));
    expect(syscall(k, t, SYS.write, 1, chunk, 12000)).toBe(12000);
    expect(k.tty.canFlush).toBe(true);
    k.tty.flushOutput();
    // the kernel's buffer is empty: how fast the terminal reads is not the kernel's to know
    expect(k.tty.canFlush).toBe(false);
    expect(k.tty.pendingOutput).toBe(0);
    expect(k.tty.device.outputSpace()).toBe(0); // the ring took what fits
    expect(k.tty.device.outputBacklog).toBe(12000 - TTY_OUT_SIZE); // the rest waits on the host's side
    expect(k.tty.device.drainOutput()).toHaveLength(TTY_OUT_SIZE);
    k.tty.flushOutput(); // the next tick's end moves it on
    expect(k.tty.device.outputBacklog).toBe(0);
    expect(k.tty.device.drainOutput()).toHaveLength(12000 - TTY_OUT_SIZE);
  });

  it('fails a read with EAGAIN under O_NONBLOCK when nothing was typed', () => {
    const file = t.process.fds.get(0);
    if (file) file.flags |= O_NONBLOCK;
    expect(read()).toBe(-EAGAIN);
  });

  it('sends SIGINT to the foreground process group on ^C', () => {
    const other = spawnProcess(k); // another session: not signalled
    type('\x03');
    expect(t.process.pending & sigbit(SIGINT)).not.toBe(0n);
    expect(other.process.pending).toBe(0n);
    k.tty.flushOutput();
    expect(drained()).toBe('^C');
  });

  it('reports the window size and signals a resize with SIGWINCH', () => {
    k.tty.device.resize(40, 132);
    k.tty.pollInput();
    expect(t.process.pending & sigbit(SIGWINCH)).not.toBe(0n);
    const ws = s.alloc(8);
    expect(syscall(k, t, SYS.ioctl, 0, TIOCGWINSZ, ws)).toBe(0);
    expect([t.process.um.readU32(ws)]).toEqual([40 | (132 << 16)]);
  });

  it('switches to raw mode with TCSETS: bytes arrive at once, without echo', () => {
    const buf = s.alloc(36);
    expect(syscall(k, t, SYS.ioctl, 0, TCGETS, buf)).toBe(0);
    const termios = T.decodeTermios(s.read(buf, 36));
    expect(termios.lflag & T.ICANON).toBeTruthy();
    termios.lflag &= ~(T.ICANON | T.ECHO);
    t.process.um.write(buf, T.encodeTermios(termios, false));
    expect(syscall(k, t, SYS.ioctl, 0, TCSETS, buf)).toBe(0);
    type('q');
    expect(read()).toBe('q');
    k.tty.flushOutput();
    expect(drained()).toBe('');
  });

  it('returns 0 from a VMIN=0 VTIME>0 read once the time is up', () => {
    const termios = { ...k.tty.ld.termios, cc: k.tty.ld.termios.cc.slice() };
    termios.lflag &= ~T.ICANON;
    termios.cc[T.VMIN] = 0;
    termios.cc[T.VTIME] = 5; // half a second
    k.tty.ld.setTermios(termios);
    expect(read()).toBe(BLOCKED);
    expect(t.sleep).toMatchObject({ deadline: 500_000_000, timeoutResult: 0 });
  });

  it('lets only its session move the foreground group', () => {
    const pgrp = s.alloc(4);
    expect(syscall(k, t, SYS.ioctl, 0, TIOCGPGRP, pgrp)).toBe(0);
    expect(t.process.um.readU32(pgrp)).toBe(t.process.pgid);
    t.process.um.writeU32(pgrp, 999);
    expect(syscall(k, t, SYS.ioctl, 0, TIOCSPGRP, pgrp)).toBe(-EPERM); // no such group in the session
    const outsider = spawnProcess(k);
    const os = new Scratch(outsider);
    const fd = syscall(k, outsider, SYS.openat, -100, os.string('/dev/tty'), 2, 0) as number;
    expect(syscall(k, outsider, SYS.ioctl, fd, TIOCGPGRP, os.alloc(4))).toBe(-ENOTTY);
  });
});
