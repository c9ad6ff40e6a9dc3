import { beforeEach, describe, expect, it } from 'vitest';
import * as E from '../errno';
import { bootKernel, listDir, readLink, readText, Scratch, spawnProcess, syscall } from '../fs/test-kernel';
import { BLOCKED, type Kernel } from '../kernel';
import type { Thread } from '../proc/task';
import { SIGPIPE, sigbit } from '../signal/signals';
import { SYS } from './numbers';

const O_WRONLY = 1;
const O_RDWR = 2;
const O_CREAT = 0o100;
const O_EXCL = 0o200;
const O_TRUNC = 0o1000;
const O_APPEND = 0o2000;
const O_NONBLOCK = 0o4000;
const O_DIRECTORY = 0o200000;
const O_CLOEXEC = 0o2000000;
const AT_FDCWD = -100;

let k: Kernel;
let t: Thread;
let s: Scratch;

beforeEach(async () => {
  k = await bootKernel({
    '/bin/sh': new TextEncoder().encode('#!/bin/sh\n'),
    '/etc/motd': new TextEncoder().encode('hello\n'),
  });
  t = spawnProcess(k);
  s = new Scratch(t);
});

const sys = (nr: number, ...args: Array<number | bigint>) => syscall(k, t, nr, ...args);
const open = (path: string, flags = 0, mode = 0o644) =>
  sys(SYS.openat, AT_FDCWD, s.string(path), flags, mode) as number;
const write = (fd: number, text: string) => sys(SYS.write, fd, s.string(text), new TextEncoder().encode(text).length);

function read(fd: number, count = 256): string | number | symbol {
  const buf = s.alloc(count);
  const n = sys(SYS.read, fd, buf, count);
  return typeof n === 'number' && n >= 0 ? s.text(buf, n) : n;
}

function stat(path: string, flags = 0) {
  const buf = s.alloc(128);
  const r = sys(SYS.newfstatat, AT_FDCWD, s.string(path), buf, flags);
  if (r !== 0) return r as number;
  const dv = new DataView(s.read(buf, 128).buffer);
  return {
    ino: Number(dv.getBigUint64(8, true)),
    mode: dv.getUint32(16, true),
    nlink: dv.getUint32(20, true),
    size: Number(dv.getBigInt64(48, true)),
    mtime: Number(dv.getBigInt64(88, true)),
  };
}

function pipe(flags = 0): [number, number] {
  const fds = s.alloc(8);
  expect(sys(SYS.pipe2, fds, flags)).toBe(0);
  return [t.process.um.readU32(fds) as number, t.process.um.readU32(fds + 4) as number];
}

describe('fs syscalls', () => {
  it('create, write, seek and read a file', () => {
    const fd = open('/tmp/a', O_RDWR | O_CREAT);
    expect(fd).toBe(0);
    expect(write(fd, 'hello world')).toBe(11);
    expect(sys(SYS.lseek, fd, 6, 0)).toBe(6);
    expect(read(fd)).toBe('world');
    expect(sys(SYS.lseek, fd, -5, 2)).toBe(6);
    expect(sys(SYS.lseek, fd, -100, 1)).toBe(-E.EINVAL);
    expect(sys(SYS.close, fd)).toBe(0);
    expect(sys(SYS.close, fd)).toBe(-E.EBADF);
    expect(readText(k, t, '/tmp/a')).toBe('hello world');
  });

  it('applies the umask, O_EXCL, O_TRUNC and O_APPEND', () => {
    t.process.umask = 0o077;
    expect(open('/tmp/b', O_WRONLY | O_CREAT, 0o666)).toBeGreaterThanOrEqual(0);
    expect(stat('/tmp/b')).toMatchObject({ mode: 0o100600 });
    expect(open('/tmp/b', O_WRONLY | O_CREAT | O_EXCL)).toBe(-E.EEXIST);
    const fd = open('/tmp/b', O_WRONLY | O_APPEND);
    write(fd, 'one');
    sys(SYS.lseek, fd, 0, 0);
    write(fd, 'two');
    expect(readText(k, t, '/tmp/b')).toBe('onetwo');
    open('/tmp/b', O_WRONLY | O_TRUNC);
    expect(stat('/tmp/b')).toMatchObject({ size: 0 });
  });

  it('reports missing files, directories where files are expected, and bad pointers', () => {
    expect(open('/nope')).toBe(-E.ENOENT);
    expect(open('/etc/motd', O_DIRECTORY)).toBe(-E.ENOTDIR);
    expect(open('/etc', O_WRONLY)).toBe(-E.EISDIR);
    expect(sys(SYS.openat, AT_FDCWD, 0x7000_0000, 0, 0)).toBe(-E.EFAULT);
    const fd = open('/etc/motd');
    expect(sys(SYS.read, fd, 0x7000_0000, 10)).toBe(-E.EFAULT);
    expect(read(fd)).toBe('hello\n'); // the failed read gave its bytes back
    expect(read(open('/etc'))).toBe(-E.EISDIR);
  });

  it('reads and writes at an offset with pread64 and pwrite64, leaving the position', () => {
    const fd = open('/tmp/p', O_RDWR | O_CREAT);
    write(fd, 'abcdef');
    const buf = s.alloc(3);
    expect(sys(SYS.pread64, fd, buf, 3, 2)).toBe(3);
    expect(s.text(buf, 3)).toBe('cde');
    expect(sys(SYS.pwrite64, fd, s.string('XY'), 2, 0)).toBe(2);
    expect(sys(SYS.lseek, fd, 0, 1)).toBe(6);
    expect(readText(k, t, '/tmp/p')).toBe('XYcdef');
    const [r] = pipe();
    expect(sys(SYS.pread64, r, buf, 1, 0)).toBe(-E.ESPIPE);
    expect(sys(SYS.lseek, r, 0, 0)).toBe(-E.ESPIPE);
  });

  it('sendfile copies a file into a pipe: at *offset (advanced, the position kept) or at the position (advanced)', () => {
    const fd = open('/tmp/sf', O_RDWR | O_CREAT);
    write(fd, 'abcdefgh');
    const [r, w] = pipe();
    const offset = s.alloc(8);
    t.process.um.writeU64(offset, 2n);
    expect(sys(SYS.sendfile, w, fd, offset, 3)).toBe(3);
    expect(t.process.um.readU64(offset)).toBe(5n);
    expect(sys(SYS.lseek, fd, 0, 1)).toBe(8); // the position is where the write left it
    expect(sys(SYS.lseek, fd, 6, 0)).toBe(6);
    expect(sys(SYS.sendfile, w, fd, 0, 100)).toBe(2); // to the end of the file
    expect(sys(SYS.lseek, fd, 0, 1)).toBe(8);
    expect(sys(SYS.sendfile, w, fd, 0, 100)).toBe(0);
    expect(read(r)).toBe('cdegh');
    expect(sys(SYS.sendfile, w, r, 0, 1)).toBe(-E.EINVAL); // from a pipe
    expect(sys(SYS.sendfile, w, 99, 0, 1)).toBe(-E.EBADF);
    t.process.um.writeU64(offset, -1n & 0xffffffffffffffffn);
    expect(sys(SYS.sendfile, w, fd, offset, 1)).toBe(-E.EINVAL);
  });

  it('scatters and gathers with readv and writev', () => {
    const fd = open('/tmp/v', O_RDWR | O_CREAT);
    const iov = s.alloc(32);
    const a = s.string('ab');
    const b = s.string('cde');
    const dv = new DataView(new ArrayBuffer(32));
    dv.setBigUint64(0, BigInt(a), true);
    dv.setBigUint64(8, 2n, true);
    dv.setBigUint64(16, BigInt(b), true);
    dv.setBigUint64(24, 3n, true);
    t.process.um.write(iov, new Uint8Array(dv.buffer));
    expect(sys(SYS.writev, fd, iov, 2)).toBe(5);
    sys(SYS.lseek, fd, 0, 0);
    t.process.um.write(a, new Uint8Array(2));
    expect(sys(SYS.readv, fd, iov, 2)).toBe(5);
    expect(s.text(a, 2) + s.text(b, 3)).toBe('abcde');
  });

  it('stats files, following symlinks unless told not to', () => {
    expect(sys(SYS.symlinkat, s.string('/etc/motd'), AT_FDCWD, s.string('/tmp/l'))).toBe(0);
    expect(stat('/tmp/l')).toMatchObject({ mode: 0o100644, size: 6 });
    expect(stat('/tmp/l', 0x100)).toMatchObject({ mode: 0o120777, size: 9 });
    expect(readLink(k, t, '/tmp/l')).toBe('/etc/motd');
    expect(readLink(k, t, '/etc/motd')).toBe(-E.EINVAL);
    const fd = open('/etc/motd');
    const buf = s.alloc(128);
    expect(sys(SYS.fstat, fd, buf)).toBe(0);
    expect(sys(SYS.newfstatat, fd, s.string(''), buf, 0x1000 /* AT_EMPTY_PATH */)).toBe(0);
    expect(new DataView(s.read(buf, 128).buffer).getBigInt64(48, true)).toBe(6n);
  });

  it('makes, lists, renames and removes directories and files', () => {
    expect(sys(SYS.mkdirat, AT_FDCWD, s.string('/tmp/d'), 0o755)).toBe(0);
    expect(sys(SYS.mkdirat, AT_FDCWD, s.string('/tmp/d'), 0o755)).toBe(-E.EEXIST);
    open('/tmp/d/f', O_CREAT | O_WRONLY);
    expect(sys(SYS.linkat, AT_FDCWD, s.string('/tmp/d/f'), AT_FDCWD, s.string('/tmp/d/g'), 0)).toBe(0);
    expect(stat('/tmp/d/g')).toMatchObject({ nlink: 2 });
    expect(listDir(k, t, '/tmp/d')).toEqual(['.', '..', 'f', 'g']);
    expect(sys(SYS.renameat, AT_FDCWD, s.string('/tmp/d/f'), AT_FDCWD, s.string('/tmp/h'))).toBe(0);
    expect(sys(SYS.unlinkat, AT_FDCWD, s.string('/tmp/d'), 0x200)).toBe(-E.ENOTEMPTY);
    expect(sys(SYS.unlinkat, AT_FDCWD, s.string('/tmp/d/g'), 0)).toBe(0);
    expect(sys(SYS.unlinkat, AT_FDCWD, s.string('/tmp/d'), 0x200)).toBe(0);
    expect(stat('/tmp/h')).toMatchObject({ nlink: 1 });
  });

  it('keeps a working directory for relative paths, getcwd and fchdir', () => {
    expect(sys(SYS.chdir, s.string('/etc'))).toBe(0);
    expect(read(open('motd'))).toBe('hello\n');
    const buf = s.alloc(64);
    expect(sys(SYS.getcwd, buf, 64)).toBe(5);
    expect(s.text(buf, 4)).toBe('/etc');
    expect(sys(SYS.getcwd, buf, 3)).toBe(-E.ERANGE);
    expect(sys(SYS.chdir, s.string('motd'))).toBe(-E.ENOTDIR);
    const dir = open('/tmp', O_DIRECTORY);
    expect(sys(SYS.fchdir, dir)).toBe(0);
    expect(t.process.cwd).toBe('/tmp');
    expect(sys(SYS.mkdirat, dir, s.string('sub'), 0o700)).toBe(0);
    expect(stat('/tmp/sub')).toMatchObject({ mode: 0o40700 });
  });

  it('passes data through a pipe and blocks a reader until a writer writes', () => {
    const [r, w] = pipe();
    expect(read(r)).toBe(BLOCKED);
    expect(t.state).toBe('blocked');
    t.state = 'running';
    expect(write(w, 'ping')).toBe(4);
    expect(read(r)).toBe('ping');
    const [rn] = pipe(O_NONBLOCK);
    expect(read(rn)).toBe(-E.EAGAIN);
  });

  it('raises SIGPIPE and fails with EPIPE when writing a pipe nobody reads', () => {
    const [r, w] = pipe();
    sys(SYS.close, r);
    expect(write(w, 'x')).toBe(-E.EPIPE);
    expect(t.pending & sigbit(SIGPIPE)).not.toBe(0n);
  });

  it('duplicates descriptors with dup, dup3 and fcntl, with close-on-exec per descriptor', () => {
    const fd = open('/etc/motd');
    const copy = sys(SYS.dup, fd) as number;
    expect(copy).toBe(fd + 1);
    expect(read(copy, 3)).toBe('hel');
    expect(read(fd, 3)).toBe('lo\n'); // they share one position
    expect(sys(SYS.dup3, fd, 10, O_CLOEXEC)).toBe(10);
    expect(sys(SYS.fcntl, 10, 1 /* F_GETFD */)).toBe(1);
    expect(sys(SYS.fcntl, fd, 1)).toBe(0);
    expect(sys(SYS.dup3, fd, fd, 0)).toBe(-E.EINVAL);
    expect(sys(SYS.fcntl, fd, 1030 /* F_DUPFD_CLOEXEC */, 20)).toBe(20);
    expect(sys(SYS.fcntl, fd, 3 /* F_GETFL */)).toBe(0o100000);
    expect(sys(SYS.fcntl, fd, 4 /* F_SETFL */, O_NONBLOCK | O_APPEND)).toBe(0);
    expect(sys(SYS.fcntl, copy, 3)).toBe(0o100000 | O_NONBLOCK | O_APPEND);
  });

  it('answers ioctl for terminals only (ENOTTY otherwise), and FIONREAD for files and pipes', () => {
    const fd = open('/etc/motd');
    expect(sys(SYS.ioctl, fd, 0x5401 /* TCGETS */, s.alloc(64))).toBe(-E.ENOTTY);
    const n = s.alloc(4);
    expect(sys(SYS.ioctl, fd, 0x541b, n)).toBe(0);
    expect(t.process.um.readU32(n)).toBe(6);
    const [r, w] = pipe();
    write(w, 'abc');
    expect(sys(SYS.ioctl, r, 0x541b, n)).toBe(0);
    expect(t.process.um.readU32(n)).toBe(3);
    const tty = open('/dev/tty', O_RDWR);
    expect(sys(SYS.ioctl, tty, 0x5401, s.alloc(64))).toBe(0);
  });

  it('polls: returns ready descriptors at once, or sleeps until one becomes ready', () => {
    const [r, w] = pipe();
    const fds = s.alloc(16);
    const entry = (fd: number, events: number) => {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setInt32(0, fd, true);
      new DataView(b.buffer).setInt16(4, events, true);
      return b;
    };
    t.process.um.write(fds, new Uint8Array([...entry(r, 1), ...entry(w, 4)]));
    expect(sys(SYS.ppoll, fds, 2, 0, 0, 8)).toBe(1); // the writing end has room
    const revents = () =>
      [t.process.um.read(fds + 6, 2), t.process.um.read(fds + 14, 2)].map(
        (b) => b && new DataView(b.buffer).getInt16(0, true),
      );
    expect(revents()).toEqual([0, 4]);
    // wait on the reading end only: the call sleeps, and a write completes it
    expect(sys(SYS.ppoll, fds, 1, 0, 0, 8)).toBe(BLOCKED);
    expect(t.state).toBe('blocked');
    const writer = spawnProcess(k, t.process);
    syscall(k, writer, SYS.write, w, s.string('x'), 1);
    expect(t.state).toBe('runnable');
    expect(t.wakeResult).toBe(1);
    expect(revents()[0]).toBe(1);
  });

  it('times out a poll with 0 at its deadline', () => {
    const [r] = pipe();
    const fds = s.alloc(8);
    t.process.um.write(fds, new Uint8Array([r, 0, 0, 0, 1, 0, 0, 0]));
    const ts = s.alloc(16);
    t.process.um.write(ts, new Uint8Array(new BigInt64Array([0n, 5_000_000n]).buffer));
    expect(sys(SYS.ppoll, fds, 1, ts, 0, 8)).toBe(BLOCKED);
    expect(t.sleep).toMatchObject({ deadline: 5_000_000, timeoutResult: 0, restartable: false });
    t.process.um.write(ts, new Uint8Array(16));
    t.state = 'running';
    expect(sys(SYS.ppoll, fds, 1, ts, 0, 8)).toBe(0); // a zero timeout only looks
  });

  it('selects: marks ready descriptors and sleeps until one is', () => {
    const [r, w] = pipe();
    const set = s.alloc(8);
    t.process.um.write(set, new Uint8Array([1 << r]));
    expect(sys(SYS.pselect6, r + 1, set, 0, 0, 0, 0)).toBe(BLOCKED);
    const writer = spawnProcess(k, t.process);
    syscall(k, writer, SYS.write, w, s.string('x'), 1);
    expect(t.wakeResult).toBe(1);
    expect(s.read(set, 1)[0]).toBe(1 << r);
    t.process.um.write(set, new Uint8Array([0, 1 << 2])); // descriptor 10, not open
    t.state = 'running';
    expect(sys(SYS.pselect6, 11, set, 0, 0, 0, 0)).toBe(-E.EBADF);
  });

  it('reads the devices: null, zero and the seeded urandom', () => {
    expect(read(open('/dev/null'))).toBe('');
    expect(write(open('/dev/null', O_WRONLY), 'gone')).toBe(4);
    expect(read(open('/dev/zero'), 3)).toBe('\0\0\0');
    const buf = s.alloc(16);
    const fd = open('/dev/urandom');
    expect(sys(SYS.read, fd, buf, 16)).toBe(16);
    expect(s.read(buf, 16).some((b) => b !== 0)).toBe(true);
    expect(write(open('/dev/full', O_WRONLY), 'x')).toBe(-E.ENOSPC);
    expect(stat('/dev/null')).toMatchObject({ mode: 0o20666 });
  });

  it('sets times with utimensat and permissions with fchmodat', () => {
    const ts = s.alloc(32);
    const sec = BigInt(Math.floor(k.realtimeBase / 1e9)) + 100n;
    t.process.um.write(ts, new Uint8Array(new BigInt64Array([sec, 0n, sec, 0n]).buffer));
    expect(sys(SYS.utimensat, AT_FDCWD, s.string('/etc/motd'), ts, 0)).toBe(0);
    expect(stat('/etc/motd')).toMatchObject({ mtime: Number(sec) });
    expect(sys(SYS.fchmodat, AT_FDCWD, s.string('/etc/motd'), 0o600)).toBe(0);
    expect(stat('/etc/motd')).toMatchObject({ mode: 0o100600 });
    expect(sys(SYS.faccessat, AT_FDCWD, s.string('/etc/motd'), 1 /* X_OK */)).toBe(-E.EACCES);
    expect(sys(SYS.faccessat, AT_FDCWD, s.string('/bin/sh'), 1)).toBe(0);
  });

  it('truncates with ftruncate, zero-filling what grows', () => {
    const fd = open('/tmp/t', O_RDWR | O_CREAT);
    write(fd, 'abcdef');
    expect(sys(SYS.ftruncate, fd, 2)).toBe(0);
    expect(sys(SYS.ftruncate, fd, 4)).toBe(0);
    expect(readText(k, t, '/tmp/t')).toBe('ab\0\0');
    expect(sys(SYS.ftruncate, open('/etc/motd'), 0)).toBe(-E.EINVAL); // not open for writing
    expect(sys(SYS.fsync, fd)).toBe(0);
  });
});
